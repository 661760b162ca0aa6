import type { Rng } from '../rng.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';

/**
 * The kinds of value an instrument field can hold. Id kinds are checked against the world.
 *
 * @example
 * ```ts
 * console.log(Object.values(exportControl.fields).map((field) => field.kind)); // ['states', 'firms', 'products', 'number', 'number', 'number', 'number', 'number', 'number', 'number']
 * const kind: FieldKind = 'products';
 * ```
 */
export type FieldKind =
  | 'state'
  | 'states'
  | 'firm'
  | 'firms'
  | 'product'
  | 'products'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'alliance';

/**
 * Describes one instrument-specific field of a measure: what it holds, its
 * range and default. Validation, error messages and the scenario JSON Schema
 * are all derived from these descriptors.
 *
 * @example
 * ```ts
 * const share: FieldDescriptor = { kind: 'number', min: 0, max: 1, default: 0.5, description: 'Share of imports allowed.' };
 * const quota = defineInstrument({ type: 'quota', description: 'Caps imports.', fields: { share }, severity: (m) => 1 - (m.fields.share as number) });
 * const world = createWorld({ ...spec, measures: [{ type: 'quota', issuer: 'US' }] }, 1, { instruments: [quota] });
 * console.log(world.policy.measures[0]!.fields.share); // 0.5
 * ```
 */
export interface FieldDescriptor {
  /** What the field holds. */
  kind: FieldKind;
  /** One line for documentation and editor hover text. */
  description: string;
  /** Whether the field must be given. Default false. */
  required?: boolean;
  /** Lowest allowed value (numbers). */
  min?: number;
  /** Highest allowed value (numbers). */
  max?: number;
  /** Value when absent (numbers, booleans, enums). */
  default?: number | boolean | string;
  /** Allowed values (enums). */
  values?: readonly string[];
}

/**
 * A field's value after validation: ids become index arrays (empty when the
 * field is absent), numbers stay numbers.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * const fields = world.policy.measures[0]!.fields;
 * const products: FieldValue = fields.products; // ids resolved to indices
 * const entities: FieldValue = fields.entities; // absent: an empty list
 * console.log(products, entities, fields.licence, fields.deMinimis); // Int32Array(1) [1] Int32Array(0) [] 0 undefined
 * ```
 */
export type FieldValue = number | boolean | string | Int32Array | undefined;

/**
 * A measure as the engine holds it: validated, with ids resolved to indices.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], start: 2, end: 6 }] }, 1);
 * const measure: Measure = world.policy.measures[0]!;
 * console.log(measure.id, measure.issuer, measure.target, measure.start, measure.end, measure.origin); // export_control-1 0 1 2 6 script
 * ```
 */
export interface Measure {
  /** Unique id. */
  readonly id: string;
  /** Instrument type. */
  readonly type: string;
  /** Issuing state index. */
  readonly issuer: number;
  /** First step in force. */
  start: number;
  /** First step no longer in force (Infinity = never lifted). */
  end: number;
  /** Step it was announced (= start when not announced ahead). */
  readonly announce: number;
  /** Who made it: a scenario script, a doctrine, an alliance vote, or a retaliation. */
  readonly origin: 'script' | 'doctrine' | 'alliance' | 'retaliation';
  /** The first state it is aimed at (`targets[0]`), or -1 when none. */
  readonly target: number;
  /**
   * Every state it is aimed at, for retaliation and reciprocity: each of them may answer it.
   * Empty when none (a subsidy).
   */
  readonly targets: readonly number[];
  /** The alliance it was coordinated in, or -1. */
  readonly alliance: number;
  /** The measure this one retaliates against, if any. */
  readonly answers?: string;
  /** Validated instrument fields. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The spec it came from. */
  readonly spec: Readonly<MeasureSpec>;
  /** Instrument-private cache, e.g. candidate edges for a network version. */
  cache?: { version: number; edges: Int32Array };
}

/**
 * What a measure does to edge permissions in a step.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.3 }] }, 1);
 * const restriction: Restriction | null = exportControl.restrict!(world, world.policy.measures[0]!);
 * console.log(restriction!.edges.length, restriction!.licence, restriction!.tariff); // 1 0.3 0
 * ```
 */
export interface Restriction {
  /** The edges restricted. */
  edges: Int32Array;
  /** Licence probability on them: 0 blocks, 1 leaves them free. */
  licence: number;
  /** Tariff rate added on them. */
  tariff: number;
  /**
   * Approval probabilities edge by edge, aligned with `edges`, where they differ by end-user class
   * (an export control's listed `entities` under `entityLicence`); `licence` otherwise.
   */
  licences?: Float64Array;
  /** Days an application for a licence on them is under review (when 0 < licence < 1); default `policy.licenceReviewDays`. */
  reviewDays?: number;
  /** Days a licence decision on them lasts; default `policy.licenceValidityDays`. */
  validityDays?: number;
  /** Days of the edge's steady-state volume a granted licence on them covers (a licence for a quantity); none when absent. */
  quantityDays?: number;
  /**
   * A volume cap on them instead of a permission (export_quota): `share` of their steady-state
   * volume, in total or per target state, shared pro rata to orders or by historical volumes.
   */
  quota?: { share: number; perTarget: boolean; historical: boolean };
}

/**
 * Price support on edges: the measure's issuer pays `rate` of the seller's price on each, so the
 * buyer's delivered price is p·(1 + tariff − rate).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['US'], rate: 0.2 }] }, 1);
 * const support: PriceSupport | null = exportFinance.support!(world, world.policy.measures[0]!);
 * console.log(support!.edges.length, support!.rate); // 1 0.2
 * ```
 */
export interface PriceSupport {
  /** The edges supported. */
  edges: Int32Array;
  /** Share of the seller's price the issuer pays, in [0, 1). */
  rate: number;
}

/**
 * An instrument: a kind of policy measure. Built-in instruments and plugins
 * use the same interface; the compliance phase calls `restrict`, the
 * adaptation phase calls `adapt`, and the step loop never changes.
 *
 * @example
 * ```ts
 * // A plugin instrument: a quota that lets only `share` of the issuer's imports of the products in.
 * const quota = defineInstrument({
 *   type: 'quota',
 *   description: 'Licences only a share of the issuer’s imports of the products.',
 *   fields: {
 *     products: { kind: 'products', description: 'Products covered; all when absent.' },
 *     share: { kind: 'number', min: 0, max: 1, default: 0.5, description: 'Share of licences granted.' },
 *   },
 *   severity: (m) => 1 - (m.fields.share as number),
 *   restrict: (world, m) => {
 *     const products = maskOf(m.fields.products as Int32Array, world.productIds.length);
 *     const edges = cachedEdges(world, m, (e) => {
 *       const supplier = world.edgeSupplier[e]!;
 *       const imported = buyerState(world, e) === m.issuer && world.firmState[supplier] !== m.issuer;
 *       return imported && (products === null || products[world.firmProduct[supplier]!] === 1);
 *     });
 *     return { edges, licence: m.fields.share as number, tariff: 0 };
 *   },
 * });
 * const world = createWorld({ ...spec, measures: [{ type: 'quota', issuer: 'US', products: ['phone'], share: 0.25 }] }, 1, { instruments: [quota] });
 * step(world);
 * console.log(world.edgeLicenceProbability[selectEdges(world, { supplier: 'Huawei', buyerState: 'US' })[0]!]); // 0.25
 * ```
 */
export interface InstrumentDefinition {
  /** The `type` a measure spec names, e.g. `export_control`. */
  readonly type: string;
  /** One paragraph on what it does. */
  readonly description: string;
  /** Its own fields, beside the common ones (type, id, issuer, start, end, announce). */
  readonly fields: Readonly<Record<string, FieldDescriptor>>;
  /**
   * Every state it is aimed at (each may retaliate), from its fields; the issuer is never one.
   * Without this hook a measure is aimed at {@link InstrumentDefinition.target}'s state.
   */
  targets?(world: World, measure: Pick<Measure, 'issuer' | 'fields'>): readonly number[];
  /**
   * The one state it is aimed at, from its fields; -1 when none. Read only when
   * {@link InstrumentDefinition.targets} is absent.
   *
   * @deprecated Define `targets`, so that every state a measure names may answer it.
   */
  target?(world: World, measure: Pick<Measure, 'issuer' | 'fields'>): number;
  /**
   * Severity in [0, 1]: above 0 when the measure restricts trade or knowledge (it invites an
   * answer). How much trade it restricts, which sizes answers and the escalation index, is
   * measured on the edges it restricts (docs/ODD.md §7.7), not here.
   */
  severity(measure: Measure, world: World): number;
  /**
   * Its effect on edge permissions this step, or null when it has none. The compliance phase
   * calls it for every measure in force before it computes the step's permissions, so it must
   * not read the effective permissions (`edgeBlocked`, `edgeLicenceProbability`, `edgeTariff`).
   */
  restrict?(world: World, measure: Measure): Restriction | null;
  /**
   * Its price support this step, or null when it has none: the issuer pays part of the price on
   * these edges, so their buyers pay less (docs/ODD.md §7.5, export finance). The compliance phase
   * calls it beside `restrict` and scales the rate to the issuer's budget; the effects phase pays
   * the bill. A support restricts nothing: it is not counted as restricted trade, not answered,
   * and announcing it makes nobody front-load.
   */
  support?(world: World, measure: Measure): PriceSupport | null;
  /** Its effect on the rest of the world (capacity, R&D, spillover) each step in force. */
  adapt?(world: World, measure: Measure): void;
  /**
   * Checks the fields together, after each was validated alone. Returns the
   * field to blame and what was expected there, or null when they fit.
   */
  check?(fields: Readonly<Record<string, FieldValue>>): { field: string; expected: string } | null;
}

/**
 * Declares an instrument. It only checks the definition and returns it; pass
 * it to `createWorld(spec, seed, { instruments: [...] })` to use it.
 *
 * @example
 * ```ts
 * const embargo = defineInstrument({
 *   type: 'embargo',
 *   description: 'Blocks every import into the issuer from the listed states.',
 *   fields: { from: { kind: 'states', required: true, description: 'Embargoed states.' } },
 *   target: (_world, m) => (m.fields.from as Int32Array)[0] ?? -1,
 *   severity: () => 1,
 *   restrict: (world, m) => {
 *     const from = maskOf(m.fields.from as Int32Array, world.stateIds.length)!;
 *     const edges = cachedEdges(world, m, (e) => buyerState(world, e) === m.issuer && from[world.firmState[world.edgeSupplier[e]!]!] === 1);
 *     return { edges, licence: 0, tariff: 0 };
 *   },
 * });
 * const world = createWorld({ ...spec, measures: [{ type: 'embargo', issuer: 'US', from: ['CN'] }] }, 1, { instruments: [embargo] });
 * step(world);
 * console.log(world.edgeBlocked[selectEdges(world, { supplier: 'Huawei', buyerState: 'US' })[0]!]); // 1
 * ```
 */
export function defineInstrument(definition: InstrumentDefinition): InstrumentDefinition {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.type)) {
    throw new TypeError(`instrument type: expected snake_case letters and digits, received "${definition.type}"`);
  }
  for (const reserved of ['type', 'id', 'issuer', 'start', 'end', 'announce', 'alliance']) {
    if (reserved in definition.fields)
      throw new TypeError(`instrument ${definition.type}: field "${reserved}" is reserved`);
  }
  return definition;
}

/**
 * What a doctrine may do when it decides, in the policy phase.
 *
 * @example
 * ```ts
 * // A doctrine that answers any tariff aimed at it with the same tariff, through the context.
 * const mirror = defineDoctrine({
 *   id: 'MIRROR',
 *   description: 'Mirrors tariffs.',
 *   decide(world, state, context: DecisionContext) {
 *     for (const m of context.started) {
 *       if (m.type !== 'tariff' || !aimsAt(m, state)) continue;
 *       context.adopt({ type: 'tariff', issuer: world.stateIds[state]!, rate: m.fields.rate, from: [world.stateIds[m.issuer]!] }, 'retaliation', { target: m.issuer, answers: m.id });
 *     }
 *   },
 *   vote: () => true,
 * });
 * const world = createWorld({
 *   ...spec,
 *   states: [{ id: 'US' }, { id: 'CN', doctrine: 'MIRROR' }, { id: 'TW' }],
 *   measures: [{ type: 'tariff', issuer: 'US', rate: 0.2, from: ['CN'] }],
 *   policy: { forgiveness: 1 },
 * }, 1, { doctrines: [mirror] });
 * step(world);
 * step(world);
 * console.log(world.policy.measures.map((m) => `${m.id} by ${world.stateIds[m.issuer]} at ${m.start}`)); // ['tariff-1 by US at 0', 'tariff-2 by CN at 1']
 * ```
 */
export interface DecisionContext {
  /** The policy random stream (draws in a fixed state order). */
  readonly rng: Rng;
  /** Measures that came into force last step, by any state. */
  readonly started: readonly Measure[];
  /** Measures that were lifted or ended last step, by any state. */
  readonly ended: readonly Measure[];
  /** Adopts a measure from this step on; returns it. */
  adopt(
    spec: MeasureSpec,
    origin: Measure['origin'],
    options?: { target?: number; targets?: readonly number[]; answers?: string },
  ): Measure;
  /** Lifts a measure from this step on. */
  lift(measure: Measure): void;
  /**
   * Puts a measure to the vote of an alliance the issuer belongs to (one
   * member one vote, consensus). If it passes every member adopts it;
   * returns whether it passed.
   */
  propose(alliance: number, spec: MeasureSpec): boolean;
}

/**
 * A doctrine: the rule a state follows in the policy phase. DNM and NLG are
 * built in; plugins define more with the same interface.
 *
 * @example
 * ```ts
 * const isolationist: DoctrineDefinition = {
 *   id: 'ISOLATIONIST',
 *   description: 'Puts a 10% tariff on every import, once; never joins a coordinated measure.',
 *   decide(world, state, context) {
 *     const issuer = world.stateIds[state]!;
 *     if (!world.policy.measures.some((m) => m.issuer === state)) context.adopt({ type: 'tariff', issuer, rate: 0.1 }, 'doctrine');
 *   },
 *   vote: () => false,
 * };
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'ISOLATIONIST' }, { id: 'CN' }, { id: 'TW' }] }, 1, { doctrines: [defineDoctrine(isolationist)] });
 * step(world);
 * console.log(world.policy.measures.map((m) => m.type)); // ['tariff']
 * ```
 */
export interface DoctrineDefinition {
  /** The id a state names, e.g. `DNM`. */
  readonly id: string;
  /** One paragraph on what it does. */
  readonly description: string;
  /** Whether the doctrine counts as DNM in the `dnm_share` metric. Default false. */
  readonly mercantilist?: boolean;
  /**
   * θ: the weight of relative capability in the doctrine's payoff, beside real income (imitation
   * reads the payoff). Default: DNM's (`dnmRelativeGainWeight`) for a mercantilist doctrine,
   * NLG's (`nlgRelativeGainWeight`) otherwise.
   */
  readonly relativeGainWeight?: number;
  /** Takes this state's policy decisions for the step. */
  decide(world: World, state: number, context: DecisionContext): void;
  /** This state's vote on a coordinated measure proposed in its alliance. */
  vote(world: World, state: number, proposal: Pick<Measure, 'issuer' | 'fields' | 'type'>): boolean;
}

/**
 * Declares a doctrine. It only checks the definition and returns it; pass it
 * to `createWorld(spec, seed, { doctrines: [...] })` to use it.
 *
 * @example
 * ```ts
 * // A hawk: controls its chip exports to its rival at the first step.
 * const hawk = defineDoctrine({
 *   id: 'HAWK',
 *   description: 'Denies chip exports to its rival.',
 *   decide(world, state, context) {
 *     const rival = world.policy.stateRival[state]!;
 *     if (rival < 0 || measuresAgainst(world, state, rival, 'export_control').length > 0) return;
 *     context.adopt({ type: 'export_control', issuer: world.stateIds[state]!, targets: [world.stateIds[rival]!], products: ['chip'] }, 'doctrine');
 *   },
 *   vote: () => true,
 * });
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'HAWK', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1, { doctrines: [hawk] });
 * for (let t = 0; t < 3; t++) step(world);
 * console.log(world.policy.measures.filter((m) => m.origin === 'doctrine').map((m) => m.id)); // ['export_control-1']
 * ```
 */
export function defineDoctrine(definition: DoctrineDefinition): DoctrineDefinition {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(definition.id)) {
    throw new TypeError(`doctrine id: expected letters, digits, - or _, received "${definition.id}"`);
  }
  return definition;
}
