import { ENTITY_KINDS, MetricsTable, recordMetrics, suggest, type RecordOptions, type World } from '@chokepoint/core';

/**
 * The variables each entity kind records (docs/outputs.md).
 *
 * @example
 * ```ts
 * console.log(Object.keys(METRIC_VARIABLES)); // ['world', 'state', 'firm', 'flow', 'state_product', 'product', 'alliance', 'standard', 'measure']
 * console.log(METRIC_VARIABLES.product); // ['hhi', 'criticality', 'leakage', 'frontier', 'price_index']
 * ```
 */
export const METRIC_VARIABLES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  world: ['output', 'final_demand_met_share', 'welfare', 'dnm_share', 'restricted_trade', 'escalation_index'],
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
    'restricted_trade',
    'escalation_index',
    'tension',
    'doctrine_payoff',
    'retaliations',
    'subsidy_paid',
    'export_finance',
    'investment',
    'switching_cost',
    'licences_pending',
    'licences_granted',
    'licences_denied',
    'backlog',
    'welfare',
  ],
  firm: [
    'output',
    'demand',
    'shortage',
    'revenue',
    'price',
    'value_added',
    'capacity',
    'inventory_days',
    'backlog',
    'capacity_under_construction',
  ],
  flow: ['trade_value', 'trade_volume', 'buyer_price', 'pass_through'],
  state_product: [
    'capability',
    'capability_gap',
    'market_share',
    'market_share_third',
    'self_sufficiency',
    'price_index',
  ],
  product: ['hhi', 'criticality', 'leakage', 'frontier', 'price_index'],
  alliance: ['votes', 'votes_passed', 'defections'],
  standard: [
    'fragmentation',
    'partner_interoperability',
    'sep_share',
    'vote_share',
    'adoption_world',
    'adoption_third',
  ],
  measure: ['licences_pending', 'licences_granted', 'licences_denied'],
});

/**
 * The families of variables whose names carry an id after a colon: a firm's
 * `origin_content:STATE`, a state's `adoption:BODY:BLOC` (worlds with standards) and
 * `alignment:BLOC` (worlds with alignment; docs/outputs.md).
 *
 * @example
 * ```ts
 * console.log(isFamilyVariable('alignment:china-led')); // true
 * console.log(isFamilyVariable('alignment')); // false
 * ```
 */
export function isFamilyVariable(name: string): boolean {
  return /^(origin_content|adoption|alignment):.+/.test(name);
}

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
    case 'measure':
      entities = world.policy.measures.map((m) => m.id);
      break;
    case 'state_product':
      entities = states.flatMap((s) => products.map((p) => `${s}:${p}`));
      break;
    case 'standard': {
      const st = world.standards;
      entities =
        st === undefined ? [] : [...st.bodyIds, ...st.bodyIds.flatMap((b) => st.blocIds.map((j) => `${b}:${j}`))];
      break;
    }
    default:
      entities = states.flatMap((a) => states.flatMap((b) => products.map((p) => `${a}>${b}:${p}`)));
  }
  if (!entities.includes(entity)) {
    const what =
      kind === 'state_product'
        ? 'a STATE:product'
        : kind === 'flow'
          ? 'a FROM>TO:product'
          : kind === 'standard'
            ? 'a BODY or BODY:BLOC'
            : `a ${kind} id`;
    return `${what} of the world${suggest(entity, entities)}`;
  }
  const variables = METRIC_VARIABLES[kind]!;
  const originContent =
    kind === 'firm' && /^origin_content:/.test(variable) && states.includes(variable.slice('origin_content:'.length));
  // Per-bloc state variables: adoption:BODY:BLOC in worlds with standards, alignment:BLOC in
  // worlds that also have alignment (whether the body and bloc exist, checkKeyMetricRows says).
  const adoption = kind === 'state' && /^adoption:/.test(variable) && world.standards !== undefined;
  const alignment = kind === 'state' && /^alignment:/.test(variable) && world.alignment !== undefined;
  if (kind === 'state' && /^adoption:/.test(variable) && !adoption)
    return `a state variable of the world (adoption:BODY:BLOC needs the world's standards)`;
  if (kind === 'state' && /^alignment:/.test(variable) && !alignment)
    return `a state variable of the world (alignment:BLOC needs the world's alignment, docs/ODD.md §7.20)`;
  if (!variables.includes(variable) && !originContent && !adoption && !alignment)
    return `a ${kind} variable (one of ${variables.join(', ')})${suggest(variable, variables)}`;
  return undefined;
}

/** {@link recordedNames} by world and record options: a plan checks several key metrics against one world. */
const recordedCache = new WeakMap<World, Map<string, Set<string>>>();

/** The `kind/entity/variable` names of the rows `record` writes for `world`, at its current step. */
function recordedNames(world: World, record: RecordOptions): Set<string> {
  let byRecord = recordedCache.get(world);
  if (byRecord === undefined) recordedCache.set(world, (byRecord = new Map()));
  const key = JSON.stringify(record);
  const cached = byRecord.get(key);
  if (cached !== undefined) return cached;
  const table = new MetricsTable();
  recordMetrics(world, table, record);
  const { kindCodes, entityIds, variableIds, entityNames, variableNames } = table.columns();
  const names = new Set<string>();
  for (let i = 0; i < kindCodes.length; i++)
    names.add(`${ENTITY_KINDS[kindCodes[i]!]}/${entityNames[entityIds[i]!]}/${variableNames[variableIds[i]!]}`);
  byRecord.set(key, names);
  return names;
}

/** Everything the recorder can write. */
const RECORD_ALL: RecordOptions = { firms: true, states: true, flows: true, policy: true, standards: true };

/** Why an option of `record` leaves a metric out, for the message. */
function leftOutBy(option: keyof RecordOptions, record: RecordOptions): string {
  if (option === 'policy' && record.policy === undefined) {
    return 'a metric the runs record; the policy layer is off in this world, as no state sets a doctrine or rival and no measure or alliance is set (set outputs.record.policy: true to record its metrics)';
  }
  return `a metric the runs record (outputs.record.${option} is false)`;
}

/** Up to `count` names that share the longest prefix with `value`, then "and n more". */
function nearby(value: string, names: readonly string[], count = 4): string {
  const shared = (name: string): number => {
    let i = 0;
    while (i < name.length && i < value.length && name[i] === value[i]) i++;
    return i;
  };
  const sorted = [...names].sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : 1));
  return `${sorted.slice(0, count).join(', ')}${sorted.length > count ? ` and ${sorted.length - count} more` : ''}`;
}

/**
 * Checks that a key metric whose name fits the world ({@link checkMetricName}) will have rows:
 * the recorder writes it with the runs' record options (`outputs.record`, the firm list), and
 * the world has such a row at all (a state makes or buys the product of a `state_product`, a
 * firm has inputs for `inventory_days`, …). Checked by recording the world once, as it is
 * before its first step (the rows are cached per world and record options, so pass a world
 * that has not stepped); a `flow` that has no route yet passes when its states can trade the
 * product (supplier search may open the route later).
 *
 * @returns undefined when it is fine, else the expected part of a message.
 *
 * @example
 * ```ts
 * import { createWorld } from '@chokepoint/core';
 * const { configs } = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * const world = createWorld(materializeWorld(configs[0]!.recipe), 1);
 * console.log(checkKeyMetricRows('firm/TSMC/output', world, { firms: ['TSMC'] })); // undefined
 * console.log(checkKeyMetricRows('firm/TSMC/output', world, { firms: false })); // a metric the runs record (outputs.record.firms is false)
 * console.log(checkKeyMetricRows('firm/GalliumCN/inventory_days', world, {})); // a variable firm GalliumCN has rows of (output, demand, shortage, revenue, price, value_added, capacity, backlog, capacity_under_construction, origin_content:US, origin_content:CN, origin_content:JP, origin_content:NL, origin_content:TW)
 * ```
 */
export function checkKeyMetricRows(name: string, world: World, record: RecordOptions): string | undefined {
  if (recordedNames(world, record).has(name)) return undefined;
  const [kind, entity, variable] = name.split('/') as [string, string, string];
  let all: Set<string>;
  try {
    all = recordedNames(world, RECORD_ALL);
  } catch {
    return undefined; // the recorder cannot say; the run will
  }
  if (all.has(name)) {
    for (const option of ['firms', 'states', 'flows', 'policy', 'standards'] as const) {
      if (record[option] === true) continue;
      if (recordedNames(world, { ...record, [option]: true }).has(name)) return leftOutBy(option, record);
    }
    return 'a metric the runs record (outputs.record leaves it out)';
  }
  if (kind === 'flow') {
    const match = /^(.+)>(.+):(.+)$/.exec(entity)!;
    const [from, to, product] = [
      world.stateIndex.get(match[1]!)!,
      world.stateIndex.get(match[2]!)!,
      world.productIndex.get(match[3]!)!,
    ];
    let makes = false;
    let buys = false;
    for (let f = 0; f < world.firmIds.length; f++) {
      if (world.firmState[f] === from && world.firmProduct[f] === product) makes = true;
      if (world.firmState[f] !== to) continue;
      const k = world.firmProduct[f]!;
      for (let r = world.recipeStart[k]!; r < world.recipeStart[k + 1]!; r++)
        if (world.recipeInput[r] === product) buys = true;
    }
    for (let i = 0; i < world.finalDemandState.length; i++)
      if (world.finalDemandState[i] === to && world.finalDemandProduct[i] === product) buys = true;
    if (makes && buys) return undefined;
    // The flows of the same product, those into the same state first.
    const flows = [...all]
      .filter((n) => n.startsWith('flow/') && n.endsWith(`:${match[3]}/trade_value`))
      .map((n) => n.split('/')[1]!);
    flows.sort((a, b) => Number(b.includes(`>${match[2]}:`)) - Number(a.includes(`>${match[2]}:`)) || (a < b ? -1 : 1));
    const listed =
      flows.length === 0
        ? `no ${match[3]} flows`
        : `${match[3]} flows: ${flows.slice(0, 4).join(', ')}${flows.length > 4 ? ` and ${flows.length - 4} more` : ''}`;
    return `a flow the world can have: ${!makes ? `no firm of ${match[1]} makes ${match[3]}` : `nothing in ${match[2]} buys ${match[3]}`} (${listed})`;
  }
  const prefix = `${kind}/${entity}/`;
  const variables = [...all].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
  if (variables.length > 0)
    return `a variable ${kind} ${entity} has rows of (${variables.join(', ')})${suggest(variable, variables)}`;
  const entities = [...new Set([...all].filter((n) => n.startsWith(`${kind}/`)).map((n) => n.split('/')[1]!))];
  if (entities.length === 0) return `a metric the world records (it has no ${kind} rows)`;
  const [state, product] = entity.split(':');
  const reason =
    kind === 'state_product' ? `: no firm of ${state} makes ${product} and nothing in ${state} buys it` : '';
  return `a ${kind} the world has rows of${reason} (${nearby(entity, entities)})`;
}
