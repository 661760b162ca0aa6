/**
 * How to label a variable: a readable name, its unit, and whether it is a share in [0, 1].
 *
 * @example
 * ```ts
 * const info: VariableInfo = describeVariable('self_sufficiency');
 * console.log(axisLabel(info.label, info.unit), formatMaybePercent(0.42, info.percent)); // Self-sufficiency (% of domestic use) 42%
 * ```
 */
export interface VariableInfo {
  /** Readable name, e.g. 'Output'. */
  label: string;
  /** Unit for axis labels, e.g. 'value, units × price'. */
  unit: string;
  /** True when the value is a share in [0, 1], shown as a percentage. */
  percent: boolean;
}

const VALUE = 'value, units × price';

const KNOWN: Record<string, VariableInfo> = {
  output: { label: 'Output', unit: VALUE, percent: false },
  final_demand_met_share: { label: 'Final demand met', unit: '% of final demand', percent: true },
  welfare: { label: 'Welfare (real income)', unit: 'value at base consumer prices', percent: false },
  dnm_share: { label: 'Share of states under DNM', unit: '% of states', percent: true },
  shortage: { label: 'Shortage', unit: VALUE, percent: false },
  final_demand: { label: 'Final demand', unit: VALUE, percent: false },
  final_demand_met: { label: 'Final demand met', unit: VALUE, percent: false },
  exports: { label: 'Exports', unit: VALUE, percent: false },
  imports: { label: 'Imports', unit: VALUE, percent: false },
  tariff_revenue: { label: 'Tariff revenue', unit: VALUE, percent: false },
  value_added: { label: 'Value added', unit: VALUE, percent: false },
  cpi: { label: 'Consumer price index', unit: 'index, base = 1', percent: false },
  price: { label: 'Price', unit: 'per unit', percent: false },
  trade_volume: { label: 'Trade volume', unit: 'value at base prices', percent: false },
  buyer_price: { label: 'Buyer price (duty paid)', unit: 'per unit', percent: false },
  pass_through: { label: 'Tariff pass-through', unit: 'Δ ln buyer price / ln(1 + tariff)', percent: false },
  price_index: { label: 'Price index', unit: 'index, base = 1', percent: false },
  doctrine_dnm: { label: 'Doctrine is DNM', unit: '% of runs', percent: true },
  hawkishness: { label: 'Hawkishness', unit: 'index, 0–1', percent: false },
  measures_in_force: { label: 'Measures in force', unit: 'count', percent: false },
  escalation_index: { label: 'Trade restricted (escalation)', unit: '% of world trade', percent: true },
  restricted_trade: { label: 'Trade restricted', unit: 'value at base prices', percent: false },
  tension: { label: 'Tension', unit: 'index, 0–1', percent: false },
  doctrine_payoff: {
    label: 'Doctrine payoff',
    unit: 'real income, base = 1, + θ × relative capability',
    percent: false,
  },
  retaliations: { label: 'Retaliations', unit: 'events per step', percent: false },
  demand: { label: 'Demand', unit: 'units', percent: false },
  revenue: { label: 'Revenue', unit: VALUE, percent: false },
  inventory_days: { label: 'Inventory', unit: 'days of use', percent: false },
  trade_value: { label: 'Trade value', unit: VALUE, percent: false },
  capability: { label: 'Capability', unit: 'technology level', percent: false },
  market_share: { label: 'Market share', unit: '% of world market', percent: true },
  self_sufficiency: { label: 'Self-sufficiency', unit: '% of domestic use', percent: true },
  hhi: { label: 'Supplier concentration (HHI)', unit: 'index, 0–1', percent: false },
  criticality: { label: 'Criticality', unit: 'index', percent: false },
  leakage: { label: 'Leakage', unit: VALUE, percent: false },
  votes: { label: 'Alliance votes', unit: 'count', percent: false },
  votes_passed: { label: 'Alliance votes passed', unit: 'count', percent: false },
  defections: { label: 'Defections', unit: 'count', percent: false },
  sep_share: { label: 'Share of essential patents', unit: '% of SEPs', percent: true },
  vote_share: { label: 'Vote share', unit: '% of votes', percent: true },
  adoption_world: { label: 'World adoption', unit: '% of installed base', percent: true },
  adoption_third: { label: 'Adoption in third countries', unit: '% of installed base', percent: true },
  fragmentation: { label: 'Fragmentation', unit: 'index, 0–1', percent: false },
  partner_interoperability: { label: 'Interoperability with trade partners', unit: 'probability, 0–1', percent: false },
};

/**
 * Describes a variable of docs/outputs.md for labels. A state's `alignment:BLOC` (its share of
 * alignment with a bloc) reads "Alignment with BLOC". Unknown variables get their name with
 * underscores as spaces and no unit.
 *
 * @param variable Variable name, e.g. `market_share`.
 * @param entityKind Entity kind; `firm` rows are in units, except revenue.
 * @example
 * ```ts
 * console.log(describeVariable('market_share')); // { label: 'Market share', unit: '% of world market', percent: true }
 * console.log(describeVariable('output', 'firm').unit, describeVariable('new_thing')); // units { label: 'New thing', unit: '', percent: false }
 * console.log(describeVariable('alignment:china-led')); // { label: 'Alignment with china-led', unit: 'share of alignment', percent: true }
 * ```
 */
export function describeVariable(variable: string, entityKind?: string): VariableInfo {
  const alignment = /^alignment:(.+)$/.exec(variable);
  if (alignment !== null) return { label: `Alignment with ${alignment[1]}`, unit: 'share of alignment', percent: true };
  const known = KNOWN[variable];
  if (known) {
    if (entityKind === 'firm' && (variable === 'output' || variable === 'shortage')) return { ...known, unit: 'units' };
    return known;
  }
  const label = variable.replace(/_/g, ' ');
  return { label: label.charAt(0).toUpperCase() + label.slice(1), unit: '', percent: false };
}

/**
 * A metric name `entity_kind/entity/variable`, split into its parts.
 *
 * @example
 * ```ts
 * const name: MetricName = parseMetricName('state_product/CN:chip/capability');
 * console.log(name.entityKind, name.entity, name.variable); // state_product CN:chip capability
 * ```
 */
export interface MetricName {
  /** Entity kind, e.g. `state`. */
  entityKind: string;
  /** Entity id, e.g. `US`. */
  entity: string;
  /** Variable, e.g. `output`. */
  variable: string;
}

/**
 * Splits a metric name `entity_kind/entity/variable`. The entity may itself hold no slash;
 * anything between the first and the last slash is the entity.
 *
 * @example
 * ```ts
 * console.log(parseMetricName('state/US/output')); // { entityKind: 'state', entity: 'US', variable: 'output' }
 * ```
 */
export function parseMetricName(metric: string): MetricName {
  const first = metric.indexOf('/');
  const last = metric.lastIndexOf('/');
  if (first < 0 || last === first) return { entityKind: '', entity: '', variable: metric };
  return {
    entityKind: metric.slice(0, first),
    entity: metric.slice(first + 1, last),
    variable: metric.slice(last + 1),
  };
}

/**
 * A readable label for a metric name, e.g. 'US output' for `state/US/output`
 * and 'World output' for `world/world/output`.
 *
 * @example
 * ```ts
 * console.log(metricLabel('state/US/output'), '|', metricLabel('world/world/output'), '|', metricLabel('state_product/CN:chip/capability')); // US output | World output | CN chip capability
 * ```
 */
export function metricLabel(metric: string): string {
  const { entityKind, entity, variable } = parseMetricName(metric);
  const info = describeVariable(variable, entityKind);
  if (!entityKind || entityKind === 'world') return `World ${info.label.charAt(0).toLowerCase()}${info.label.slice(1)}`;
  return `${entity.replace(':', ' ')} ${info.label.charAt(0).toLowerCase()}${info.label.slice(1)}`;
}

/**
 * An axis label with its unit in parentheses, e.g. 'Output (value, units × price)'.
 *
 * @example
 * ```ts
 * console.log(axisLabel('Output', 'value, units × price'), '|', axisLabel('Step', '')); // Output (value, units × price) | Step
 * ```
 */
export function axisLabel(label: string, unit: string): string {
  return unit ? `${label} (${unit})` : label;
}
