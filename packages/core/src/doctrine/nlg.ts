import { defineDoctrine } from '../policy/types.js';
import { answerable, covers, chance, importedProducts, measuresAgainst, reciprocate, retaliate } from './common.js';

/**
 * Neoliberal globalization (NLG): absolute gains matter; intervene only
 * against a specific, demarcated threat.
 *
 * Each step an NLG state (1) lifts a measure against a partner that lifted
 * one against it; (2) answers a restrictive measure aimed at it (that came
 * into force last step and is still in force) in proportion, but forgives it
 * with probability `forgiveness` (generous tit-for-tat); (3) with probability `reciprocityOffer`, makes a good-faith offer by
 * lifting its oldest retaliation; (4) restricts
 * its rival's supply of a product only when the product's four-factor threat
 * score exceeds `threatThreshold`. In alliance votes it supports a measure
 * only when one of its products passes the threat test.
 *
 * @example
 * ```ts
 * // NLG is the default doctrine. The phone's threat score (0.65) exceeds the threshold (0.6).
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * step(world);
 * const ban = world.policy.measures[0]!;
 * console.log(nlg.id, ban.type, [...(ban.fields.products as Int32Array)].map((k) => world.productIds[k])); // NLG procurement_ban ['phone']
 * ```
 */
export const nlg = defineDoctrine({
  id: 'NLG',
  description: 'Neoliberal globalization: four-factor threat test, reciprocity offers, generous tit-for-tat.',
  decide(world, state, context) {
    const policy = world.policy;
    reciprocate(world, state, context);
    // Generous tit-for-tat: answer a measure that adds restriction unless forgiving it; a
    // retaliation only with probability nlgAnswerRetaliation (by default NLG does not escalate).
    for (const m of context.started) {
      if (!answerable(world, state, m)) continue;
      if (m.origin === 'retaliation' && !chance(context.rng, policy.params.nlgAnswerRetaliation)) continue;
      if (context.rng.next() < policy.params.forgiveness) continue;
      retaliate(world, state, m, context);
    }

    if (context.rng.next() < policy.params.reciprocityOffer) {
      const t = world.step;
      const offer = policy.measures
        .filter((m) => m.issuer === state && m.origin === 'retaliation' && m.start < t && t < m.end)
        .sort((a, b) => a.start - b.start)[0];
      if (offer !== undefined) context.lift(offer);
    }

    const rival = policy.stateRival[state]!;
    if (rival < 0) return;
    const threat = policy.params.threatThreshold;
    const threats = importedProducts(world, state, rival).filter(
      (k) => world.productThreat[k]! > threat && !covers(world, state, rival, 'procurement_ban', k),
    );
    if (threats.length > 0 && measuresAgainst(world, state, rival, 'procurement_ban').length === 0) {
      context.adopt(
        {
          type: 'procurement_ban',
          issuer: world.stateIds[state]!,
          origins: [world.stateIds[rival]!],
          products: threats.map((k) => world.productIds[k]!),
          grace: 4,
        },
        'doctrine',
      );
    }
  },
  vote(world, _state, proposal) {
    const products = proposal.fields.products as Int32Array | undefined;
    if (products === undefined || products.length === 0) return false;
    return products.some((k) => world.productThreat[k]! > world.policy.params.threatThreshold);
  },
});
