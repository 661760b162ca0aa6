/**
 * Records a run leaves beside its metrics: the measures it adopted and where its shortfalls came from.
 *
 * @module
 */
import type { Measure, ShortfallNode } from '@chokepoint/core';

/**
 * One measure a run adopted, as a part file carries it (ids as names, steps as in the
 * timeline): a row of measures.csv.
 *
 * @example
 * ```ts
 * import { createWorld, simulate } from '@chokepoint/core';
 * const { configs } = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * const { world } = simulate(createWorld(materializeWorld(configs[1]!.recipe), 1), { steps: 8, seed: 1 });
 * const [control]: AdoptedMeasure[] = adoptedMeasures(world, 8);
 * console.log(control!.type, control!.origin, control!.issuer, control!.targets, control!.products, control!.end); // export_control script US ['CN'] ['sme'] null
 * ```
 */
export interface AdoptedMeasure {
  /** Measure id. */
  id: string;
  /** Instrument type, e.g. `export_control`. */
  type: string;
  /** Why it exists: scripted, or adopted by a doctrine, an alliance vote, or as a retaliation. */
  origin: Measure['origin'];
  /** The measure a retaliation answers. */
  answers?: string;
  /** The alliance it was coordinated in. */
  alliance?: string;
  /** Issuing state id. */
  issuer: string;
  /** The states it is aimed at. */
  targets: string[];
  /** The firms it names (fields of kind firm/firms), e.g. an entity list's entities. */
  firms: string[];
  /** The products it names (fields of kind product/products); empty when it names none. */
  products: string[];
  /** Step announced (0-based, as in the timeline). */
  announce: number;
  /** First step in force (0-based). */
  start: number;
  /** First step no longer in force; null when never lifted. */
  end: number | null;
}

/**
 * The measures an arm adopted at one sweep point, over its replicates (summary.json,
 * `measures`): how many, and by origin, instrument type and issuer.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const aligned: ArmMeasures = summary.measures!.find((m) => m.arm === 'aligned')!;
 * // Each replicate scripts 3 controls; China answers those that close trade, and (NLG) nobody answers its answers.
 * console.log(aligned.runs, aligned.adopted, aligned.byOrigin, aligned.byIssuer); // 2 11 { script: 6, retaliation: 5 } { US: 2, JP: 2, NL: 2, CN: 5 }
 * ```
 */
export interface ArmMeasures {
  /** Arm. */
  arm: string;
  /** Sweep point. */
  point: number;
  /** Replicates run. */
  runs: number;
  /** Replicates that adopted at least one measure. */
  runsWithMeasures: number;
  /** Measures adopted, over all replicates (rows of measures.csv). */
  adopted: number;
  /** Adopted measures by origin (script, doctrine, alliance, retaliation). */
  byOrigin: Record<string, number>;
  /** By instrument type. */
  byType: Record<string, number>;
  /** By issuing state. */
  byIssuer: Record<string, number>;
}

/**
 * One firm's shortage path at the step it was explained: its share of orders not made, the
 * path as a line, and the path itself.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const smic: ShortfallFirm = summary.shortfalls!.find((s) => s.arm === 'aligned' && s.entity === 'state/CN')!.firms.find((f) => f.firm === 'SMIC')!;
 * console.log(smic.lostShare.toFixed(2), smic.tree.input!.product, smic.path.split(' (closed')[0]); // 0.30 sme SMIC (CN) ← sme 70%
 * ```
 */
export interface ShortfallFirm {
  /** Firm id. */
  firm: string;
  /** The share of its orders it did not make, in that step. */
  lostShare: number;
  /** The path as one line (`formatShortfall` of `@chokepoint/core`): `Samsung-Mobile (KR) ← compound_chips 41% ← …`. */
  path: string;
  /** The path itself, each short input and its short suppliers in turn (`explainShortfall` of `@chokepoint/core`). */
  tree: ShortfallNode;
}

/**
 * Where the shortages behind a key metric's firm or state came from in one run: at the step its
 * shortfall was largest, the firms short then and their paths. summary.json's `shortfalls`
 * holds one per arm × point × key entity, from replicate 0.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const cn: ShortfallRecord = summary.shortfalls!.find((s) => s.arm === 'aligned' && s.entity === 'state/CN')!;
 * console.log(cn.entity, cn.step, cn.date, cn.firms.map((f) => f.firm)); // state/CN 7 2024-09-30 ['Huawei', 'Xiaomi', 'SMIC']
 * ```
 */
export interface ShortfallRecord {
  /** The key metrics' entity: `firm/<id>` or `state/<id>`. */
  entity: string;
  /** The step of the largest shortfall (1 = after the first step, as in metrics.csv). */
  step: number;
  /** Its date (metrics.csv's `date`), or '' without a calendar. */
  date: string;
  /** The share of the entity's orders (their value, for a state: orders × price) not made then. */
  lostShare: number;
  /** The firms explained: the firm itself, or the state's most short firms by value lost (at most 3). */
  firms: ShortfallFirm[];
}
