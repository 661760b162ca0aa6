/**
 * The measures a run adopted (measures.csv's rows and summary.json's `measures`): read from a
 * simulated world, and tallied by arm × point.
 *
 * @module
 */
import type { World } from '@chokepoint/core';
import type { AdoptedMeasure, ArmMeasures } from './records.js';

/**
 * Every measure of a world that was announced within the first `steps` steps (scripted ones,
 * and those its doctrines, alliances and retaliations adopted), in the order the world
 * adopted them.
 *
 * @example
 * ```ts
 * import { createWorld, simulate } from '@chokepoint/core';
 * const spec = materializeWorld(buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[0]!.recipe);
 * const { world } = simulate(createWorld(spec, 1), { steps: 8, seed: 1 });
 * console.log(adoptedMeasures(world, 8).map((m) => m.origin)); // []
 * ```
 */
export function adoptedMeasures(world: World, steps: number): AdoptedMeasure[] {
  const { stateIds, productIds, firmIds } = world;
  const out: AdoptedMeasure[] = [];
  for (const m of world.policy.measures) {
    if (m.announce >= steps) continue;
    const firms: string[] = [];
    const products: string[] = [];
    const fields = world.policy.instruments.get(m.type)?.fields ?? {};
    for (const [name, descriptor] of Object.entries(fields)) {
      const value = m.fields[name];
      const indices =
        value instanceof Int32Array
          ? Array.from(value)
          : typeof value === 'number' && Number.isInteger(value) && value >= 0
            ? [value]
            : [];
      if (descriptor.kind === 'firm' || descriptor.kind === 'firms') for (const i of indices) firms.push(firmIds[i]!);
      if (descriptor.kind === 'product' || descriptor.kind === 'products')
        for (const i of indices) products.push(productIds[i]!);
    }
    out.push({
      id: m.id,
      type: m.type,
      origin: m.origin,
      ...(m.answers !== undefined ? { answers: m.answers } : {}),
      ...(m.alliance >= 0 ? { alliance: world.policy.alliances[m.alliance]!.id } : {}),
      issuer: stateIds[m.issuer]!,
      targets: m.targets.map((s) => stateIds[s]!),
      firms,
      products,
      announce: m.announce,
      start: m.start,
      end: Number.isFinite(m.end) ? m.end : null,
    });
  }
  return out;
}

/**
 * What {@link MeasureTally} reads of a plan: its arms, its sweep points, and the arm and point
 * of each run (`PlanMeta` of `@chokepoint/scenario` has these).
 *
 * @example
 * ```ts
 * const layout: MeasureLayout = { arms: ['control', 'ban'], points: [{}], runs: [{ arm: 'control', point: 0 }, { arm: 'ban', point: 0 }] };
 * console.log(new MeasureTally(layout).result()); // []
 * ```
 */
export interface MeasureLayout {
  /** The arms, in plan order. */
  arms: readonly string[];
  /** The sweep points (only their number is read). */
  points: readonly unknown[];
  /** The arm and point of each run, in run order. */
  runs: ReadonlyArray<{ arm: string; point: number }>;
}

/**
 * An arm and point's tally before any run is added: no runs, no measures.
 *
 * @example
 * ```ts
 * console.log(noMeasures('control', 0).runs, noMeasures('control', 0).byType); // 0 {}
 * ```
 */
export function noMeasures(arm: string, point: number): ArmMeasures {
  return { arm, point, runs: 0, runsWithMeasures: 0, adopted: 0, byOrigin: {}, byType: {}, byIssuer: {} };
}

/**
 * Tallies the measures of runs, appended one run at a time (in run order), into one
 * {@link ArmMeasures} per arm × point of the plan.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1'] }));
 * const tally = new MeasureTally(meta);
 * tally.add(1, [{ id: 'x', type: 'export_control', origin: 'script', issuer: 'US', targets: ['CN'], firms: [], products: ['sme'], announce: 4, start: 4, end: null }]);
 * // Only the arms × points with runs tallied are listed:
 * console.log(tally.result()); // [{ arm: 'us-only', point: 0, runs: 1, runsWithMeasures: 1, adopted: 1, byOrigin: { script: 1 }, byType: { export_control: 1 }, byIssuer: { US: 1 } }]
 * ```
 */
export class MeasureTally {
  private readonly byConfig = new Map<string, ArmMeasures>();

  /** @param meta - The plan whose runs are tallied (its `PlanMeta`, or anything with its arms, points and runs). */
  constructor(private readonly meta: MeasureLayout) {
    for (const arm of meta.arms) {
      for (let point = 0; point < meta.points.length; point++) {
        this.byConfig.set(`${arm}|${point}`, noMeasures(arm, point));
      }
    }
  }

  /** Adds run `index`'s measures. */
  add(index: number, measures: readonly AdoptedMeasure[]): void {
    const run = this.meta.runs[index]!;
    const entry = this.byConfig.get(`${run.arm}|${run.point}`)!;
    entry.runs++;
    if (measures.length > 0) entry.runsWithMeasures++;
    for (const m of measures) {
      entry.adopted++;
      entry.byOrigin[m.origin] = (entry.byOrigin[m.origin] ?? 0) + 1;
      entry.byType[m.type] = (entry.byType[m.type] ?? 0) + 1;
      entry.byIssuer[m.issuer] = (entry.byIssuer[m.issuer] ?? 0) + 1;
    }
  }

  /** One entry per arm × point that ran, arm-major, in plan order. */
  result(): ArmMeasures[] {
    return [...this.byConfig.values()].filter((m) => m.runs > 0);
  }
}
