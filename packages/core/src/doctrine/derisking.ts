/*
 * De-risking ("small yard, high fence"): the worked example of a plugin
 * doctrine. It is written only through the public API — every import below
 * comes from the package's index — so a developer can copy this file out of
 * the core, change it, and pass it to `createWorld(spec, seed, { doctrines })`.
 */
import {
  answerable,
  buyerState,
  chance,
  retaliate,
  aimsAt,
  chokepointProducts,
  covers,
  defineDoctrine,
  importedProducts,
  isRestrictive,
  measuresAgainst,
  type DecisionContext,
  type DoctrineDefinition,
  type Measure,
  type MeasureSpec,
  type World,
} from '../index.js';

/**
 * How many chokepoint products a de-risking state puts in its yard by default.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_YARD_SIZE); // 2
 * ```
 */
export const DEFAULT_YARD_SIZE = 2;

/**
 * Options of {@link deRiskingDoctrine}.
 *
 * @example
 * ```ts
 * const options: DeRiskingOptions = { id: 'DERISK1', yardSize: 1 };
 * const narrow = deRiskingDoctrine(options);
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DERISK1', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1, { doctrines: [narrow] });
 * console.log(world.policy.stateDoctrine); // ['DERISK1', 'NLG', 'NLG']
 * ```
 */
export interface DeRiskingOptions {
  /** The doctrine id states name. Default `DERISK`; a variant needs its own. */
  id?: string;
  /** The number N of top chokepoint products in the yard. Default {@link DEFAULT_YARD_SIZE}. */
  yardSize?: number;
}

/**
 * The "small yard" of a state: the demarcated technologies it fences. A
 * product is in the yard when it is strategic and either its four-factor
 * threat score exceeds `threatThreshold`, or it is one of the state's
 * `yardSize` strategic chokepoint products (at least `chokepointShare` of
 * world capacity), ranked by the state's capacity share. Ascending indices.
 *
 * @param world - The world, as observed at the end of the last step.
 * @param state - The state's index.
 * @param yardSize - N, the number of chokepoint products admitted.
 * @returns Product indices, ascending.
 *
 * @example
 * ```ts
 * // Capacity shares are observed in worlds with policy (here: a rival is set).
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const yard = smallYard(world, world.stateIndex.get('US')!);
 * console.log(yard.map((k) => world.productIds[k])); // ['chip']
 * ```
 */
export function smallYard(world: World, state: number, yardSize: number = DEFAULT_YARD_SIZE): number[] {
  const P = world.productIds.length;
  const share = world.policy.stateProductCapacityShare;
  const yard = new Set(
    chokepointProducts(world, state, -1)
      .filter((k) => world.productStrategic[k] === 1)
      .sort((a, b) => share[state * P + b]! - share[state * P + a]! || a - b)
      .slice(0, yardSize),
  );
  const threshold = world.policy.params.threatThreshold;
  for (let k = 0; k < P; k++) if (world.productStrategic[k] === 1 && world.productThreat[k]! > threshold) yard.add(k);
  return [...yard].sort((a, b) => a - b);
}

/**
 * Builds a de-risking doctrine ("small yard, high fence", managed
 * interdependence). Use it for a variant with another yard size; the built-in
 * {@link derisking} follows the default one.
 *
 * Each step a de-risking state, with `yard` = {@link smallYard}:
 * 1. **Reciprocity on the rest**: for each measure aimed at it that its
 *    issuer lifted last step, lifts its answer to that measure (else its most
 *    recent retaliation against that issuer). The fence is never traded.
 * 2. **Narrowing**: lifts its own doctrine-made or retaliatory measures that
 *    are off the yard (not confined to a non-empty list of yard products):
 *    broad tariffs, country-of-origin bans, controls on everything. Scripted
 *    and alliance measures stay.
 * 3. **High fence**: with probability hawkishness, fences the yard products
 *    its rival imports from abroad and that are not fenced yet: a foreign
 *    direct product rule (licence 0, `deMinimis`), proposed to each of its
 *    alliances; and bans procurement (grace 4) from the rival of the yard
 *    products whose threat score exceeds `threatThreshold`.
 * 4. **Proportional retaliation, only on the yard**: answers a restrictive
 *    measure aimed at it (in force since last step) only when the measure
 *    covers a yard product. The answer has the measure's severity ×
 *    `retaliationProportionality` and stays on the yard: an export control
 *    (licence 1 − severity) on the yard products the issuer imports from it
 *    and that are not controlled yet, else a tariff (`retaliationTariff` ×
 *    severity) on the yard products it imports from the issuer, else none
 *    (the fence is as high as it goes). Measures off the yard are not
 *    answered.
 *
 * It never adopts broad tariffs, country-of-origin procurement bans or
 * subsidies. In alliance votes it supports a proposal only when its products
 * are listed and all lie in the proposer's yard.
 *
 * @param options - Id and yard size.
 * @returns A doctrine definition, to register with `createWorld(spec, seed, { doctrines: [...] })`.
 *
 * @example
 * ```ts
 * const wideYard = deRiskingDoctrine({ id: 'DERISK5', yardSize: 5 });
 * const world = createWorld(
 *   { ...spec, states: [{ id: 'US', doctrine: 'DERISK5', rival: 'CN', hawkishness: 1 }, { id: 'CN' }, { id: 'TW' }] },
 *   1,
 *   { doctrines: [wideYard] },
 * );
 * step(world);
 * console.log(world.policy.measures.map((m) => m.type)); // ['foreign_direct_product_rule']
 * ```
 */
export function deRiskingDoctrine(options: DeRiskingOptions = {}): DoctrineDefinition {
  const yardSize = options.yardSize ?? DEFAULT_YARD_SIZE;
  if (!(Number.isInteger(yardSize) && yardSize >= 0))
    throw new TypeError(`yardSize: expected an integer >= 0, received ${String(yardSize)}`);
  return defineDoctrine(deRiskingRule(options.id ?? 'DERISK', yardSize));
}

// Not `deRiskingDoctrine()`: the core's own registry loads this file while the
// index it imports from is still loading, so nothing imported may run at load
// time. A plugin outside the core has no such cycle and calls defineDoctrine.
/**
 * De-risking ("small yard, high fence"; managed interdependence), id
 * `DERISK`: the third built-in doctrine, beside DNM and NLG, and the worked
 * example of a doctrine written through the public plugin API. See
 * {@link deRiskingDoctrine} for the rule.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DERISK', rival: 'CN', hawkishness: 1 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * step(world);
 * const fence = world.policy.measures[0]!;
 * console.log(fence.type, fence.fields.licence, fence.fields.deMinimis); // foreign_direct_product_rule 0 0.25
 * // Intel's and TSMC's (30% US-origin) chips no longer reach Huawei; Apple's phones still reach China.
 * const blocked = (supplier: string, buyer: string) => world.edgeBlocked[selectEdges(world, { supplier, buyer })[0]!];
 * console.log(blocked('Intel', 'Huawei'), blocked('TSMC', 'Huawei'), world.edgeBlocked[selectEdges(world, { supplier: 'Apple', buyerState: 'CN' })[0]!]); // 1 1 0
 * ```
 */
export const derisking: DoctrineDefinition = deRiskingRule('DERISK', DEFAULT_YARD_SIZE);

/** The rule itself, as a plain doctrine definition. */
function deRiskingRule(id: string, yardSize: number): DoctrineDefinition {
  return {
    id,
    description:
      'De-risking ("small yard, high fence"): licence-0 controls with the foreign direct product rule on a few demarcated technologies (strategic and threatening, or top chokepoints); no broad tariffs or bans; proportional retaliation only on the yard, reciprocity on the rest.',
    decide(world, state, context) {
      const yard = smallYard(world, state, yardSize);
      const inYard = new Uint8Array(world.productIds.length);
      for (const k of yard) inYard[k] = 1;
      reciprocateOffTheFence(world, state, context);
      narrowToYard(world, state, inYard, context);
      const rival = world.policy.stateRival[state]!;
      if (rival >= 0 && yard.length > 0) buildFence(world, state, rival, yard, context);
      for (const m of context.started) {
        if (!answerable(world, state, m) || !touches(m, inYard)) continue;
        if (m.origin === 'retaliation' && !chance(context.rng, world.policy.params.nlgAnswerRetaliation)) continue;
        answerOnTheYard(world, state, m, yard, context);
      }
    },
    vote(world, _state, proposal) {
      const products = proposal.fields.products;
      if (!(products instanceof Int32Array) || products.length === 0) return false;
      const yard = new Set(smallYard(world, proposal.issuer, yardSize));
      return products.every((k) => yard.has(k));
    },
  };
}

/** Whether a measure covers a yard product (no product list = every product). */
function touches(m: Measure, inYard: Uint8Array): boolean {
  const products = m.fields.products;
  if (!(products instanceof Int32Array) || products.length === 0) return inYard.includes(1);
  return products.some((k) => inYard[k] === 1);
}

/** Whether a measure is confined to a non-empty list of yard products. */
function onYard(m: Measure, inYard: Uint8Array): boolean {
  const products = m.fields.products;
  return products instanceof Int32Array && products.length > 0 && products.every((k) => inYard[k] === 1);
}

/** Reciprocity that trades retaliations only: the fence is not a bargaining chip. */
function reciprocateOffTheFence(world: World, state: number, context: DecisionContext): void {
  for (const lifted of context.ended) {
    if (!aimsAt(lifted, state) || lifted.issuer === state) continue;
    const mine = measuresAgainst(world, state, lifted.issuer).filter((m) => m.origin === 'retaliation');
    if (mine.length === 0) continue;
    mine.sort((a, b) => (a.answers === lifted.id ? 0 : 1) - (b.answers === lifted.id ? 0 : 1) || b.start - a.start);
    context.lift(mine[0]!);
  }
}

/** Lifts this state's own doctrine-made and retaliatory restrictions that reach off the yard. */
function narrowToYard(world: World, state: number, inYard: Uint8Array, context: DecisionContext): void {
  const t = world.step;
  for (const m of world.policy.measures) {
    if (m.issuer !== state || !(m.start <= t && t < m.end)) continue;
    if (m.origin !== 'doctrine' && m.origin !== 'retaliation') continue;
    if (isRestrictive(world, m) && !onYard(m, inYard)) context.lift(m);
  }
}

/** A proportional answer that stays on the yard; none when the yard offers no lever. */
function answerOnTheYard(
  world: World,
  state: number,
  against: Measure,
  yard: readonly number[],
  context: DecisionContext,
): void {
  const opponent = against.issuer;
  // Proportional, and only on the yard: controls on yard products the opponent buys from this
  // state, else tariffs on the yard products it sells to it.
  const exported = new Set(importedProducts(world, opponent, state));
  const imported = new Set(importedProducts(world, state, opponent));
  retaliate(world, state, against, context, {
    leverage: yard.filter((k) => exported.has(k)),
    tariffProducts: yard.filter((k) => imported.has(k)),
  });
}

/** The high fence: licence-0 FDPR on the yard products the rival imports, and a ban on threatening yard imports from it. */
function buildFence(
  world: World,
  state: number,
  rival: number,
  yard: readonly number[],
  context: DecisionContext,
): void {
  const policy = world.policy;
  const ids = world.productIds;
  const open = yard.filter((k) => !covers(world, state, rival, 'foreign_direct_product_rule', k));
  const imports = open.length > 0 ? importsFromAbroad(world, rival) : null;
  const outbound = imports === null ? [] : open.filter((k) => imports[k] === 1);
  const threat = policy.params.threatThreshold;
  const risky = yard.filter(
    (k) => world.productThreat[k]! > threat && !covers(world, state, rival, 'procurement_ban', k),
  );
  const supplied = risky.length > 0 ? new Set(importedProducts(world, state, rival)) : null;
  const inbound = supplied === null ? [] : risky.filter((k) => supplied.has(k));
  if (outbound.length === 0 && inbound.length === 0) return;
  if (context.rng.next() >= policy.stateHawkishness[state]!) return;

  if (outbound.length > 0) {
    const spec: MeasureSpec = {
      type: 'foreign_direct_product_rule',
      issuer: world.stateIds[state]!,
      targets: [world.stateIds[rival]!],
      products: outbound.map((k) => ids[k]!),
      licence: 0,
      deMinimis: policy.params.deMinimis,
    };
    context.adopt(spec, 'doctrine');
    policy.alliances.forEach((alliance, a) => {
      if (alliance.members.includes(state)) context.propose(a, spec);
    });
  }
  if (inbound.length > 0) {
    context.adopt(
      {
        type: 'procurement_ban',
        issuer: world.stateIds[state]!,
        origins: [world.stateIds[rival]!],
        products: inbound.map((k) => ids[k]!),
        grace: 4,
      },
      'doctrine',
    );
  }
}

/** A 0/1 mask of the products `state` imports from any other state. */
function importsFromAbroad(world: World, state: number): Uint8Array {
  const seen = new Uint8Array(world.productIds.length);
  const { edgeSupplier, firmState, firmProduct } = world;
  for (let e = 0; e < edgeSupplier.length; e++) {
    const s = edgeSupplier[e]!;
    if (firmState[s] !== state && buyerState(world, e) === state) seen[firmProduct[s]!] = 1;
  }
  return seen;
}
