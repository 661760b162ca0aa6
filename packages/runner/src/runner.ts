import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { writeFileAtomic } from '@chokepoint/outputs/internal';
import {
  guessShardFolder,
  shardReport,
  shardFromEnv,
  slurmLayout,
  type Shard,
  type ShardGap,
  type ShardRerun,
} from './cluster.js';
import { atCommandLine, COMMAND_LINE, ScenarioError } from '@chokepoint/scenario';
import { executeRun, PLUGIN_FAILURE, type RunTask } from './execute.js';
import { runTasks, type PoolOptions } from './pool.js';
import { partName, partTask, type PartHeader, type RunRecord } from '@chokepoint/format';
import { loadScenario, type LoadedScenario, type LoadOptions } from '@chokepoint/scenario';
import { RUN_LOCK, RunLock, shardLock } from './lock.js';
import { findPart, gitCommit, RunOutputWriter, writeOutputs } from '@chokepoint/outputs/internal';
import { PartAppender } from '@chokepoint/outputs/internal';
import { PartDamage, readPart } from '@chokepoint/outputs/internal';
import { buildPlan, type PlanMeta, type PlanOptions, type RunPlan } from '@chokepoint/scenario';
import { loadPlugins, type LoadedPlugins } from '@chokepoint/scenario';
import { displayName } from '@chokepoint/scenario/internal';

/**
 * Parses `i/N` (1 ≤ i ≤ N), or `auto`: the shard of the Slurm array task this process runs
 * in, read from `env` (see {@link shardFromEnv}).
 *
 * @example
 * ```ts
 * console.log(parseShard('2/4')); // { index: 2, count: 4 }
 * console.log(parseShard('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })); // { index: 2, count: 4 }
 * ```
 */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  if (text.trim() === 'auto') return shardFromEnv(env);
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ScenarioError([
      { ...COMMAND_LINE, path: '--shard', expected: 'i/N with 1 <= i <= N, e.g. 2/4', received: `"${text}"` },
    ]);
  }
  return { index, count };
}

/**
 * Progress of a run.
 *
 * @example
 * ```ts
 * const seen: Progress[] = [];
 * await runScenario('scenarios/quickstart.yaml', { out: 'runs/p', set: ['replicates=1', 'horizon=4'], workers: 1, onProgress: (p) => seen.push({ ...p }) });
 * console.log(seen.map((p) => p.done), seen.at(-1)); // [0, 1, 2, 3, 4] { done: 4, total: 4, skipped: 0 }
 * ```
 */
export interface Progress {
  /** Runs finished, including skipped ones. */
  done: number;
  /** Runs in this invocation (the shard's runs when sharded). */
  total: number;
  /** Runs skipped because their part already existed (`--resume`). */
  skipped: number;
}

/**
 * Options of {@link runScenario}.
 *
 * @example
 * ```ts
 * const options: RunOptions = { out: 'runs/short', set: ['horizon=4'], replicates: 1, seed: 7, workers: 1 };
 * const { plan } = await runScenario('scenarios/quickstart.yaml', options);
 * console.log(plan.seed, plan.runs.length); // 7 4
 * ```
 */
export interface RunOptions extends LoadOptions, PlanOptions {
  /** The run directory. Default `runs/<name>-<timestamp>/`. */
  out?: string;
  /** Worker threads. Default: the number of CPUs. 1 runs in this thread. */
  workers?: number;
  /** Run only this shard and leave part files for `chokepoint merge`. */
  shard?: Shard;
  /** Continue an interrupted run in `out`: finished runs are skipped. */
  resume?: boolean;
  /** Keep `parts/` after writing the outputs. */
  keepParts?: boolean;
  /**
   * Called once the plan is known. `damaged` names the part files of an earlier run that were
   * damaged (cut short, changed), one line each: they were removed and their runs run again.
   */
  onPlan?: (info: {
    plan: PlanMeta;
    out: string;
    total: number;
    skipped: number;
    workers: number;
    damaged: string[];
  }) => void;
  /** Called after each finished run. */
  onProgress?: (progress: Progress) => void;
  /** Called when every run is done and the outputs are being written. */
  onWriting?: () => void;
}

/**
 * What {@link runScenario} did.
 *
 * @example
 * ```ts
 * // runs/qs holds a finished run of these settings: nothing is left to do.
 * const result: RunResult = await runScenario('scenarios/quickstart.yaml', { out: 'runs/qs', set: ['replicates=2', 'horizon=8'], resume: true });
 * console.log(result.executed, result.skipped, result.complete); // 0 8 true
 * ```
 */
export interface RunResult {
  /** The run directory. */
  out: string;
  /** The plan. */
  plan: PlanMeta;
  /** Runs executed now. */
  executed: number;
  /** Runs skipped (already done). */
  skipped: number;
  /** True when the outputs were written (false for a shard). */
  complete: boolean;
  /**
   * What the run did that likely misleads, one line each, as manifest.json's `warnings`: a
   * control arm that adopts measures. Empty for a shard (its merge warns) and when nothing was run.
   */
  warnings: string[];
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/:/g, '-');
}

/**
 * Reads `parts/plan.json` of a run or shard directory, or undefined.
 *
 * @example
 * ```ts
 * await runScenario('scenarios/quickstart.yaml', { out: 'runs/s2', shard: { index: 2, count: 2 }, set: ['replicates=2', 'horizon=4'], workers: 1 });
 * console.log(readPlan('runs/s2')?.runs.length, readPlan('runs/qs')); // 8 undefined
 * ```
 */
export function readPlan(dir: string): PlanMeta | undefined {
  const path = join(dir, 'parts', 'plan.json');
  if (!existsSync(path)) return undefined;
  const plan = readJson<PlanMeta>(path, 'the plan.json that chokepoint run writes');
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.runs) || typeof plan.hash !== 'string')
    throw badInput(
      `${displayName(path)}: expected the plan.json that chokepoint run writes, received JSON of another shape; run again into a new --out`,
    );
  return plan;
}

/**
 * Reads a JSON file of a run directory (plan.json, a shard's marker, manifest.json).
 *
 * @throws ScenarioError (bad input) naming the file when it is not JSON: cut short or changed.
 */
function readJson<T>(path: string, expected: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw badInput(
      `${displayName(path)}: expected ${expected}, received damaged JSON (${error.message}); run again into a new --out`,
    );
  }
}

function badInput(message: string): ScenarioError {
  return new ScenarioError([], message);
}

/**
 * Runs a scenario: loads and checks it, expands arms × sweep points × replicates, runs them
 * in a piscina worker pool (or in this thread with `workers: 1`), and writes the run
 * directory (docs/outputs.md). Each run writes its own part file atomically, so an
 * interrupted run continues with `resume: true`, and `shard` runs one deterministic subset.
 *
 * @throws ScenarioError for bad input (the scenario, the flags, or the run directory).
 *
 * @example
 * ```ts
 * import { readdirSync } from 'node:fs';
 * const result = await runScenario('scenarios/quickstart.yaml', { out: 'runs/quickstart', set: ['horizon=4'], replicates: 1, workers: 2 });
 * console.log(readdirSync(result.out)); // ['manifest.json', 'measures.csv', 'metrics.csv', 'metrics.parquet', 'scenario.yaml', 'summary.json']
 * ```
 */
export async function runScenario(file: string, options: RunOptions = {}): Promise<RunResult> {
  const started = new Date();
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadScenario(file, options);
  const plugins = await loadPlugins(loaded.plugins);
  const plan = buildPlan(loaded, { ...options, loadedPlugins: plugins });
  const out = resolve(cwd, options.out ?? join('runs', `${plan.meta.name}-${timestamp(started)}`));
  const shown = displayName(out, cwd);
  const partsDir = join(out, 'parts');
  if (existsSync(out) && !statSync(out).isDirectory())
    throw badInput(`${shown}: expected a run directory for --out, received a file (choose another --out)`);
  const existing = readPlan(out);
  if (existing !== undefined) {
    if (existing.hash !== plan.meta.hash) {
      throw badInput(
        `${shown}: expected a run directory of this scenario and these settings, received the parts of a different run (another scenario, seed, --set or version; choose another --out)`,
      );
    }
    if (!options.resume && options.shard === undefined) {
      throw badInput(
        `${shown}: expected an empty or new directory for --out, received an unfinished run of this scenario (continue it with --resume, or choose another --out)`,
      );
    }
  } else if (existsSync(out) && readdirSync(out).length > 0) {
    const manifestPath = join(out, 'manifest.json');
    if (options.resume && existsSync(join(out, 'metrics.csv')) && existsSync(manifestPath)) {
      const finished = readJson<{ plan?: string }>(manifestPath, 'the manifest.json that chokepoint run writes');
      if (finished.plan !== plan.meta.hash)
        throw badInput(
          `${shown}: expected a run of this scenario and these settings to resume, received a finished run of a different scenario or settings (choose another --out)`,
        );
      return { out, plan: plan.meta, executed: 0, skipped: plan.meta.runs.length, complete: true, warnings: [] };
    }
    throw badInput(
      `${shown}: expected an empty or new directory for --out, received one that exists and is not empty (${options.resume ? 'nothing to resume there; ' : ''}choose another --out)`,
    );
  }
  mkdirSync(partsDir, { recursive: true });
  // One writer per directory (per shard, for shards): a second --resume into it is refused.
  const lock = RunLock.acquire(
    partsDir,
    options.shard === undefined ? RUN_LOCK : shardLock(options.shard.index, options.shard.count),
    out,
    cwd,
  );
  try {
    return await runInDirectory({ started, cwd, loaded, plugins, plan, out, partsDir, existing, lock }, options);
  } finally {
    lock.release();
  }
}

/** What {@link runScenario} has checked and prepared before it runs. */
interface Prepared {
  started: Date;
  cwd: string;
  loaded: LoadedScenario;
  plugins: LoadedPlugins;
  plan: RunPlan;
  out: string;
  partsDir: string;
  existing: PlanMeta | undefined;
  lock: RunLock;
}

/** The part of {@link runScenario} that runs under the directory's lock. */
async function runInDirectory(prepared: Prepared, options: RunOptions): Promise<RunResult> {
  const { started, cwd, loaded, plugins, plan, out, partsDir, existing, lock } = prepared;
  // Temporary files of an interrupted run: part files, and outputs that were being written
  // (not those of a shard writing into the same directory now).
  for (const dir of [partsDir, out]) {
    for (const name of readdirSync(dir)) {
      const pid = /\.(\d+)-\d+\.tmp$/.exec(name)?.[1];
      if (name.endsWith('.tmp') && (pid === undefined || !lock.others.has(Number(pid))))
        rmSync(join(dir, name), { force: true });
    }
  }
  if (existing === undefined) writeFileAtomic(join(partsDir, 'plan.json'), `${JSON.stringify(plan.meta)}\n`);
  if (options.shard !== undefined) {
    // How this shard was started, so that a merge missing its runs can print the command that reruns it.
    const { index, count } = options.shard;
    const rerun: ShardRerun = { file: loaded.file };
    if (options.set !== undefined && options.set.length > 0) rerun.set = [...options.set];
    if (options.seed !== undefined) rerun.seed = String(options.seed);
    if (options.replicates !== undefined) rerun.replicates = options.replicates;
    if (options.limits !== undefined && Object.keys(options.limits).length > 0) rerun.limits = { ...options.limits };
    if (options.detail) rerun.detail = true;
    writeFileAtomic(
      join(partsDir, startedMarker(index, count)),
      `${JSON.stringify({ shard: `${index}/${count}`, rerun })}\n`,
    );
  }

  const mine = plan.meta.runs
    .map((_, i) => i)
    .filter((i) => options.shard === undefined || i % options.shard.count === options.shard.index - 1);
  // Parts left by an earlier run are checked (length, checksum) before they are counted as done:
  // a damaged one is removed, and its run runs again.
  const damaged: string[] = [];
  const todo =
    options.resume || options.shard !== undefined
      ? mine.filter((i) => !usablePart(join(partsDir, partName(i)), plan.meta.runs[i]!.runId, cwd, damaged))
      : mine;
  const skipped = mine.length - todo.length;
  const workers = Math.max(1, Math.min(options.workers ?? cpus().length, Math.max(1, todo.length)));
  options.onPlan?.({ plan: plan.meta, out, total: mine.length, skipped, workers, damaged });
  let done = skipped;
  options.onProgress?.({ done, total: mine.length, skipped });
  const tasks = todo.map((i) => taskFor(plan, i, partsDir));
  // A whole run (not a shard) writes its outputs as its runs finish, in run order. With one
  // worker, metrics.parquet is encoded on this thread too, so the run keeps one thread busy,
  // as `workers` promises (a cluster job given one CPU gets one); with more, a large table is
  // encoded on a thread of its own, which counts as one of them (see runInPool).
  const writer =
    options.shard === undefined
      ? await RunOutputWriter.open(out, plan.meta, { encoderThread: workers > 1 ? 'auto' : false })
      : undefined;
  // Killed part-way (Ctrl-C), the run leaves no half-written output behind.
  const removeTemporaries = (): void => writer?.abort();
  let warnings: string[] = [];
  process.once('exit', removeTemporaries);
  try {
    const appender = writer === undefined ? undefined : new PartAppender(writer, partsDir, plan.meta.runs.length);
    if (appender !== undefined) {
      const waiting = new Set(todo);
      for (const i of mine) if (!waiting.has(i)) appender.finished(i);
    }
    const finished = (index: number): void => {
      done++;
      appender?.finished(index);
      options.onProgress?.({ done, total: mine.length, skipped });
    };
    await runTasks(tasks, poolOptions(workers, plugins, appender, finished));

    const record: RunRecord = {
      startedAt: started.toISOString(),
      wallTimeMs: Date.now() - started.getTime(),
      workers,
      shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    };
    if (options.shard !== undefined) {
      const { index, count } = options.shard;
      writeFileAtomic(
        join(out, `shard-${index}-of-${count}.json`),
        `${JSON.stringify({ ...record, runs: mine.length }, null, 2)}\n`,
      );
      return { out, plan: plan.meta, executed: todo.length, skipped, complete: false, warnings: [] };
    }
    options.onWriting?.();
    await appender!.settle();
    warnings = await writer!.finish(record, gitCommit(loaded.file));
  } catch (error) {
    writer?.abort();
    // Code in a plugin module is the user's: its failure is bad input, named and located.
    if (error instanceof Error && (error as { code?: unknown }).code === PLUGIN_FAILURE)
      throw badInput(error.message.replaceAll(`${cwd}${sep}`, ''));
    if (error instanceof PartDamage)
      throw badInput(
        `${displayName(error.path, cwd)}: expected a complete part file, received ${error.reason}; run the same command with --resume --out ${displayName(out, cwd)} to run it again`,
      );
    throw error;
  } finally {
    process.removeListener('exit', removeTemporaries);
  }
  if (!options.keepParts) rmSync(partsDir, { recursive: true, force: true });
  return { out, plan: plan.meta, executed: todo.length, skipped, complete: true, warnings };
}

/**
 * Whether the part file at `path` exists and is complete (see {@link readPart}); a damaged one
 * is removed, and a line saying so is added to `damaged`.
 */
function usablePart(path: string, runId: string, cwd: string, damaged: string[]): boolean {
  if (!existsSync(path)) return false;
  try {
    readPart(path);
    return true;
  } catch (error) {
    if (!(error instanceof PartDamage)) throw error;
    rmSync(path, { force: true });
    damaged.push(
      `${displayName(path, cwd)}: expected a complete part file, received ${error.reason}; removed, and its run ${runId} runs again`,
    );
    return false;
  }
}

function taskFor(plan: RunPlan, index: number, partsDir: string): RunTask {
  const run = plan.meta.runs[index]!;
  const config = plan.configs[run.config]!;
  return {
    ...partTask(plan.meta, plan.configs, index),
    run,
    calendar: config.calendar,
    recipe: config.recipe,
    recipeHash: config.recipeHash,
    partPath: join(partsDir, partName(index)),
    plugins: plan.pluginModules,
  };
}

/** How many runs past the last one in the outputs the runner hands out (see {@link poolOptions}). */
const AHEAD_OF_OUTPUTS = 64;

/**
 * How a scenario's runs use the pool ({@link runTasks}). With an appender, this thread also
 * appends the finished runs' parts to the outputs, between its own runs. A sliding window keeps
 * tasks queued per pool thread without holding them all; a deeper one while this thread may be
 * busy appending, so the pool does not wait for it. While the writing keeps threads of its own
 * busy (the Parquet encoder, on a large sweep), as many pool threads stay idle, with no queue,
 * so that `workers` threads in all are busy. Runs are handed out at most
 * {@link AHEAD_OF_OUTPUTS} runs ahead of the outputs: when writing is the slower part (a sweep
 * recording many rows), threads that would simulate further ahead only take cores from the
 * writer. With one worker, every run is simulated here, in order, and the appender's failure
 * stops them.
 */
function poolOptions(
  workers: number,
  plugins: LoadedPlugins,
  appender: PartAppender | undefined,
  finished: (index: number) => void,
): PoolOptions<RunTask, PartHeader> {
  const threads = workers - 1;
  const options: PoolOptions<RunTask, PartHeader> = {
    workers,
    module: './worker',
    base: import.meta.url,
    runHere: (task) => executeRun(task, plugins),
    onResult: (task) => finished(task.index),
    outsideFailure: () => appender?.error,
  };
  if (appender === undefined || workers === 1) return options;
  return {
    ...options,
    window: () => (appender.outputThreads > 0 ? Math.max(0, threads - appender.outputThreads) : threads * 8),
    mayStart: (task) => task.index - appender.nextRun < AHEAD_OF_OUTPUTS,
    subscribe: (wake) => (appender.onChange = wake),
  };
}

/**
 * Options of {@link mergeRuns}.
 *
 * @example
 * ```ts
 * await runScenario('scenarios/quickstart.yaml', { out: 'runs/s1', shard: { index: 1, count: 2 }, set: ['replicates=2', 'horizon=4'], workers: 1 });
 * const options: MergeOptions = { out: 'runs/all' };
 * try {
 *   await mergeRuns(['runs/s1', 'runs/s2'], options);
 * } catch (e) {
 *   // Each missing shard is named with the command that reruns it, then:
 *   console.log((e as ScenarioError).lines().at(-1)); // merge: 4 of 8 runs are missing; nothing was written
 * }
 * ```
 */
export interface MergeOptions {
  /** The run directory to write. */
  out: string;
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
  /**
   * The Slurm array script that wrote the shards (`shards.sbatch` of `chokepoint slurm`):
   * failed shards are then also reported as `sbatch --array=… SCRIPT`.
   */
  resubmit?: string;
  /** How the user runs chokepoint, for the commands the report of missing runs prints (e.g. `pnpm exec chokepoint`). Default `chokepoint`. */
  command?: string;
}

/** The file a shard writes into `parts/` when it starts: which shard, and how to rerun it. */
function startedMarker(index: number, count: number): string {
  return `shard-${index}-of-${count}.json`;
}

const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.json$/;

/** Whether a folder is absent or holds no file at any depth: a shard that never started. */
function isEmptyFolder(folder: string): boolean {
  if (!existsSync(folder)) return true;
  if (!statSync(folder).isDirectory()) return false;
  return readdirSync(folder, { withFileTypes: true }).every(
    (entry) => entry.isDirectory() && isEmptyFolder(join(folder, entry.name)),
  );
}

/**
 * Joins shard directories (each written by `run --shard i/N`) into one run directory whose
 * data files are byte-identical to an unsharded run's. When runs are missing it writes
 * nothing and names each failed shard, missing or unfinished, with the exact command that
 * reruns it (and, with `resubmit`, the `sbatch --array=…` line).
 *
 * @throws ScenarioError when a directory is not a shard directory, the shards belong to
 * different runs, or runs are missing.
 *
 * @example
 * ```ts
 * import { readdirSync } from 'node:fs';
 * const set = ['replicates=2', 'horizon=4'];
 * for (const index of [1, 2]) await runScenario('scenarios/quickstart.yaml', { out: `runs/s${index}`, shard: { index, count: 2 }, set, workers: 1 });
 * const { out, plan } = await mergeRuns(['runs/s1', 'runs/s2'], { out: 'runs/all' });
 * console.log(plan.runs.length, readdirSync(out).includes('metrics.csv')); // 8 true
 * ```
 */
export async function mergeRuns(
  dirs: readonly string[],
  options: MergeOptions,
): Promise<{ out: string; plan: PlanMeta; warnings: string[] }> {
  const cwd = options.cwd ?? process.cwd();
  if (dirs.length === 0) throw badInput(atCommandLine('<dirs>: expected at least one shard directory, received none'));
  const folders = dirs.map((d) => resolve(cwd, d));
  const show = (path: string): string => displayName(path, cwd);
  const resubmit = options.resubmit !== undefined ? resolve(cwd, options.resubmit) : undefined;
  let meta: PlanMeta | undefined;
  let metaFolder = '';
  let rerun: ShardRerun | undefined;
  const shards: Array<{
    shard: string;
    startedAt: string;
    wallTimeMs: number;
    workers: number | null;
    index: number;
    count: number;
  }> = [];
  // Shards whose folder is known, from the markers they wrote when they started or finished.
  const located: Array<{ index: number; count: number; folder: string }> = [];
  const absent: string[] = [];
  for (const folder of folders) {
    if (isEmptyFolder(folder)) {
      absent.push(folder);
      continue;
    }
    const plan = readPlan(folder);
    if (plan === undefined)
      throw badInput(
        `${show(folder)}: expected a shard directory (the --out of chokepoint run --shard i/N), received a folder without parts/plan.json`,
      );
    if (meta !== undefined && plan.hash !== meta.hash)
      throw badInput(
        `${show(folder)}: expected a shard of the same run as ${show(metaFolder)}, received a shard of a different run (plan hashes differ)`,
      );
    if (meta === undefined) metaFolder = folder;
    meta = plan;
    for (const name of readdirSync(folder)) {
      const match = SHARD_FILE.exec(name);
      if (!match) continue;
      const info = readJson<RunRecord>(join(folder, name), 'the shard record that chokepoint run --shard writes');
      const index = Number(match[1]);
      const count = Number(match[2]);
      located.push({ index, count, folder });
      if (!shards.some((s) => s.shard === `${index}/${count}`)) {
        shards.push({
          shard: `${index}/${count}`,
          startedAt: info.startedAt,
          wallTimeMs: info.wallTimeMs,
          workers: info.workers,
          index,
          count,
        });
      }
    }
    for (const name of readdirSync(join(folder, 'parts'))) {
      const match = SHARD_FILE.exec(name);
      if (!match) continue;
      located.push({ index: Number(match[1]), count: Number(match[2]), folder });
      rerun ??= readJson<{ rerun?: ShardRerun }>(
        join(folder, 'parts', name),
        'the shard marker that chokepoint run --shard writes',
      ).rerun;
    }
  }
  if (meta === undefined) {
    const lines = [
      `merge: none of the ${folders.length} shard director${folders.length === 1 ? 'y has' : 'ies have'} started (${absent.map(show).join(', ')} ${absent.length === 1 ? 'does not exist or is empty' : 'do not exist or are empty'})`,
    ];
    if (resubmit !== undefined) lines.push(`merge: submit the array job with: sbatch ${show(resubmit)}`);
    lines.push('merge: nothing was written');
    throw new ScenarioError([], lines.join('\n'));
  }
  const plan = meta;
  const partDirs = folders.map((f) => join(f, 'parts'));
  // Damaged parts (cut short, appended to, changed) count as missing: their shards run them again.
  const damaged: string[] = [];
  const missing = plan.runs
    .map((_, i) => i)
    .filter((i) => {
      const path = findPart(partDirs, i);
      if (path === undefined) return true;
      try {
        readPart(path);
        return false;
      } catch (error) {
        if (!(error instanceof PartDamage)) throw error;
        damaged.push(
          `${show(path)}: expected a complete part file, received ${error.reason} (run ${plan.runs[i]!.runId}); the command below runs it again`,
        );
        return true;
      }
    });
  if (missing.length > 0) {
    const count = located[0]?.count;
    if (count === undefined) {
      const none =
        absent.length > 0
          ? `; ${absent.map(show).join(', ')} ${absent.length === 1 ? 'does not exist or is empty' : 'do not exist or are empty'}`
          : '';
      throw badInput(
        [
          ...damaged,
          `merge: ${missing.length} of ${plan.runs.length} runs are missing (e.g. ${plan.runs[missing[0]!]!.runId}) and no shard files were found${none}; nothing was written`,
        ].join('\n'),
      );
    }
    const byShard = new Map<number, number[]>();
    for (const i of missing) {
      const shard = (i % count) + 1;
      byShard.set(shard, [...(byShard.get(shard) ?? []), i]);
    }
    const known = new Map<number, string>();
    for (const l of located) if (l.count === count && !known.has(l.index)) known.set(l.index, l.folder);
    // A shard that never started left no marker: find its folder by the numbering of the others.
    const unlocated = [...byShard.keys()].filter((index) => !known.has(index));
    const folderOf = new Map<number, string>();
    for (const index of unlocated) {
      const guess = guessShardFolder(known, index);
      if (guess !== undefined && (absent.includes(guess) || absent.length === 0)) folderOf.set(index, guess);
    }
    const unclaimed = absent.filter((f) => ![...folderOf.values()].includes(f));
    const stillUnlocated = unlocated.filter((index) => !folderOf.has(index));
    if (stillUnlocated.length === 1 && unclaimed.length === 1) folderOf.set(stillUnlocated[0]!, unclaimed[0]!);
    const gaps: ShardGap[] = [...byShard.entries()].map(([index, runs]) => {
      const folder = known.get(index) ?? folderOf.get(index);
      return { index, runs, started: known.has(index), ...(folder !== undefined ? { folder } : {}) };
    });
    const mergeScript = resubmit !== undefined ? slurmLayout(dirname(resubmit)).mergeScript : undefined;
    const lines = shardReport({
      count,
      total: plan.runs.length,
      runIds: plan.runs.map((r) => r.runId),
      gaps,
      ...(rerun !== undefined ? { rerun } : {}),
      fallbackFile: plan.scenario.path,
      ...(resubmit !== undefined ? { resubmit } : {}),
      ...(mergeScript !== undefined && existsSync(mergeScript) ? { mergeScript } : {}),
      absent,
      cwd,
      ...(options.command !== undefined ? { command: options.command } : {}),
    });
    throw new ScenarioError([], [...damaged, ...lines].join('\n'));
  }
  const out = resolve(cwd, options.out);
  if (!folders.includes(out) && existsSync(out) && readdirSync(out).length > 0)
    throw badInput(
      `${displayName(out, cwd)}: expected an empty or new directory for --out, received one that exists and is not empty (choose another --out)`,
    );
  shards.sort((a, b) => a.index - b.index);
  const startedAt = shards.map((s) => s.startedAt).sort()[0] ?? new Date().toISOString();
  const record: RunRecord = {
    startedAt,
    wallTimeMs: shards.reduce((sum, s) => sum + s.wallTimeMs, 0),
    workers: shards.reduce<number | null>(
      (max, s) => (s.workers !== null && (max === null || s.workers > max) ? s.workers : max),
      null,
    ),
    shard: null,
    merged: shards.map(({ shard, startedAt: at, wallTimeMs, workers }) => ({
      shard,
      startedAt: at,
      wallTimeMs,
      workers,
    })),
  };
  const scenarioPath = resolve(cwd, plan.scenario.path);
  const commit = existsSync(scenarioPath) ? gitCommit(scenarioPath) : null;
  if (folders.includes(out)) {
    const warnings = await writeOutputs(out, plan, partDirs, record, commit);
    return { out, plan, warnings };
  }
  // Written next to `out` and renamed into place, so a failure part-way leaves no partial result.
  const staging = `${out}.merging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  let warnings: string[];
  try {
    warnings = await writeOutputs(staging, plan, partDirs, record, commit);
    if (existsSync(out)) rmSync(out, { recursive: true });
    renameSync(staging, out);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { out, plan, warnings };
}
