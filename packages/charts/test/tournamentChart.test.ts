import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dnmColour, nlgColour, tournamentChart, type TournamentChartRanking } from '../src/index.js';
import { createSvgDocument } from '../src/node/index.js';
import { allowedCategoryColours, expectAccessibleChart } from './helpers.js';

const doc = createSvgDocument();

function ranking(criterion: string, better: 'higher' | 'lower', means: Record<string, number>): TournamentChartRanking {
  const entries = Object.entries(means)
    .sort((a, b) => (better === 'higher' ? b[1] - a[1] : a[1] - b[1]))
    .map(([doctrine, mean], i) => ({
      rank: i + 1,
      doctrine,
      mean,
      ci95: [mean - 0.01, mean + 0.01] as [number, number],
    }));
  return { criterion, better, entries };
}

describe('tournamentChart', () => {
  it('draws one panel per criterion, rows best first, a doctrine in one colour throughout', () => {
    const data = {
      doctrines: ['DNM', 'NLG', 'DERISK'],
      rankings: [
        ranking('welfare', 'higher', { DNM: 0.91, NLG: 0.96, DERISK: 0.95 }),
        ranking('relativeGain', 'higher', { DNM: 0.03, NLG: -0.01, DERISK: -0.02 }),
        ranking('escalation', 'lower', { DNM: 7, NLG: 0.8, DERISK: 0.5 }),
      ],
      worlds: ['toy-chips'],
      replicates: 10,
    };
    const svg = tournamentChart(data, {}, doc);
    expectAccessibleChart(svg, 'Doctrine tournament: every ordered pair of doctrines');
    const panels = [...svg.querySelectorAll('g.tournament-panel')];
    expect(panels.map((p) => p.getAttribute('data-criterion'))).toEqual(['welfare', 'relativeGain', 'escalation']);
    panels.forEach((panel, i) => {
      const rows = [...panel.querySelectorAll('g.tournament-row')];
      expect(rows.map((r) => r.getAttribute('data-doctrine'))).toEqual(
        data.rankings[i]!.entries.map((e) => e.doctrine),
      );
      // Higher is better: the dots move left down the ranking; lower is better: right.
      const xs = rows.map((r) => Number(r.querySelector('circle.score')!.getAttribute('cx')));
      const sorted = [...xs].sort((a, b) => (data.rankings[i]!.better === 'higher' ? b - a : a - b));
      expect(xs).toEqual(sorted);
    });
    const colours = new Map<string, Set<string>>();
    for (const row of svg.querySelectorAll('g.tournament-row')) {
      const d = row.getAttribute('data-doctrine')!;
      colours.set(d, (colours.get(d) ?? new Set()).add(row.querySelector('circle.score')!.getAttribute('fill')!));
    }
    for (const set of colours.values()) expect(set.size).toBe(1);
    expect([...colours.get('DNM')!][0]).toBe(dnmColour);
    expect([...colours.get('NLG')!][0]).toBe(nlgColour);
    for (const set of colours.values()) expect(allowedCategoryColours.has([...set][0]!.toUpperCase())).toBe(true);
  });

  it('keeps every whisker inside the plot for any scores', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 6 }), (values) => {
        const means = Object.fromEntries(values.map((v, i) => [`D${i}`, v]));
        const svg = tournamentChart({ rankings: [ranking('relativeGain', 'higher', means)] }, { width: 600 }, doc);
        const ends = [...svg.querySelectorAll('line.score-ci')].flatMap((l) => [
          Number(l.getAttribute('x1')),
          Number(l.getAttribute('x2')),
        ]);
        expect(ends).toHaveLength(values.length * 2);
        for (const x of ends) {
          expect(x).toBeGreaterThanOrEqual(-0.001);
          expect(x).toBeLessThanOrEqual(600);
        }
      }),
      { numRuns: 30 },
    );
  });
});
