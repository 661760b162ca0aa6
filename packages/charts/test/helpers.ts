import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { categoricalColours, okabeIto, parseMetricsCsv, type TidyRow } from '../src/index.js';
import { makeFixtureRun } from './fixtures/makeFixtureRun.js';

/** Rows of one fixture run, parsed once per test file. */
export function fixtureRows(options: Parameters<typeof makeFixtureRun>[0] = {}): {
  dir: string;
  rows: TidyRow[];
  parameterNames: string[];
} {
  const { dir } = makeFixtureRun(options);
  return { dir, ...parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')) };
}

/** The text of the `<title>` inside each element matching `selector`. */
export function tooltips(svg: Element, selector: string): string[] {
  return [...svg.querySelectorAll(selector)].map((el) => el.querySelector('title')?.textContent ?? '');
}

/** Checks what every chart must have: title, desc, aria text, a drawn title and a legend or colour scale. */
export function expectAccessibleChart(svg: SVGSVGElement, title: string): void {
  expect(svg.tagName.toLowerCase()).toBe('svg');
  expect(svg.getAttribute('role')).toBe('img');
  expect(svg.getAttribute('aria-label')).toContain(title);
  expect(svg.querySelector('title')?.textContent).toBe(title);
  expect(svg.querySelector('desc')?.textContent?.length).toBeGreaterThan(10);
  expect(svg.querySelector('.chart-title')?.textContent).toBe(title);
  expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
}

/** Colours a chart may use for categories: the categorical palette (Okabe–Ito first), black, and neutral greys. */
export const allowedCategoryColours = new Set<string>(
  [...Object.values(okabeIto), ...categoricalColours, '#9A9A9A', '#DDDDDD'].map((c) => c.toUpperCase()),
);

/** Formats like the charts do, for comparing tooltips with the data. */
export { formatPercent, formatValue } from '../src/index.js';
