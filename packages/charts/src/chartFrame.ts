import { select } from 'd3';
import { chartFontFamily, fontSizes, svgNamespace, type SvgSelection } from './style.js';
import { inkColour, mutedInkColour, type RunPalette } from './palette.js';
import { wrapText } from './textWidth.js';
import { drawLegend, type LegendItem } from './legend.js';

/**
 * Options every chart accepts.
 *
 * @example
 * ```ts
 * const options: ChartOptions = { title: 'Welfare', subtitle: 'Mean of 2 replicates', width: 480, height: 300 };
 * const svg = timeSeriesChart(parsed.rows.filter((r) => r.entityKind === 'world' && r.variable === 'welfare'), options, document);
 * console.log(svg.getAttribute('viewBox'), svg.querySelector('title')!.textContent); // 0 0 480 300 Welfare
 * ```
 */
export interface ChartOptions {
  /** Chart title; each chart has a sensible default. */
  title?: string;
  /** A line under the title, e.g. what the bands mean. */
  subtitle?: string;
  /** Width in px (the SVG's viewBox width). */
  width?: number;
  /** Height in px; some charts grow it to fit their rows. */
  height?: number;
  /**
   * The colours of the run's arms, states and products (see `runPalette`), so that every chart
   * of a run gives a state, a product or an arm the same colour. Without it, a chart colours
   * the keys it draws in their order. Charts that colour none of these ignore it.
   */
  palette?: RunPalette;
}

/** The header and outer box of a chart, made by {@link createChartFrame}. */
export interface ChartFrame {
  /** The root `<svg>` element. */
  svg: SvgSelection<SVGSVGElement>;
  /** Width in px. */
  width: number;
  /** Height in px. */
  height: number;
  /** The y, in px, below the title, subtitle and legend, where the plot may start. */
  top: number;
}

/** What {@link createChartFrame} needs. */
export interface ChartFrameSpec {
  /** Class naming the chart kind, e.g. `time-series-chart`. */
  kind: string;
  /** Width in px. */
  width: number;
  /** Height in px. */
  height: number;
  /** Title, drawn and in `<title>`. */
  title: string;
  /** Optional subtitle under the title. */
  subtitle?: string;
  /** Text for screen readers, in `<desc>` and aria-label. */
  description: string;
  /** Legend items, drawn in a row under the subtitle. */
  legend?: LegendItem[];
  /** Heading before the legend items, e.g. 'Arm'. */
  legendTitle?: string;
}

/**
 * Returns the document to draw into: the one given, else the global `document`.
 * Throws a message that says what to do in Node, where there is no global document.
 *
 * @example
 * ```ts
 * console.log(resolveDocument(document) === document); // true
 * try {
 *   resolveDocument();
 * } catch (e) {
 *   // In Node, without a document:
 *   console.log((e as Error).message); // No DOM document: in Node, pass createSvgDocument() from "@chokepoint/charts/node" as the last argument.
 * }
 * ```
 */
export function resolveDocument(document?: Document): Document {
  if (document) return document;
  const global = (globalThis as { document?: Document }).document;
  if (!global) {
    throw new Error(
      'No DOM document: in Node, pass createSvgDocument() from "@chokepoint/charts/node" as the last argument.',
    );
  }
  return global;
}

/**
 * Creates the root `<svg>` of a chart, with its `<title>`, `<desc>`, aria text, white
 * background, drawn title, subtitle and legend. Charts draw their plot below `top`.
 */
export function createChartFrame(document: Document, spec: ChartFrameSpec): ChartFrame {
  const element = document.createElementNS(svgNamespace, 'svg') as SVGSVGElement;
  const svg = select(element);
  const { width, height } = spec;
  svg
    .attr('xmlns', svgNamespace)
    .attr('class', `chokepoint-chart ${spec.kind}`)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `${spec.title}. ${spec.description}`)
    .attr('font-family', chartFontFamily)
    .attr('font-size', fontSizes.tick)
    .attr('fill', inkColour);
  svg.append('title').text(spec.title);
  svg.append('desc').text(spec.description);
  svg.append('rect').attr('class', 'background').attr('width', width).attr('height', height).attr('fill', '#FFFFFF');
  const header = svg.append('g').attr('class', 'chart-header');
  header
    .append('text')
    .attr('class', 'chart-title')
    .attr('x', 16)
    .attr('y', 24)
    .attr('font-size', fontSizes.title)
    .attr('font-weight', 'bold')
    .attr('fill', inkColour)
    .text(spec.title);
  let y = 30;
  if (spec.subtitle) {
    const lines = wrapText(spec.subtitle, fontSizes.subtitle, width - 32);
    const subtitle = header
      .append('text')
      .attr('class', 'chart-subtitle')
      .attr('font-size', fontSizes.subtitle)
      .attr('fill', mutedInkColour);
    for (const line of lines) {
      y += 15;
      subtitle.append('tspan').attr('x', 16).attr('y', y).text(line);
    }
  }
  y += 8;
  if (spec.legend && spec.legend.length > 0) {
    const legendHeight = drawLegend(svg.append('g').attr('class', 'legend'), spec.legend, {
      x: 16,
      y,
      maxWidth: width - 32,
      title: spec.legendTitle,
    });
    y += legendHeight + 6;
  }
  return { svg, width, height, top: y + 8 };
}

/** Puts keys in the given order first, then the rest as they came. */
export function orderKeys(keys: readonly string[], order?: readonly string[]): string[] {
  if (!order) return [...keys];
  const present = new Set(keys);
  const first = order.filter((k) => present.has(k));
  return [...first, ...keys.filter((k) => !first.includes(k))];
}

/** Writes 'No data' in the middle of an empty plot. */
export function noDataNote(plot: SvgSelection, width: number, height: number): void {
  plot
    .append('text')
    .attr('class', 'no-data')
    .attr('x', width / 2)
    .attr('y', height / 2)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('fill', '#777777')
    .text('No data');
}

/**
 * Sets a chart's height after its layout is known (for charts whose height follows
 * their number of rows), updating the size, viewBox and background.
 */
export function setFrameHeight(frame: ChartFrame, height: number): void {
  frame.height = height;
  frame.svg.attr('height', height).attr('viewBox', `0 0 ${frame.width} ${height}`);
  frame.svg.select('rect.background').attr('height', height);
}

/** Height, in px, of the provenance line {@link stampProvenance} adds under a chart. */
const PROVENANCE_HEIGHT = 18;

/**
 * Adds one muted line under a rendered chart (the chart grows by 18 px) that says where it came
 * from, so a chart pasted into a paper can be traced to its run: the scenario, the base seed, the
 * tool's version and commit. The line is also appended to the chart's `<desc>`.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'US' && r.variable === 'output');
 * const svg = timeSeriesChart(rows, { yLabel: 'US output' }, document);
 * const before = Number(svg.getAttribute('height'));
 * stampProvenance(svg, 'quickstart · seed 2023 · chokepoint 0.1.0');
 * console.log(Number(svg.getAttribute('height')) - before, svg.lastElementChild!.textContent); // 18 quickstart · seed 2023 · chokepoint 0.1.0
 * ```
 */
export function stampProvenance(element: SVGSVGElement, line: string): void {
  const svg = select(element);
  const width = Number(svg.attr('width'));
  const height = Number(svg.attr('height')) + PROVENANCE_HEIGHT;
  svg.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.select('rect.background').attr('height', height);
  const desc = svg.select('desc');
  desc.text(`${desc.text()} ${line}.`);
  svg
    .append('text')
    .attr('class', 'chart-provenance')
    .attr('x', 16)
    .attr('y', height - 6)
    .attr('font-size', fontSizes.note)
    .attr('fill', mutedInkColour)
    .text(line);
}
