/**
 * What the report says about the study: deterministic metrics and exact differences in place
 * of intervals (summary.json's `deterministic`), the measures each arm adopted
 * (summary.json's `measures`) and the run's warnings (manifest.json's `warnings`).
 */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/index.js';
import { buildReportHtml } from '../src/node/index.js';

/** The rows of the table with this class, as text cells. */
function tableRows(html: string, table: string): Array<{ highlighted: boolean; cells: string[] }> {
  const body = new RegExp(`<table class="${table}">.*?<tbody>(.*?)</tbody>`, 's').exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr([^>]*)>(.*?)<\/tr>/gs)].map((m) => ({
    highlighted: m[1]!.includes('significant'),
    cells: [...m[2]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1]!),
  }));
}

const summary: RunSummary = {
  scenario: 's',
  title: 'S',
  control: 'control',
  statistic: 'final',
  metrics: [
    {
      arm: 'control',
      point: 0,
      metric: 'state/KR/output',
      n: 5,
      mean: 10,
      sd: 0,
      ci95: null as unknown as [number, number],
      deterministic: true,
      replicateAdvice: { needed: 1, cv: 0, tolerance: 0.05, window: 3 },
    },
    {
      arm: 'ban',
      point: 0,
      metric: 'state/KR/output',
      n: 5,
      mean: 4,
      sd: 0,
      ci95: null as unknown as [number, number],
      deterministic: true,
      replicateAdvice: { needed: 1, cv: 0, tolerance: 0.05, window: 3 },
    },
    {
      arm: 'noisy',
      point: 0,
      metric: 'state/KR/output',
      n: 5,
      mean: 8,
      sd: 1,
      ci95: [6.8, 9.2],
      deterministic: false,
      replicateAdvice: { needed: null, cv: 0.125, tolerance: 0.05, window: 3 },
    },
  ],
  effects: [
    {
      arm: 'ban',
      control: 'control',
      point: 0,
      metric: 'state/KR/output',
      difference: -6,
      ci95: null as unknown as [number, number],
      relative: -0.6,
      deterministic: true,
    },
    {
      arm: 'noisy',
      control: 'control',
      point: 0,
      metric: 'state/KR/output',
      difference: -2,
      ci95: [-3.2, -0.8],
      relative: -0.2,
      deterministic: false,
    },
  ],
};

describe('report.html and deterministic replicates', () => {
  const html = buildReportHtml({ run: { rows: [], parameterNames: [], summary }, charts: [] });

  it('says "deterministic: all replicates identical" in place of the interval, with sd 0 and one replicate needed', () => {
    const [control, ban, noisy] = tableRows(html, 'metrics');
    // Metric, arm, n, mean, sd, CI, replicates needed.
    expect(control!.cells.slice(4)).toEqual(['0', 'deterministic: all replicates identical', '1']);
    expect(ban!.cells.slice(5)).toEqual(['deterministic: all replicates identical', '1']);
    expect(noisy!.cells.slice(5, 7)).toEqual([expect.stringMatching(/ to /), '&gt; 5']);
  });

  it('reports a difference between deterministic arms as exact, never highlighted as significant', () => {
    const [ban, noisy] = tableRows(html, 'effects');
    expect(ban!.cells[4]).toBe('deterministic difference');
    expect(ban!.highlighted).toBe(false);
    expect(noisy!.highlighted).toBe(true);
    expect(html).toContain('"deterministic difference": every replicate of both arms gave the same value');
  });
});

describe('report.html and the measures each arm adopted', () => {
  const warning =
    'control arm "control" adopts measures in 5 of 5 runs, 145 in all (116 retaliation, 16 doctrine, 13 alliance; issued by CN 71, US 40): effects are measured against a world with policy';
  const measures: RunSummary['measures'] = [
    {
      arm: 'control',
      point: 0,
      runs: 5,
      runsWithMeasures: 5,
      adopted: 145,
      byOrigin: { doctrine: 16, alliance: 13, retaliation: 116 },
      byType: { export_control: 145 },
      byIssuer: { US: 40, CN: 71, JP: 34 },
    },
    { arm: 'ban', point: 0, runs: 5, runsWithMeasures: 0, adopted: 0, byOrigin: {}, byType: {}, byIssuer: {} },
  ];
  const html = buildReportHtml({
    run: { rows: [], parameterNames: [], summary: { ...summary, measures }, manifest: { warnings: [warning] } },
    charts: [],
  });

  it('shows the warning at the top, before the contents', () => {
    const at = html.indexOf('<p class="warning">');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('<nav'));
    expect(html).toContain('control arm &quot;control&quot; adopts measures in 5 of 5 runs, 145 in all');
  });

  it('tabulates the measures by arm: runs with measures, per run, by origin, instrument and issuer (largest first)', () => {
    expect(tableRows(html, 'measures').map((r) => r.cells)).toEqual([
      [
        'control (control)',
        '5 of 5',
        '29',
        'retaliation 116, doctrine 16, alliance 13',
        'export_control 145',
        'CN 71, US 40, JP 34',
      ],
      ['ban', '0 of 5', '0', '–', '–', '–'],
    ]);
  });

  it('has neither without them (runs written before measures.csv existed)', () => {
    const plain = buildReportHtml({ run: { rows: [], parameterNames: [], summary }, charts: [] });
    expect(plain).not.toContain('class="warning"');
    expect(plain).not.toContain('class="measures"');
  });
});

describe('report.html and an arm that ignores a swept parameter', () => {
  const swept: RunSummary = {
    ...summary,
    metrics: [0, 1, 2].flatMap((point) => [
      {
        arm: 'control',
        point,
        metric: 'state/KR/output',
        n: 3,
        mean: 10,
        sd: 1,
        ci95: [7.5, 12.5] as [number, number],
        ...(point > 0 ? { sharedWith: 0 } : {}),
      },
      {
        arm: 'ban',
        point,
        metric: 'state/KR/output',
        n: 3,
        mean: 8 - point,
        sd: 1,
        ci95: [5.5, 10.5] as [number, number],
      },
    ]),
    effects: [],
    shared: [{ arm: 'control', parameters: ['licence'], points: 1 }],
  };
  const html = buildReportHtml({ run: { rows: [], parameterNames: [], summary: swept }, charts: [] });

  it('says it ran at fewer points, and marks the rows that are another point’s runs', () => {
    expect(html).toContain(
      'Arm <strong>control</strong> ignores the swept parameter licence: it was run at only 1 of the 3 sweep points, and its results there stand for the others',
    );
    const points = tableRows(html, 'metrics').map((r) => `${r.cells[1]} ${r.cells[2]}`);
    expect(points).toEqual(['control 0', 'ban 0', 'control 1 (runs of 0)', 'ban 1', 'control 2 (runs of 0)', 'ban 2']);
  });
});

describe('report.html and where the effects come from', () => {
  const path =
    'Samsung-Mobile (KR) ← compound_semis 7% ← Qorvo (US) ← gallium 4% (closed: CN, 98% of base supply: export_control by CN) ← Other-Gallium (ROW): capacity, orders 41.90× capacity';
  const shortfalls: RunSummary['shortfalls'] = [
    {
      arm: 'ban',
      point: 0,
      entity: 'state/KR',
      step: 3,
      date: '2024-03-31',
      lostShare: 0.534,
      firms: [{ firm: 'Samsung-Mobile', lostShare: 0.929, path }],
    },
    {
      arm: 'control',
      point: 0,
      entity: 'state/KR',
      step: 2,
      date: '2023-12-31',
      lostShare: 0.02,
      firms: [{ firm: 'LG', lostShare: 0.02, path: 'LG (KR) ← panels 98%' }],
    },
  ];
  const section = (s: RunSummary): string =>
    /<section id="paths">(.*?)<\/section>/s.exec(
      buildReportHtml({ run: { rows: [], parameterNames: [], summary: s }, charts: [] }),
    )?.[1] ?? '';

  it('shows the treatment arm’s shortage path for a large effect, beside the control arm’s, and lists the section', () => {
    const html = buildReportHtml({
      run: { rows: [], parameterNames: [], summary: { ...summary, shortfalls } },
      charts: [],
    });
    expect(html).toContain('<a href="#paths">Where the effects come from</a>');
    const text = section({ ...summary, shortfalls });
    expect(text).toContain('state KR under ban');
    expect(text).toContain('the step ending 2024-03-31 (step 3): 53.4% of its orders (by value) not made');
    expect(text).toContain('<strong>Samsung-Mobile</strong> made 7.1% of its orders');
    // The path is escaped text: its arrows and parentheses intact, nothing interpreted as markup.
    expect(text).toContain('← gallium 4% (closed: CN, 98% of base supply: export_control by CN)');
    expect(text).toContain(
      'In the control arm (control) its largest shortfall, 2% of orders, came in the step ending 2023-12-31',
    );
    // The noisy arm's effect is large too, but its replicate 0 was never short.
    expect(text).toContain('state KR under noisy');
    expect(text).toContain('every firm of state KR made at least 99% of its orders at every step');
  });

  it('leaves out small effects and effects on other entities; has no section without paths or large effects', () => {
    const small: RunSummary = {
      ...summary,
      effects: summary.effects.map((e) => ({ ...e, relative: 0.01 })),
      shortfalls,
    };
    expect(section(small)).toContain('No effect on a firm or state key metric reached 5% of its control mean');
    expect(section(small)).not.toContain('Samsung-Mobile');
    const world: RunSummary = {
      ...summary,
      effects: summary.effects.map((e) => ({ ...e, metric: 'world/world/output' })),
    };
    expect(buildReportHtml({ run: { rows: [], parameterNames: [], summary: world }, charts: [] })).not.toContain(
      'id="paths"',
    );
  });
});

describe('report.html and effects over time', () => {
  const over: RunSummary = {
    ...summary,
    statistics: ['final', 'peak', 'cumulative'],
    discountRate: 0.02,
    effects: summary.effects.map((e, i) => ({
      ...e,
      peak: { difference: -8 + i, ci95: [-9, -7], relative: -0.8, deterministic: false, step: 3, date: '2024-09-30' },
      cumulative: { difference: -20, ci95: null, relative: -0.25, deterministic: true },
    })),
  };

  it('tabulates the statistics the scenario asked for, one row per effect, with the peak’s date', () => {
    const html = buildReportHtml({ run: { rows: [], parameterNames: [], summary: over }, charts: [] });
    expect(html).toContain('<h3>Effects over time</h3>');
    const rows = tableRows(html, 'effects-over-time');
    expect(rows).toHaveLength(2);
    // Metric, arm, peak, when, CI, cumulative, CI, relative.
    expect(rows[0]!.cells.slice(2)).toEqual([
      '−8',
      '2024-09-30',
      '−9 to −7',
      '−20',
      'deterministic difference',
      '−25%',
    ]);
    expect(html).not.toContain('Discounted (');
  });

  it('has no such table when the run gave only final values (or predates them)', () => {
    expect(buildReportHtml({ run: { rows: [], parameterNames: [], summary }, charts: [] })).not.toContain(
      'Effects over time',
    );
  });
});

describe('report.html and what drives each effect', () => {
  const attribution: RunSummary['attribution'] = [
    {
      arm: 'ban',
      control: 'control',
      point: 0,
      metric: 'state/KR/output',
      mechanism: 'prices',
      effect: -6,
      effectWithout: -3,
      carried: { difference: -3, ci95: [-4, -2], deterministic: false },
      share: 0.5,
    },
    {
      arm: 'ban',
      control: 'control',
      point: 0,
      metric: 'state/KR/output',
      mechanism: 'designOut',
      effect: -6,
      effectWithout: -6,
      carried: { difference: 0, ci95: null, deterministic: true },
      share: 0,
    },
  ];

  it('shows the share each mechanism carries, one column per mechanism, highlighting intervals that exclude zero', () => {
    const html = buildReportHtml({
      run: { rows: [], parameterNames: [], summary: { ...summary, attribution } },
      charts: [],
    });
    expect(html).toContain('<h3>What drives each effect</h3>');
    const rows = tableRows(html, 'attribution');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells.slice(2)).toEqual(['−6', '50%', '0%']);
    expect(html).toMatch(
      /<td class="num significant" title="carries −3 \(95% CI −4 to −2\); the effect without prices: −3">50%<\/td>/,
    );
  });

  it('has no such table without ablation', () => {
    expect(buildReportHtml({ run: { rows: [], parameterNames: [], summary }, charts: [] })).not.toContain(
      'What drives each effect',
    );
  });
});
