/**
 * The step benchmark suite: throughput, memory and scaling of the engine.
 *
 * Run: `pnpm bench` (everything, about 2.5 minutes), `pnpm bench -- --quick`
 * (1e4 and 1e5 edges only; also `BENCH_QUICK=1`). Writes
 * bench/results/latest.json (an array of rows, each carrying the run's
 * metadata) and prints a table. `pnpm bench:compare` compares it with the
 * committed bench/results/baseline.json.
 *
 * Cases, each run in a fresh child process so that its peak memory, its JIT
 * state and its garbage are its own:
 * - `step/<edges>`: the full `step(world)` on synthetic worlds of about 1e4,
 *   1e5, 1e6 and 1e7 edges from `generateWorld`, under a permissions shock
 *   that keeps rationing and substitution busy every step (see {@link applyShock}).
 *   The policy layer is inactive (no measures), so this is the production and
 *   trade engine of issue 2.
 * - `policy/<edges>`: the same worlds and shock with the policy layer active
 *   (issue 8): export controls, a foreign direct product rule (origin-content
 *   tracking), and reciprocal tariffs in force, so compliance, supplier search,
 *   import substitution, design-out and observation run every step.
 * - `world-2023/40q`: one 40-quarter run of the calibrated world-2023 under
 *   the aligned-sanctions arm of scenarios/experiments/sanctions-short-vs-long-run.yaml,
 *   end to end (`simulate`: createWorld, 40 steps, recordMetrics), once warm,
 *   recording every metric (simulate's defaults: firms, flows, states, policy);
 *   `world-2023/40q-states` records state- and world-level metrics only, as
 *   the experiments do. The record options are pinned here, not taken from
 *   the scenario file, so an edit to the scenario does not move the figure.
 *
 * Options: `--quick`; `--only=<regex>` to pick cases by name; `--in-process`
 * to run the cases in this process (for `node --cpu-prof`); `--out=<file>`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  MetricsTable,
  Rng,
  createWorld,
  generateWorld,
  recordMetrics,
  selectEdges,
  setBlocked,
  setLicenceProbability,
  setTariff,
  simulate,
  step,
  worldBytes,
  type MeasureSpec,
  type RecordOptions,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { checkTargets, printTargets, type SweepTargetRow } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Target edge counts of the synthetic worlds. */
export const SIZES = [1e4, 1e5, 1e6, 1e7] as const;
/** Edges per firm that `generateWorld` produces with the options below (measured: 5.9–6.0), to hit the target sizes. */
const EDGES_PER_FIRM = 5.95;
/** States and products of the synthetic worlds. */
const STATES = 20;
const PRODUCTS = 40;

/** Kind of benchmark case. */
export type CaseKind = 'step' | 'policy' | 'world-2023';

/** One benchmark case. */
export interface BenchCase {
  /** Name, e.g. `step/1e6`; the key bench:compare matches rows on. */
  name: string;
  kind: CaseKind;
  /** Target edge count (synthetic worlds). */
  targetEdges: number;
}

/** One result row of bench/results/latest.json (before the run metadata is added). */
export interface BenchRow {
  name: string;
  kind: CaseKind;
  /** Edges when timing started. */
  edges: number;
  firms: number;
  /** Edge-steps per wall-clock second, median over repetitions (edges summed over the timed steps). */
  edgeStepsPerSec: number;
  /** Edge-steps per second of process CPU time, median; less sensitive to other processes on a shared machine. */
  edgeStepsPerCpuSec: number;
  /** `worldBytes(world) / edges` of the world as built: its typed arrays per edge. */
  bytesPerEdge: number;
  /** Wall ms per step: median, fastest and (max − min) / median of the repetitions. */
  msPerStep: number;
  msPerStepMin: number;
  msPerStepSpread: number;
  /** Wall ms of one step plus state-level `recordMetrics`, median. */
  msPerStepWithMetrics: number;
  repetitions: number;
  stepsPerRepetition: number;
  warmupSteps: number;
  /** Seconds to generate the spec (world-2023: to load and plan the scenario) and to build the world. */
  generateSeconds: number;
  createSeconds: number;
  /** MiB of the world's typed arrays. */
  worldMiB: number;
  /** RSS just after createWorld, and the process's peak RSS (maxRSS) over the whole case, MiB. */
  rssAfterCreateMiB: number;
  peakRssMiB: number;
  /** Workload: shares of firms rationing (fill rate < 1), of slots with a shortfall, and of restricted edges (blocked or licence < 1), averaged over the repetitions. */
  rationedFirmShare: number;
  shortSlotShare: number;
  restrictedEdgeShare: number;
  /** Edges supplier search added during the timed steps (policy cases). */
  edgesAdded: number;
  /** world-2023 only: wall ms per 40-step run (median) and runs per second. */
  msPerRun?: number;
  runsPerSec?: number;
}

/** Metadata added to every row. */
export interface RunMeta {
  date: string;
  commit: string | null;
  node: string;
  v8: string;
  cpu: string;
  cpus: number;
  totalMemGiB: number;
  /** 1-minute load average at the start and end of the suite (the machine may be shared). */
  loadAverageStart: number;
  loadAverageEnd: number;
  quick: boolean;
  /** Least-squares slope of log(ms per step) on log(edges) over the `step/*` rows, and over the `policy/*` rows. */
  scalingExponent: number | null;
  policyScalingExponent: number | null;
}

/** A row as written to latest.json. */
export type ResultRow = BenchRow & RunMeta;

/** The cases of the suite, in run order. */
export function benchCases(quick: boolean): BenchCase[] {
  const sizes = quick ? SIZES.slice(0, 2) : SIZES;
  return [
    ...sizes.map((targetEdges) => ({ name: `step/${sizeLabel(targetEdges)}`, kind: 'step' as const, targetEdges })),
    ...sizes.map((targetEdges) => ({ name: `policy/${sizeLabel(targetEdges)}`, kind: 'policy' as const, targetEdges })),
    { name: 'world-2023/40q', kind: 'world-2023', targetEdges: 0 },
    { name: 'world-2023/40q-states', kind: 'world-2023', targetEdges: 0 },
  ];
}

function sizeLabel(edges: number): string {
  return `1e${Math.round(Math.log10(edges))}`;
}

/** The synthetic world of about `edges` edges; with `policy`, measures in force from step 0. */
export function syntheticSpec(edges: number, policy: boolean): WorldSpec {
  const spec = generateWorld({
    states: STATES,
    products: PRODUCTS,
    firms: Math.round(edges / EDGES_PER_FIRM),
    suppliersPerInput: 4,
    seed: 1,
  });
  if (policy) {
    // Products p10–p19 form layer 1, p20–p29 layer 2 (4 layers of 10); s0 plays the US, s1 China, s2 an ally.
    const products = (from: number, to: number): string[] =>
      Array.from({ length: to - from }, (_, i) => `p${from + i}`);
    const measures: MeasureSpec[] = [
      { type: 'export_control', issuer: 's0', targets: ['s1'], products: products(10, 20), licence: 0.2 },
      { type: 'export_control', issuer: 's2', targets: ['s1'], products: products(10, 20), licence: 0.5 },
      {
        type: 'foreign_direct_product_rule',
        issuer: 's0',
        targets: ['s1'],
        products: products(20, 30),
        deMinimis: 0.25,
      },
      { type: 'tariff', issuer: 's0', rate: 0.25, from: ['s1'] },
      { type: 'tariff', issuer: 's1', rate: 0.25, from: ['s0'] },
    ];
    spec.measures = measures;
  }
  return spec;
}

/**
 * The shock that keeps rationing and substitution busy in every timed step,
 * standing in for a policy layer: through the public permission API, 3% of
 * edges blocked, 5% tariffed at 25%, 5% needing a licence granted with
 * p = 0.8 (a fresh draw every step), plus an export-control-like cut (s0's
 * layer-1 exports to s1 blocked) and a licence regime (p = 0.5) on s2's
 * exports to s1. Returns the firms to damage, in 8 rotating groups of 1% of
 * firms, so capacity damage (which heals with τ = 60 days) never dies out.
 */
export function applyShock(world: World): Int32Array[] {
  const rng = new Rng('bench-shock');
  const E = world.edgeSupplier.length;
  const blocked: number[] = [];
  const tariffed: number[] = [];
  const licensed: number[] = [];
  for (let e = 0; e < E; e++) {
    const u = rng.next();
    if (u < 0.03) blocked.push(e);
    else if (u < 0.08) tariffed.push(e);
    else if (u < 0.13) licensed.push(e);
  }
  setBlocked(world, blocked, true);
  setTariff(world, tariffed, 0.25);
  setLicenceProbability(world, licensed, 0.8);
  const layer1 = (e: number): boolean => {
    const p = world.firmProduct[world.edgeSupplier[e]!]!;
    return p >= 10 && p < 20;
  };
  setBlocked(world, selectEdges(world, { supplierState: 's0', buyerState: 's1' }).filter(layer1), true);
  setLicenceProbability(world, selectEdges(world, { supplierState: 's2', buyerState: 's1' }), 0.5);

  const F = world.firmIds.length;
  const groups: number[][] = Array.from({ length: 8 }, () => []);
  for (let f = 0; f < F; f++) {
    const u = rng.next();
    if (u < 0.08) groups[Math.floor(u / 0.01)]!.push(f);
  }
  return groups.map((g) => Int32Array.from(g));
}

/** Damages one rotating group of firms by half: cheap (1% of firms) and keeps scarcity fresh. */
export function damage(world: World, groups: Int32Array[], i: number): void {
  const group = groups[i % groups.length]!;
  for (let j = 0; j < group.length; j++) world.firmDamage[group[j]!] = 0.5;
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Least-squares slope of log(y) against log(x): the exponent b of y ∝ x^b.
 *
 * @example
 * ```ts
 * fitExponent([1e4, 1e5, 1e6], [1, 10, 100]); // 1
 * ```
 */
export function fitExponent(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return den > 0 ? num / den : null;
}

const MiB = 2 ** 20;
const rssMiB = (): number => process.memoryUsage().rss / MiB;
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const log = (message: string): void => void process.stderr.write(`  ${message}\n`);

/** Workload counters of the world's last step. */
function workload(world: World): { rationed: number; short: number; restricted: number } {
  const F = world.firmIds.length;
  let rationed = 0;
  for (let f = 0; f < F; f++) if (world.firmFillRate[f]! < 1 - 1e-12) rationed++;
  const slots = world.slotOwner.length;
  let short = 0;
  for (let s = 0; s < slots; s++) {
    if (world.slotUnplaced[s]! > 0) {
      short++;
      continue;
    }
    for (let e = world.slotEdgeStart[s]!; e < world.slotEdgeStart[s + 1]!; e++) {
      if (world.edgeDelivered[e]! < world.edgeOrder[e]! * (1 - 1e-12)) {
        short++;
        break;
      }
    }
  }
  const E = world.edgeSupplier.length;
  let restricted = 0;
  for (let e = 0; e < E; e++) if (world.edgeBlocked[e] === 1 || world.edgeLicenceProbability[e]! < 1) restricted++;
  return { rationed: rationed / F, short: short / slots, restricted: restricted / E };
}

/** Steps a throwaway copy of a case's world for about half a second, so the JIT is warm. */
function warmJit(c: BenchCase): void {
  const world = createWorld(syntheticSpec(c.targetEdges, c.kind === 'policy'), 1);
  const groups = applyShock(world);
  const start = performance.now();
  for (let i = 0; i < 2000 && performance.now() - start < 500; i++) {
    damage(world, groups, i);
    step(world);
  }
}

/** Measures one synthetic case: warm-up, then the median of several timed repetitions. */
function measureSynthetic(c: BenchCase): BenchRow {
  let started = performance.now();
  let spec: WorldSpec | undefined = syntheticSpec(c.targetEdges, c.kind === 'policy');
  const generateSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const world = createWorld(spec, 1);
  const createSeconds = (performance.now() - started) / 1000;
  spec = undefined; // only the world stays alive while stepping
  const groups = applyShock(world);
  const rssAfterCreateMiB = rssMiB();
  const E0 = world.edgeSupplier.length;
  // Per edge of the world as built: supplier search later adds edges while firm and slot arrays stay put.
  const bytesPerEdge = worldBytes(world) / E0;
  log(
    `${c.name}: ${E0} edges, generate ${generateSeconds.toFixed(2)} s, create ${createSeconds.toFixed(2)} s, rss ${rssAfterCreateMiB.toFixed(0)} MiB`,
  );

  const big = E0 >= 5e6;
  let k = 0;
  let warmupSteps = 0;
  let stepsPerRepetition: number;
  let repetitions: number;
  if (c.kind === 'policy') {
    // With policy, the network keeps growing (supplier search), so the cost of a step depends
    // on how long the measures have been in force. Every size times the same window, steps
    // 9–28 (9–16 at 1e7); small worlds first warm the JIT up on a throwaway copy.
    if (E0 < 3e5) warmJit(c);
    warmupSteps = 8;
    for (let i = 0; i < warmupSteps; i++) {
      damage(world, groups, k++);
      step(world);
    }
    stepsPerRepetition = 4;
    repetitions = big ? 2 : 5; // a 1e7 policy step takes seconds: two 4-step repetitions keep the suite short
  } else {
    // Warm up for at least 4 steps and half a second (JIT, caches), then size the repetitions
    // from the last warm step: about a quarter second each.
    let lastStepMs = 0;
    const warmStart = performance.now();
    while (warmupSteps < 300 && (warmupSteps < 4 || performance.now() - warmStart < 500)) {
      const t = performance.now();
      damage(world, groups, k++);
      step(world);
      lastStepMs = performance.now() - t;
      warmupSteps++;
    }
    stepsPerRepetition = Math.max(3, Math.min(1000, Math.round(250 / lastStepMs)));
    repetitions = big ? 5 : 7;
  }

  const wall: number[] = [];
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const counters = { rationed: 0, short: 0, restricted: 0 };
  const edgesBefore = world.edgeSupplier.length;
  for (let r = 0; r < repetitions; r++) {
    let edgeSteps = 0;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < stepsPerRepetition; i++) {
      damage(world, groups, k++);
      edgeSteps += world.edgeSupplier.length;
      step(world);
    }
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    const cpuMs = (used.user + used.system) / 1000;
    wall.push(ms / stepsPerRepetition);
    rates.push(edgeSteps / (ms / 1000));
    cpuRates.push(edgeSteps / (cpuMs / 1000));
    const w = workload(world);
    counters.rationed += w.rationed / repetitions;
    counters.short += w.short / repetitions;
    counters.restricted += w.restricted / repetitions;
  }
  const edgesAdded = world.edgeSupplier.length - edgesBefore;

  // One step plus state-level metrics (no per-firm rows, no flow rows), timed separately.
  const withMetrics: number[] = [];
  const metricsRepetitions = big && c.kind === 'policy' ? 1 : Math.min(3, repetitions);
  for (let r = 0; r < metricsRepetitions; r++) {
    const table = new MetricsTable();
    const start = performance.now();
    for (let i = 0; i < stepsPerRepetition; i++) {
      damage(world, groups, k++);
      step(world);
      recordMetrics(world, table, { firms: false, flows: false, states: true, policy: false });
    }
    withMetrics.push((performance.now() - start) / stepsPerRepetition);
  }

  const msPerStep = median(wall);
  return {
    name: c.name,
    kind: c.kind,
    edges: E0,
    firms: world.firmIds.length,
    edgeStepsPerSec: median(rates),
    edgeStepsPerCpuSec: median(cpuRates),
    bytesPerEdge,
    msPerStep,
    msPerStepMin: Math.min(...wall),
    msPerStepSpread: (Math.max(...wall) - Math.min(...wall)) / msPerStep,
    msPerStepWithMetrics: median(withMetrics),
    repetitions,
    stepsPerRepetition,
    warmupSteps,
    generateSeconds,
    createSeconds,
    worldMiB: worldBytes(world) / MiB,
    rssAfterCreateMiB,
    peakRssMiB: peakRssMiB(),
    rationedFirmShare: counters.rationed,
    shortSlotShare: counters.short,
    restrictedEdgeShare: counters.restricted,
    edgesAdded,
  };
}

/** Measures world-2023, 40 quarters end to end (createWorld + steps + metrics with the case's pinned record options), once warm. */
async function measureWorld2023(c: BenchCase): Promise<BenchRow> {
  const { buildPlan, loadScenario, materializeWorld } = await import('@chokepoint/scenario');
  const started = performance.now();
  const plan = buildPlan(loadScenario('scenarios/experiments/sanctions-short-vs-long-run.yaml', { cwd: root }));
  const config = plan.configs.find((cfg) => cfg.arm === 'sanctions') ?? plan.configs[plan.configs.length - 1]!;
  const record: RecordOptions = c.name.endsWith('-states') ? { firms: false, flows: false } : {};
  const spec = materializeWorld(config.recipe);
  const generateSeconds = (performance.now() - started) / 1000;
  const seeds = plan.meta.runs.filter((r) => r.arm === config.arm).map((r) => r.seed);
  const STEPS = 40;
  const run = (i: number): World => simulate(spec, { steps: STEPS, seed: seeds[i % seeds.length]!, record }).world;

  const warm = 20;
  for (let i = 0; i < warm; i++) run(i);
  const repetitions = 7;
  const runsPerRepetition = 10;
  const perRun: number[] = [];
  const perRunCpu: number[] = [];
  let world: World = run(0);
  for (let r = 0; r < repetitions; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < runsPerRepetition; i++) world = run(r * runsPerRepetition + i);
    const used = process.cpuUsage(cpuStart);
    perRun.push((performance.now() - start) / runsPerRepetition);
    perRunCpu.push((used.user + used.system) / 1000 / runsPerRepetition);
  }
  // createWorld alone, to split the run's cost.
  const createStart = performance.now();
  for (let i = 0; i < 20; i++) createWorld(spec, seeds[0]!);
  const createSeconds = (performance.now() - createStart) / 20 / 1000;
  const msPerRun = median(perRun);
  const E0 = createWorld(spec, seeds[0]!).edgeSupplier.length;
  const E = world.edgeSupplier.length;
  const w = workload(world);
  log(`${c.name}: ${E} edges, ${world.firmIds.length} firms, ${msPerRun.toFixed(1)} ms per run`);
  return {
    name: c.name,
    kind: c.kind,
    edges: E0,
    firms: world.firmIds.length,
    // Supplier search adds edges during the run; count the mean of the first and last step's.
    edgeStepsPerSec: (((E0 + E) / 2) * STEPS) / (msPerRun / 1000),
    edgeStepsPerCpuSec: (((E0 + E) / 2) * STEPS) / (median(perRunCpu) / 1000),
    bytesPerEdge: worldBytes(createWorld(spec, seeds[0]!)) / E0,
    msPerStep: msPerRun / STEPS,
    msPerStepMin: Math.min(...perRun) / STEPS,
    msPerStepSpread: (Math.max(...perRun) - Math.min(...perRun)) / msPerRun,
    msPerStepWithMetrics: msPerRun / STEPS, // the run records metrics every step
    repetitions,
    stepsPerRepetition: STEPS * runsPerRepetition,
    warmupSteps: STEPS * warm,
    generateSeconds,
    createSeconds,
    worldMiB: worldBytes(world) / MiB,
    rssAfterCreateMiB: rssMiB(),
    peakRssMiB: peakRssMiB(),
    rationedFirmShare: w.rationed,
    shortSlotShare: w.short,
    restrictedEdgeShare: w.restricted,
    edgesAdded: E - E0,
    msPerRun,
    runsPerSec: 1000 / msPerRun,
  };
}

/** Runs one case in this process. */
export async function runCase(c: BenchCase): Promise<BenchRow> {
  return c.kind === 'world-2023' ? measureWorld2023(c) : measureSynthetic(c);
}

const RESULT_PREFIX = 'BENCH_RESULT ';

/** Runs one case in a fresh Node process with this process's flags (tsx, heap size). */
function runCaseInChild(c: BenchCase): BenchRow {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--case=${c.name}`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MiB,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || line === undefined) {
    throw new Error(
      `${c.name}: child exited with ${child.status ?? child.signal}${child.stdout ? `\n${child.stdout}` : ''}`,
    );
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchRow;
}

function gitCommit(): string | null {
  try {
    const out = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
    return out.status === 0 ? out.stdout.trim() : null;
  } catch {
    return null;
  }
}

/** Prints the results as a table. */
export function printTable(rows: readonly ResultRow[]): void {
  const header = [
    'case',
    'edges',
    'M edge-steps/s',
    '(per CPU s)',
    'ms/step',
    '+metrics',
    'B/edge',
    'peak RSS MiB',
    'create s',
    'rationed',
    'short slots',
  ];
  const body = rows.map((r) => [
    r.name,
    r.edges.toLocaleString('en-US'),
    (r.edgeStepsPerSec / 1e6).toFixed(1),
    (r.edgeStepsPerCpuSec / 1e6).toFixed(1),
    r.msPerStep < 1 ? r.msPerStep.toFixed(3) : r.msPerStep.toFixed(1),
    r.msPerStepWithMetrics < 1 ? r.msPerStepWithMetrics.toFixed(3) : r.msPerStepWithMetrics.toFixed(1),
    r.bytesPerEdge.toFixed(1),
    r.peakRssMiB.toFixed(0),
    r.createSeconds.toFixed(2),
    `${(100 * r.rationedFirmShare).toFixed(0)}%`,
    `${(100 * r.shortSlotShare).toFixed(0)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const b of body) console.log(line(b));
  for (const r of rows) {
    if (r.msPerRun !== undefined)
      console.log(`${r.name}: ${r.msPerRun.toFixed(1)} ms per 40-quarter run (${r.runsPerSec!.toFixed(1)} runs/s)`);
  }
  const meta = rows[0];
  if (meta?.scalingExponent != null)
    console.log(
      `scaling exponent of ms/step vs edges: step ${meta.scalingExponent.toFixed(3)}${meta.policyScalingExponent != null ? `, policy ${meta.policyScalingExponent.toFixed(3)}` : ''}`,
    );
}

/**
 * The rows of the last `pnpm bench:sweep` run (bench/results/sweep-latest.json), or of the
 * committed sweep baseline when this checkout has run none, so every `pnpm bench` judges the
 * sweep target.
 */
export function lastSweep(): SweepTargetRow[] | undefined {
  for (const name of ['sweep-latest.json', 'sweep-baseline.json']) {
    const path = join(here, 'results', name);
    if (!existsSync(path)) continue;
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as SweepTargetRow[]).map((r) => ({ ...r, source: name }));
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Runs the suite and writes the results; returns the rows. */
export async function runSuite(options: {
  quick: boolean;
  only?: RegExp;
  inProcess: boolean;
  out: string;
}): Promise<ResultRow[]> {
  const loadAverageStart = loadavg()[0]!;
  const cases = benchCases(options.quick).filter((c) => options.only === undefined || options.only.test(c.name));
  const rows: BenchRow[] = [];
  for (const c of cases) rows.push(options.inProcess ? await runCase(c) : runCaseInChild(c));
  const exponent = (kind: CaseKind): number | null => {
    const of = rows.filter((r) => r.kind === kind);
    return fitExponent(
      of.map((r) => r.edges),
      of.map((r) => r.msPerStep),
    );
  };
  const meta: RunMeta = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    totalMemGiB: Math.round((10 * totalmem()) / 2 ** 30) / 10,
    loadAverageStart,
    loadAverageEnd: loadavg()[0]!,
    quick: options.quick,
    scalingExponent: exponent('step'),
    policyScalingExponent: exponent('policy'),
  };
  const report = rows.map((row) => ({ ...row, ...meta }));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(`${options.out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${options.out}.tmp`, options.out);
  return report;
}

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

// Run as a script (not when imported by compare.ts).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const caseName = option('case');
  if (caseName !== undefined) {
    const c = benchCases(false).find((x) => x.name === caseName);
    if (c === undefined) throw new Error(`unknown case ${caseName}`);
    console.log(RESULT_PREFIX + JSON.stringify(await runCase(c)));
  } else {
    const only = option('only');
    const out = option('out') ?? join(here, 'results', 'latest.json');
    const rows = await runSuite({
      quick,
      only: only === undefined ? undefined : new RegExp(only),
      inProcess: process.argv.includes('--in-process'),
      out,
    });
    printTable(rows);
    console.log(`wrote ${out}`);
    printTargets(checkTargets(rows, lastSweep()));
  }
}
