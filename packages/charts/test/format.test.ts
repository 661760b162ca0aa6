import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatParameterValue, formatValue, timeSeriesChart, type TidyRow } from '../src/index.js';
import { createSvgDocument } from '../src/node/index.js';
import { buildReportHtml } from '../src/reportHtml.js';

/** The number a formatted value stands for (d3 writes U+2212 for minus and commas between thousands). */
const readBack = (text: string): number => Number(text.replace(/\u2212/g, '-').replace(/,/g, ''));

describe('formatValue', () => {
  it('prints any finite number in at most 16 characters, within 0.05% of its value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e18, max: 1e18 }), (value) => {
        const text = formatValue(value);
        expect(text.length).toBeLessThanOrEqual(16);
        const back = readBack(text);
        expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 5e-4 + (Math.abs(value) < 1e6 ? 0.5 : 0));
      }),
    );
  });

  it('never writes a float in full: tiny values take exponent notation, float noise is rounded away', () => {
    expect(formatValue(1.2151e-13)).toBe('1.215e-13');
    expect(formatValue(-1.8e-15)).toBe('\u22121.8e-15');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatParameterValue(0.1 + 0.2)).toBe('0.3');
    expect(formatParameterValue(0.123456789)).toBe('0.123457');
  });

  it('formats the tick labels and tooltips of a chart of tiny values', () => {
    const rows: TidyRow[] = [0, 1, 2].flatMap((replicate) =>
      [1, 2, 3].map((step) => ({
        runId: `a/0/${replicate}`,
        scenario: 's',
        arm: 'a',
        point: 0,
        replicate,
        seed: '1',
        step,
        date: '',
        entityKind: 'world',
        entity: 'world',
        variable: 'gap',
        value: (step + replicate) * 1.3e-13,
        parameters: {},
      })),
    );
    const svg = timeSeriesChart(rows, { yLabel: 'Gap' }, createSvgDocument());
    const labels = [...svg.querySelectorAll('.y-axis .tick text'), ...svg.querySelectorAll('title')].map(
      (t) => t.textContent ?? '',
    );
    expect(labels.some((t) => /e-13/.test(t))).toBe(true);
    expect(labels.filter((t) => /0\.0000/.test(t))).toEqual([]);
  });

  it('formats the report tables to significant figures', () => {
    const html = buildReportHtml({
      run: { rows: [], parameterNames: [] },
      charts: [],
    });
    expect(html).not.toMatch(/0\.0000/);
    const withSummary = buildReportHtml({
      run: {
        rows: [],
        parameterNames: [],
        summary: {
          scenario: 's',
          control: 'c',
          metrics: [
            {
              arm: 'c',
              point: 0,
              metric: 'world/world/output',
              n: 3,
              mean: 2.5,
              sd: 1.8e-15,
              ci95: [2.5 - 1e-14, 2.5 + 1e-14],
            },
          ],
          effects: [
            {
              arm: 't',
              control: 'c',
              point: 0,
              metric: 'world/world/output',
              difference: 1.215e-13,
              ci95: [-3e-13, 5e-13],
              relative: 4.86e-14,
            },
          ],
        },
      },
      charts: [],
    });
    expect(withSummary).toContain('1.8e-15');
    expect(withSummary).toContain('1.215e-13');
    expect(withSummary).not.toMatch(/0\.0000/);
  });
});
