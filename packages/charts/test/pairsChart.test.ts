import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairsChart, serializeSvg } from '../src/index.js';
import { createSvgDocument, renderPng } from '../src/node/index.js';
import { expectAccessibleChart } from './helpers.js';

const doc = createSvgDocument();

describe('pairsChart', () => {
  it('draws a k × k matrix: histograms on the diagonal, scatters below, correlations above', () => {
    // b = 2a exactly for the accepted samples (r = 1), c independent of them.
    const samples = Array.from({ length: 60 }, (_, i) => ({
      values: [1 + (i % 10), 2 * (1 + (i % 10)), ((i * 37) % 60) / 60],
      accepted: i < 20,
    }));
    const svg = pairsChart(
      {
        parameters: [
          { name: 'a', range: [0, 12] },
          { name: 'b', range: [0, 24] },
          { name: 'c', range: [0, 1] },
        ],
        samples,
      },
      {},
      doc,
    );
    expectAccessibleChart(svg, 'Calibration: posterior of the parameters');
    const cells = [...svg.querySelectorAll('g.pairs-cell')];
    expect(cells).toHaveLength(9);
    const at = (row: number, col: number): Element =>
      cells.find((c) => c.getAttribute('data-row') === String(row) && c.getAttribute('data-col') === String(col))!;
    for (let i = 0; i < 3; i++) {
      expect(at(i, i).querySelectorAll('rect.posterior-bar').length).toBeGreaterThan(0);
      expect(at(i, i).querySelectorAll('line.posterior-median')).toHaveLength(1);
    }
    // Each scatter cell shows every sample once: 20 accepted, 40 rejected.
    for (const [row, col] of [
      [1, 0],
      [2, 0],
      [2, 1],
    ] as const) {
      expect(at(row, col).querySelectorAll('circle.sample-accepted')).toHaveLength(20);
      expect(at(row, col).querySelectorAll('circle.sample-rejected')).toHaveLength(40);
    }
    expect(at(0, 1).querySelector('text.pairs-correlation')?.textContent).toBe('r = 1.00');
    expect(at(0, 2).querySelector('text.pairs-correlation')?.textContent).toMatch(/^r = -?0\.\d\d$/);
    // Axis titles name the parameters.
    const labels = [...svg.querySelectorAll('.axis-label')].map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(renderPng(serializeSvg(svg)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws posterior and prior histograms as densities that each sum to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.5, max: 50, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 80,
        }),
        (list) => {
          const samples = list.map(([v, accepted]) => ({ values: [v], accepted }));
          const svg = pairsChart(
            { parameters: [{ name: 'x', scale: 'log', range: [0.5, 50] }], samples },
            { height: 300 },
            doc,
          );
          const heights = (cls: string): number =>
            [...svg.querySelectorAll(`rect.${cls}`)].reduce((s, r) => s + Number(r.getAttribute('height')), 0);
          const prior = heights('prior-bar');
          const posterior = heights('posterior-bar');
          expect(prior).toBeGreaterThan(0);
          // Bar heights are proportional to densities; both densities sum to 1, so the totals agree.
          if (samples.some((s) => s.accepted)) expect(posterior).toBeCloseTo(prior, 6);
          else expect(svg.querySelectorAll('rect.posterior-bar')).toHaveLength(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('marks reference values and says "No data" without samples', () => {
    const svg = pairsChart(
      {
        parameters: [{ name: 'a' }, { name: 'b' }],
        samples: [
          { values: [1, 2], accepted: true },
          { values: [2, 1], accepted: false },
        ],
        reference: [1.5, 1.5],
      },
      {},
      doc,
    );
    expect(svg.querySelectorAll('line.reference').length).toBe(1 + 2 + 1);
    const empty = pairsChart({ parameters: [{ name: 'a' }], samples: [] }, {}, doc);
    expect(empty.querySelector('text.no-data')?.textContent).toBe('No data');
  });
});
