import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Piscina } from 'piscina';
import { writeFileAtomic } from './atomic.js';
import { ScenarioError } from './diagnostics.js';
import { executeRun, partName, type RunTask } from './execute.js';
import { loadScenario, type LoadOptions } from './load.js';
import { findPart, gitCommit, writeOutputs, type RunRecord } from './outputs.js';
import { buildPlan, type PlanMeta, type PlanOptions, type RunPlan } from './plan.js';
import { loadPlugins, type LoadedPlugins } from './plugins.js';
import { displayName } from './source.js';

/** A shard of a sweep: runs whose index ≡ `index − 1` (mod `count`). */
export interface Shard {
  /** 1-based shard number. */
  index: number;
  /** Number of shards. */
  count: number;
}

/**
 * Parses `i/N` (1 ≤ i ≤ N).
 *
 * @example
 * ```ts
 * parseShard('2/4'); // { index: 2, count: 4 }
 * ```
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ScenarioError([{ file: '(command line)', line: 1, col: 1, path: '--shard', expected: 'i/N with 1 <= i <= N, e.g. 2/4', received: `"${text}"` }]);
  }
  return { index, count };
}

/** Progress of a run. */
export interface Progress {
  /** Runs finished, including skipped ones. */
  done: number;
  /** Runs in this invocation (the shard's runs when sharded). */
  total: number;
  /** Runs skipped because their part already existed (`--resume`). */
  skipped: number;
}

/** Options of {@link runScenario}. */
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
  /** Called once the plan is known. */
  onPlan?: (info: { plan: PlanMeta; out: string; total: number; skipped: number; workers: number }) => void;
  /** Called after each finished run. */
  onProgress?: (progress: Progress) => void;
  /** Called when every run is done and the outputs are being written. */
  onWriting?: () => void;
}

/** What {@link runScenario} did. */
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
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
}

/** Reads `parts/plan.json` of a run or shard directory, or undefined. */
export function readPlan(dir: string): PlanMeta | undefined {
  const path = join(dir, 'parts', 'plan.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as PlanMeta;
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
 * const result = await runScenario('scenarios/quickstart.yaml', { out: 'runs/qs', workers: 2 });
 * console.log(result.out); // runs/qs, with metrics.csv, metrics.parquet, summary.json, manifest.json, scenario.yaml
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
  const existing = readPlan(out);
  if (existing !== undefined) {
    if (existing.hash !== plan.meta.hash) {
      throw badInput(`${shown}: holds parts of a different run (another scenario, seed, --set or version); choose another --out`);
    }
    if (!options.resume && options.shard === undefined) {
      throw badInput(`${shown}: holds an unfinished run of this scenario; continue it with --resume, or choose another --out`);
    }
  } else if (existsSync(out) && readdirSync(out).length > 0) {
    const manifestPath = join(out, 'manifest.json');
    if (options.resume && existsSync(join(out, 'metrics.csv')) && existsSync(manifestPath)) {
      const finished = JSON.parse(readFileSync(manifestPath, 'utf8')) as { plan?: string };
      if (finished.plan !== plan.meta.hash) throw badInput(`${shown}: holds a finished run of a different scenario or settings; choose another --out`);
      return { out, plan: plan.meta, executed: 0, skipped: plan.meta.runs.length, complete: true };
    }
    throw badInput(`${shown}: exists and is not empty; choose another --out${options.resume ? ' (nothing to resume there)' : ''}`);
  }
  mkdirSync(partsDir, { recursive: true });
  for (const name of readdirSync(partsDir)) if (name.endsWith('.tmp')) rmSync(join(partsDir, name), { force: true });
  if (existing === undefined) writeFileAtomic(join(partsDir, 'plan.json'), `${JSON.stringify(plan.meta)}\n`);

  const mine = plan.meta.runs.map((_, i) => i).filter((i) => options.shard === undefined || i % options.shard.count === options.shard.index - 1);
  const todo = options.resume || options.shard !== undefined ? mine.filter((i) => !existsSync(join(partsDir, partName(i)))) : mine;
  const skipped = mine.length - todo.length;
  const workers = Math.max(1, Math.min(options.workers ?? cpus().length, Math.max(1, todo.length)));
  options.onPlan?.({ plan: plan.meta, out, total: mine.length, skipped, workers });
  let done = skipped;
  options.onProgress?.({ done, total: mine.length, skipped });
  const tasks = todo.map((i) => taskFor(plan, i, partsDir));
  const finished = (): void => {
    done++;
    options.onProgress?.({ done, total: mine.length, skipped });
  };
  if (workers === 1) {
    for (const task of tasks) {
      executeRun(task, plugins);
      finished();
      // Let timers (the progress bar) run between simulations.
      await new Promise((r) => setImmediate(r));
    }
  } else {
    await runInPool(tasks, workers, finished, plugins);
  }

  const record: RunRecord = {
    startedAt: started.toISOString(),
    wallTimeMs: Date.now() - started.getTime(),
    workers,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
  };
  if (options.shard !== undefined) {
    const { index, count } = options.shard;
    writeFileAtomic(join(out, `shard-${index}-of-${count}.json`), `${JSON.stringify({ ...record, runs: mine.length }, null, 2)}\n`);
    return { out, plan: plan.meta, executed: todo.length, skipped, complete: false };
  }
  options.onWriting?.();
  await writeOutputs(out, plan.meta, [partsDir], record, gitCommit(loaded.file));
  if (!options.keepParts) rmSync(partsDir, { recursive: true, force: true });
  return { out, plan: plan.meta, executed: todo.length, skipped, complete: true };
}

function taskFor(plan: RunPlan, index: number, partsDir: string): RunTask {
  const run = plan.meta.runs[index]!;
  const config = plan.configs[run.config]!;
  const point = plan.meta.points[run.point]!;
  return {
    index,
    run,
    scenario: plan.meta.name,
    steps: config.steps,
    calendar: config.calendar,
    record: config.record,
    keyMetrics: plan.meta.keyMetrics,
    columnValues: plan.meta.columns.map((c) => String(point[c])),
    recipe: config.recipe,
    recipeHash: config.recipeHash,
    partPath: join(partsDir, partName(index)),
    plugins: plan.pluginModules,
    ...(plan.meta.variables !== undefined ? { variables: plan.meta.variables } : {}),
  };
}

/** process.execArgv without module hooks and conditions (`--import x`, `--import=x`, …), which the worker sets itself. */
function baseExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^--(import|loader|experimental-loader|require|conditions)$/.test(arg) || arg === '-r' || arg === '-C') {
      i++;
      continue;
    }
    if (/^--(import|loader|experimental-loader|require|conditions)=/.test(arg)) continue;
    out.push(arg);
  }
  return out;
}

/**
 * Where a worker module is, and how to start it: compiled, or TypeScript through tsx.
 * `module` is relative to this file, without extension (calibration has its own worker).
 */
export function workerEntry(module = './worker'): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    let tsx = 'tsx';
    try {
      tsx = import.meta.resolve('tsx');
    } catch {
      // Fall back to the bare specifier (resolved from the working directory).
    }
    return { filename: new URL(`${module}.ts`, here).href, execArgv: [...baseExecArgv(), '--conditions=source', '--import', tsx] };
  }
  return { filename: new URL(`${module}.js`, here).href, execArgv: baseExecArgv() };
}

/**
 * Runs the tasks on `workers` threads: this one and a pool of `workers − 1`. This thread
 * starts at once, while the pool's threads are still loading the engine (a second or so
 * from source), and keeps taking tasks from the same queue afterwards, so the pool's
 * start-up is never on the critical path. Which thread runs a task changes nothing in its
 * output: each run writes its own part file from its own seed.
 */
async function runInPool(tasks: RunTask[], workers: number, finished: () => void, plugins: LoadedPlugins): Promise<void> {
  const entry = workerEntry();
  const threads = workers - 1;
  const pool = new Piscina({ filename: entry.filename, execArgv: entry.execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  let next = 0;
  let failure: { error: unknown } | undefined;
  try {
    // A sliding window keeps two tasks queued per pool thread without holding them all.
    const window = threads * 2;
    let active = 0;
    let wake: (() => void) | undefined;
    const pump = (): void => {
      while (failure === undefined && active < window && next < tasks.length) {
        const task = tasks[next++]!;
        active++;
        pool.run(task).then(
          () => {
            active--;
            finished();
            pump();
            wake?.();
          },
          (error: unknown) => {
            active--;
            failure ??= { error };
            wake?.();
          },
        );
      }
    };
    pump();
    // This thread's share: one task at a time, yielding in between so pool results,
    // the progress bar and signals are handled.
    while (failure === undefined && next < tasks.length) {
      const task = tasks[next++]!;
      executeRun(task, plugins);
      finished();
      await new Promise((r) => setImmediate(r));
      pump();
    }
    while (active > 0) await new Promise<void>((r) => (wake = r));
    if (failure !== undefined) throw failure.error;
  } finally {
    await pool.destroy();
  }
}

/** Options of {@link mergeRuns}. */
export interface MergeOptions {
  /** The run directory to write. */
  out: string;
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
}

/**
 * Joins shard directories (each written by `run --shard i/N`) into one run directory whose
 * data files are byte-identical to an unsharded run's. Reports missing shards and
 * unfinished ones.
 *
 * @throws ScenarioError when a directory is not a shard directory, the shards belong to
 * different runs, or runs are missing.
 *
 * @example
 * ```ts
 * await mergeRuns(['runs/s1', 'runs/s2'], { out: 'runs/all' });
 * ```
 */
export async function mergeRuns(dirs: readonly string[], options: MergeOptions): Promise<{ out: string; plan: PlanMeta }> {
  const cwd = options.cwd ?? process.cwd();
  if (dirs.length === 0) throw badInput('merge: expected at least one shard directory');
  const folders = dirs.map((d) => resolve(cwd, d));
  let meta: PlanMeta | undefined;
  const shards: Array<{ shard: string; startedAt: string; wallTimeMs: number; workers: number | null; index: number; count: number }> = [];
  for (const folder of folders) {
    const plan = readPlan(folder);
    if (plan === undefined) throw badInput(`${displayName(folder, cwd)}: not a shard directory (no parts/plan.json); expected the --out of \`chokepoint run --shard i/N\``);
    if (meta !== undefined && plan.hash !== meta.hash) throw badInput(`${displayName(folder, cwd)}: belongs to a different run than ${displayName(folders[0]!, cwd)} (plan hashes differ)`);
    meta = plan;
    for (const name of readdirSync(folder)) {
      const match = /^shard-(\d+)-of-(\d+)\.json$/.exec(name);
      if (!match) continue;
      const info = JSON.parse(readFileSync(join(folder, name), 'utf8')) as RunRecord;
      if (!shards.some((s) => s.shard === `${match[1]}/${match[2]}`)) {
        shards.push({ shard: `${match[1]}/${match[2]}`, startedAt: info.startedAt, wallTimeMs: info.wallTimeMs, workers: info.workers, index: Number(match[1]), count: Number(match[2]) });
      }
    }
  }
  const plan = meta!;
  const partDirs = folders.map((f) => join(f, 'parts'));
  const missing = plan.runs.map((_, i) => i).filter((i) => findPart(partDirs, i) === undefined);
  if (missing.length > 0) {
    const count = shards[0]?.count;
    if (count === undefined) throw badInput(`merge: ${missing.length} of ${plan.runs.length} runs are missing (e.g. ${plan.runs[missing[0]!]!.runId}) and no shard files were found`);
    const byShard = new Map<number, number[]>();
    for (const i of missing) {
      const shard = (i % count) + 1;
      byShard.set(shard, [...(byShard.get(shard) ?? []), i]);
    }
    const present = new Set(shards.filter((s) => s.count === count).map((s) => s.index));
    const lines = [...byShard.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([shard, runs]) =>
        present.has(shard)
          ? `merge: shard ${shard}/${count} is unfinished: ${runs.length} of its runs are missing (e.g. ${plan.runs[runs[0]!]!.runId}); finish it with \`chokepoint run ${plan.scenario.path} --shard ${shard}/${count} --resume --out DIR\``
          : `merge: shard ${shard}/${count} is missing (${runs.length} runs, e.g. ${plan.runs[runs[0]!]!.runId}); run it with \`chokepoint run ${plan.scenario.path} --shard ${shard}/${count} --out DIR\``,
      );
    throw new ScenarioError([], lines.join('\n'));
  }
  const out = resolve(cwd, options.out);
  if (!folders.includes(out) && existsSync(out) && readdirSync(out).length > 0) throw badInput(`${displayName(out, cwd)}: exists and is not empty; choose another --out`);
  mkdirSync(out, { recursive: true });
  shards.sort((a, b) => a.index - b.index);
  const startedAt = shards.map((s) => s.startedAt).sort()[0] ?? new Date().toISOString();
  const record: RunRecord = {
    startedAt,
    wallTimeMs: shards.reduce((sum, s) => sum + s.wallTimeMs, 0),
    workers: shards.reduce<number | null>((max, s) => (s.workers !== null && (max === null || s.workers > max) ? s.workers : max), null),
    shard: null,
    merged: shards.map(({ shard, startedAt: at, wallTimeMs, workers }) => ({ shard, startedAt: at, wallTimeMs, workers })),
  };
  const scenarioPath = resolve(cwd, plan.scenario.path);
  await writeOutputs(out, plan, partDirs, record, existsSync(scenarioPath) ? gitCommit(scenarioPath) : null);
  return { out, plan };
}
