/**
 * Step benchmark: edge-steps per second and bytes per edge of the full
 * `step(world)` on synthetic worlds from 1e4 to 1e7 edges.
 *
 * Run: `pnpm bench` (all sizes) or `pnpm bench -- --quick` (up to 1e5).
 * Writes bench/results/latest.json and prints a table. A measured step is
 * not a trivial steady state: before timing, 3% of edges are blocked, 5%
 * carry a tariff and 5% a licence requirement (p = 0.8), and 2% of firms lose
 * half their capacity, so rationing and substitution work every step. The
 * policy layer itself is benchmarked separately in bench/policy.bench.ts.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorld, generateWorld, recordMetrics, step, worldBytes, MetricsTable, Rng, type World } from '@chokepoint/core';

const EDGES_PER_FIRM = 8; // 2 inputs × 4 suppliers on average
const SIZES = [1e4, 1e5, 1e6, 1e7];
const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));

/** One benchmark result row. */
export interface StepResult {
  name: string;
  edges: number;
  edgeStepsPerSec: number;
  bytesPerEdge: number;
  msPerStep: number;
  msPerStepWithMetrics: number;
  createSeconds: number;
  peakRssMiB: number;
}

/** Perturbs a world so every step rations and substitutes: blocks, tariffs, licences, damage. */
function shock(world: World): void {
  const rng = new Rng('bench-shock');
  const E = world.edgeSupplier.length;
  for (let e = 0; e < E; e++) {
    const u = rng.next();
    if (u < 0.03) world.edgeBlocked[e] = 1;
    else if (u < 0.08) world.edgeTariff[e] = 0.25;
    else if (u < 0.13) world.edgeLicenceProbability[e] = 0.8;
  }
  for (let f = 0; f < world.firmIds.length; f++) if (rng.next() < 0.02) world.firmDamage[f] = 0.5;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Times `steps` steps, `repeats` times, after a warm-up; returns the median ms per step. */
function timeSteps(world: World, steps: number, repeats: number, withMetrics: boolean): number {
  const table = new MetricsTable();
  for (let i = 0; i < 3; i++) step(world);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      step(world);
      if (withMetrics) recordMetrics(world, table, { firms: false, flows: false });
    }
    samples.push((performance.now() - start) / steps);
  }
  return median(samples);
}

function measure(edges: number): StepResult {
  const firms = Math.round(edges / EDGES_PER_FIRM);
  const started = performance.now();
  const spec = generateWorld({ states: 20, products: 40, firms, suppliersPerInput: 4, seed: 1 });
  const world = createWorld(spec, 1);
  const createSeconds = (performance.now() - started) / 1000;
  shock(world);
  const E = world.edgeSupplier.length;
  const steps = Math.max(3, Math.min(50, Math.round(2e7 / E)));
  const repeats = E >= 5e6 ? 3 : 5;
  const msPerStep = timeSteps(world, steps, repeats, false);
  const msPerStepWithMetrics = timeSteps(world, steps, Math.min(3, repeats), true);
  return {
    name: `step/${edges.toExponential(0)}`,
    edges: E,
    edgeStepsPerSec: E / (msPerStep / 1000),
    bytesPerEdge: worldBytes(world) / E,
    msPerStep,
    msPerStepWithMetrics,
    createSeconds,
    peakRssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}

/** Least-squares slope of log(time per step) against log(edges). */
export function scalingExponent(results: readonly StepResult[]): number {
  const xs = results.map((r) => Math.log(r.edges));
  const ys = results.map((r) => Math.log(r.msPerStep));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

function gitCommit(): string | null {
  try {
    return execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

const results: StepResult[] = [];
for (const size of quick ? SIZES.slice(0, 2) : SIZES) {
  const result = measure(size);
  results.push(result);
  console.log(
    `${result.name.padEnd(10)} edges ${String(result.edges).padStart(9)}  ` +
      `${(result.edgeStepsPerSec / 1e6).toFixed(1).padStart(6)} M edge-steps/s  ` +
      `${result.msPerStep.toFixed(2).padStart(8)} ms/step  (+metrics ${result.msPerStepWithMetrics.toFixed(2)} ms)  ` +
      `${result.bytesPerEdge.toFixed(1)} B/edge  rss ${result.peakRssMiB.toFixed(0)} MiB`,
  );
}
const exponent = results.length > 1 ? scalingExponent(results) : null;
if (exponent !== null) console.log(`scaling exponent (time per step vs edges): ${exponent.toFixed(3)}`);

// The file holds an array of results; each row carries the run's metadata and the fitted exponent.
const meta = { date: new Date().toISOString(), commit: gitCommit(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', quick, scalingExponent: exponent };
const report = results.map((result) => ({ ...result, ...meta }));
const out = join(here, 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log(`wrote ${out}`);
