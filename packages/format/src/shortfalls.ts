import { explainShortfall, formatShortfall, type ShortfallNode, type World } from '@chokepoint/core';
import { stepEndDate, type StepCalendar } from './dates.js';
import type { ShortfallRecord } from './records.js';

/** A firm counts as short when it made less than this share of its orders (1%). */
const SHORT = 0.01;
/** Firms of a state explained at its worst step, at most. */
const FIRMS_PER_STATE = 3;

/**
 * The firm and state entities a list of key metrics (`kind/entity/variable`) names, in order, once each.
 *
 * @example
 * ```ts
 * console.log(shortfallEntities(['state/KR/output', 'firm/Samsung-Mobile/output', 'state/KR/welfare', 'world/world/output'])); // ['state/KR', 'firm/Samsung-Mobile']
 * ```
 */
export function shortfallEntities(keyMetrics: readonly string[]): string[] {
  const entities = new Set<string>();
  for (const metric of keyMetrics) {
    const [kind, entity] = metric.split('/');
    if ((kind === 'firm' || kind === 'state') && entity !== undefined && entity !== '')
      entities.add(`${kind}/${entity}`);
  }
  return [...entities];
}

interface Watched {
  entity: string;
  firms: Int32Array;
  worst: number;
  record: ShortfallRecord | undefined;
}

/**
 * Follows the firms and states the key metrics name through a run, and keeps, for each, the
 * shortage paths at the step its shortfall (orders not made, valued at the firms' prices) was
 * largest. Call {@link ShortfallTracker.afterStep} after every step (simulate's `afterStep`).
 *
 * @example
 * ```ts
 * import { createWorld, simulate } from '@chokepoint/core';
 * // The quickstart's aligned arm: the US, Japan and the Netherlands control SME exports to China from 2024.
 * const world = createWorld(materializeWorld(buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[2]!.recipe), 1);
 * const tracker = new ShortfallTracker(world, ['state/CN/output', 'world/world/output'], { start: '2023-01-01', step: 'quarter' });
 * simulate(world, { steps: 8, seed: 1, afterStep: (w) => tracker.afterStep(w) });
 * const [cn] = tracker.records();
 * console.log(cn!.entity, cn!.firms.map((f) => f.firm)); // state/CN ['Huawei', 'Xiaomi', 'SMIC']
 * ```
 */
export class ShortfallTracker {
  private readonly watched: Watched[] = [];

  /**
   * @param keyMetrics - The run's key metrics; their firm and state entities are followed, the
   *   others (world, product, flow) ignored. An entity unknown to the world is ignored (the plan
   *   has already checked the names).
   */
  constructor(
    world: World,
    keyMetrics: readonly string[],
    private readonly calendar: StepCalendar,
  ) {
    for (const entity of shortfallEntities(keyMetrics)) {
      const [kind, id] = entity.split('/') as [string, string];
      let firms: Int32Array;
      if (kind === 'firm') {
        const f = world.firmIndex.get(id);
        if (f === undefined) continue;
        firms = Int32Array.of(f);
      } else {
        const s = world.stateIndex.get(id);
        if (s === undefined) continue;
        const list: number[] = [];
        for (let f = 0; f < world.firmState.length; f++) if (world.firmState[f] === s) list.push(f);
        firms = Int32Array.from(list);
      }
      this.watched.push({ entity, firms, worst: 0, record: undefined });
    }
  }

  /** True when the key metrics name no firm or state of the world: nothing to follow. */
  get empty(): boolean {
    return this.watched.length === 0;
  }

  /** Looks at the step just run; explains the entities whose shortfall is the largest yet. */
  afterStep(world: World): void {
    const { firmDemand, firmOutput, firmPrice } = world;
    for (const w of this.watched) {
      let ordered = 0;
      let lost = 0;
      for (const f of w.firms) {
        const value = firmDemand[f]! * firmPrice[f]!;
        ordered += value;
        if (firmOutput[f]! < firmDemand[f]! * (1 - SHORT)) lost += (firmDemand[f]! - firmOutput[f]!) * firmPrice[f]!;
      }
      if (!(lost > w.worst) || !(ordered > 0)) continue;
      w.worst = lost;
      w.record = this.explain(world, w, lost / ordered);
    }
  }

  private explain(world: World, w: Watched, lostShare: number): ShortfallRecord {
    const { firmDemand, firmOutput, firmPrice } = world;
    const short = [...w.firms]
      .filter((f) => firmOutput[f]! < firmDemand[f]! * (1 - SHORT))
      .map((f) => ({ f, lost: (firmDemand[f]! - firmOutput[f]!) * firmPrice[f]! }))
      .sort((a, b) => b.lost - a.lost || a.f - b.f)
      .slice(0, FIRMS_PER_STATE);
    const firms = short.map(({ f }) => {
      const tree = explainShortfall(world, f);
      return {
        firm: world.firmIds[f]!,
        lostShare: 1 - firmOutput[f]! / firmDemand[f]!,
        path: formatShortfall(tree),
        tree,
      };
    });
    const date =
      this.calendar.start === undefined ? '' : stepEndDate(this.calendar.start, this.calendar.step, world.step);
    return { entity: w.entity, step: world.step, date, lostShare, firms };
  }

  /** The records kept, one per entity that was ever short, in the order of the key metrics. */
  records(): ShortfallRecord[] {
    return this.watched.flatMap((w) => (w.record === undefined ? [] : [w.record]));
  }
}
