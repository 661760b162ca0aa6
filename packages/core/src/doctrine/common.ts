import type { DecisionContext, Measure } from '../policy/types.js';
import type { World } from '../world.js';

/*
 * Moves shared by the built-in doctrines: retaliation, reciprocity, and the
 * observations they rest on. A plugin doctrine may use them too.
 */

/** Whether a measure restricts trade or knowledge (and so invites retaliation). */
export function isRestrictive(world: World, m: Measure): boolean {
  return m.type !== 'subsidy' && world.policy.instruments.get(m.type)!.severity(m, world) > 0;
}

/** The measures in force now that `issuer` aims at `target`, optionally of one type. */
export function measuresAgainst(world: World, issuer: number, target: number, type?: string): Measure[] {
  const t = world.step;
  return world.policy.measures.filter(
    (m) => m.issuer === issuer && m.target === target && m.start <= t && t < m.end && (type === undefined || m.type === type),
  );
}

/**
 * Products in which `state` holds a chokepoint (at least `chokepointShare` of
 * world capacity) and that `buyer` imports from it. With `buyer` = -1, every
 * chokepoint product of the state.
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
 * Tit-for-tat: answers `against` with a measure of proportional severity
 * aimed at its issuer. Where the state holds a chokepoint the issuer depends
 * on, it controls those exports (licence probability 1 − severity);
 * otherwise it puts a tariff on the issuer's goods.
 */
export function retaliate(world: World, state: number, against: Measure, context: DecisionContext): Measure {
  const policy = world.policy;
  const opponent = against.issuer;
  const severity = Math.min(1, policy.instruments.get(against.type)!.severity(against, world) * policy.params.retaliationProportionality);
  const leverage = chokepointProducts(world, state, opponent);
  const spec =
    leverage.length > 0
      ? {
          type: 'export_control',
          issuer: world.stateIds[state]!,
          products: leverage.map((k) => world.productIds[k]!),
          targets: [world.stateIds[opponent]!],
          licence: 1 - severity,
        }
      : {
          type: 'tariff',
          issuer: world.stateIds[state]!,
          rate: policy.params.retaliationTariff * severity,
          from: [world.stateIds[opponent]!],
        };
  policy.stateRetaliations[state]!++;
  policy.stateRetaliationsSuffered[opponent]!++;
  return context.adopt(spec, 'retaliation', { target: opponent, answers: against.id });
}

/**
 * Reciprocity: for each measure aimed at `state` that its issuer lifted last
 * step, lift one of this state's measures aimed at that issuer: the one that
 * answered it, else its most recent retaliation, else its most recent other
 * non-scripted measure.
 */
export function reciprocate(world: World, state: number, context: DecisionContext): void {
  for (const lifted of context.ended) {
    if (lifted.target !== state || lifted.issuer === state) continue;
    const mine = measuresAgainst(world, state, lifted.issuer).filter((m) => m.origin !== 'script');
    if (mine.length === 0) continue;
    // The answer to the lifted measure first, then the most recent retaliation, then the most recent other.
    const rank = (m: Measure): number => (m.answers === lifted.id ? 0 : m.origin === 'retaliation' ? 1 : 2);
    mine.sort((a, b) => rank(a) - rank(b) || b.start - a.start);
    context.lift(mine[0]!);
  }
}

/** Products that `state` imports from `origin` (some supply edge carries them), ascending. */
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

/** Strategic products that `state` imports from `origin`. */
export function strategicImports(world: World, state: number, origin: number): number[] {
  return importedProducts(world, state, origin).filter((k) => world.productStrategic[k] === 1);
}

/** Whether `issuer` has a measure in force of `type` aimed at `target` covering product `k`. */
export function covers(world: World, issuer: number, target: number, type: string, k: number): boolean {
  return measuresAgainst(world, issuer, target, type).some((m) => {
    const products = m.fields.products as Int32Array | undefined;
    return products === undefined || products.length === 0 || products.includes(k);
  });
}
