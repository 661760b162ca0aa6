import { timeSeriesChart, type TimeSeriesOptions } from '@chokepoint/charts';
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

/** Wraps a chart in a `<figure>` with a caption that says how to read it. */
export function figure(svg: SVGSVGElement, caption?: string): HTMLElement {
  const node = document.createElement('figure');
  node.className = 'cp-figure';
  node.append(responsive(svg));
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
  return timeSeriesChart(rows, { width: 720, height: 340, xLabel: 'Quarter', ...options });
}

/** A one-line account of what ran: "36 runs × 40 quarters in 0.21 s, in a Web Worker". */
export function runNote(result: SimulationResult, steps: number): HTMLElement {
  const node = document.createElement('p');
  node.className = 'cp-run-note';
  node.textContent = `${result.runs} runs × ${steps} quarters simulated in ${(result.milliseconds / 1000).toFixed(2)} s, in a Web Worker.`;
  return node;
}
