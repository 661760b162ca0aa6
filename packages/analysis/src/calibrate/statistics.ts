/**
 * Summary statistics of a run for calibration: a series (metrics combined with + − × ÷),
 * optionally made relative to one step, reduced over a window of steps (`at`, `mean`, `sum`,
 * `min`, `max`, `first-below`, `first-above`), then scaled and shifted. Plain data in and
 * out, so a statistic crosses to a worker thread.
 */
import { ENTITY_KINDS, type MetricsTable } from '@chokepoint/core';

/**
 * A series expression, parsed: metrics (`kind/entity/variable`, `*` wildcards in the entity), numbers and + − × ÷.
 *
 * @example
 * ```ts
 * const gap: SeriesExpr = { op: '-', left: { metric: 'state/US/output' }, right: { number: 1 } };
 * console.log(JSON.stringify(parseSeries('state/US/output - 1')) === JSON.stringify(gap)); // true
 * ```
 */
export type SeriesExpr =
  | { metric: string }
  | { number: number }
  | { negate: SeriesExpr }
  | { op: '+' | '-' | '*' | '/'; left: SeriesExpr; right: SeriesExpr };

/**
 * How a series is reduced to one number.
 *
 * @example
 * ```ts
 * const series = Float64Array.of(4, 2, 6);
 * const reductions: Reduction[] = ['at', 'mean', 'sum', 'min', 'max'];
 * console.log(reductions.map((reduce) => reduceSeries(series, { id: 'x', series: { number: 0 }, reduce, from: 1, to: 3, scale: 1, add: 0 }))); // [4, 4, 12, 2, 6]
 * ```
 */
export type Reduction = 'at' | 'mean' | 'sum' | 'min' | 'max' | 'first-below' | 'first-above';

/**
 * The reductions a statistic may use.
 *
 * @example
 * ```ts
 * const isReduction = (word: string): word is Reduction => (REDUCTIONS as readonly string[]).includes(word);
 * console.log(isReduction('mean'), isReduction('median')); // true false
 * ```
 */
export const REDUCTIONS: readonly Reduction[] = ['at', 'mean', 'sum', 'min', 'max', 'first-below', 'first-above'];

/**
 * A statistic with every step resolved to a 1-based metric step.
 *
 * @example
 * ```ts
 * // Output at step 4 relative to step 1, in percent change.
 * const growth: ResolvedStatistic = { id: 'growth', series: { metric: 'state/US/output' }, reduce: 'at', from: 4, to: 4, relativeTo: 1, scale: 100, add: -100 };
 * console.log(reduceSeries(Float64Array.of(10, 11, 12, 12.5), growth)); // 25
 * ```
 */
export interface ResolvedStatistic {
  /** The target's id. */
  id: string;
  /** The series. */
  series: SeriesExpr;
  /** The reduction. */
  reduce: Reduction;
  /** First step of the window (the step for `at`). */
  from: number;
  /** Last step of the window. */
  to: number;
  /** Threshold of `first-below` / `first-above`. */
  threshold?: number;
  /** Divide the series by its value at this step first. */
  relativeTo?: number;
  /** Multiply the reduced value by this. */
  scale: number;
  /** Then add this. */
  add: number;
}

/**
 * Parses a series expression: metric names, numbers, `+ - * /` written with spaces around
 * them (a metric name may contain `-` and `*`), and parentheses.
 *
 * @throws Error whose message says what was expected.
 *
 * @example
 * ```ts
 * console.log(parseSeries('flow/AU>CN:barley/trade_value / flow/AU>*:barley/trade_value')); // { op: '/', left: { metric: 'flow/AU>CN:barley/trade_value' }, right: { metric: 'flow/AU>*:barley/trade_value' } }
 * console.log(parseSeries('2 * (a/b/c + 1)')); // { op: '*', left: { number: 2 }, right: { op: '+', left: { metric: 'a/b/c' }, right: { number: 1 } } }
 * ```
 */
export function parseSeries(text: string): SeriesExpr {
  const tokens: string[] = [];
  for (const chunk of text.trim().split(/\s+/)) {
    if (chunk === '') continue;
    let core = chunk;
    let open = 0;
    while (core.startsWith('(')) {
      open++;
      core = core.slice(1);
    }
    let close = 0;
    while (core.endsWith(')')) {
      close++;
      core = core.slice(0, -1);
    }
    for (let i = 0; i < open; i++) tokens.push('(');
    if (core !== '') tokens.push(core);
    for (let i = 0; i < close; i++) tokens.push(')');
  }
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} (metrics kind/entity/variable, numbers, + - * / separated by spaces, parentheses)`);
  };
  const expression = (): SeriesExpr => {
    let left = term();
    while (tokens[at] === '+' || tokens[at] === '-') {
      const op = tokens[at++] as '+' | '-';
      left = { op, left, right: term() };
    }
    return left;
  };
  const term = (): SeriesExpr => {
    let left = factor();
    while (tokens[at] === '*' || tokens[at] === '/') {
      const op = tokens[at++] as '*' | '/';
      left = { op, left, right: factor() };
    }
    return left;
  };
  const factor = (): SeriesExpr => {
    const token = tokens[at++];
    if (token === undefined) return fail('an operand at the end');
    if (token === '(') {
      const inner = expression();
      if (tokens[at++] !== ')') fail('a closing parenthesis');
      return inner;
    }
    if (token === '-') return { negate: factor() };
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(token)) return { number: Number(token) };
    if (/^[a-z_]+\/[^/\s]+\/[^\s]+$/.test(token)) return { metric: token };
    return fail(`a metric, a number or "(" where "${token}" is`);
  };
  if (tokens.length === 0) fail('a series');
  const result = expression();
  if (at < tokens.length) fail(`an operator where "${tokens[at]}" is`);
  return result;
}

/**
 * The metric names a series reads.
 *
 * @example
 * ```ts
 * console.log(seriesMetrics(parseSeries('firm/A/output + firm/B/output'))); // ['firm/A/output', 'firm/B/output']
 * ```
 */
export function seriesMetrics(expr: SeriesExpr): string[] {
  const out: string[] = [];
  const walk = (e: SeriesExpr): void => {
    if ('metric' in e) {
      if (!out.includes(e.metric)) out.push(e.metric);
    } else if ('negate' in e) walk(e.negate);
    else if ('op' in e) {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return out;
}

function splitMetric(name: string): { kind: string; entity: string; variable: string } {
  const first = name.indexOf('/');
  const last = name.lastIndexOf('/');
  return { kind: name.slice(0, first), entity: name.slice(first + 1, last), variable: name.slice(last + 1) };
}

/**
 * Extracts the series of metric names from a run's metrics, one value per step (index
 * step − 1). A `*` in the entity matches any run of characters other than `>` and `:`, and
 * the matching entities are summed; for flows, flows from a state to itself are left out.
 * A name no entity matches is returned in `missing`.
 *
 * @example
 * ```ts
 * import { simulate } from '@chokepoint/core';
 * const spec = materializeWorld(buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[0]!.recipe);
 * const { metrics } = simulate(spec, { steps: 8, seed: 1 });
 * const names = ['flow/NL>CN:sme/trade_value', 'flow/*>CN:sme/trade_value', 'flow/XX>CN:sme/trade_value'];
 * const { series, missing } = extractSeries(metrics, names, 8);
 * console.log(series.get(names[0]!)!.length, missing); // 8 ['flow/XX>CN:sme/trade_value']
 * // The wildcard sums China's SME imports from every state:
 * console.log(series.get(names[1]!)![7]! > series.get(names[0]!)![7]!); // true
 * ```
 */
export function extractSeries(
  metrics: MetricsTable,
  names: readonly string[],
  steps: number,
): { series: Map<string, Float64Array>; missing: string[] } {
  const {
    steps: stepColumn,
    kindCodes,
    entityIds,
    variableIds,
    values,
    entityNames,
    variableNames,
  } = metrics.columns();
  const series = new Map<string, Float64Array>();
  const missing: string[] = [];
  // Per wanted name: its variable id, and a mask of the entity ids it sums.
  const plans: Array<{ series: Float64Array; variable: number; kind: number; entities: Uint8Array }> = [];
  for (const name of names) {
    const { kind, entity, variable } = splitMetric(name);
    const kindCode = ENTITY_KINDS.indexOf(kind as (typeof ENTITY_KINDS)[number]);
    const variableId = variableNames.indexOf(variable);
    const wildcard = entity.includes('*');
    const out = new Float64Array(steps).fill(wildcard ? 0 : Number.NaN);
    series.set(name, out);
    const mask = new Uint8Array(entityNames.length);
    let any = false;
    if (kindCode >= 0 && variableId >= 0) {
      const pattern = wildcard
        ? new RegExp(`^${entity.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^>:]*')}$`)
        : undefined;
      entityNames.forEach((name, id) => {
        const matches = pattern === undefined ? name === entity : pattern.test(name);
        if (!matches) return;
        if (pattern !== undefined && kind === 'flow') {
          const [from, rest] = name.split('>') as [string, string | undefined];
          if (rest !== undefined && rest.split(':')[0] === from) return;
        }
        mask[id] = 1;
        any = true;
      });
    }
    if (!any) {
      missing.push(name);
      continue;
    }
    plans.push({ series: out, variable: variableId, kind: kindCode, entities: mask });
  }
  if (plans.length > 0) {
    const wantedVariables = new Set(plans.map((p) => p.variable));
    for (let i = 0; i < values.length; i++) {
      const variable = variableIds[i]!;
      if (!wantedVariables.has(variable)) continue;
      const step = stepColumn[i]!;
      if (step < 1 || step > steps) continue;
      for (const plan of plans) {
        if (plan.variable !== variable || plan.kind !== kindCodes[i] || plan.entities[entityIds[i]!] !== 1) continue;
        const s = plan.series;
        s[step - 1] = Number.isNaN(s[step - 1]!) ? values[i]! : s[step - 1]! + values[i]!;
      }
    }
  }
  return { series, missing };
}

/**
 * Evaluates a series expression step by step.
 *
 * @example
 * ```ts
 * console.log(evaluateSeries(parseSeries('a/b/c * 2'), new Map([['a/b/c', Float64Array.of(1, 2)]]), 2)); // Float64Array(2) [2, 4]
 * ```
 */
export function evaluateSeries(
  expr: SeriesExpr,
  series: ReadonlyMap<string, Float64Array>,
  steps: number,
): Float64Array {
  if ('number' in expr) return new Float64Array(steps).fill(expr.number);
  if ('metric' in expr) return series.get(expr.metric) ?? new Float64Array(steps).fill(Number.NaN);
  if ('negate' in expr) return evaluateSeries(expr.negate, series, steps).map((x) => -x);
  const a = evaluateSeries(expr.left, series, steps);
  const b = evaluateSeries(expr.right, series, steps);
  const out = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = expr.op === '+' ? x + y : expr.op === '-' ? x - y : expr.op === '*' ? x * y : x / y;
  }
  return out;
}

/**
 * Reduces a series to one number as a statistic says. Window reductions use steps
 * `from`…`to` (1-based, inclusive); `first-below` / `first-above` give the number of steps
 * from `from` to the first step whose value is below / at or above the threshold, counting
 * `from` as 1, or NaN when that never happens within the window. Non-finite results are NaN.
 *
 * @example
 * ```ts
 * const s = Float64Array.of(10, 8, 4, 1, 1);
 * // Steps from step 2 until the series is below 20% of its step-1 value (at step 4):
 * console.log(reduceSeries(s, { id: 't', series: { number: 0 }, reduce: 'first-below', from: 2, to: 5, threshold: 0.2, relativeTo: 1, scale: 1, add: 0 })); // 3
 * ```
 */
export function reduceSeries(raw: Float64Array, statistic: ResolvedStatistic): number {
  let s = raw;
  if (statistic.relativeTo !== undefined) {
    const base = raw[statistic.relativeTo - 1]!;
    s = raw.map((x) => x / base);
  }
  const from = statistic.from - 1;
  const to = Math.min(statistic.to, s.length) - 1;
  let value: number;
  switch (statistic.reduce) {
    case 'at':
      value = s[from]!;
      break;
    case 'mean':
    case 'sum': {
      let total = 0;
      for (let i = from; i <= to; i++) total += s[i]!;
      value = statistic.reduce === 'mean' ? total / (to - from + 1) : total;
      break;
    }
    case 'min':
    case 'max': {
      value = s[from]!;
      for (let i = from + 1; i <= to; i++)
        value = statistic.reduce === 'min' ? Math.min(value, s[i]!) : Math.max(value, s[i]!);
      break;
    }
    case 'first-below':
    case 'first-above': {
      const threshold = statistic.threshold!;
      value = Number.NaN;
      for (let i = from; i <= to; i++) {
        const x = s[i]!;
        if (statistic.reduce === 'first-below' ? x < threshold : x >= threshold) {
          value = i - from + 1;
          break;
        }
      }
      break;
    }
  }
  const result = value * statistic.scale + statistic.add;
  return Number.isFinite(result) ? result : Number.NaN;
}

/**
 * Computes statistics of one run from its metrics.
 *
 * @returns The values in the order of `statistics`, or the metric names no entity matched.
 *
 * @example
 * ```ts
 * import { simulate } from '@chokepoint/core';
 * const spec = materializeWorld(buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[0]!.recipe);
 * const result = simulate(spec, { steps: 8, seed: 1 });
 * const statistic: ResolvedStatistic = { id: 'us-share', series: parseSeries('state/US/output / world/world/output'), reduce: 'mean', from: 1, to: 8, scale: 1, add: 0 };
 * const { values } = computeStatistics(result.metrics, [statistic], 8);
 * console.log(values.length, values[0]! > 0 && values[0]! < 1); // 1 true
 * console.log(computeStatistics(result.metrics, [{ ...statistic, series: parseSeries('state/XX/output') }], 8)); // { values: [], missing: ['state/XX/output'] }
 * ```
 */
export function computeStatistics(
  metrics: MetricsTable,
  statistics: readonly ResolvedStatistic[],
  steps: number,
): { values: number[]; missing?: string[] } {
  const names = [...new Set(statistics.flatMap((s) => seriesMetrics(s.series)))];
  const { series, missing } = extractSeries(metrics, names, steps);
  if (missing.length > 0) return { values: [], missing };
  return { values: statistics.map((s) => reduceSeries(evaluateSeries(s.series, series, steps), s)) };
}
