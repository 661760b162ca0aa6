/**
 * The performance targets of issues 2, 8 and 22, checked against a benchmark run: each target, the
 * figure measured, and whether it is met. `pnpm bench` and `pnpm bench:compare` print them after
 * the table, `pnpm bench:sweep` prints the sweep's. A target whose case was not in the run (a
 * `--quick` or `--only` run, or no sweep yet) is left out rather than judged.
 */
import type { ResultRow } from './step.bench.ts';

/** One target, checked. */
export interface TargetCheck {
  /** The target, as the issue states it. */
  target: string;
  /** The figure measured, with its unit and the case it comes from. */
  measured: string;
  met: boolean;
}

/** The sweep figures the efficiency target needs (a row of sweep-latest.json or sweep-baseline.json). */
export interface SweepTargetRow {
  name: string;
  /** Runs per second on 2 workers against 1 worker. */
  speedup?: number;
  /** Two 1-worker sweeps at once in separate processes, against one (bench/sweep.bench.ts): the machine's own ceiling. */
  machineSpeedup?: number;
  /** When the sweep was run (ISO 8601). */
  date?: string;
  /** The file the row was read from. */
  source?: string;
}

/** Edge-steps per second at 1e6 edges, one core (issue 2 for the production and trade step, issue 8 with the policy layer). */
export const EDGE_STEPS_PER_SEC = 20e6;
/**
 * Edge-steps per second at 1e6 edges with prices moving (issue 22): the full step must keep the
 * policy-active figure of the step before prices (13.9 M in that baseline). Judged on the
 * policy-active case, the stricter reading; the check also names the step without measures.
 */
export const MARKETS_EDGE_STEPS_PER_SEC = 14e6;
/** Bytes of typed arrays per edge. */
export const BYTES_PER_EDGE = 150;
/** Slope of log(ms per step) on log(edges), fitted from 1e4 to 1e7 edges. */
export const SCALING_EXPONENT = 1.1;
/** Peak RSS of a 1e7-edge world, MiB. */
export const PEAK_RSS_MIB_1E7 = 4096;
/** World-2023, 40 quarters, ms a run once warm. */
export const WORLD_2023_MS = 50;
/**
 * Sweep efficiency on 2 workers: the speedup over 1 worker as a share of the machine's own
 * ceiling, two 1-worker sweeps in separate processes (issue 27). The 1.7× speedup of issue 2
 * cannot be shown on machines whose two vCPUs share one core's resources (their ceiling is
 * about 1.36×); what the runner controls is how close it comes to the ceiling.
 */
export const SWEEP_EFFICIENCY = 0.9;

/** True when the run's synthetic cases of this kind span 1e4 to 1e7 edges, the range the scaling target is fitted over. */
function spansFullRange(rows: readonly ResultRow[], kind: 'step' | 'policy'): boolean {
  const names = new Set(rows.filter((r) => r.kind === kind).map((r) => r.name));
  return names.has(`${kind}/1e4`) && names.has(`${kind}/1e7`);
}

/**
 * Checks the targets against a run of the suite (latest.json) and, when given, the last sweep
 * run (sweep-latest.json).
 *
 * @example
 * ```ts
 * const checks = checkTargets(JSON.parse(readFileSync('bench/results/latest.json', 'utf8')));
 * for (const c of checks) console.log(`${c.met ? 'met   ' : 'MISSED'} ${c.target}: ${c.measured}`);
 * ```
 */
export function checkTargets(rows: readonly ResultRow[], sweep?: readonly SweepTargetRow[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const row = (name: string): ResultRow | undefined => rows.find((r) => r.name === name);

  for (const [name, what] of [
    ['step/1e6', 'production and trade step'],
    ['policy/1e6', 'policy layer active'],
  ] as const) {
    const r = row(name);
    if (r === undefined) continue;
    out.push({
      target: `≥ ${EDGE_STEPS_PER_SEC / 1e6} M edge-steps/s at 1e6 edges, one core (${what})`,
      measured: `${(r.edgeStepsPerSec / 1e6).toFixed(1)} M (${name}; ${(r.edgeStepsPerCpuSec / 1e6).toFixed(1)} M per CPU second)`,
      met: r.edgeStepsPerSec >= EDGE_STEPS_PER_SEC,
    });
  }

  const policy = row('policy/1e6');
  if (policy !== undefined) {
    const plain = row('step/1e6');
    const alsoPlain =
      plain === undefined ? '' : `; ${(plain.edgeStepsPerSec / 1e6).toFixed(1)} M without measures (step/1e6)`;
    out.push({
      target: `≥ ${MARKETS_EDGE_STEPS_PER_SEC / 1e6} M edge-steps/s at 1e6 edges with prices, policy layer active (issue 22)`,
      measured: `${(policy.edgeStepsPerSec / 1e6).toFixed(1)} M (policy/1e6${alsoPlain})`,
      met: policy.edgeStepsPerSec >= MARKETS_EDGE_STEPS_PER_SEC,
    });
  }

  const synthetic = rows.filter((r) => r.kind === 'step' || r.kind === 'policy');
  if (synthetic.length > 0) {
    const worst = synthetic.reduce((a, b) => (b.bytesPerEdge > a.bytesPerEdge ? b : a));
    out.push({
      target: `≤ ${BYTES_PER_EDGE} bytes per edge`,
      measured: `${worst.bytesPerEdge.toFixed(1)} at most (${worst.name})`,
      met: worst.bytesPerEdge <= BYTES_PER_EDGE,
    });
  }

  const meta = rows[0];
  for (const [kind, exponent] of [
    ['step', meta?.scalingExponent],
    ['policy', meta?.policyScalingExponent],
  ] as const) {
    if (exponent == null || !spansFullRange(rows, kind)) continue;
    out.push({
      target: `scaling exponent ≤ ${SCALING_EXPONENT}, 1e4 to 1e7 edges`,
      measured: `${exponent.toFixed(3)} (${kind})`,
      met: exponent <= SCALING_EXPONENT,
    });
  }

  for (const name of ['step/1e7', 'policy/1e7']) {
    const r = row(name);
    if (r === undefined) continue;
    out.push({
      target: `a 1e7-edge world runs within ${PEAK_RSS_MIB_1E7 / 1024} GiB`,
      measured: `peak RSS ${(r.peakRssMiB / 1024).toFixed(2)} GiB (${name})`,
      met: r.peakRssMiB <= PEAK_RSS_MIB_1E7,
    });
  }

  const world = row('world-2023/40q');
  if (world?.msPerRun !== undefined) {
    out.push({
      target: `world-2023, 40 quarters, < ${WORLD_2023_MS} ms a run once warm`,
      measured: `${world.msPerRun.toFixed(1)} ms (world-2023/40q, every metric recorded)`,
      met: world.msPerRun < WORLD_2023_MS,
    });
  }

  const two = sweep?.find((r) => r.speedup !== undefined && r.machineSpeedup !== undefined);
  if (two?.speedup !== undefined && two.machineSpeedup !== undefined) {
    const efficiency = two.speedup / two.machineSpeedup;
    const when = two.date === undefined ? '' : `, run ${two.date.slice(0, 16).replace('T', ' ')}`;
    out.push({
      target: `sweep efficiency ≥ ${(SWEEP_EFFICIENCY * 100).toFixed(0)}% of the machine's two-process ceiling on 2 workers`,
      measured: `${(efficiency * 100).toFixed(0)}%: ${two.speedup.toFixed(2)}× against a ceiling of ${two.machineSpeedup.toFixed(2)}× (${two.name}${when}${two.source === undefined ? '' : `, ${two.source}`})`,
      met: efficiency >= SWEEP_EFFICIENCY,
    });
  }
  return out;
}

/** Prints the checks, one line each, and a count of the missed ones. */
export function printTargets(checks: readonly TargetCheck[]): void {
  if (checks.length === 0) return;
  console.log('targets (issues 2, 8, 22 and 27):');
  for (const c of checks) console.log(`  ${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}`);
  const missed = checks.filter((c) => !c.met).length;
  console.log(
    missed === 0
      ? `all ${checks.length} targets checked are met`
      : `${missed} of ${checks.length} targets checked are missed`,
  );
}
