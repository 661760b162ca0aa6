/**
 * Compares a benchmark run with the committed baseline, bench/results/baseline.json.
 *
 * Run: `pnpm bench:compare` runs the suite (as `pnpm bench` does, writing
 * bench/results/latest.json) and then compares; `--no-run` compares the
 * existing latest.json instead; `--quick` runs only the small sizes.
 *
 * For every case present in both files it prints the ratio current / baseline
 * of edge-steps per second (higher is better), of bytes per edge and peak RSS
 * (lower is better), and of the scaling exponents, and flags any regression
 * over 10%. Speed counts as regressed only when both the median and the
 * fastest repetition are over 10% slower: on a shared machine a busy
 * neighbour slows the median, rarely the fastest repetition. Peak RSS is
 * flagged only from 1e6 edges, where the world, not Node's own ~100 MiB,
 * dominates it. Ms per step with metrics is shown, not flagged (3
 * repetitions only). Sweep throughput
 * (bench/results/sweep-latest.json from `pnpm bench:sweep`: runs per second,
 * speedup, and seconds spent writing the outputs) is compared with
 * sweep-baseline.json when both exist. Timings on a shared machine are noisy,
 * so a regression makes the exit status non-zero only with `--strict`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lastSweep, printTable, runSuite, type ResultRow } from './step.bench.ts';
import { checkTargets, printTargets } from './targets.ts';

/** Relative change beyond which a figure counts as a regression. */
export const TOLERANCE = 0.1;

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, 'results');

/** One compared figure. */
export interface Comparison {
  /** Case name, e.g. `step/1e6`, or `scaling/step`, `sweep/quickstart/2-workers`. */
  name: string;
  /** What was compared, e.g. `edgeStepsPerSec`. */
  figure: string;
  baseline: number;
  current: number;
  /** current / baseline. */
  ratio: number;
  /** Whether the figure got worse by more than {@link TOLERANCE} (and is one that is flagged). */
  regression: boolean;
}

/** Figures compared per case, whether higher is better, and whether a change is flagged for a row. */
const FIGURES: ReadonlyArray<{ key: keyof ResultRow; higherIsBetter: boolean; flagged: (row: ResultRow) => boolean }> =
  [
    { key: 'edgeStepsPerSec', higherIsBetter: true, flagged: () => true },
    { key: 'msPerStepWithMetrics', higherIsBetter: false, flagged: () => false },
    { key: 'bytesPerEdge', higherIsBetter: false, flagged: () => true },
    { key: 'peakRssMiB', higherIsBetter: false, flagged: (row) => row.edges >= 1e6 },
  ];

/** A comparison of one figure; `higherIsBetter` decides which direction is a regression. */
function compareFigure(
  name: string,
  figure: string,
  baseline: number,
  current: number,
  higherIsBetter: boolean,
): Comparison {
  const ratio = current / baseline;
  const regression = higherIsBetter ? ratio < 1 - TOLERANCE : ratio > 1 + TOLERANCE;
  return { name, figure, baseline, current, ratio, regression };
}

/**
 * Compares the rows of a run with the baseline's, case by case (matched by
 * name), plus the fitted scaling exponents.
 *
 * @example
 * ```ts
 * const [speed] = compareRuns([{ ...row, edgeStepsPerSec: 30e6 }], [{ ...row, edgeStepsPerSec: 25e6 }]);
 * speed.ratio; // 0.833…, a regression over 10%
 * ```
 */
export function compareRuns(baseline: readonly ResultRow[], latest: readonly ResultRow[]): Comparison[] {
  const out: Comparison[] = [];
  for (const current of latest) {
    const base = baseline.find((r) => r.name === current.name);
    if (base === undefined) continue;
    for (const { key, higherIsBetter, flagged } of FIGURES) {
      const b = base[key];
      const c = current[key];
      if (typeof b !== 'number' || typeof c !== 'number' || !(b > 0)) continue;
      const comparison = compareFigure(current.name, key, b, c, higherIsBetter);
      if (!flagged(current)) comparison.regression = false;
      // Slower only if the fastest repetition is slower too (same case, so the same edges).
      if (key === 'edgeStepsPerSec' && base.msPerStepMin > 0 && current.msPerStepMin > 0) {
        comparison.regression &&= base.msPerStepMin / current.msPerStepMin < 1 - TOLERANCE;
      }
      out.push(comparison);
    }
  }
  // Exponents are only comparable over the same sizes.
  const sameSizes = (kind: string): boolean => {
    const names = (rows: readonly ResultRow[]): string =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.name)
        .join();
    return names(baseline) === names(latest);
  };
  for (const [kind, key] of [
    ['step', 'scalingExponent'],
    ['policy', 'policyScalingExponent'],
  ] as const) {
    const b = baseline[0]?.[key];
    const c = latest[0]?.[key];
    if (typeof b === 'number' && typeof c === 'number' && sameSizes(kind))
      out.push(compareFigure(`scaling/${kind}`, 'exponent', b, c, false));
  }
  return out;
}

/** One row of sweep-latest.json / sweep-baseline.json (the fields compared). */
export interface SweepRow {
  name: string;
  runsPerSec: number;
  speedup?: number;
  /** Seconds of output writing left after the last run (absent in baselines taken before it was measured). */
  writeSec?: number;
}

/**
 * A rise in `writeSec` smaller than this many seconds is noise, whatever its ratio: the
 * outputs are written while the runs simulate, so only a fraction of a second is left after them.
 */
export const WRITE_NOISE_SEC = 0.25;

/**
 * Compares sweep rows matched by name: runs per second and speedup (higher is better), and
 * seconds of output writing left after the last run (lower is better; a rise under
 * {@link WRITE_NOISE_SEC} is not flagged).
 */
export function compareSweeps(baseline: readonly SweepRow[], latest: readonly SweepRow[]): Comparison[] {
  const out: Comparison[] = [];
  for (const current of latest) {
    const base = baseline.find((r) => r.name === current.name);
    if (base === undefined) continue;
    out.push(compareFigure(current.name, 'runsPerSec', base.runsPerSec, current.runsPerSec, true));
    if (base.speedup !== undefined && current.speedup !== undefined)
      out.push(compareFigure(current.name, 'speedup', base.speedup, current.speedup, true));
    if (base.writeSec !== undefined && current.writeSec !== undefined) {
      const comparison = compareFigure(current.name, 'writeSec', base.writeSec, current.writeSec, false);
      comparison.regression &&= current.writeSec - base.writeSec >= WRITE_NOISE_SEC;
      out.push(comparison);
    }
  }
  return out;
}

function load<T>(name: string): T {
  const path = join(results, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    console.error(`${path}: cannot read (${(error as Error).message}); run \`pnpm bench\` first`);
    process.exit(2);
  }
}

function format(value: number): string {
  return Math.abs(value) >= 1e5 ? `${(value / 1e6).toFixed(2)}M` : value >= 100 ? value.toFixed(0) : value.toFixed(3);
}

// Run as a script (not when imported).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const baseline = load<ResultRow[]>('baseline.json');
  let latest: ResultRow[];
  if (process.argv.includes('--no-run')) latest = load<ResultRow[]>('latest.json');
  else {
    latest = await runSuite({ quick, inProcess: false, out: join(results, 'latest.json') });
    printTable(latest);
    console.log();
  }
  const b = baseline[0];
  const l = latest[0];
  if (b !== undefined && l !== undefined) {
    console.log(
      `baseline: ${b.date} ${b.commit?.slice(0, 10) ?? ''} ${b.cpu} node ${b.node}, load ${b.loadAverageStart?.toFixed(1) ?? '?'}`,
    );
    console.log(
      `current:  ${l.date} ${l.commit?.slice(0, 10) ?? ''} ${l.cpu} node ${l.node}, load ${l.loadAverageStart?.toFixed(1) ?? '?'}`,
    );
    if (b.cpu !== l.cpu || b.node !== l.node)
      console.log('warning: different CPU or Node version; ratios compare machines, not code');
  }
  const comparisons = compareRuns(baseline, latest);
  if (existsSync(join(results, 'sweep-latest.json')) && existsSync(join(results, 'sweep-baseline.json'))) {
    const sweepLatest = load<Array<SweepRow & { date?: string }>>('sweep-latest.json');
    console.log(
      `sweep figures: the last \`pnpm bench:sweep\` run (${sweepLatest[0]?.date ?? 'undated'}); it is not rerun here`,
    );
    comparisons.push(...compareSweeps(load<SweepRow[]>('sweep-baseline.json'), sweepLatest));
  }
  const width = Math.max(...comparisons.map((c) => c.name.length), 4);
  console.log(
    `${'case'.padEnd(width)}  ${'figure'.padEnd(20)}  ${'baseline'.padStart(9)}  ${'current'.padStart(9)}  ${'ratio'.padStart(6)}`,
  );
  for (const c of comparisons) {
    console.log(
      `${c.name.padEnd(width)}  ${c.figure.padEnd(20)}  ${format(c.baseline).padStart(9)}  ${format(c.current).padStart(9)}  ${c.ratio.toFixed(3).padStart(6)}${c.regression ? '  REGRESSION' : ''}`,
    );
  }
  const missing = baseline.filter((r) => !latest.some((x) => x.name === r.name)).map((r) => r.name);
  if (missing.length > 0 && !quick) console.log(`not in this run: ${missing.join(', ')}`);
  printTargets(checkTargets(latest, lastSweep()));
  const regressions = comparisons.filter((c) => c.regression).length;
  console.log(
    regressions === 0
      ? `no regression over ${TOLERANCE * 100}%`
      : `${regressions} regression(s) over ${TOLERANCE * 100}%`,
  );
  if (regressions > 0 && process.argv.includes('--strict')) process.exit(1);
}
