import { stampProvenance } from './chartFrame.js';
import type { ChartKind, ChartPlan } from './defaultCharts.js';
import { serializeSvg } from './serializeSvg.js';

/**
 * A planned chart, drawn: its element and its standalone SVG text, with the plan's id, kind,
 * title and caption (the fields the report's `ReportChart` has, so the report can embed it).
 *
 * @example
 * ```ts
 * const [plan] = pickDefaultCharts({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary });
 * const chart: DrawnChart = drawChartPlan(plan!, { document });
 * console.log(chart.id === plan!.id, chart.element.tagName.toLowerCase(), chart.svg.startsWith('<svg')); // true svg true
 * ```
 */
export interface DrawnChart {
  /** File-safe id, the file name stem and the report figure's anchor. */
  id: string;
  /** Kind of chart. */
  kind: ChartKind;
  /** Chart title. */
  title: string;
  /** Figure caption. */
  caption: string;
  /** Standalone SVG text (with the SVG namespace). */
  svg: string;
  /** The chart's root element, in the document it was drawn into. */
  element: SVGSVGElement;
}

/**
 * Options of {@link drawChartPlan}.
 *
 * @example
 * ```ts
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * const options: DrawChartOptions = { provenance: 'quickstart · seed 2023 · chokepoint 0.1.0', document };
 * const chart = drawChartPlan(pickDefaultCharts(run)[0]!, options);
 * console.log(chart.svg.includes('chart-provenance')); // true
 * ```
 */
export interface DrawChartOptions {
  /** The line that signs the chart (`runProvenance` of the run); none when absent. */
  provenance?: string | undefined;
  /** The document to draw into: the page's in a browser, `createSvgDocument()` in Node. Default: the global `document`. */
  document?: Document;
}

/**
 * Draws a chart that `pickDefaultCharts` (or `metricChartPlans`) planned, signs it with the
 * provenance line when given (`stampProvenance`), and serializes it. This is how every chart of
 * a run becomes SVG: `renderRunCharts` and `writeReport` of the Node entry call it with a
 * linkedom document, and the browser playground with the page's.
 *
 * @example
 * ```ts
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * const charts = pickDefaultCharts(run).map((plan) => drawChartPlan(plan, { provenance: runProvenance(run), document }));
 * document.body.append(...charts.map((chart) => chart.element));
 * console.log(charts[0]!.title === charts[0]!.element.querySelector('title')!.textContent); // true
 * ```
 */
export function drawChartPlan(plan: ChartPlan, options: DrawChartOptions = {}): DrawnChart {
  const element = plan.render(options.document);
  if (options.provenance !== undefined) stampProvenance(element, options.provenance);
  return {
    id: plan.id,
    kind: plan.kind,
    title: plan.title,
    caption: plan.caption,
    element,
    svg: serializeSvg(element),
  };
}
