import { estimateTextWidth, timeSeriesChart, type TimeSeriesOptions } from '@chokepoint/charts';
import type { ResultRow } from './protocol.ts';
import type { SimulationResult } from './client.ts';
import { STATE_NAMES } from './world.ts';

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
export function derive(rows: readonly ResultRow[], label: string, f: (get: (entity: string, variable: string) => number) => number): ResultRow[] {
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
    if (Number.isFinite(value)) out.push({ arm: head.arm, replicate: head.replicate, step: head.step, entityKind: 'derived', entity: label, variable: label, value });
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
 * The width to draw a chart at: `preferred`, or the width of the page's text column when that
 * is narrower (a phone). Charts scale with their box, so a chart drawn wider than its box
 * shrinks its text with it: a 720 px chart on a 390 px phone shows 5 px tick labels. Drawn at
 * the column's width, its text keeps its size.
 */
export function fitWidth(preferred: number): number {
  if (typeof document === 'undefined') return preferred;
  const main = document.querySelector('main');
  let available = typeof window === 'undefined' ? preferred : window.innerWidth - 32;
  if (main) {
    const style = getComputedStyle(main);
    const inner = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner > 0) available = Math.min(available, inner);
  }
  return Math.round(Math.max(MIN_CHART_WIDTH, Math.min(preferred, available)));
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
  node.append(responsive(fitTitle(svg)));
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

/** A time series chart of result rows with sensible defaults for the notebooks. */
export function lineChart(rows: readonly ResultRow[], options: TimeSeriesOptions<ResultRow>): SVGSVGElement {
  const width = fitWidth(options.width ?? 720);
  // A narrow chart is a little shorter, so its lines keep their slope.
  const height = Math.round(Math.min(options.height ?? 340, Math.max(260, width * 0.8)));
  return timeSeriesChart(rows, { xLabel: 'Quarter', ...options, width, height });
}

/** A one-line account of what ran: "36 runs × 40 quarters in 0.21 s, in a Web Worker". */
export function runNote(result: SimulationResult, steps: number): HTMLElement {
  const node = document.createElement('p');
  node.className = 'cp-run-note';
  node.textContent = `${result.runs} runs × ${steps} quarters simulated in ${(result.milliseconds / 1000).toFixed(2)} s, in a Web Worker.`;
  return node;
}
