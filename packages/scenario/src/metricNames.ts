import { suggest, type World } from '@chokepoint/core';

/**
 * The variables each entity kind records (docs/outputs.md).
 *
 * @example
 * ```ts
 * console.log(Object.keys(METRIC_VARIABLES)); // ['world', 'state', 'firm', 'flow', 'state_product', 'product', 'alliance', 'standard']
 * console.log(METRIC_VARIABLES.product); // ['hhi', 'criticality', 'leakage', 'price_index']
 * ```
 */
export const METRIC_VARIABLES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  world: ['output', 'final_demand_met_share', 'welfare', 'dnm_share', 'escalation_index'],
  state: [
    'output',
    'shortage',
    'final_demand',
    'final_demand_met',
    'exports',
    'imports',
    'tariff_revenue',
    'value_added',
    'cpi',
    'doctrine_dnm',
    'hawkishness',
    'measures_in_force',
    'escalation_index',
    'retaliations',
    'subsidy_paid',
    'switching_cost',
    'welfare',
  ],
  firm: ['output', 'demand', 'shortage', 'revenue', 'price', 'value_added', 'inventory_days'],
  flow: ['trade_value', 'trade_volume', 'buyer_price', 'pass_through'],
  state_product: ['capability', 'capability_gap', 'market_share', 'market_share_third', 'self_sufficiency', 'price_index'],
  product: ['hhi', 'criticality', 'leakage', 'price_index'],
  alliance: ['votes', 'votes_passed', 'defections'],
  standard: ['fragmentation', 'partner_interoperability', 'sep_share', 'vote_share', 'adoption_world', 'adoption_third'],
});

/**
 * Checks a key metric name `kind/entity/variable` against a world: a known kind, an entity
 * of that kind in the world, and a variable the kind records.
 *
 * @returns undefined when it is fine, else the expected part of a message.
 *
 * @example
 * ```ts
 * import { createWorld } from '@chokepoint/core';
 * const { configs } = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * const world = createWorld(materializeWorld(configs[0]!.recipe), 1);
 * console.log(checkMetricName('state/US/output', world)); // undefined
 * console.log(checkMetricName('state/USA/output', world)); // a state id of the world (did you mean "US"?)
 * ```
 */
export function checkMetricName(name: string, world: World): string | undefined {
  const [kind, entity, variable] = name.split('/') as [string, string, string];
  const kinds = Object.keys(METRIC_VARIABLES);
  if (!kinds.includes(kind)) return `a metric kind (one of ${kinds.join(', ')})${suggest(kind, kinds)}`;
  const states = world.stateIds;
  const products = world.productIds;
  let entities: readonly string[];
  switch (kind) {
    case 'world':
      entities = ['world'];
      break;
    case 'state':
      entities = states;
      break;
    case 'firm':
      entities = world.firmIds;
      break;
    case 'product':
      entities = products;
      break;
    case 'alliance':
      entities = world.policy.alliances.map((a) => a.id);
      break;
    case 'state_product':
      entities = states.flatMap((s) => products.map((p) => `${s}:${p}`));
      break;
    case 'standard': {
      const st = world.standards;
      entities = st === undefined ? [] : [...st.bodyIds, ...st.bodyIds.flatMap((b) => st.blocIds.map((j) => `${b}:${j}`))];
      break;
    }
    default:
      entities = states.flatMap((a) => states.flatMap((b) => products.map((p) => `${a}>${b}:${p}`)));
  }
  if (!entities.includes(entity)) {
    const what = kind === 'state_product' ? 'a STATE:product' : kind === 'flow' ? 'a FROM>TO:product' : kind === 'standard' ? 'a BODY or BODY:BLOC' : `a ${kind} id`;
    return `${what} of the world${suggest(entity, entities)}`;
  }
  const variables = METRIC_VARIABLES[kind]!;
  const originContent = kind === 'firm' && /^origin_content:/.test(variable) && states.includes(variable.slice('origin_content:'.length));
  const adoption = kind === 'state' && /^adoption:/.test(variable) && world.standards !== undefined;
  if (!variables.includes(variable) && !originContent && !adoption) return `a ${kind} variable (one of ${variables.join(', ')})${suggest(variable, variables)}`;
  return undefined;
}
