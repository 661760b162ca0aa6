import type { RunSummary } from '@chokepoint/format';
import { doctrineShareChart } from './doctrineShareChart.js';
import { effectForestChart } from './effectForestChart.js';
import { formatParameterValue } from './format.js';
import { escalationTimelineChart } from './escalationTimelineChart.js';
import { marketShareChart } from './marketShareChart.js';
import { describeVariable, metricLabel, parseMetricName } from './metricInfo.js';
import { runPalette, type RunPalette } from './palette.js';
import { runEntities } from './runEntities.js';
import type { RunData } from './runData.js';
import { stateProductNetwork } from './stateProductNetwork.js';
import { supplyNetworkChart } from './supplyNetworkChart.js';
import { sweepGrid } from './sweepGrid.js';
import { sensitivityIndexChart } from './sensitivityIndexChart.js';
import { sweepHeatmapChart } from './sweepHeatmapChart.js';
import { sweepTimeSeriesChart } from './sweepTimeSeriesChart.js';
import { timeSeriesChart } from './timeSeriesChart.js';
import { tornadoChart } from './tornadoChart.js';
import { parseFlowEntity, tradeFlowChart } from './tradeFlowChart.js';
import type { ParameterValue, TidyRow } from './types.js';

/**
 * The kinds of chart this package draws.
 *
 * @example
 * ```ts
 * const kinds: ChartKind[] = pickDefaultCharts({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary }).map((plan) => plan.kind);
 * console.log([...new Set(kinds)]); // ['time-series', 'effect-forest', 'doctrine-share', 'escalation-timeline', 'trade-flow', 'supply-network', 'market-share']
 * ```
 */
export type ChartKind =
  | 'time-series'
  | 'effect-forest'
  | 'doctrine-share'
  | 'escalation-timeline'
  | 'trade-flow'
  | 'supply-network'
  | 'sweep-heatmap'
  | 'market-share'
  | 'sensitivity-tornado'
  | 'sensitivity-indices';

/**
 * A chart chosen for a run: what it is, and how to draw it.
 *
 * @example
 * ```ts
 * const plans: ChartPlan[] = pickDefaultCharts({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary });
 * const forest = plans.find((p) => p.kind === 'effect-forest')!;
 * console.log(forest.id, forest.title === forest.render(document).querySelector('title')!.textContent); // effect-sizes true
 * ```
 */
export interface ChartPlan {
  /** File-safe id, used as the file name stem (e.g. `time-series-world-world-output`). */
  id: string;
  /** Kind of chart. */
  kind: ChartKind;
  /** Chart title. */
  title: string;
  /** One sentence for the figure caption in the report. */
  caption: string;
  /** Draws the chart into a document. */
  render: (document?: Document) => SVGSVGElement;
}

/**
 * Options of {@link pickDefaultCharts}.
 *
 * @example
 * ```ts
 * const options: PickChartsOptions = { maxTimeSeries: 2, maxPerArm: 1, width: 600 };
 * const plans = pickDefaultCharts({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary }, options);
 * // Every arm gets its trade-flow chart; maxPerArm limits the sweep heatmaps.
 * console.log(plans.filter((p) => p.kind === 'time-series').length, plans.filter((p) => p.kind === 'trade-flow').length); // 2 4
 * ```
 */
export interface PickChartsOptions {
  /** At most this many time series. Default: one per key metric (firm metrics too), none left out. */
  maxTimeSeries?: number;
  /** At most this many per-arm charts of one kind (sweep heatmaps; every arm gets its trade-flow chart). Default 4. */
  maxPerArm?: number;
  /** Trade-flow charts draw in their own colour every product the study names, and this many of the largest others. Default 5. */
  flowProductsBesidesNamed?: number;
  /** Width of every chart in px. Default 720. */
  width?: number;
  /** Metrics (`kind/entity/variable`) to chart as time series besides the key metrics, e.g. firm ones (`chokepoint report --metric`). */
  metrics?: readonly string[];
  /** The arms of the `metrics` charts. Default: every arm. */
  arms?: readonly string[];
}

const FALLBACK_SERIES = [
  'world/world/output',
  'world/world/welfare',
  'world/world/final_demand_met_share',
  'world/world/dnm_share',
];

/** The `entity_kind/variable` pairs that charts other than time series read. */
const CHART_VARIABLES = new Set([
  'state/doctrine_dnm',
  'state/measures_in_force',
  'state/retaliations',
  'flow/trade_value',
  'state_product/market_share',
  'product/criticality',
]);

/**
 * A row filter that keeps only what {@link pickDefaultCharts} can use: world rows, the
 * variables of the non-time-series charts, and the key metrics of summary.json. Reading a
 * large metrics.csv with it keeps memory small.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const { rows } = parseMetricsCsv(readFileSync('runs/qs/metrics.csv', 'utf8'), chartRowFilter(summary));
 * console.log(rows.length < parsed.rows.length, rows.some((r) => r.entityKind === 'firm')); // true false
 * ```
 */
export function chartRowFilter(summary?: RunSummary): (row: TidyRow) => boolean {
  const test = chartMetricTest(summary);
  return (row) => test(row.entityKind, row.entity, row.variable);
}

/**
 * {@link chartRowFilter} as a test of a row's entity kind, entity and variable, for readers
 * that can skip a row before building it. It builds no string: a large sweep has millions of
 * rows.
 */
export function chartMetricTest(
  summary?: RunSummary,
  extraMetrics: readonly string[] = [],
): (kind: string, entity: string, variable: string) => boolean {
  const chartVariables = new Map<string, Set<string>>();
  for (const pair of CHART_VARIABLES) {
    const [kind, variable] = pair.split('/') as [string, string];
    if (!chartVariables.has(kind)) chartVariables.set(kind, new Set());
    chartVariables.get(kind)!.add(variable);
  }
  const named = namedMetricTest(summary, extraMetrics);
  return (kind, entity, variable) =>
    kind === 'world' || chartVariables.get(kind)?.has(variable) === true || named(kind, entity, variable);
}

/**
 * A test of a row's entity kind, entity and variable: is it one of the key metrics of
 * summary.json, or of `extraMetrics` (names `kind/entity/variable`)? Firm rows pass it only so.
 */
export function namedMetricTest(
  summary?: RunSummary,
  extraMetrics: readonly string[] = [],
): (kind: string, entity: string, variable: string) => boolean {
  const named = new Map<string, Map<string, Set<string>>>();
  for (const metric of [...(summary?.metrics.map((m) => m.metric) ?? []), ...extraMetrics]) {
    const first = metric.indexOf('/');
    const last = metric.lastIndexOf('/');
    if (first < 0 || last === first) continue;
    const [kind, entity, variable] = [metric.slice(0, first), metric.slice(first + 1, last), metric.slice(last + 1)];
    if (!named.has(kind)) named.set(kind, new Map());
    const byEntity = named.get(kind)!;
    if (!byEntity.has(entity)) byEntity.set(entity, new Set());
    byEntity.get(entity)!.add(variable);
  }
  return (kind, entity, variable) => named.get(kind)?.get(entity)?.has(variable) === true;
}

/**
 * Options of {@link metricChartPlans}.
 *
 * @example
 * ```ts
 * const options: MetricChartOptions = { arms: ['control', 'aligned'], width: 600 };
 * const [plan] = metricChartPlans({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary }, ['state/TW/output'], options);
 * console.log(plan!.id, plan!.title); // time-series-state-tw-output-control-aligned TW output — control, aligned
 * ```
 */
export interface MetricChartOptions {
  /** Only these arms, in this order. Default: every arm, the control first. */
  arms?: readonly string[];
  /** Width of every chart in px. Default 720. */
  width?: number;
  /** The run's colours; default `runPalette(runEntities(run))`. */
  palette?: RunPalette;
}

/**
 * Plans a time-series chart of each metric (`kind/entity/variable`) of a run: the mean by step
 * per arm with 95% confidence bands, or, for a sweep, a panel per sweep point. Metrics without
 * rows get no chart (`checkMetricSelection` of the node entry says which names are valid).
 * This is what `chokepoint chart RUN --metric KIND/ENTITY/VAR` draws.
 *
 * @example
 * ```ts
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * const plans = metricChartPlans(run, ['world/world/output', 'state/XX/output']);
 * console.log(plans.map((p) => p.id), plans[0]!.render(document).querySelectorAll('path.series-line').length); // ['time-series-world-world-output'] 4
 * ```
 */
export function metricChartPlans(
  run: RunData,
  metrics: readonly string[],
  options: MetricChartOptions = {},
): ChartPlan[] {
  const width = options.width ?? 720;
  const wanted = new Map<string, TidyRow[]>(metrics.map((m) => [m, []]));
  const armFilter = options.arms && options.arms.length > 0 ? new Set(options.arms) : undefined;
  const points = new Set<number>();
  const armsSeen: string[] = [];
  for (const row of run.rows) {
    points.add(row.point);
    if (!armsSeen.includes(row.arm)) armsSeen.push(row.arm);
    if (armFilter && !armFilter.has(row.arm)) continue;
    wanted.get(`${row.entityKind}/${row.entity}/${row.variable}`)?.push(row);
  }
  const control = run.summary?.control ?? null;
  const arms =
    options.arms && options.arms.length > 0
      ? [...options.arms]
      : control && armsSeen.includes(control)
        ? [control, ...armsSeen.filter((a) => a !== control)]
        : armsSeen;
  const palette = options.palette ?? runPalette(runEntities(run));
  const swept = points.size > 1;
  const pointLabels = new Map(
    [...sweepPointParameters(run)].map(([point, parameters]) => [
      point,
      run.parameterNames.map((name) => formatParameterValue(parameters[name])).join(', '),
    ]),
  );
  const pointTitle = run.parameterNames.map((name) => name.replace(/^params\./, '')).join(', ');
  const armNote = armFilter ? ` — ${arms.join(', ')}` : '';
  const idSuffix = armFilter ? `-${arms.join('-')}` : '';
  const plans: ChartPlan[] = [];
  for (const [metric, rows] of wanted) {
    if (rows.length === 0) continue;
    const { entityKind, variable } = parseMetricName(metric);
    const info = describeVariable(variable, entityKind);
    const label = metricLabel(metric);
    const id = slugify(`time-series-${metric}${idSuffix}`);
    if (swept) {
      // A panel per sweep point, so that no point's time series is left out.
      const title = `${label} at each sweep point${armNote}`;
      plans.push({
        id,
        kind: 'time-series',
        title,
        caption: `${label} by step at each sweep point (panel titles: ${pointTitle || 'point'}), mean across replicates with 95% confidence bands, one line per arm, one y scale.`,
        render: (doc) =>
          sweepTimeSeriesChart(
            rows,
            {
              title,
              yLabel: label,
              unit: info.unit,
              percent: info.percent,
              control,
              seriesOrder: arms,
              width,
              palette,
              pointLabelOf: (point) => pointLabels.get(point) || `point ${point}`,
            },
            doc,
          ),
      });
    } else {
      const title = `${label}${armNote}`;
      plans.push({
        id,
        kind: 'time-series',
        title,
        caption: `${label} by step, mean across replicates with 95% confidence bands, one line per arm.`,
        render: (doc) =>
          timeSeriesChart(
            rows,
            {
              title,
              yLabel: label,
              unit: info.unit,
              percent: info.percent,
              control,
              seriesOrder: arms,
              width,
              palette,
            },
            doc,
          ),
      });
    }
  }
  return plans;
}

/**
 * Makes an id file-safe: lower case, letters, digits and dashes.
 *
 * @example
 * ```ts
 * console.log(slugify('Time series: state/CN:chip/capability'), slugify('…')); // time-series-state-cn-chip-capability chart
 * ```
 */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}

/**
 * Chooses the charts that suit a run, depending on which metrics it recorded:
 * - a time series per key metric of summary.json (else world output, welfare, demand met);
 * - the effect-size forest plot, when summary.json has effects;
 * - doctrine share (`doctrine_dnm` or `dnm_share`), escalation timeline (`measures_in_force`),
 *   trade flows per arm (`flow` rows), supply network (`criticality` and `market_share`),
 *   market share bars (`market_share`), when those rows exist;
 * - a heatmap per arm over the first two swept parameters (or parameter × arm for one);
 * - with sensitivity.json: a tornado chart (Morris) or an index bar chart (Sobol) per analysis.
 *
 * With a sweep, charts over time show sweep point 0; the heatmaps cover the sweep.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * for (const plan of pickDefaultCharts(run)) writeFileSync(`${plan.id}.svg`, serializeSvg(plan.render(document)));
 * console.log(pickDefaultCharts(run).map((plan) => plan.id).slice(0, 3)); // ['time-series-state-cn-output', 'time-series-state-us-output', 'time-series-product-sme-leakage']
 * ```
 */
export function pickDefaultCharts(run: RunData, options: PickChartsOptions = {}): ChartPlan[] {
  const width = options.width ?? 720;
  const maxPerArm = options.maxPerArm ?? 4;
  const byKindVariable = new Map<string, TidyRow[]>();
  const points = new Set<number>();
  const armsSeen: string[] = [];
  for (const row of run.rows) {
    points.add(row.point);
    if (!armsSeen.includes(row.arm)) armsSeen.push(row.arm);
    const key = `${row.entityKind}/${row.variable}`;
    let list = byKindVariable.get(key);
    if (!list) byKindVariable.set(key, (list = []));
    list.push(row);
  }
  const control = run.summary?.control ?? null;
  const arms = control && armsSeen.includes(control) ? [control, ...armsSeen.filter((a) => a !== control)] : armsSeen;
  // One colour per arm, state and product across every chart of the run.
  const entities = runEntities(run);
  const palette = runPalette(entities);
  const swept = points.size > 1;
  const firstPoint = Math.min(...points);
  const atFirstPoint = (rows: TidyRow[]) => (swept ? rows.filter((r) => r.point === firstPoint) : rows);
  const pointParameters = sweepPointParameters(run);
  const pointLabels = new Map(
    [...pointParameters].map(([point, parameters]) => [
      point,
      run.parameterNames.map((name) => formatParameterValue(parameters[name])).join(', '),
    ]),
  );
  const firstPointLabel = pointLabels.get(firstPoint)
    ? ` (${run.parameterNames.map((name) => name.replace(/^params\./, '')).join(', ')} = ${pointLabels.get(firstPoint)})`
    : '';
  const pointNote = swept
    ? ` Sweep point ${firstPoint}${firstPointLabel} of ${points.size} is shown; the time series, effect sizes and heatmaps cover the sweep.`
    : '';
  const rowsOf = (kind: string, variable: string) => byKindVariable.get(`${kind}/${variable}`) ?? [];
  const plans: ChartPlan[] = [];

  // Time series of key metrics, then of the metrics asked for.
  const summaryMetrics = [...new Set(run.summary?.metrics.map((m) => m.metric) ?? [])];
  const metrics = (summaryMetrics.length > 0 ? summaryMetrics : FALLBACK_SERIES).slice(
    0,
    options.maxTimeSeries ?? Infinity,
  );
  plans.push(...metricChartPlans(run, metrics, { width, palette }));
  if (options.metrics && options.metrics.length > 0) {
    const ids = new Set(plans.map((p) => p.id));
    const arms = options.arms && options.arms.length > 0 ? { arms: options.arms } : {};
    plans.push(...metricChartPlans(run, options.metrics, { width, palette, ...arms }).filter((p) => !ids.has(p.id)));
  }

  if (run.summary && run.summary.effects.length > 0) {
    const summary = run.summary;
    const forestOptions = {
      width,
      palette,
      pointLabelOf: (point: number) => pointLabels.get(point) ?? `point ${point}`,
      pointLabelTitle: run.parameterNames.map((name) => name.replace(/^params\./, '')).join(', '),
    };
    const caption = `Difference of each treatment arm from the control arm at the final step, with 95% confidence intervals (Welch's t); each metric on its own axis: shares in percentage points, other metrics in % of the control mean.`;
    const sweptEffects = new Set(summary.effects.map((e) => e.point)).size > 1;
    if (!sweptEffects) {
      plans.push({
        id: 'effect-sizes',
        kind: 'effect-forest',
        title: 'Effect sizes against the control arm',
        caption,
        render: (doc) => effectForestChart(summary, forestOptions, doc),
      });
    } else {
      // A sweep has a row per point: one chart per metric keeps each readable.
      for (const metric of [...new Set(summary.effects.map((e) => e.metric))]) {
        const effects = summary.effects.filter((e) => e.metric === metric);
        const label = metricLabel(metric);
        plans.push({
          id: slugify(`effect-sizes-${metric}`),
          kind: 'effect-forest',
          title: `Effect sizes on ${label} over the sweep`,
          caption: `${caption} One row per sweep point (${forestOptions.pointLabelTitle}), arms side by side.`,
          render: (doc) =>
            effectForestChart(
              { effects, metrics: summary.metrics },
              { ...forestOptions, title: `Effect sizes on ${label} over the sweep` },
              doc,
            ),
        });
      }
    }
  }

  const doctrineRows = rowsOf('state', 'doctrine_dnm');
  const doctrine = doctrineRows.length > 0 ? doctrineRows : rowsOf('world', 'dnm_share');
  if (doctrine.length > 0) {
    const rows = atFirstPoint(doctrine);
    plans.push({
      id: 'doctrine-share',
      kind: 'doctrine-share',
      title: 'Doctrine share over time',
      caption: `Share of states following DNM and NLG by step, mean across replicates, one panel per arm.${pointNote}`,
      render: (doc) => doctrineShareChart(rows, { armOrder: arms, width }, doc),
    });
  }

  const escalation = [...rowsOf('state', 'measures_in_force'), ...rowsOf('state', 'retaliations')];
  if (rowsOf('state', 'measures_in_force').length > 0) {
    const rows = atFirstPoint(escalation);
    plans.push({
      id: 'escalation-timeline',
      kind: 'escalation-timeline',
      title: 'Escalation timeline',
      caption: `Measures in force by state and retaliation events, mean across replicates.${pointNote}`,
      render: (doc) => escalationTimelineChart(rows, { armOrder: arms, control, width, palette }, doc),
    });
  }

  const flows = atFirstPoint(rowsOf('flow', 'trade_value'));
  if (flows.length > 0) {
    // The same products in their own colour in every arm: those the study names, then the largest.
    const products = flowProducts(flows, entities.namedProducts, options.flowProductsBesidesNamed ?? 5);
    const named = entities.namedProducts.filter((p) => products.includes(p));
    const namedNote =
      named.length > 0 ? ` Products the study names (${named.join(', ')}) are always drawn in their own colour.` : '';
    for (const arm of arms) {
      const rows = flows.filter((r) => r.arm === arm);
      if (rows.length === 0) continue;
      plans.push({
        id: slugify(`trade-flows-${arm}`),
        kind: 'trade-flow',
        title: `Trade flows between states by product — ${arm}`,
        caption: `Trade value between states by product at the final step in arm ${arm}, mean across replicates; each product has the same colour in every arm.${namedNote}${pointNote}`,
        render: (doc) => tradeFlowChart(rows, { arm, width, palette, products, maxProducts: products.length }, doc),
      });
    }
  }

  const shares = atFirstPoint(rowsOf('state_product', 'market_share'));
  const criticality = atFirstPoint(rowsOf('product', 'criticality'));
  if (shares.length > 0 && criticality.length > 0) {
    const arm = arms[0]!;
    const network = stateProductNetwork([...shares, ...criticality, ...flows], { arm });
    plans.push({
      id: 'supply-network',
      kind: 'supply-network',
      title: `Supply network and chokepoints — ${arm}`,
      caption: `States × products at the final step of arm ${arm}: circle area is market share, colour is product criticality × market share, ringed nodes are chokepoints; arcs are the three largest trade flows of each product (right side: downward, left side: upward).${pointNote}`,
      render: (doc) =>
        supplyNetworkChart(
          network,
          {
            title: `Supply network and chokepoints — ${arm}`,
            criticalityLabel: 'Criticality × market share (index)',
            sizeLabel: 'market share',
            sizePercent: true,
            linkLabel: 'trade value',
            width,
            height: Math.max(420, 160 + 56 * new Set(network.nodes.map((n) => n.row)).size),
          },
          doc,
        ),
    });
  }
  if (shares.length > 0) {
    plans.push({
      id: 'market-share',
      kind: 'market-share',
      title: 'Market share by state, for each product',
      caption: `Share of the world market held by each state's firms at the final step, mean across replicates.${pointNote}`,
      render: (doc) => marketShareChart(shares, { arms, width, palette, stateOrder: entities.states }, doc),
    });
  }

  if (swept && run.parameterNames.length > 0) {
    const metric = metrics.find((m) => {
      const { entityKind, variable } = parseMetricName(m);
      return rowsOf(entityKind, variable).length > 0;
    });
    if (metric) {
      const { entityKind, entity, variable } = parseMetricName(metric);
      const rows = rowsOf(entityKind, variable).filter((r) => r.entity === entity);
      const info = describeVariable(variable, entityKind);
      const label = metricLabel(metric);
      const [xName, yName] = run.parameterNames as [string, string | undefined];
      // Columns and rows in the scenario file's order: the order of the sweep points.
      const pointOrder = [...pointParameters.keys()].sort((a, b) => a - b);
      const valuesOf = (name: string) => [...new Set(pointOrder.map((p) => pointParameters.get(p)![name]!))];
      const effects = new Map(
        (run.summary?.effects ?? []).filter((e) => e.metric === metric).map((e) => [`${e.arm}|${e.point}`, e]),
      );
      const effectOf = (arm: string, point: number | undefined) => {
        const e = point === undefined ? undefined : effects.get(`${arm}|${point}`);
        return e ? { effect: { control: e.control, difference: e.difference, ci95: e.ci95 } } : {};
      };
      const significance =
        effects.size > 0
          ? ' Outlined cells with a star: the effect against the control arm at that point excludes 0 (95% CI).'
          : '';
      if (yName) {
        // The sweep point of each (x, y) pair, when only one point has it (more swept parameters share cells).
        const pointsOfCell = new Map<string, Set<number>>();
        for (const p of pointOrder) {
          const key = `${pointParameters.get(p)![xName]}\u0000${pointParameters.get(p)![yName]}`;
          if (!pointsOfCell.has(key)) pointsOfCell.set(key, new Set());
          pointsOfCell.get(key)!.add(p);
        }
        const pointOf = (x: number | string, y: number | string) => {
          const set = pointsOfCell.get(`${x}\u0000${y}`);
          return set?.size === 1 ? [...set][0] : undefined;
        };
        for (const arm of arms.slice(0, maxPerArm)) {
          const armRows = rows.filter((r) => r.arm === arm);
          plans.push({
            id: slugify(`heatmap-${metric}-${arm}`),
            kind: 'sweep-heatmap',
            title: `${label} over the sweep — ${arm}`,
            caption: `${label} at the final step over ${xName} and ${yName} in arm ${arm}, mean across replicates; tooltips give its 95% CI.${arm === control ? '' : significance}`,
            render: (doc) =>
              sweepHeatmapChart(
                sweepGrid(
                  armRows,
                  (r) => r.parameters[xName]!,
                  (r) => r.parameters[yName]!,
                ).map((cell) => ({ ...cell, ...effectOf(arm, pointOf(cell.x, cell.y)) })),
                {
                  title: `${label} over the sweep — ${arm}`,
                  xLabel: xName,
                  yLabel: yName,
                  valueLabel: label,
                  unit: info.unit,
                  percent: info.percent,
                  width,
                  xOrder: valuesOf(xName),
                  yOrder: valuesOf(yName),
                },
                doc,
              ),
          });
        }
      } else {
        const pointOfValue = new Map(pointOrder.map((p) => [pointParameters.get(p)![xName]!, p]));
        plans.push({
          id: slugify(`heatmap-${metric}`),
          kind: 'sweep-heatmap',
          title: `${label} over the sweep`,
          caption: `${label} at the final step for each value of ${xName} and each arm, mean across replicates; tooltips give its 95% CI.${significance}`,
          render: (doc) =>
            sweepHeatmapChart(
              sweepGrid(
                rows,
                (r) => r.parameters[xName]!,
                (r) => r.arm,
              ).map((cell) => ({ ...cell, ...effectOf(String(cell.y), pointOfValue.get(cell.x)) })),
              {
                xLabel: xName,
                yLabel: 'Arm',
                valueLabel: label,
                unit: info.unit,
                percent: info.percent,
                width,
                xOrder: valuesOf(xName),
                yOrder: arms,
              },
              doc,
            ),
        });
      }
    }
  }

  for (const analysis of (run.sensitivity?.analyses ?? []).slice(0, 2 * maxPerArm)) {
    const label = metricLabel(analysis.metric);
    const when = analysis.at === 'last' ? 'at the final step' : `at step ${analysis.step}`;
    const size = `${analysis.points} points × ${analysis.replicates} replicate${analysis.replicates === 1 ? '' : 's'}`;
    const stem = `${analysis.metric}-${analysis.arm}${analysis.against !== undefined ? `-vs-${analysis.against}` : ''}${analysis.at === 'last' ? '' : `-step-${analysis.step}`}`;
    // An analysis against another arm is of the effect (the arm minus that arm at each point).
    const arm = analysis.against !== undefined ? `${analysis.arm} − ${analysis.against}` : analysis.arm;
    if (analysis.morris) {
      plans.push({
        id: slugify(`tornado-${stem}`),
        kind: 'sensitivity-tornado',
        title: `Morris screening: ${label} — ${arm}`,
        caption: `Morris elementary effects on ${label} ${when} in arm ${arm} (${size}): μ* with ${Math.round(100 * analysis.confidence)}% bootstrap intervals, and σ (docs/sensitivity.md).`,
        render: (doc) => tornadoChart({ ...analysis, arm }, { width }, doc),
      });
    } else if (analysis.sobol) {
      plans.push({
        id: slugify(`sobol-${stem}`),
        kind: 'sensitivity-indices',
        title: `Sobol indices: ${label} — ${arm}`,
        caption: `First-order (S1) and total (ST) Sobol indices of ${label} ${when} in arm ${arm} (${size}), with ${Math.round(100 * analysis.confidence)}% bootstrap intervals (docs/sensitivity.md).`,
        render: (doc) => sensitivityIndexChart({ ...analysis, arm }, { width }, doc),
      });
    }
  }
  return plans;
}

/**
 * The products trade-flow charts draw in their own colour, the same in every arm: the named
 * products that trade, then the `besides` largest others by their trade value at each arm's
 * last step, summed over arms.
 */
function flowProducts(flows: readonly TidyRow[], named: readonly string[], besides: number): string[] {
  const lastStep = new Map<string, number>();
  for (const r of flows) lastStep.set(r.arm, Math.max(lastStep.get(r.arm) ?? -Infinity, r.step));
  const totals = new Map<string, number>();
  for (const r of flows) {
    if (r.step !== lastStep.get(r.arm) || !Number.isFinite(r.value)) continue;
    const key = parseFlowEntity(r.entity);
    if (!key || key.from === key.to) continue;
    totals.set(key.product, (totals.get(key.product) ?? 0) + r.value);
  }
  const kept = named.filter((p) => totals.has(p));
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([p]) => p)
    .filter((p) => !kept.includes(p));
  return [...kept, ...ranked.slice(0, besides)];
}

/**
 * The swept parameters of each sweep point of a run (by point index), from its rows, else from
 * its manifest (run ids `arm/point/replicate`), else from its summary's `points`.
 *
 * @example
 * ```ts
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * console.log(sweepPointParameters(run)); // Map(1) { 0 => {} }
 * ```
 */
export function sweepPointParameters(run: RunData): Map<number, Record<string, ParameterValue>> {
  const points = new Map<number, Record<string, ParameterValue>>();
  for (const row of run.rows) if (!points.has(row.point)) points.set(row.point, row.parameters);
  for (const entry of run.manifest?.runs ?? []) {
    const point = Number(entry.run_id.split('/').at(-2));
    if (!Number.isInteger(point) || points.has(point)) continue;
    const parameters: Record<string, ParameterValue> = {};
    for (const name of run.parameterNames) {
      const value = entry.parameters?.[name];
      if (typeof value === 'number' || typeof value === 'string') parameters[name] = value;
    }
    points.set(point, parameters);
  }
  // A run known only by its summary (the playground's): summary.json's points.
  run.summary?.points?.forEach((values, point) => {
    if (points.has(point)) return;
    const parameters: Record<string, ParameterValue> = {};
    for (const name of run.parameterNames) {
      const value = values[name];
      if (typeof value === 'number' || typeof value === 'string') parameters[name] = value;
    }
    points.set(point, parameters);
  });
  return points;
}
