/**
 * Sweeps on a cluster: a Slurm array task as a shard (`--shard auto`), the sbatch scripts
 * `chokepoint slurm` writes, and the exact commands that rerun failed shards, which
 * `chokepoint merge` prints instead of writing a partial result.
 */
import { join } from 'node:path';
import { limitArguments, type Limits } from '@chokepoint/scenario';
import { COMMAND_LINE, commandLineError, ScenarioError } from '@chokepoint/scenario';
import { displayName } from '@chokepoint/scenario/internal';

function shardProblem(expected: string, received: string): ScenarioError {
  return commandLineError('--shard auto', expected, received);
}

/**
 * A shard of a sweep: runs whose index ≡ `index − 1` (mod `count`).
 *
 * @example
 * ```ts
 * const shard: Shard = { index: 1, count: 2 };
 * const { executed, complete } = await runScenario('scenarios/quickstart.yaml', { out: 'runs/s1', shard, set: ['replicates=2', 'horizon=4'], workers: 1 });
 * console.log(executed, complete); // 4 false
 * ```
 */
export interface Shard {
  /** 1-based shard number. */
  index: number;
  /** Number of shards. */
  count: number;
}

/**
 * The shard of the Slurm array task this process runs in (`--shard auto`): shard
 * `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1` of `SLURM_ARRAY_TASK_COUNT`, so
 * `--array=1-N` and `--array=0-(N−1)` both work. The array must be contiguous with step 1;
 * without `SLURM_ARRAY_TASK_MIN` the base is 1.
 *
 * @throws ScenarioError (bad input) outside a job array, or for a sparse array such as a
 * resubmitted `--array=3,5`, whose task count is not the shard count.
 *
 * @example
 * ```ts
 * console.log(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })); // { index: 3, count: 4 }
 * console.log(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })); // { index: 1, count: 4 }
 * ```
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>>): Shard {
  const expected =
    'SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in the environment (inside a Slurm job array; elsewhere pass --shard i/N)';
  const read = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
      throw shardProblem(`${name} to be a whole number`, JSON.stringify(text));
    return n;
  };
  const id = read('SLURM_ARRAY_TASK_ID');
  const count = read('SLURM_ARRAY_TASK_COUNT');
  if (id === undefined || count === undefined) {
    const unset = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT'].filter((name) => !env[name]);
    throw shardProblem(expected, `${unset.join(' and ')} unset`);
  }
  const min = read('SLURM_ARRAY_TASK_MIN') ?? 1;
  const max = read('SLURM_ARRAY_TASK_MAX');
  const step = read('SLURM_ARRAY_TASK_STEP') ?? 1;
  if (count < 1 || step !== 1 || (max !== undefined && max - min + 1 !== count)) {
    throw shardProblem(
      'a contiguous job array such as --array=1-N (a resubmitted subset needs an explicit --shard i/N)',
      `tasks ${min}-${max ?? '?'} step ${step}, SLURM_ARRAY_TASK_COUNT=${count}`,
    );
  }
  const index = id - min + 1;
  if (index < 1 || index > count)
    throw shardProblem(`SLURM_ARRAY_TASK_ID between ${min} and ${min + count - 1}`, String(id));
  return { index, count };
}

/**
 * Quotes a word for a POSIX shell: unchanged when it holds only safe characters, else in
 * single quotes.
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Slurm's compact form of array indices: `[1, 2, 3, 5]` → `1-3,5`. */
export function arrayRanges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Where `chokepoint slurm` puts things inside the sweep directory.
 *
 * @example
 * ```ts
 * const layout: SlurmLayout = slurmLayout('/scratch/me/big');
 * console.log(layout.mergeScript, layout.logs); // /scratch/me/big/merge.sbatch /scratch/me/big/logs
 * ```
 */
export interface SlurmLayout {
  /** The array job script: task i runs shard i/N. */
  shardsScript: string;
  /** The merge job script, submitted with `--dependency=afterany:<array job>`. */
  mergeScript: string;
  /** Slurm's output files (`shard-<task>-<job>.out`, `merge-<job>.out`). */
  logs: string;
  /** The merged run directory. */
  merged: string;
  /** Shard i's directory. */
  part: (index: number) => string;
}

/**
 * The files of a Slurm sweep directory `out`.
 *
 * @example
 * ```ts
 * const layout = slurmLayout('/scratch/me/big');
 * console.log(layout.part(3)); // /scratch/me/big/part-3
 * console.log(layout.shardsScript); // /scratch/me/big/shards.sbatch
 * ```
 */
export function slurmLayout(out: string): SlurmLayout {
  return {
    shardsScript: join(out, 'shards.sbatch'),
    mergeScript: join(out, 'merge.sbatch'),
    logs: join(out, 'logs'),
    merged: join(out, 'merged'),
    part: (index) => join(out, `part-${index}`),
  };
}

/**
 * What {@link slurmScripts} needs. Paths are absolute: the scripts run on other nodes.
 *
 * @example
 * ```ts
 * const job: SlurmJob = {
 *   name: 'quickstart', shards: 8, command: 'npx chokepoint', file: '/path/to/project/quickstart.yaml',
 *   out: '/scratch/me/qs', cwd: '/path/to/project', cpus: 4, setup: ['module load nodejs/20'],
 * };
 * const { shards } = slurmScripts(job);
 * console.log(shards.includes('#SBATCH --cpus-per-task=4'), shards.includes('module load nodejs/20')); // true true
 * ```
 */
export interface SlurmJob {
  /** Scenario name, for the job names. */
  name: string;
  /** Number of shards N: array tasks 1..N. */
  shards: number;
  /**
   * How a compute node starts chokepoint: words, quoted for the shell, e.g.
   * `['/usr/bin/node', '/opt/chokepoint/packages/cli/bin/chokepoint.js']`, or shell text
   * used as it is, e.g. `'npx chokepoint'`.
   */
  command: string | readonly string[];
  /** The scenario file. */
  file: string;
  /** The sweep directory (see {@link slurmLayout}). */
  out: string;
  /** Working directory of the jobs (relative paths inside the scenario resolve from its folder anyway). */
  cwd: string;
  /** Extra `chokepoint run` arguments, e.g. `['--set', 'horizon=8', '--seed', '7']`. */
  runArgs?: readonly string[];
  /** `#SBATCH --partition`. */
  partition?: string;
  /** `#SBATCH --time` (both jobs). */
  time?: string;
  /** `#SBATCH --cpus-per-task` of each array task; the task then runs that many workers. */
  cpus?: number;
  /** Shell lines run before chokepoint on the node, e.g. `module load nodejs/20`. */
  setup?: readonly string[];
  /** Written into the header comment. */
  version?: string;
}

/**
 * The two scripts of a Slurm sweep.
 *
 * @example
 * ```ts
 * const scripts: SlurmScripts = slurmScripts({ name: 'qs', shards: 2, command: 'npx chokepoint', file: '/path/to/project/qs.yaml', out: '/scratch/me/qs', cwd: '/path/to/project' });
 * console.log(scripts.shards.split('\n')[0], scripts.merge.includes('merge /scratch/me/qs/part-{1..2}')); // #!/bin/bash true
 * ```
 */
export interface SlurmScripts {
  /** The array job: `sbatch shards.sbatch`. */
  shards: string;
  /** The merge job: `sbatch --dependency=afterany:<array job id> merge.sbatch`. */
  merge: string;
}

const SBATCH_VALUE = /^[\w.,:+@/%=-]+$/;

function sbatchValue(option: string, value: string): string {
  if (!SBATCH_VALUE.test(value)) {
    throw new ScenarioError([
      {
        ...COMMAND_LINE,
        path: option,
        expected: 'a value without spaces or quotes (it goes on an #SBATCH line)',
        received: JSON.stringify(value),
      },
    ]);
  }
  return value;
}

/**
 * The sbatch scripts of a sweep on Slurm: an array job whose task i runs
 * `chokepoint run FILE --shard i/N --out OUT/part-i`, and a merge job that runs
 * `chokepoint merge` over every part and reports failed shards with the command that
 * resubmits them. N is written into the script rather than read from
 * `SLURM_ARRAY_TASK_COUNT`, so `sbatch --array=3 shards.sbatch` reruns shard 3/N alone.
 *
 * @throws ScenarioError when a path or an #SBATCH value holds whitespace or quotes.
 *
 * @example
 * ```ts
 * const { shards, merge } = slurmScripts({
 *   name: 'quickstart', shards: 4, command: ['/usr/bin/node', '/opt/chokepoint/packages/cli/bin/chokepoint.js'],
 *   file: '/path/to/project/quickstart.yaml', out: '/scratch/me/qs', cwd: '/path/to/project', time: '01:00:00',
 * });
 * // shards: #SBATCH --array=1-4 … run /path/to/project/quickstart.yaml --shard "${SLURM_ARRAY_TASK_ID}/4" --out /scratch/me/qs"/part-${SLURM_ARRAY_TASK_ID}" …
 * // merge:  … merge /scratch/me/qs/part-{1..4} --out /scratch/me/qs/merged --resubmit /scratch/me/qs/shards.sbatch
 * console.log(shards.split('\n').find((line) => line.startsWith('#SBATCH --array'))); // #SBATCH --array=1-4
 * console.log(merge.includes('--resubmit /scratch/me/qs/shards.sbatch')); // true
 * ```
 */
export function slurmScripts(job: SlurmJob): SlurmScripts {
  if (!Number.isInteger(job.shards) || job.shards < 1)
    throw new ScenarioError([
      { ...COMMAND_LINE, path: '--array', expected: 'a shard count (an integer >= 1)', received: String(job.shards) },
    ]);
  const layout = slurmLayout(job.out);
  sbatchValue('--out', job.out);
  const name = `chokepoint-${job.name.replace(/[^\w.-]+/g, '-')}`;
  const common = [
    ...(job.partition !== undefined ? [`#SBATCH --partition=${sbatchValue('--partition', job.partition)}`] : []),
    ...(job.time !== undefined ? [`#SBATCH --time=${sbatchValue('--time', job.time)}`] : []),
  ];
  const prelude = ['set -euo pipefail', `cd ${shellQuote(job.cwd)}`, ...(job.setup ?? [])];
  const command = typeof job.command === 'string' ? job.command : job.command.map(shellQuote).join(' ');
  const header = (what: string): string[] => [
    '#!/bin/bash',
    `# ${what}`,
    `# Written by \`chokepoint slurm\`${job.version ? ` (chokepoint ${job.version})` : ''} for ${job.file}.`,
  ];
  const task = '${SLURM_ARRAY_TASK_ID}';
  const shards = [
    ...header(
      `Shards of the sweep: array task i runs shard i/${job.shards}. Rerun failed tasks with: sbatch --array=<task ids, e.g. 2,5> ${layout.shardsScript}`,
    ),
    `#SBATCH --job-name=${name}`,
    `#SBATCH --array=1-${job.shards}`,
    `#SBATCH --output=${join(layout.logs, 'shard-%a-%A.out')}`,
    ...(job.cpus !== undefined ? [`#SBATCH --cpus-per-task=${job.cpus}`] : []),
    ...common,
    ...prelude,
    [
      [`exec ${command} run ${shellQuote(job.file)}`, ...(job.runArgs ?? []).map(shellQuote)].join(' '),
      `--shard "${task}/${job.shards}"`,
      `--out ${shellQuote(job.out)}"/part-${task}"`,
      `--workers "\${SLURM_CPUS_PER_TASK:-1}"`,
      '--quiet',
    ].join(' \\\n  '),
    '',
  ].join('\n');
  const parts = job.shards === 1 ? `${shellQuote(layout.part(1))}` : `${shellQuote(job.out)}/part-{1..${job.shards}}`;
  const merge = [
    ...header(
      `Merge of the sweep: joins the ${job.shards} shards into ${layout.merged}, or names the failed ones and exits 2.`,
    ),
    `#SBATCH --job-name=${name}-merge`,
    `#SBATCH --output=${join(layout.logs, 'merge-%j.out')}`,
    ...common,
    ...prelude,
    [
      `exec ${command} merge ${parts}`,
      `--out ${shellQuote(layout.merged)}`,
      `--resubmit ${shellQuote(layout.shardsScript)}`,
    ].join(' \\\n  '),
    '',
  ].join('\n');
  return { shards, merge };
}

/** How a shard was started, recorded in its directory so a merge can print the command that reruns it. */
export interface ShardRerun {
  /** The scenario file, absolute. */
  file: string;
  /** `--set` overrides. */
  set?: readonly string[];
  /** `--seed`. */
  seed?: string;
  /** `--replicates`. */
  replicates?: number;
  /** `--max-firms` (markers written before `limits` existed). */
  maxFirms?: number;
  /** `--max-edges` (markers written before `limits` existed). */
  maxEdges?: number;
  /** The limits given on the command line (`--max-firms`, `--max-steps`, …). */
  limits?: Partial<Limits>;
  /** `--detail`. */
  detail?: boolean;
}

/** The `chokepoint run` command that (re)runs shard `shard` into `out`; `command` is how the user runs chokepoint (default `chokepoint`). */
export function rerunCommand(
  rerun: ShardRerun,
  shard: Shard,
  out: string,
  options: { resume?: boolean; cwd?: string; command?: string } = {},
): string {
  const show = (path: string): string => shellQuote(displayName(path, options.cwd));
  const words = [options.command ?? 'chokepoint', 'run', show(rerun.file)];
  for (const set of rerun.set ?? []) words.push('--set', shellQuote(set));
  if (rerun.seed !== undefined) words.push('--seed', shellQuote(rerun.seed));
  if (rerun.replicates !== undefined) words.push('--replicates', String(rerun.replicates));
  words.push(
    ...limitArguments({
      ...(rerun.maxFirms !== undefined ? { maxFirms: rerun.maxFirms } : {}),
      ...(rerun.maxEdges !== undefined ? { maxEdges: rerun.maxEdges } : {}),
      ...rerun.limits,
    }),
  );
  if (rerun.detail) words.push('--detail');
  words.push('--shard', `${shard.index}/${shard.count}`, '--out', out === 'DIR' ? 'DIR' : show(out));
  if (options.resume) words.push('--resume');
  return words.join(' ');
}

/** One shard that lacks runs, as {@link shardReport} describes it. */
export interface ShardGap {
  /** 1-based shard number. */
  index: number;
  /** Plan indices of its missing runs. */
  runs: readonly number[];
  /** Whether the shard started (its directory holds its marker or part files). */
  started: boolean;
  /** Its directory, when known. */
  folder?: string;
}

/** What {@link shardReport} needs. */
export interface ShardReportInput {
  /** Number of shards. */
  count: number;
  /** Total runs of the plan. */
  total: number;
  /** Run ids by plan index. */
  runIds: readonly string[];
  /** The shards lacking runs. */
  gaps: readonly ShardGap[];
  /** How the shards were started; without it the command names the scenario by `fallbackFile`. */
  rerun?: ShardRerun;
  /** The scenario's display path from the plan, used without `rerun`. */
  fallbackFile: string;
  /** The array script that produced the shards (`chokepoint slurm`), for `sbatch --array=…`. */
  resubmit?: string;
  /** The merge script to queue after the resubmitted tasks. */
  mergeScript?: string;
  /** Directories given to merge that do not exist or are empty. */
  absent: readonly string[];
  /** Working directory, for display paths. */
  cwd?: string;
  /** How the user runs chokepoint, for the rerun commands (e.g. `pnpm exec chokepoint`). Default `chokepoint`. */
  command?: string;
}

/**
 * The lines `chokepoint merge` prints when runs are missing: one per failed shard, with the
 * exact `chokepoint run` command that finishes it, then the `sbatch` command that resubmits
 * the failed array tasks when the shards came from `chokepoint slurm`.
 */
export function shardReport(input: ShardReportInput): string[] {
  const { count, cwd } = input;
  const show = (path: string): string => shellQuote(displayName(path, cwd));
  const rerun: ShardRerun = input.rerun ?? { file: input.fallbackFile };
  const lines = [...input.gaps]
    .sort((a, b) => a.index - b.index)
    .map((gap) => {
      const shard = { index: gap.index, count };
      const example = input.runIds[gap.runs[0]!]!;
      const command = rerunCommand(rerun, shard, gap.folder ?? 'DIR', {
        resume: gap.started,
        ...(cwd !== undefined ? { cwd } : {}),
        ...(input.command !== undefined ? { command: input.command } : {}),
      });
      // Named by its folder when known (the same "path: message" form as every other error), else by the command.
      const where = gap.folder !== undefined ? show(gap.folder) : 'merge';
      return gap.started
        ? `${where}: shard ${gap.index}/${count} is unfinished: ${gap.runs.length} of its runs ${gap.runs.length === 1 ? 'is' : 'are'} missing (e.g. ${example}); finish it with: ${command}`
        : `${where}: shard ${gap.index}/${count} is missing (${gap.runs.length} run${gap.runs.length === 1 ? '' : 's'}, e.g. ${example})${gap.folder !== undefined && input.absent.includes(gap.folder) ? ': the folder does not exist or is empty' : ''}; run it with: ${command}`;
    });
  if (input.resubmit !== undefined && input.gaps.length > 0) {
    const tasks = arrayRanges(input.gaps.map((g) => g.index));
    const script = show(input.resubmit);
    lines.push(`merge: resubmit the failed array tasks with: sbatch --array=${tasks} ${script}`);
    if (input.mergeScript !== undefined) {
      lines.push(
        `merge: or resubmit them and merge when they end: j=$(sbatch --parsable --array=${tasks} ${script}) && sbatch --dependency=afterany:\${j%;*} ${show(input.mergeScript)}`,
      );
    }
  }
  const missing = input.gaps.reduce((sum, g) => sum + g.runs.length, 0);
  lines.push(`merge: ${missing} of ${input.total} runs are missing; nothing was written`);
  return lines;
}

/**
 * Guesses the directory of shard `index` from directories whose shards are known: the one
 * they all share, or by the number in their own names, the last path component (`…/part-3` is
 * shard 3, so shard 5 is `…/part-5`; a digit in a parent directory, such as a temporary
 * folder's random suffix, is never taken for it). Undefined when they disagree or none names
 * its shard.
 */
export function guessShardFolder(known: ReadonlyMap<number, string>, index: number): string | undefined {
  const folders = new Set(known.values());
  if (known.size > 1 && folders.size === 1) return [...folders][0];
  let template: string | undefined;
  for (const [shard, folder] of known) {
    const pattern = new RegExp(`(?<!\\d)${shard}(?!\\d)(?!.*(?<!\\d)${shard}(?!\\d))`);
    const cut = Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')) + 1;
    const name = folder.slice(cut);
    if (!pattern.test(name)) return undefined;
    const candidate = folder.slice(0, cut) + name.replace(pattern, '\u0000');
    if (template !== undefined && template !== candidate) return undefined;
    template = candidate;
  }
  return template?.replace('\u0000', String(index));
}
