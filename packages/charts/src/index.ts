/**
 * @packageDocumentation
 * Chart renderers of Chokepoint. Each chart is a function `(data, options, document?) => SVGSVGElement`
 * written in plain d3, so the same code draws into a browser DOM or, in Node, into the linkedom
 * document from `createSvgDocument()` of `@chokepoint/charts/node`. This entry uses no Node API.
 *
 * The examples in this reference run as tests, in Node, each in a fresh working folder holding
 * runs/qs, a short run of the quickstart (`chokepoint run scenarios/quickstart.yaml --out
 * runs/qs --set replicates=2 --set horizon=8`), after the example below: it defines `document`
 * (in a browser, the page's own document will do) and `parsed` and `summary`, the run's data.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { createSvgDocument } from '@chokepoint/charts/node';
 * import type { RunSummary } from '@chokepoint/format';
 * const document = createSvgDocument();
 * const parsed = parseMetricsCsv(readFileSync('runs/qs/metrics.csv', 'utf8'));
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * ```
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output');
 * const svg = timeSeriesChart(rows, { yLabel: 'China output', control: 'control' }, document);
 * console.log(svg.querySelectorAll('path.series-line').length, summary.control); // 4 control
 * ```
 */
export { timeSeriesChart, type TimeSeriesOptions } from './timeSeriesChart.js';
export { sweepTimeSeriesChart, type SweepTimeSeriesOptions } from './sweepTimeSeriesChart.js';
export { effectForestChart, type EffectForestOptions, type EffectSizeData } from './effectForestChart.js';
export { doctrineShareChart, type DoctrineShareOptions } from './doctrineShareChart.js';
export {
  escalationTimelineChart,
  type EscalationObservation,
  type EscalationTimelineOptions,
} from './escalationTimelineChart.js';
export {
  tradeFlowChart,
  parseFlowEntity,
  type FlowKey,
  type FlowObservation,
  type TradeFlowOptions,
} from './tradeFlowChart.js';
export {
  supplyNetworkChart,
  type NetworkLink,
  type NetworkNode,
  type SupplyNetworkData,
  type SupplyNetworkOptions,
} from './supplyNetworkChart.js';
export { sweepHeatmapChart, type HeatmapCell, type SweepHeatmapOptions } from './sweepHeatmapChart.js';
export { marketShareChart, type MarketShareObservation, type MarketShareOptions } from './marketShareChart.js';
export { tournamentChart, type TournamentChartData, type TournamentChartRanking } from './tournamentChart.js';
export { tornadoChart, parameterLabel, type TornadoOptions } from './tornadoChart.js';
export { sensitivityIndexChart, type SensitivityIndexOptions } from './sensitivityIndexChart.js';
export { pairsChart, type PairsChartData, type PairsChartOptions, type PairsParameter } from './pairsChart.js';

export {
  summarizeReplicates,
  meanAndInterval,
  type ReplicateObservation,
  type StepSummary,
  type SummarizeOptions,
} from './summarizeReplicates.js';
export {
  parseMetricsCsv,
  metricsRowParser,
  metricsCsvColumns,
  type ParsedMetrics,
  type TidyRowFilter,
} from './parseMetricsCsv.js';
export {
  pickDefaultCharts,
  metricChartPlans,
  chartRowFilter,
  slugify,
  sweepPointParameters,
  type ChartKind,
  type ChartPlan,
  type MetricChartOptions,
  type PickChartsOptions,
} from './defaultCharts.js';
export { stateProductNetwork, type NetworkSourceRow } from './stateProductNetwork.js';
export { sweepGrid } from './sweepGrid.js';
export { extractScenarioInfo, sourceToText, type ScenarioInfo } from './scenarioInfo.js';
export {
  describeVariable,
  parseMetricName,
  metricLabel,
  axisLabel,
  type MetricName,
  type VariableInfo,
} from './metricInfo.js';
export { formatValue, formatPercent, formatMaybePercent, formatParameterValue } from './format.js';
export {
  DEFAULT_TABLE_STATISTICS,
  TABLE_STATISTICS,
  buildSummaryTable,
  escapeLatex,
  escapeMarkdown,
  formatSignificant,
  summaryTableCsv,
  summaryTableLatex,
  summaryTableMarkdown,
  type SummaryTable,
  type SummaryTableInput,
  type SummaryTableOptions,
  type SummaryTableRow,
  type TableEffect,
  type TableInterval,
  type TableStatistic,
  type TableSummaryEffect,
  type TableSummaryMetric,
} from './summaryTable.js';
export { serializeSvg } from './serializeSvg.js';
export { reportResultsHtml, reportShortfallsHtml } from './reportHtml.js';
export { drawChartPlan, type DrawChartOptions, type DrawnChart } from './drawChartPlan.js';
export {
  colourScale,
  categoricalColours,
  okabeIto,
  dnmColour,
  nlgColour,
  runPalette,
  type RunPalette,
} from './palette.js';
export { runEntities, extractScenarioEntities, type RunEntities, type ScenarioEntities } from './runEntities.js';
export { chartFontFamily, svgNamespace } from './style.js';
export { resolveDocument, stampProvenance, type ChartOptions } from './chartFrame.js';
export { provenanceLine, runProvenance } from './provenance.js';
export { estimateTextWidth } from './textWidth.js';
export type { RunData } from './runData.js';
export type {
  EntityKind,
  ManifestRun,
  ParameterValue,
  RunManifest,
  SensitivityAnalysisData,
  SensitivityData,
  SensitivityMorrisIndex,
  SensitivitySobolIndex,
  TidyRow,
} from './types.js';
