/**
 * `chokepoint slurm`, `run --shard auto` and merge's resubmit commands through the real CLI,
 * without a cluster: a stand-in `sbatch` on PATH records what --submit asks of it. The real
 * Slurm test is test/cluster/slurm.test.ts.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cliChild } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-slurm-cli-'));
const execFileAsync = promisify(execFile);
const MAIN = join(root, 'packages/cli/src/main.ts');
const ENTRY = ['--conditions=source', '--import', 'tsx', MAIN];
const SCENARIO = 'test/fixtures/scenarios/sweep.yaml';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = process.env) =>
  cliChild(args, { cwd: root, env, entry: ENTRY });

/** A PATH of one folder: the stand-in sbatch's, or an empty one (the real sbatch may sit next to node in /usr/bin). */
function pathWith(bin?: string): string {
  const empty = join(tmp, 'empty-bin');
  mkdirSync(empty, { recursive: true });
  return bin ?? empty;
}

describe('chokepoint slurm', () => {
  it('writes the array and merge scripts; --submit queues the merge after the array and prints both ids', async () => {
    // A stand-in sbatch: logs its arguments and answers with job ids 41 and 42, as --parsable does.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    const log = join(tmp, 'sbatch.log');
    writeFileSync(
      join(bin, 'sbatch'),
      `#!/bin/sh\necho "$*" >> ${log}\nn=$(/usr/bin/wc -l < ${log})\necho "$((40 + n));testcluster"\n`,
    );
    chmodSync(join(bin, 'sbatch'), 0o755);

    const out = join(tmp, 'submitted');
    const env = { ...process.env, PATH: pathWith(bin) };
    const result = await cli(
      [
        'slurm',
        SCENARIO,
        '--array',
        '5',
        '--replicates',
        '2',
        '--set',
        'horizon=4',
        '--cpus',
        '2',
        '--partition',
        'short',
        '--time',
        '1:00:00',
        '--out',
        out,
        '--submit',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('41\n42\n');
    // The control ignores the swept licence and runs at one point: 2 + 3 × 2 runs.
    expect(result.stderr).toContain('sweep: 8 runs in 5 array tasks (1–2 runs each)');
    expect(result.stderr).toContain('submitted array job 41 (tasks 1-5) and merge job 42; watch with: squeue -j 41,42');
    expect(readFileSync(log, 'utf8')).toBe(
      `--parsable ${join(out, 'shards.sbatch')}\n--parsable --dependency=afterany:41 ${join(out, 'merge.sbatch')}\n`,
    );

    const shards = readFileSync(join(out, 'shards.sbatch'), 'utf8');
    expect(shards).toContain('#SBATCH --array=1-5\n');
    expect(shards).toContain('#SBATCH --cpus-per-task=2\n#SBATCH --partition=short\n#SBATCH --time=1:00:00\n');
    // From any node: this node binary and this CLI by absolute path, the scenario by absolute path.
    expect(shards).toContain(
      `exec ${process.execPath} ${join(root, 'packages/cli/bin/chokepoint.js')} run ${join(root, SCENARIO)} --set horizon=4 --replicates 2 \\\n  --shard "\${SLURM_ARRAY_TASK_ID}/5"`,
    );
    expect(readFileSync(join(out, 'merge.sbatch'), 'utf8')).toContain(`merge ${out}/part-{1..5}`);
    expect(statSync(join(out, 'logs')).isDirectory()).toBe(true);
    expect(statSync(join(out, 'shards.sbatch')).mode & 0o111).not.toBe(0);
  });

  it('is bad input for a used --out, a bad scenario, or no sbatch with --submit', async () => {
    const noSbatch = { ...process.env, PATH: pathWith() };
    const out = join(tmp, 'plain');
    const [used, bad, nosb] = await Promise.all([
      cli(['slurm', SCENARIO, '--array', '2', '--out', tmp]),
      cli(['slurm', 'test/fixtures/scenarios/bad-base.yaml', '--array', '2', '--out', join(tmp, 'bad')]),
      cli(['slurm', SCENARIO, '--array', '2', '--out', out, '--submit'], noSbatch),
    ]);
    expect(used).toMatchObject({
      code: 2,
      stderr: `${tmp}: expected an empty or new directory for --out, received one that exists and is not empty (choose another --out)\n`,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^test\/fixtures\/scenarios\/bad-base\.yaml:\d+:\d+: /);
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
    expect(nosb.code).toBe(2);
    expect(nosb.stderr.trim().split('\n').at(-1)).toBe(
      'slurm: cannot run sbatch (not found on PATH); the scripts are written, submit them by hand on a login node',
    );
    expect(existsSync(join(out, 'shards.sbatch'))).toBe(true);
  });
});

describe('run --shard auto and the resubmit command', () => {
  it('--shard auto outside a job array is one line of bad input', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_')));
    const result = await cli(['run', SCENARIO, '--shard', 'auto', '--out', join(tmp, 'auto')], env);
    expect(result).toMatchObject({
      code: 2,
      stderr:
        '(command line):1:1: --shard auto: expected SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in the environment (inside a Slurm job array; elsewhere pass --shard i/N), received SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT unset\n',
    });
  });

  it('merge names the missing shard, and the command it prints runs it', async () => {
    const part = (i: number): string => join(tmp, 'sweep', `part-${i}`);
    const flags = ['--replicates', '2', '--set', 'horizon=2', '--seed', 'x y', '--workers', '1', '--quiet'];
    // Shard 1 with explicit i/N, shard 3 with --shard auto as a Slurm task would; shard 2 never ran.
    const slurm = {
      ...process.env,
      SLURM_ARRAY_TASK_ID: '3',
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_MAX: '3',
    };
    const [one, three] = await Promise.all([
      cli(['run', SCENARIO, ...flags, '--shard', '1/3', '--out', part(1)]),
      cli(['run', SCENARIO, ...flags, '--shard', 'auto', '--out', part(3)], slurm),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(existsSync(join(part(3), 'shard-3-of-3.json'))).toBe(true);

    const merged = join(tmp, 'sweep', 'merged');
    const failed = await cli(['merge', part(1), part(2), part(3), '--out', merged]);
    expect(failed.code).toBe(2);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${part(2)}: shard 2/3 is missing (3 runs, e.g. control/0/1): the folder does not exist or is empty; run it with: chokepoint run ${SCENARIO} --set horizon=2 --seed 'x y' --replicates 2 --shard 2/3 --out ${part(2)}`,
      'merge: 3 of 8 runs are missing; nothing was written',
    ]);
    expect(existsSync(merged)).toBe(false);

    // Run the printed command as it is, with `chokepoint` being this CLI.
    const command = lines[0]!.replace(/^.*; run it with: /, '');
    await execFileAsync(
      'bash',
      ['-c', `chokepoint() { ${process.execPath} ${ENTRY.join(' ')} "$@"; }\n${command} --quiet`],
      { cwd: root, timeout: 60_000 },
    );
    const done = await cli(['merge', part(1), part(2), part(3), '--out', merged]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toBe(`merged 8 runs from 3 directories into ${merged}/\n`);
  });
});
