import { parseMeasure } from '../policy/fields.js';
import { bilateralBaseValue, openValue } from '../policy/restriction.js';
import type { DecisionContext, Measure } from '../policy/types.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';

/*
 * Moves shared by the built-in doctrines: retaliation, reciprocity, and the
 * observations they rest on. A plugin doctrine may use them too.
 */

/**
 * Whether a measure restricts trade or knowledge (and so invites retaliation).
 *
 * @example
 * ```ts
 * const world = createWorld({
 *   ...spec,
 *   measures: [{ type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'] }, { type: 'subsidy', issuer: 'US', products: ['chip'] }],
 * }, 1);
 * console.log(world.policy.measures.map((m) => isRestrictive(world, m))); // [true, false]
 * ```
 */
export function isRestrictive(world: World, m: Measure): boolean {
  return m.type !== 'subsidy' && world.policy.instruments.get(m.type)!.severity(m, world) > 0;
}

/**
 * Whether a measure is aimed at a state: one of the states it names, or the home state of a firm
 * it names, or any foreign state when it covers all of them (a tariff without `from`). Each
 * state a measure is aimed at may answer it.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.1 }] }, 1);
 * const duty = world.policy.measures[0]!;
 * console.log(world.stateIds.filter((_, s) => aimsAt(duty, s))); // ['CN', 'TW']
 * ```
 */
export function aimsAt(m: Measure, state: number): boolean {
  return m.targets.includes(state);
}

/**
 * The measures in force now that `issuer` aims at `target`, optionally of one type.
 *
 * @example
 * ```ts
 * const world = createWorld({
 *   ...spec,
 *   measures: [{ type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'] }, { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], start: 4 }],
 * }, 1);
 * const [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * console.log(measuresAgainst(world, us, cn).map((m) => m.id)); // ['tariff-1']
 * console.log(measuresAgainst(world, us, cn, 'export_control').length); // 0
 * ```
 */
export function measuresAgainst(world: World, issuer: number, target: number, type?: string): Measure[] {
  const t = world.step;
  return world.policy.measures.filter(
    (m) =>
      m.issuer === issuer && aimsAt(m, target) && m.start <= t && t < m.end && (type === undefined || m.type === type),
  );
}

/**
 * Products in which `state` holds a chokepoint (at least `chokepointShare` of
 * world capacity) and that `buyer` imports from it. With `buyer` = -1, every
 * chokepoint product of the state.
 *
 * @example
 * ```ts
 * // Capacity shares are observed in worlds with policy (here: a rival is set).
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * console.log(chokepointProducts(world, us, cn).map((k) => world.productIds[k])); // ['chip', 'phone']
 * console.log(chokepointProducts(world, cn, -1).map((k) => world.productIds[k])); // ['gallium', 'phone']
 * ```
 */
export function chokepointProducts(world: World, state: number, buyer: number): number[] {
  const P = world.productIds.length;
  const threshold = world.policy.params.chokepointShare;
  const held: number[] = [];
  for (let k = 0; k < P; k++) if (world.policy.stateProductCapacityShare[state * P + k]! >= threshold) held.push(k);
  if (buyer < 0 || held.length === 0) return held;
  const imported = new Set(importedProducts(world, buyer, state));
  return held.filter((k) => imported.has(k));
}

/**
 * The base value of trade a measure newly restricted at its first step in force, beyond the
 * measures adopted before it (0 for one that duplicates a measure in force, or before it came
 * into force): what an answer to it is sized to (docs/ODD.md §7.7).
 *
 * @example
 * ```ts
 * const control = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] };
 * const world = createWorld({ ...spec, measures: [control, { ...control, id: 'again' }] }, 1);
 * step(world);
 * const [first, again] = world.policy.measures;
 * console.log(addedRestriction(world, first!) > 0, addedRestriction(world, again!)); // true 0
 * ```
 */
export function addedRestriction(world: World, m: Measure): number {
  return world.policy.measureAddedValue.get(m.id) ?? 0;
}

/**
 * Whether `state` has a measure to answer in `m`: aimed at it by another state, restrictive, still
 * in force, and newly restricting at least `answerThreshold` of the base trade between the two
 * states (both ways). A measure that duplicates restrictions already in force adds nothing and
 * is not answered.
 *
 * @example
 * ```ts
 * const control = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] };
 * const world = createWorld({ ...spec, measures: [control, { ...control, id: 'again' }] }, 1);
 * step(world);
 * const cn = world.stateIndex.get('CN')!;
 * console.log(world.policy.measures.map((m) => answerable(world, cn, m))); // [true, false]
 * ```
 */
export function answerable(world: World, state: number, m: Measure): boolean {
  if (!aimsAt(m, state) || m.issuer === state || m.end <= world.step || !isRestrictive(world, m)) return false;
  const added = addedRestriction(world, m);
  if (!(added > 0)) return false;
  return added >= world.policy.params.answerThreshold * bilateralBaseValue(world, state, m.issuer);
}

/**
 * A draw that is true with probability `p`, taking no number from the stream when `p` is 0 or 1
 * (so a setting at either end does not shift the stream's other draws).
 *
 * @example
 * ```ts
 * const rng = new Rng(1).stream('policy');
 * console.log(chance(rng, 0), chance(rng, 1)); // false true
 * ```
 */
export function chance(rng: { next(): number }, p: number): boolean {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return rng.next() < p;
}

/**
 * Where a retaliation may bite: the products to control (leverage), and those whose imports it may tax.
 *
 * @example
 * ```ts
 * // Answer on chips only: control chip exports to the issuer, else tax its chips.
 * const world = createWorld(spec, 1);
 * const chip = world.productIndex.get('chip')!;
 * const onChips: RetaliationOptions = { leverage: [chip], tariffProducts: [chip] };
 * console.log(onChips.leverage!.map((k) => world.productIds[k])); // ['chip']
 * ```
 */
export interface RetaliationOptions {
  /** Products whose exports to the opponent it may control. Default: the state's chokepoints the opponent imports ({@link chokepointProducts}). */
  leverage?: readonly number[];
  /** Products of the opponent it may tax, when it has no leverage left. Default: all. */
  tariffProducts?: readonly number[];
}

/**
 * Tit-for-tat, proportional: answers `against` with a measure aimed at its issuer that restricts
 * `retaliationProportionality` × the trade value `against` newly restricted
 * ({@link addedRestriction}), counting only trade still open. Where the state holds leverage
 * (chokepoints the opponent imports from it), it controls those exports with the licence
 * probability that closes that value (licence 0, and a smaller answer, when all of them are worth
 * less); otherwise it puts on the opponent's goods the tariff whose trade diversion closes that
 * value, at most `retaliationTariff`. Returns undefined, adopting nothing, when there is nothing
 * left to restrict or `against` restricted nothing new.
 *
 * @example
 * ```ts
 * // A plugin doctrine: tit-for-tat with reciprocity, built from the shared moves.
 * const titForTat = defineDoctrine({
 *   id: 'TFT',
 *   description: 'Answers each restrictive measure aimed at it; lifts the answer when the measure is lifted.',
 *   decide(world, state, context) {
 *     reciprocate(world, state, context);
 *     for (const m of context.started) if (answerable(world, state, m)) retaliate(world, state, m, context);
 *   },
 *   vote: () => false,
 * });
 * const world = createWorld({
 *   ...spec,
 *   states: [{ id: 'US' }, { id: 'CN', doctrine: 'TFT' }, { id: 'TW' }],
 *   measures: [{ type: 'tariff', issuer: 'US', rate: 0.25, from: ['CN'], start: 1, end: 3 }],
 *   policy: { forgiveness: 1, reciprocityOffer: 0 }, // the NLG states stay quiet
 * }, 1, { doctrines: [titForTat] });
 * for (let t = 0; t < 5; t++) step(world);
 * const answer = world.policy.measures[1]!;
 * console.log(answer.type, answer.answers, (answer.fields.licence as number).toFixed(2)); // export_control tariff-1 0.25
 * ```
 */
export function retaliate(
  world: World,
  state: number,
  against: Measure,
  context: DecisionContext,
  options: RetaliationOptions = {},
): Measure | undefined {
  const policy = world.policy;
  if (!world.mechanisms.retaliation) return undefined;
  const opponent = against.issuer;
  const target = policy.params.retaliationProportionality * addedRestriction(world, against);
  if (!(target > 0)) return undefined;
  const leverage = options.leverage ?? chokepointProducts(world, state, opponent);
  const spec =
    sizedControl(world, state, opponent, leverage, target) ??
    sizedTariff(world, state, opponent, options.tariffProducts, target);
  if (spec === undefined) return undefined;
  policy.stateRetaliations[state]!++;
  policy.stateRetaliationsSuffered[opponent]!++;
  return context.adopt(spec, 'retaliation', { target: opponent, answers: against.id });
}

/** The edges a measure spec would restrict now, and its instrument's restriction. */
function edgesOf(world: World, spec: MeasureSpec): ArrayLike<number> {
  const measure = parseMeasure(world, { ...spec, start: world.step }, ['retaliation'], 'retaliation', {
    defaultId: 'sizing',
  });
  return world.policy.instruments.get(spec.type)!.restrict?.(world, measure)?.edges ?? [];
}

/** An export control on `products` to the opponent whose licence probability restricts `target` of the trade still open; undefined when none is open. */
function sizedControl(
  world: World,
  state: number,
  opponent: number,
  products: readonly number[],
  target: number,
): MeasureSpec | undefined {
  if (products.length === 0) return undefined;
  const spec: MeasureSpec = {
    type: 'export_control',
    issuer: world.stateIds[state]!,
    targets: [world.stateIds[opponent]!],
    products: products.map((k) => world.productIds[k]!),
    licence: 0,
  };
  const open = openValue(world, edgesOf(world, spec));
  if (!(open > 0)) return undefined;
  // An answer sized as a share of trade is decided at once (no review), so it closes 1 − p of the trade from its first step.
  return open <= target ? { ...spec, licence: 0 } : { ...spec, licence: 1 - target / open, reviewDays: 0 };
}

/** A tariff on the opponent's goods (optionally some products) whose trade diversion restricts `target`, at most `retaliationTariff`; undefined when it would restrict nothing. */
function sizedTariff(
  world: World,
  state: number,
  opponent: number,
  products: readonly number[] | undefined,
  target: number,
): MeasureSpec | undefined {
  const cap = world.policy.params.retaliationTariff;
  if (!(cap > 0) || products?.length === 0) return undefined;
  const spec: MeasureSpec = {
    type: 'tariff',
    issuer: world.stateIds[state]!,
    rate: cap,
    from: [world.stateIds[opponent]!],
    ...(products === undefined ? {} : { products: products.map((k) => world.productIds[k]!) }),
  };
  const edges = edgesOf(world, spec);
  const restricts = (rate: number): number => openValue(world, edges, 1, rate);
  const most = restricts(cap);
  if (!(most > 0)) return undefined;
  if (most <= target) return spec;
  // The value a tariff restricts rises with its rate: bisect for the rate that restricts `target`.
  let low = 0;
  let high = cap;
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (restricts(mid) < target) low = mid;
    else high = mid;
  }
  return { ...spec, rate: high };
}

/**
 * Reciprocity: for each measure aimed at `state` that its issuer lifted last
 * step, lift one of this state's retaliations aimed at that issuer: the one
 * that answered it, else its most recent one. Security measures adopted by
 * the doctrine itself are not traded.
 *
 * @example
 * ```ts
 * // A plugin doctrine: tit-for-tat with reciprocity, built from the shared moves.
 * const titForTat = defineDoctrine({
 *   id: 'TFT',
 *   description: 'Answers each restrictive measure aimed at it; lifts the answer when the measure is lifted.',
 *   decide(world, state, context) {
 *     reciprocate(world, state, context);
 *     for (const m of context.started) {
 *       if (aimsAt(m, state) && m.end > world.step && isRestrictive(world, m)) retaliate(world, state, m, context);
 *     }
 *   },
 *   vote: () => false,
 * });
 * const world = createWorld({
 *   ...spec,
 *   states: [{ id: 'US' }, { id: 'CN', doctrine: 'TFT' }, { id: 'TW' }],
 *   measures: [{ type: 'tariff', issuer: 'US', rate: 0.25, from: ['CN'], start: 1, end: 3 }],
 *   policy: { forgiveness: 1, reciprocityOffer: 0 }, // the NLG states stay quiet
 * }, 1, { doctrines: [titForTat] });
 * for (let t = 0; t < 5; t++) step(world);
 * console.log(world.policy.measures.map((m) => `${m.id}: ${m.start}–${m.end}`)); // ['tariff-1: 1–3', 'export_control-2: 2–4']
 * ```
 */
export function reciprocate(world: World, state: number, context: DecisionContext): void {
  for (const lifted of context.ended) {
    if (!aimsAt(lifted, state) || lifted.issuer === state) continue;
    // Only retaliations are traded: a state's own security measures stand.
    const mine = measuresAgainst(world, state, lifted.issuer).filter((m) => m.origin === 'retaliation');
    if (mine.length === 0) continue;
    // The answer to the lifted measure first, then the most recent retaliation.
    const rank = (m: Measure): number => (m.answers === lifted.id ? 0 : 1);
    mine.sort((a, b) => rank(a) - rank(b) || b.start - a.start);
    context.lift(mine[0]!);
  }
}

/**
 * Products that `state` imports from `origin` (some supply edge carries them), ascending.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * console.log(importedProducts(world, cn, us).map((k) => world.productIds[k])); // ['chip', 'phone']
 * console.log(importedProducts(world, us, cn).map((k) => world.productIds[k])); // ['gallium', 'phone']
 * ```
 */
export function importedProducts(world: World, state: number, origin: number): number[] {
  const { edgeSupplier, edgeSlot, slotOwner, firmState, firmProduct, finalDemandState, firmSlotCount } = world;
  const seen = new Uint8Array(world.productIds.length);
  for (let e = 0; e < edgeSupplier.length; e++) {
    const s = edgeSupplier[e]!;
    if (firmState[s] !== origin) continue;
    const slot = edgeSlot[e]!;
    const to = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    if (to === state) seen[firmProduct[s]!] = 1;
  }
  const out: number[] = [];
  for (let k = 0; k < seen.length; k++) if (seen[k] === 1) out.push(k);
  return out;
}

/**
 * Strategic products that `state` imports from `origin`.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * console.log(strategicImports(world, cn, us).map((k) => world.productIds[k])); // ['chip']
 * ```
 */
export function strategicImports(world: World, state: number, origin: number): number[] {
  return importedProducts(world, state, origin).filter((k) => world.productStrategic[k] === 1);
}

/**
 * Whether `issuer` has a measure in force of `type` aimed at `target` that closes product `k`:
 * it lists `k` (or every product) and, when it licenses, licenses nothing (`licence` 0). A control
 * that only licenses part of the trade (a proportional answer, say) does not cover the product,
 * so it does not stand in for the full control a doctrine would adopt.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * const [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * const [chip, phone] = [world.productIndex.get('chip')!, world.productIndex.get('phone')!];
 * console.log(covers(world, us, cn, 'export_control', chip), covers(world, us, cn, 'export_control', phone)); // true false
 * ```
 */
export function covers(world: World, issuer: number, target: number, type: string, k: number): boolean {
  return measuresAgainst(world, issuer, target, type).some((m) => {
    const licence = m.fields.licence;
    if (typeof licence === 'number' && licence > 0) return false;
    const products = m.fields.products as Int32Array | undefined;
    return products === undefined || products.length === 0 || products.includes(k);
  });
}
