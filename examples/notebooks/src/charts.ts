import {
  escalationTimelineChart,
  estimateTextWidth,
  timeSeriesChart,
  type EscalationTimelineOptions,
  type TimeSeriesOptions,
} from '@chokepoint/charts';
import type { ResultRow } from './protocol.ts';
import type { SimulationResult } from './client.ts';
import { quarterOf, STATE_NAMES } from './world.ts';
import type { MeasureSpec } from '@chokepoint/core';

/*
 * Helpers shared by the notebooks: pick rows out of a result, derive new series from them,
 * and wrap a chart in a figure that scales to the page.
 */

/** The rows of one entity's variable, e.g. `rowsOf(result, 'US', 'output')`. */
export function rowsOf(result: SimulationResult, entity: string, variable: string): ResultRow[] {
  return result.rows.filter((r) => r.entity === entity && r.variable === variable);
}

/**
 * Derives one series from several: groups the rows by (arm, replicate, step), calls `f`
 * with a lookup of the group's values by entity and variable, and returns one row per
 * group named `label`. Groups where `f` returns NaN (a value missing) are left out.
 *
 * @example derive(rows, 'Chips', (get) => get('US:chip', 'capability') - get('CN:chip', 'capability'))
 */
export function derive(
  rows: readonly ResultRow[],
  label: string,
  f: (get: (entity: string, variable: string) => number) => number,
): ResultRow[] {
  const groups = new Map<string, Map<string, number>>();
  const heads = new Map<string, ResultRow>();
  for (const row of rows) {
    const key = `${row.arm}\u0000${row.replicate}\u0000${row.step}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = new Map()));
      heads.set(key, row);
    }
    group.set(`${row.entity}/${row.variable}`, (group.get(`${row.entity}/${row.variable}`) ?? 0) + row.value);
  }
  const out: ResultRow[] = [];
  for (const [key, group] of groups) {
    const head = heads.get(key)!;
    const value = f((entity, variable) => group.get(`${entity}/${variable}`) ?? Number.NaN);
    if (Number.isFinite(value))
      out.push({
        arm: head.arm,
        replicate: head.replicate,
        step: head.step,
        entityKind: 'derived',
        entity: label,
        variable: label,
        value,
      });
  }
  return out;
}

/** Sums the rows of each (arm, replicate, step) into one row per group, named `label`. */
export function sumRows(rows: readonly ResultRow[], label: string): ResultRow[] {
  const sums = new Map<string, ResultRow>();
  for (const row of rows) {
    const key = `${row.arm}\u0000${row.replicate}\u0000${row.step}`;
    const sum = sums.get(key);
    if (sum) sum.value += row.value;
    else sums.set(key, { ...row, entityKind: 'derived', entity: label, variable: label });
  }
  return [...sums.values()];
}

/** The mean of a variable across replicates at the last step, by arm. */
export function finalMeans(rows: readonly ResultRow[]): Map<string, number> {
  const last = Math.max(...rows.map((r) => r.step));
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of rows) {
    if (row.step !== last) continue;
    const s = sums.get(row.arm) ?? { sum: 0, n: 0 };
    s.sum += row.value;
    s.n += 1;
    sums.set(row.arm, s);
  }
  return new Map([...sums].map(([arm, s]) => [arm, s.sum / s.n]));
}

/** A state's display name, e.g. `China` for `CN`. */
export function stateName(id: string): string {
  return STATE_NAMES[id] ?? id;
}

/** Makes a chart scale with the page: full width of its box, height from the viewBox. */
export function responsive(svg: SVGSVGElement): SVGSVGElement {
  svg.removeAttribute('height');
  svg.setAttribute('width', '100%');
  svg.style.height = 'auto';
  svg.style.maxWidth = `${svg.viewBox.baseVal.width}px`;
  return svg;
}

/** The narrowest a chart is drawn, in px: below it, the page scrolls the chart rather than shrink its text. */
export const MIN_CHART_WIDTH = 300;

/**
 * The width of the page's text column, in px: the content box of `main`, and no more than the
 * window less a margin.
 */
export function columnWidth(): number {
  if (typeof document === 'undefined') return Number.POSITIVE_INFINITY;
  const main = document.querySelector('main');
  let available = typeof window === 'undefined' ? Number.POSITIVE_INFINITY : window.innerWidth - 32;
  if (main) {
    const style = getComputedStyle(main);
    const inner = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner > 0) available = Math.min(available, inner);
  }
  return available;
}

/**
 * The width to draw a chart at: `preferred`, or the width of the page's text column when that
 * is narrower (a phone). Charts scale with their box, so a chart drawn wider than its box
 * shrinks its text with it: a 720 px chart on a 390 px phone shows 5 px tick labels. Drawn at
 * the column's width, its text keeps its size.
 */
export function fitWidth(preferred: number): number {
  if (typeof document === 'undefined') return preferred;
  return Math.round(Math.max(MIN_CHART_WIDTH, Math.min(preferred, columnWidth())));
}

/** How long the window must stay still after a resize before the charts are redrawn, in ms. */
export const REDRAW_DELAY = 150;

/** How to draw each chart on the page again (its data and options kept), by the chart drawn last. */
const redraws = new WeakMap<SVGSVGElement, () => SVGSVGElement>();
/** The column width the charts on the page were drawn at; undefined until one is drawn. */
let drawnAt: number | undefined;
let pending: ReturnType<typeof setTimeout> | undefined;

/**
 * Draws a chart with `draw`, and draws it again, from the same data, whenever the page's
 * column changes width (a phone rotated, a window resized): `draw` calls `fitWidth`, so the
 * new chart fits the new column. Nothing is simulated again. See {@link redrawCharts}.
 */
export function redrawable(draw: () => SVGSVGElement): SVGSVGElement {
  const svg = draw();
  redraws.set(svg, draw);
  if (typeof window !== 'undefined' && drawnAt === undefined) {
    drawnAt = columnWidth();
    const schedule = () => {
      clearTimeout(pending);
      pending = setTimeout(redrawCharts, REDRAW_DELAY);
    };
    window.addEventListener('resize', schedule);
    screen.orientation?.addEventListener('change', schedule);
  }
  return svg;
}

/**
 * Applies `finish` (a title that wraps, scaling with the page) to a chart, and to every redraw
 * of it.
 */
function finishing(svg: SVGSVGElement, finish: (svg: SVGSVGElement) => SVGSVGElement): SVGSVGElement {
  const draw = redraws.get(svg);
  finish(svg);
  if (draw) redraws.set(svg, () => finish(draw()));
  return svg;
}

/**
 * Redraws the page's charts made by {@link redrawable} when the column is no longer the width
 * they were drawn at, each in place of the old one. Runs 150 ms after the window stops
 * resizing or the screen turns; a chart a cell has since replaced is no longer on the page.
 */
export function redrawCharts(): void {
  const width = columnWidth();
  if (width === drawnAt) return;
  drawnAt = width;
  for (const svg of document.querySelectorAll('svg')) {
    const draw = redraws.get(svg);
    if (draw === undefined) continue;
    const fresh = draw();
    redraws.set(fresh, draw);
    svg.replaceWith(fresh);
  }
}

const SVG = 'http://www.w3.org/2000/svg';
/** The title's font size and line height in the charts, in px. */
const TITLE_SIZE = 15;
const TITLE_LINE = 19;

/**
 * Breaks a chart's title over two lines when it is wider than the chart (a narrow chart on a
 * phone), moving everything under it down a line, so that it is not cut off at the edge.
 */
export function fitTitle(svg: SVGSVGElement): SVGSVGElement {
  const title = svg.querySelector<SVGTextElement>('text.chart-title');
  const box = svg.viewBox.baseVal;
  const text = title?.textContent ?? '';
  const room = box.width - 32;
  if (title === null || estimateTextWidth(text, TITLE_SIZE, true) <= room) return svg;
  const words = text.split(' ');
  let first = words.length - 1;
  while (first > 1 && estimateTextWidth(words.slice(0, first).join(' '), TITLE_SIZE, true) > room) first--;
  for (const child of [...svg.children]) {
    if (child.tagName === 'title' || child.tagName === 'desc' || child.classList.contains('background')) continue;
    child.setAttribute('transform', `translate(0,${TITLE_LINE}) ${child.getAttribute('transform') ?? ''}`.trim());
  }
  svg.append(title); // out of the header, which moved down
  title.textContent = '';
  const x = title.getAttribute('x') ?? '16';
  const y = Number(title.getAttribute('y') ?? 24);
  for (const [i, line] of [words.slice(0, first).join(' '), words.slice(first).join(' ')].entries()) {
    const span = document.createElementNS(SVG, 'tspan');
    span.setAttribute('x', x);
    span.setAttribute('y', String(y + i * TITLE_LINE));
    span.textContent = line;
    title.append(span);
  }
  const height = box.height + TITLE_LINE;
  svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${height}`);
  if (svg.hasAttribute('height')) svg.setAttribute('height', String(height));
  svg.querySelector('rect.background')?.setAttribute('height', String(height));
  return svg;
}

/** Wraps a chart in a `<figure>` with a caption that says how to read it. */
export function figure(svg: SVGSVGElement, caption?: string): HTMLElement {
  const node = document.createElement('figure');
  node.className = 'cp-figure';
  node.append(finishing(svg, (s) => responsive(fitTitle(s))));
  if (caption) {
    const text = document.createElement('figcaption');
    text.textContent = caption;
    node.append(text);
  }
  return node;
}

/** Puts figures side by side (two columns on wide screens). */
export function row(...figures: HTMLElement[]): HTMLElement {
  const node = document.createElement('div');
  node.className = 'cp-row';
  node.append(...figures);
  return node;
}

/** A marker on a chart: the quarter a measure is first in force (numbered from 1, as the x-axis), and a short label. */
export interface Mark {
  quarter: number;
  label: string;
}

/** The y of `node`'s origin in `plot`'s coordinates: the sum of the translations between them. */
function offsetIn(plot: Element, node: Element): number {
  let y = 0;
  for (let e: Element | null = node; e !== null && e !== plot; e = e.parentElement)
    y += Number(/translate\(\s*[-\d.e]+[\s,]+([-\d.e]+)/.exec(e.getAttribute('transform') ?? '')?.[1] ?? 0);
  return y;
}

/**
 * Draws a dashed vertical line, labelled, at each marked quarter of a chart with a quarter axis
 * (a time series chart, or an escalation timeline), behind its data. The x position comes from
 * the chart's own points, so a mark at quarter 9 sits on the data point of step 9. The line
 * runs from the top of the plot to its (last) x axis, through every lane of a timeline; the
 * labels sit at the top of the first y axis, and labels of marks closer than 70 px alternate
 * between two rows.
 */
export function markQuarters(svg: SVGSVGElement, marks: readonly Mark[]): SVGSVGElement {
  const plot = svg.querySelector<SVGGElement>('g.plot');
  const axes = plot ? [...plot.querySelectorAll<SVGGElement>('g.x-axis')] : [];
  if (!plot || axes.length === 0 || marks.length === 0) return svg;
  // Each step's hover point ("… · step 9: mean …") gives the x of that step; the axis ticks
  // are half a pixel off (d3 offsets them for crisp lines), so they are only the fallback.
  const points = [...plot.querySelectorAll('circle.series-point, circle.measures-point')].map((circle) => ({
    value: Number(/· step (\d+)/.exec(circle.querySelector('title')?.textContent ?? '')?.[1]),
    x: Number(circle.getAttribute('cx')),
  }));
  // Ticks with a label (a timeline's upper lanes have unlabelled ones).
  const ticks = axes.flatMap((axis) =>
    [...axis.querySelectorAll('g.tick')]
      .filter((tick) => (tick.textContent ?? '').trim() !== '')
      .map((tick) => ({
        value: Number(tick.textContent),
        x: Number(/translate\(([-\d.e]+)/.exec(tick.getAttribute('transform') ?? '')?.[1]),
      })),
  );
  const known = (
    points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.x)).length >= 2 ? points : ticks
  ).filter((p) => Number.isFinite(p.value) && Number.isFinite(p.x));
  const first = known.reduce<(typeof known)[number] | undefined>(
    (a, p) => (a === undefined || p.value < a.value ? p : a),
    undefined,
  );
  const last = known.reduce<(typeof known)[number] | undefined>(
    (a, p) => (a === undefined || p.value > a.value ? p : a),
    undefined,
  );
  if (!first || !last || last.value === first.value) return svg;
  const xOf = (quarter: number) =>
    first.x + ((quarter - first.value) * (last.x - first.x)) / (last.value - first.value);
  const bottom = offsetIn(plot, axes[axes.length - 1]!);
  const yAxis = plot.querySelector('g.y-axis');
  const top = yAxis ? offsetIn(plot, yAxis) : 0;
  const group = document.createElementNS(SVG, 'g');
  group.setAttribute('class', 'cp-markers');
  const sorted = [...marks].sort((a, b) => a.quarter - b.quarter);
  let row = 0;
  sorted.forEach((mark, i) => {
    const x = xOf(mark.quarter);
    if (i > 0 && x - xOf(sorted[i - 1]!.quarter) < 70) row = 1 - row;
    else row = 0;
    const line = document.createElementNS(SVG, 'line');
    for (const [name, value] of Object.entries({
      class: 'cp-marker',
      'data-quarter': mark.quarter,
      x1: x,
      x2: x,
      y1: 0,
      y2: bottom,
      stroke: '#7a818c',
      'stroke-dasharray': '4 3',
      'stroke-width': 1.2,
    }))
      line.setAttribute(name, String(value));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${mark.label}: in force from quarter ${mark.quarter}`;
    line.append(title);
    const label = document.createElementNS(SVG, 'text');
    for (const [name, value] of Object.entries({
      class: 'cp-marker-label',
      x: x + 3,
      y: top + 10 + 12 * row,
      'font-size': 10.5,
      fill: '#5b6270',
      stroke: '#fff',
      'stroke-width': 3,
      'paint-order': 'stroke',
    }))
      label.setAttribute(name, String(value));
    label.textContent = mark.label;
    group.append(line, label);
  });
  // Behind the data: before a time series' bands, or a timeline's first lane.
  plot.insertBefore(group, plot.querySelector(':scope > g.bands, :scope > g.state-lane') ?? plot.firstChild);
  return svg;
}

/** Short names of instruments for chart marks. */
const MARK_NAMES: Record<string, string> = {
  export_control: 'Export control',
  foreign_direct_product_rule: 'FDPR',
  entity_list: 'Entity list',
  tariff: 'Tariff',
  procurement_ban: 'Procurement ban',
  market_access_denial: 'Market access denied',
  investment_screening: 'Screening',
  mineral_export_licensing: 'Mineral licensing',
  export_quota: 'Export quota',
  subsidy: 'Subsidy',
  export_finance: 'Export finance',
};

/**
 * The marks of scripted measures: each at the quarter it is first in force (its `start` + 1),
 * and an "announced" mark where it is announced earlier. Measures starting in the same quarter
 * share one mark.
 */
export function measureMarks(measures: readonly MeasureSpec[]): Mark[] {
  const byQuarter = new Map<number, string[]>();
  const add = (quarter: number, label: string) => {
    const labels = byQuarter.get(quarter) ?? [];
    if (!labels.includes(label)) labels.push(label);
    byQuarter.set(quarter, labels);
  };
  for (const m of measures) {
    const start = typeof m.start === 'number' ? m.start : 0;
    const name = MARK_NAMES[m.type] ?? m.type;
    add(quarterOf(start), name);
    if (typeof m.announce === 'number' && m.announce < start) add(quarterOf(m.announce), `${name} announced`);
  }
  return [...byQuarter]
    .sort((a, b) => a[0] - b[0])
    .map(([quarter, labels]) => ({ quarter, label: labels.join(' + ') }));
}

/**
 * A time series chart of result rows with sensible defaults for the notebooks, at the column's
 * width (and redrawn when it changes); `marks` draws where measures start.
 */
export function lineChart(
  rows: readonly ResultRow[],
  options: TimeSeriesOptions<ResultRow> & { marks?: readonly Mark[] },
): SVGSVGElement {
  const { marks, ...rest } = options;
  return redrawable(() => {
    const width = fitWidth(rest.width ?? 720);
    // A narrow chart is a little shorter, so its lines keep their slope.
    const height = Math.round(Math.min(rest.height ?? 340, Math.max(260, width * 0.8)));
    return markQuarters(timeSeriesChart(rows, { xLabel: 'Quarter', ...rest, width, height }), marks ?? []);
  });
}

/**
 * An escalation timeline of result rows (measures in force and retaliations, lane per state)
 * drawn at the column's width (and redrawn when it changes), with an x axis titled Quarter and `marks` where measures start,
 * as on the line charts.
 */
export function timelineChart(
  rows: readonly ResultRow[],
  options: EscalationTimelineOptions & { marks?: readonly Mark[] },
): SVGSVGElement {
  const { marks, ...rest } = options;
  return redrawable(() =>
    markQuarters(
      escalationTimelineChart(rows, { xLabel: 'Quarter', ...rest, width: fitWidth(rest.width ?? 720) }),
      marks ?? [],
    ),
  );
}

/** A row of key numbers, each a value over its label (the notebooks' `cp-stats` boxes). */
export function statsPanel(stats: ReadonlyArray<readonly [value: string, label: string]>): HTMLElement {
  const node = document.createElement('div');
  node.className = 'cp-stats';
  for (const [value, label] of stats) {
    const box = document.createElement('div');
    box.className = 'cp-stat';
    box.innerHTML = '<div class="cp-stat-value"></div><div class="cp-stat-label"></div>';
    box.children[0]!.textContent = value;
    box.children[1]!.textContent = label;
    node.append(box);
  }
  return node;
}

/** A one-line account of what ran: "36 runs × 40 quarters in 0.21 s, in a Web Worker". */
export function runNote(result: SimulationResult, steps: number): HTMLElement {
  const node = document.createElement('p');
  node.className = 'cp-run-note';
  node.textContent = `${result.runs} runs × ${steps} quarters simulated in ${(result.milliseconds / 1000).toFixed(2)} s, in a Web Worker.`;
  return node;
}
