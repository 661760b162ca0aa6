import { defineDoctrine } from '../policy/types.js';
import type { World } from '../world.js';
import {
  answerable,
  chokepointProducts,
  covers,
  chance,
  measuresAgainst,
  reciprocate,
  retaliate,
  strategicImports,
} from './common.js';

/**
 * Digital neo-mercantilism (DNM): relative gains matter and interdependence
 * is a weapon.
 *
 * Each step a DNM state (1) lifts a measure against a partner that lifted one
 * against it (the cooperative half of tit-for-tat); (2) retaliates
 * tit-for-tat, in proportion, against every restrictive measure aimed at it
 * that came into force last step and is still in force; (3) when its rival's capability lead in a
 * strategic product grew by more than `relativeGainTrigger`, with probability
 * equal to its hawkishness, controls exports to the rival of the products in
 * which it holds a chokepoint share, reaching abroad through the foreign
 * direct product rule, and asks its allies to align; (4) uses country of
 * origin as the risk criterion: with probability hawkishness, bans
 * procurement of the rival's strategic products; (5) subsidizes its strategic
 * industries once; (6) with `dnmExportFinance` above 0, finances its firms' sales to third
 * countries (neither it, its rival, nor allied with either) of the products its rival also makes,
 * once, at that rate (instrument `export_finance`).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DNM', rival: 'CN', hawkishness: 1 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * for (let t = 0; t < 3; t++) step(world);
 * console.log(dnm.id, dnm.mercantilist); // DNM true
 * console.log(world.policy.measures.map((m) => `${world.stateIds[m.issuer]} ${m.origin} ${m.type}`)); // ['US doctrine subsidy']
 * ```
 */
export const dnm = defineDoctrine({
  id: 'DNM',
  description:
    'Digital neo-mercantilism: relative-gain trigger, chokepoint controls, country-of-origin risk, tit-for-tat, subsidies, allied alignment.',
  mercantilist: true,
  decide(world, state, context) {
    const policy = world.policy;
    reciprocate(world, state, context);
    // Tit-for-tat: answer every measure that adds restriction, retaliations with probability dnmAnswerRetaliation.
    for (const m of context.started) {
      if (!answerable(world, state, m)) continue;
      if (m.origin === 'retaliation' && !chance(context.rng, policy.params.dnmAnswerRetaliation)) continue;
      retaliate(world, state, m, context);
    }

    const rival = policy.stateRival[state]!;
    if (rival < 0) return;
    const hawkishness = policy.stateHawkishness[state]!;
    const ids = world.productIds;

    if (policy.stateRelativeGainLoss[state]! > policy.params.relativeGainTrigger && context.rng.next() < hawkishness) {
      const products = chokepointProducts(world, state, rival).filter(
        (k) => !covers(world, state, rival, 'export_control', k),
      );
      if (products.length > 0) {
        const spec = {
          type: 'export_control',
          issuer: world.stateIds[state]!,
          targets: [world.stateIds[rival]!],
          products: products.map((k) => ids[k]!),
          licence: 0,
          deMinimis: policy.params.deMinimis,
        };
        context.adopt(spec, 'doctrine');
        policy.alliances.forEach((alliance, a) => {
          if (alliance.members.includes(state)) context.propose(a, spec);
        });
      }
    }

    if (measuresAgainst(world, state, rival, 'procurement_ban').length === 0 && context.rng.next() < hawkishness) {
      const products = strategicImports(world, state, rival);
      if (products.length > 0) {
        context.adopt(
          {
            type: 'procurement_ban',
            issuer: world.stateIds[state]!,
            origins: [world.stateIds[rival]!],
            products: products.map((k) => ids[k]!),
            grace: 4,
          },
          'doctrine',
        );
      }
    }

    const subsidized = policy.measures.some(
      (m) => m.issuer === state && m.type === 'subsidy' && m.origin === 'doctrine',
    );
    if (!subsidized && policy.stateBudget[state]! > 0) {
      const strategic = ids.filter((_, k) => world.productStrategic[k] === 1);
      if (strategic.length > 0)
        context.adopt({ type: 'subsidy', issuer: world.stateIds[state]!, products: strategic }, 'doctrine');
    }

    // The digital silk road: finance its firms' sales to third countries where they meet the rival's, once.
    const rate = policy.params.dnmExportFinance;
    const financing = policy.measures.some(
      (m) => m.issuer === state && m.type === 'export_finance' && m.origin === 'doctrine',
    );
    if (rate > 0 && !financing && policy.stateBudget[state]! > 0) {
      const products = contestedProducts(world, state, rival);
      const third = thirdCountries(world, state, rival);
      if (products.length > 0 && third.length > 0) {
        context.adopt(
          {
            type: 'export_finance',
            issuer: world.stateIds[state]!,
            products: products.map((k) => ids[k]!),
            to: third.map((s) => world.stateIds[s]!),
            rate,
          },
          'doctrine',
        );
      }
    }
  },
  vote: () => true,
});

/** Products both the state's and its rival's firms make, in product order. */
function contestedProducts(world: World, state: number, rival: number): number[] {
  const makes = new Uint8Array(world.productIds.length);
  for (let f = 0; f < world.firmState.length; f++) {
    if (world.firmState[f] === state) makes[world.firmProduct[f]!]! |= 1;
    else if (world.firmState[f] === rival) makes[world.firmProduct[f]!]! |= 2;
  }
  const out: number[] = [];
  for (let k = 0; k < makes.length; k++) if (makes[k] === 3) out.push(k);
  return out;
}

/** States that are neither the state, its rival, nor in an alliance with either, in state order. */
function thirdCountries(world: World, state: number, rival: number): number[] {
  const aligned = new Set<number>([state, rival]);
  for (const alliance of world.policy.alliances) {
    if (alliance.members.includes(state) || alliance.members.includes(rival))
      for (const m of alliance.members) aligned.add(m);
  }
  return world.stateIds.map((_, s) => s).filter((s) => !aligned.has(s));
}
