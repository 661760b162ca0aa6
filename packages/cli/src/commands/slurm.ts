/**
 * `chokepoint slurm`: a sweep as a Slurm job array. Writes the array script (task i runs
 * shard i/N) and a merge script, and with `--submit` queues both, the merge after the array
 * (`--dependency=afterany`, so it also runs, and names the failed shards, when tasks fail).
 * The scripts are made by `slurmScripts` of @chokepoint/scenario.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slurmLayout, slurmScripts, type SlurmJob } from '@chokepoint/runner';
import { ScenarioError, limitArguments, validateScenarioAsync } from '@chokepoint/scenario';
import { writeFileAtomic } from '@chokepoint/outputs';
import type { Command } from 'commander';
import { CLI_VERSION, addLimitOptions, collect, integer, limitsFrom, seedText, type CliIO } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint slurm big.yaml --array 50 --time 02:00:00 --out /scratch/$USER/big
  $ chokepoint slurm big.yaml --array 50 --cpus 4 --partition short --out /scratch/$USER/big --submit
  $ chokepoint slurm big.yaml --array 8 --setup 'module load nodejs/20' --command chokepoint

Writes OUT/shards.sbatch (array task i runs \`chokepoint run FILE --shard i/N --out OUT/part-i\`)
and OUT/merge.sbatch (\`chokepoint merge\` of every part into OUT/merged), with logs in
OUT/logs/. --submit runs \`sbatch\` for both, the merge with --dependency=afterany on the
array, and prints the two job ids. When a task fails, the merge writes nothing, exits 2 and
its log (OUT/logs/merge-<job>.out) names the failed shards with the resubmit command.
OUT must be on a file system the compute nodes share; by default they start chokepoint with
this node binary and this CLI, by absolute path. See docs/cluster.md.`;

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/:/g, '-');
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** The chokepoint executable of this install: `bin/chokepoint.js` next to `src/` and `dist/`. */
function chokepointEntry(): string {
  return fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));
}

/** Runs `sbatch --parsable ARGS` and returns the job id; bad input when sbatch is missing or refuses. */
function sbatch(args: readonly string[], cwd: string): string {
  const result = spawnSync('sbatch', ['--parsable', ...args], { cwd, encoding: 'utf8', env: process.env });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      [],
      `slurm: cannot run sbatch (${code === 'ENOENT' ? 'not found on PATH' : result.error.message}); the scripts are written, submit them by hand on a login node`,
    );
  }
  const id = result.stdout.trim().split(';')[0] ?? '';
  if (result.status !== 0 || !/^\d+$/.test(id)) {
    const why = (result.stderr.trim() || result.stdout.trim()).split('\n')[0];
    throw new ScenarioError(
      [],
      `slurm: sbatch ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${why}`,
    );
  }
  return id;
}

/** Registers `chokepoint slurm`. */
export const registerSlurm: RegisterCommand = (program: Command, io: CliIO, cwd: string) => {
  const command = program
    .command('slurm')
    .description('run a sweep as a Slurm job array: write (and --submit) the array and merge scripts')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .requiredOption('-a, --array <n>', 'number of array tasks, one shard each', integer(1, 'a task count'))
    .option('-o, --out <dir>', 'sweep directory on a shared file system (default runs/<scenario>-<timestamp>/)')
    .option('-p, --partition <name>', 'Slurm partition (#SBATCH --partition)')
    .option('-t, --time <limit>', 'time limit of each job (#SBATCH --time), e.g. 02:00:00')
    .option(
      '-c, --cpus <n>',
      'CPUs per array task (#SBATCH --cpus-per-task); each task runs that many workers',
      integer(1, 'a CPU count'),
    )
    .option(
      '-r, --replicates <n>',
      'replicates per arm and point (overrides the file)',
      integer(1, 'a replicate count'),
    )
    .option('-s, --seed <seed>', 'base seed (overrides the file)', seedText)
    .option('--set <path=value>', 'set a value by path, e.g. params.substitutionRate=0.1 (repeatable)', collect)
    .option('--setup <line>', 'a shell line the jobs run first, e.g. "module load nodejs/20" (repeatable)', collect)
    .option(
      '--command <shell>',
      'how the compute nodes start chokepoint (default: this node and this CLI by absolute path)',
    )
    .option('--submit', 'submit both jobs with sbatch and print their ids')
    .option('--detail', 'record the rows of every firm (as run --detail)');
  addLimitOptions(command);
  command.addHelpText('after', EXAMPLES).action(async (file: string, opts: Record<string, unknown>) => {
    const set = (opts.set as string[] | undefined) ?? [];
    const limits = limitsFrom(opts);
    const { scenario, plan } = await validateScenarioAsync(file, {
      cwd,
      set,
      limits,
      ...(opts.replicates !== undefined ? { replicates: opts.replicates as number } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed as string } : {}),
      ...(opts.detail ? { detail: true } : {}),
    });
    const shards = opts.array as number;
    const runs = plan.meta.runs.length;
    const out = resolve(
      cwd,
      (opts.out as string | undefined) ?? join('runs', `${plan.meta.name}-${timestamp(new Date())}`),
    );
    if (existsSync(out) && readdirSync(out).length > 0)
      throw new ScenarioError(
        [],
        `${shown(out, cwd)}: expected an empty or new directory for --out, received one that exists and is not empty (choose another --out)`,
      );

    const runArgs: string[] = [];
    for (const assignment of set) runArgs.push('--set', assignment);
    if (opts.seed !== undefined) runArgs.push('--seed', opts.seed as string);
    if (opts.replicates !== undefined) runArgs.push('--replicates', String(opts.replicates));
    runArgs.push(...limitArguments(limits));
    if (opts.detail) runArgs.push('--detail');
    const job: SlurmJob = {
      name: plan.meta.name,
      shards,
      command: (opts.command as string | undefined) ?? [process.execPath, chokepointEntry()],
      file: scenario.file,
      out,
      cwd,
      runArgs,
      version: CLI_VERSION,
      ...(opts.partition !== undefined ? { partition: opts.partition as string } : {}),
      ...(opts.time !== undefined ? { time: opts.time as string } : {}),
      ...(opts.cpus !== undefined ? { cpus: opts.cpus as number } : {}),
      ...(opts.setup !== undefined ? { setup: opts.setup as string[] } : {}),
    };
    const scripts = slurmScripts(job);
    const layout = slurmLayout(out);
    mkdirSync(layout.logs, { recursive: true });
    await writeFileAtomic(layout.shardsScript, scripts.shards);
    await writeFileAtomic(layout.mergeScript, scripts.merge);
    chmodSync(layout.shardsScript, 0o755);
    chmodSync(layout.mergeScript, 0o755);

    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stderr(
      `${plan.meta.name}: ${plural(runs, 'run')} in ${plural(shards, 'array task')} (${shards > runs ? `${shards - runs} of them empty` : `${Math.floor(runs / shards)}${runs % shards ? `–${Math.ceil(runs / shards)}` : ''} runs each`})\n`,
    );
    io.stderr(`wrote ${shown(layout.shardsScript, cwd)} and ${shown(layout.mergeScript, cwd)}\n`);
    if (!opts.submit) {
      io.stderr(
        `submit both, the merge after the array:\n  j=$(sbatch --parsable ${shown(layout.shardsScript, cwd)}) && sbatch --dependency=afterany:\${j%;*} ${shown(layout.mergeScript, cwd)}\n`,
      );
      io.stdout(`${shown(layout.shardsScript, cwd)}\n`);
      return;
    }
    const arrayJob = sbatch([layout.shardsScript], cwd);
    const mergeJob = sbatch([`--dependency=afterany:${arrayJob}`, layout.mergeScript], cwd);
    io.stderr(
      `submitted array job ${arrayJob} (tasks 1-${shards}) and merge job ${mergeJob}; watch with: squeue -j ${arrayJob},${mergeJob}\n`,
    );
    io.stderr(`the merged run will be in ${shown(layout.merged, cwd)}; the logs are in ${shown(layout.logs, cwd)}\n`);
    io.stdout(`${arrayJob}\n${mergeJob}\n`);
  });
};
