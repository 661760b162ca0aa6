import { afterAll, describe, expect, it } from 'vitest';
import {
  doctrineShareChart,
  effectForestChart,
  escalationTimelineChart,
  formatPercent,
  formatValue,
  marketShareChart,
  meanAndInterval,
  metricLabel,
  stateProductNetwork,
  summarizeReplicates,
  supplyNetworkChart,
  sweepGrid,
  sweepHeatmapChart,
  timeSeriesChart,
  tradeFlowChart,
  type RunSummary,
} from '../src/index.js';
import { createSvgDocument, readRunDirectory } from '../src/node/index.js';
import { removeFixtureRuns } from './fixtures/makeFixtureRun.js';
import { allowedCategoryColours, expectAccessibleChart, fixtureRows, tooltips } from './helpers.js';

afterAll(removeFixtureRuns);

const { dir, rows } = fixtureRows({ replicates: 4, steps: 10 });
const doc = createSvgDocument();
const arms = ['control', 'sanctions', 'allied_controls'];

describe('timeSeriesChart', () => {
  const metricRows = rows.filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output');
  const svg = timeSeriesChart(
    metricRows,
    { title: 'CN output', yLabel: 'CN output', unit: 'value, units × price', control: 'control' },
    doc,
  );

  it('has a title, aria text, axes with labels and units, and a legend', () => {
    expectAccessibleChart(svg, 'CN output');
    expect(svg.querySelectorAll('.x-axis .tick').length).toBeGreaterThan(2);
    expect(svg.querySelectorAll('.y-axis .tick').length).toBeGreaterThan(2);
    expect(svg.querySelector('.x-label')?.textContent).toBe('Step (quarters)');
    expect(svg.querySelector('.y-label')?.textContent).toBe('CN output (value, units × price)');
    expect([...svg.querySelectorAll('.legend-item text')].map((t) => t.textContent)).toEqual(arms);
  });

  it('draws one line and one band per arm, in colour-blind-safe colours', () => {
    const lines = [...svg.querySelectorAll('path.series-line')];
    expect(lines.map((l) => l.getAttribute('data-series'))).toEqual(arms);
    expect(svg.querySelectorAll('path.series-band')).toHaveLength(3);
    for (const line of lines) expect(allowedCategoryColours.has(line.getAttribute('stroke')!.toUpperCase())).toBe(true);
    expect(lines[0]!.getAttribute('stroke')).toBe('#000000');
    for (const line of lines) expect(line.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){9}$/);
  });

  it('puts the mean, CI and n of every step in its tooltip', () => {
    const tips = tooltips(svg, 'circle.series-point');
    expect(tips).toHaveLength(3 * 10);
    const values = metricRows.filter((r) => r.arm === 'sanctions' && r.step === 7).map((r) => r.value);
    const expected = meanAndInterval(values);
    expect(tips).toContain(
      `sanctions · step 7 (${metricRows.find((r) => r.step === 7)!.date}): mean ${formatValue(expected.mean)}, 95% CI ${formatValue(expected.ciLow)} to ${formatValue(expected.ciHigh)}, n = 4`,
    );
  });

  it('shows shares as percentages', () => {
    const shareRows = rows.filter((r) => r.entityKind === 'world' && r.variable === 'final_demand_met_share');
    const chart = timeSeriesChart(
      shareRows,
      { yLabel: 'Final demand met', unit: '% of final demand', percent: true },
      doc,
    );
    expect(chart.querySelector('.y-axis .tick text')?.textContent).toMatch(/%$/);
    const mean = summarizeReplicates(shareRows.filter((r) => r.arm === 'control' && r.step === 1))[0]!.mean;
    expect(tooltips(chart, 'circle.series-point')[0]).toContain(`mean ${formatPercent(mean)}`);
  });

  it('draws into the global document when none is passed, and explains when there is none', () => {
    expect(() => timeSeriesChart(metricRows)).toThrow(/createSvgDocument/);
    (globalThis as { document?: Document }).document = doc;
    try {
      expect(timeSeriesChart(metricRows).querySelectorAll('path.series-line')).toHaveLength(3);
    } finally {
      delete (globalThis as { document?: Document }).document;
    }
  });
});

describe('effectForestChart', async () => {
  const run = await readRunDirectory(dir);
  const summary = run.summary as RunSummary;
  const svg = effectForestChart(summary, {}, doc);

  it('has one row per effect, a panel per metric with its own axis and zero line, and a legend', () => {
    expectAccessibleChart(svg, 'Effect sizes against the control arm');
    expect(svg.querySelectorAll('g.effect-row')).toHaveLength(summary.effects.length);
    // Output relative to the control mean; the share of final demand met in percentage points.
    expect([...svg.querySelectorAll('.x-label')].map((t) => t.textContent)).toEqual([
      'Effect relative to the control mean (%)',
      'Effect relative to the control mean (%)',
      'Difference from control (percentage points)',
    ]);
    expect(svg.querySelectorAll('g.effect-panel line.zero-line')).toHaveLength(3);
    expect([...svg.querySelectorAll('.legend-item text')].map((t) => t.textContent)).toEqual([
      'sanctions',
      'allied_controls',
    ]);
    expect([...svg.querySelectorAll('text.metric-label')].map((t) => t.textContent)).toEqual([
      'World output',
      'CN output',
      'World final demand met',
    ]);
  });

  it('gives the difference, CI and relative effect in each tooltip', () => {
    const tips = tooltips(svg, 'g.effect-row');
    summary.effects.forEach((e) => {
      const tip = tips.find((t) => t.startsWith(`${e.arm} vs ${e.control}, ${metricLabel(e.metric)}:`));
      expect(tip).toContain(
        `difference ${formatValue(e.difference)} (95% CI ${formatValue(e.ci95[0])} to ${formatValue(e.ci95[1])})`,
      );
      expect(tip).toContain(`relative ${formatPercent(e.relative)}`);
    });
  });

  it('falls back to raw differences without control means', () => {
    const raw = effectForestChart({ effects: summary.effects.map((e) => ({ ...e, relative: null })) }, {}, doc);
    expect(raw.querySelector('.x-label')?.textContent).toBe('Difference from control (value, units × price)');
  });

  /** Where a row's marker sits on its panel's axis, as a share of the axis length from the zero line. */
  const offsetFromZero = (chart: SVGSVGElement, metric: string): number => {
    const panel = chart.querySelector(`g.effect-panel[data-metric="${metric}"]`)!;
    const marker = panel.querySelector('rect.effect-marker')!;
    const centre = Number(marker.getAttribute('x')) + Number(marker.getAttribute('width')) / 2;
    const zero = Number(panel.querySelector('line.zero-line')!.getAttribute('x1'));
    const ticks = [...panel.querySelectorAll('.x-axis .tick')].map((t) =>
      Number(/translate\(([-\d.]+)/.exec(t.getAttribute('transform')!)![1]),
    );
    return (centre - zero) / (Math.max(...ticks) - Math.min(...ticks));
  };

  it('makes a change of 1.5 percentage points and one of +47% both readable, each on its own axis', () => {
    const chart = effectForestChart(
      {
        effects: [
          {
            arm: 'ban',
            control: 'control',
            point: 0,
            metric: 'state_product/KR:memory/market_share',
            difference: 0.015,
            ci95: [0.012, 0.018],
            relative: 0.015 / 0.3,
          },
          {
            arm: 'ban',
            control: 'control',
            point: 0,
            metric: 'state/KR/output',
            difference: 47,
            ci95: [40, 54],
            relative: 0.47,
          },
        ],
        metrics: [
          {
            arm: 'control',
            point: 0,
            metric: 'state_product/KR:memory/market_share',
            n: 5,
            mean: 0.3,
            sd: 0.01,
            ci95: [0.29, 0.31],
          },
          { arm: 'control', point: 0, metric: 'state/KR/output', n: 5, mean: 100, sd: 3, ci95: [97, 103] },
        ],
      },
      {},
      doc,
    );
    expect([...chart.querySelectorAll('g.effect-panel')].map((p) => p.getAttribute('data-scale'))).toEqual([
      'points',
      'relative',
    ]);
    // On one shared axis the 1.5 pp marker would sit within 3% of the axis from zero; here each fills most of its own.
    expect(offsetFromZero(chart, 'state_product/KR:memory/market_share')).toBeGreaterThan(0.5);
    expect(offsetFromZero(chart, 'state/KR/output')).toBeGreaterThan(0.5);
    expect(tooltips(chart, 'g.effect-row')[0]).toContain('= 1.5 pp');
    const ticks = [...chart.querySelectorAll('g.effect-panel[data-scale="relative"] .x-axis .tick text')].map(
      (t) => t.textContent,
    );
    expect(ticks).toContain('40%');
  });

  it('keeps a sweep of many points under its maximum height, with every effect drawn', () => {
    const effects = Array.from({ length: 120 }, (_, point) =>
      ['a', 'b', 'c'].map((arm, i) => ({
        arm,
        control: 'control',
        point,
        metric: 'state/CN/output',
        difference: i + point / 100,
        ci95: [i - 1, i + 1] as [number, number],
        relative: null,
      })),
    ).flat();
    const chart = effectForestChart({ effects }, { maxHeight: 1600 }, doc);
    expect(Number(chart.getAttribute('height'))).toBeLessThanOrEqual(1600);
    expect(chart.querySelectorAll('g.effect-row')).toHaveLength(360);
    const few = effectForestChart({ effects: effects.filter((e) => e.point < 10) }, {}, doc);
    expect(Number(few.getAttribute('height'))).toBeLessThan(700);
  });
});

describe('doctrineShareChart', () => {
  const doctrineRows = rows.filter((r) => r.variable === 'doctrine_dnm');
  const svg = doctrineShareChart(doctrineRows, {}, doc);
  it('draws a stacked DNM/NLG panel per arm with axes and a legend', () => {
    expectAccessibleChart(svg, 'Doctrine share over time');
    const panels = [...svg.querySelectorAll('g.doctrine-panel')];
    expect(panels.map((p) => p.getAttribute('data-arm'))).toEqual(arms);
    for (const panel of panels) {
      expect(panel.querySelectorAll('path.doctrine-area')).toHaveLength(2);
      expect(panel.querySelector('.x-axis')).not.toBeNull();
      expect(panel.querySelector('.y-axis')).not.toBeNull();
    }
    expect(svg.querySelector('.y-label')?.textContent).toBe('Share of states (%)');
    expect(svg.querySelectorAll('.legend-item')).toHaveLength(2);
  });
  it('gives the DNM and NLG shares of each step in tooltips', () => {
    const values = doctrineRows.filter((r) => r.arm === 'allied_controls' && r.step === 9).map((r) => r.value);
    const share = values.reduce((a, b) => a + b, 0) / values.length;
    expect(tooltips(svg, 'rect.step-target')).toContain(
      `allied_controls · step 9 (${doctrineRows.find((r) => r.step === 9)!.date}): DNM ${formatPercent(share)}, NLG ${formatPercent(1 - share)}`,
    );
  });
});

describe('escalationTimelineChart', () => {
  const escalationRows = rows.filter(
    (r) => r.entityKind === 'state' && (r.variable === 'measures_in_force' || r.variable === 'retaliations'),
  );
  const svg = escalationTimelineChart(escalationRows, { control: 'control' }, doc);
  it('has a lane per state with a measures line per arm', () => {
    expectAccessibleChart(svg, 'Escalation timeline');
    const lanes = [...svg.querySelectorAll('g.state-lane')];
    expect(lanes.map((l) => l.getAttribute('data-state'))).toEqual(['US', 'CN', 'EU', 'JP']);
    for (const lane of lanes) expect(lane.querySelectorAll('path.measures-line')).toHaveLength(3);
    expect(svg.querySelector('.y-label')?.textContent).toBe('Measures in force (count)');
    expect(svg.querySelector('.x-label')?.textContent).toBe('Step (quarters)');
  });
  it('marks retaliation with the mean number of events', () => {
    const markers = tooltips(svg, 'path.retaliation-marker');
    expect(markers.length).toBeGreaterThan(0);
    const match = /^(\w+) · (\w+) · step (\d+): (\S+) retaliation events per run \(mean of 4 runs\)$/.exec(markers[0]!);
    expect(match).not.toBeNull();
    const [, state, arm, step] = match!;
    const values = escalationRows
      .filter((r) => r.variable === 'retaliations' && r.entity === state && r.arm === arm && r.step === Number(step))
      .map((r) => r.value);
    expect(match![4]).toBe(formatValue(values.reduce((a, b) => a + b, 0) / values.length));
  });
});

describe('tradeFlowChart', () => {
  const flowRows = rows.filter((r) => r.entityKind === 'flow');
  const svg = tradeFlowChart(flowRows, { arm: 'sanctions' }, doc);
  it('draws exporters, importers and a band per non-zero flow, coloured by product', () => {
    expectAccessibleChart(svg, 'Trade flows between states by product — sanctions');
    expect(svg.querySelectorAll('rect.flow-node[data-side="exporter"]')).toHaveLength(4);
    expect(svg.querySelectorAll('rect.flow-node[data-side="importer"]')).toHaveLength(4);
    const finalRows = flowRows.filter((r) => r.arm === 'sanctions' && r.step === 10);
    const nonZero = new Set(finalRows.filter((r) => r.value > 0).map((r) => r.entity));
    expect(svg.querySelectorAll('path.flow-link')).toHaveLength(nonZero.size);
    expect(nonZero.has('US>CN:sme')).toBe(false);
    expect(svg.querySelector('.exporter-label')?.textContent).toBe('Exporter');
    expect(svg.querySelector('.importer-label')?.textContent).toBe('Importer');
    expect(svg.querySelectorAll('.legend-item')).toHaveLength(4);
  });
  it('gives the mean trade value of each flow in its tooltip', () => {
    const values = flowRows
      .filter((r) => r.arm === 'sanctions' && r.step === 10 && r.entity === 'CN>US:rare_earths')
      .map((r) => r.value);
    expect(tooltips(svg, 'path.flow-link')).toContain(
      `CN → US, rare_earths: ${formatValue(values.reduce((a, b) => a + b, 0) / 4)} (mean trade value, step 10)`,
    );
  });
});

describe('supplyNetworkChart', () => {
  it('highlights chokepoints by criticality in a generic product network', () => {
    const svg = supplyNetworkChart(
      {
        nodes: [
          { id: 'ree', label: 'rare earths', column: 'minerals', criticality: 0.95 },
          { id: 'sme', label: 'lithography', column: 'equipment', criticality: 0.8 },
          { id: 'fab', label: 'leading-edge logic', column: 'fabrication', criticality: 0.4 },
          { id: 'phone', label: 'smartphones', column: 'devices', criticality: 0.1 },
        ],
        links: [
          { source: 'ree', target: 'sme', value: 2 },
          { source: 'sme', target: 'fab', value: 5 },
          { source: 'fab', target: 'phone', value: 9 },
          { source: 'fab', target: 'missing' },
        ],
      },
      { columnLabel: 'Value-chain stage', chokepointThreshold: 0.75 },
      doc,
    );
    expectAccessibleChart(svg, 'Supply network and chokepoints');
    expect(svg.querySelectorAll('circle.network-node')).toHaveLength(4);
    expect([...svg.querySelectorAll('circle.network-node.chokepoint')].map((c) => c.getAttribute('data-id'))).toEqual([
      'ree',
      'sme',
    ]);
    expect(svg.querySelectorAll('circle.chokepoint-ring')).toHaveLength(2);
    expect(svg.querySelectorAll('path.network-link')).toHaveLength(3);
    expect(svg.querySelector('.x-label')?.textContent).toBe('Value-chain stage');
    expect(tooltips(svg, 'circle.network-node')[0]).toBe('rare earths: criticality (index) 0.95 — chokepoint');
    expect(svg.querySelector('g.criticality-scale')).not.toBeNull();
  });
  it('builds a states × products network from run rows', () => {
    const network = stateProductNetwork(rows, { arm: 'control' });
    expect(network.nodes).toHaveLength(16);
    expect(network.links.length).toBe(12);
    const cnRare = network.nodes.find((n) => n.id === 'CN:rare_earths')!;
    const share = rows.filter(
      (r) => r.arm === 'control' && r.step === 10 && r.entity === 'CN:rare_earths' && r.variable === 'market_share',
    );
    expect(cnRare.size).toBeCloseTo(share.reduce((a, r) => a + r.value, 0) / share.length, 12);
    const svg = supplyNetworkChart(network, { sizeLabel: 'market share', sizePercent: true }, doc);
    expect(svg.querySelector('.y-label')?.textContent).toBe('State');
    expect(tooltips(svg, 'circle.network-node[data-id="CN:rare_earths"]')[0]).toContain(
      `market share ${formatPercent(cnRare.size)}`,
    );
    expect(svg.querySelectorAll('circle.network-node.chokepoint[data-id="CN:rare_earths"]')).toHaveLength(1);
  });
});

describe('sweepHeatmapChart', () => {
  const swept = fixtureRows({ replicates: 2, steps: 3, sweep: { 'params.a': [1, 2, 3], 'params.b': [0.5, 1] } });
  const outputRows = swept.rows.filter(
    (r) => r.entityKind === 'world' && r.variable === 'output' && r.arm === 'sanctions',
  );
  const cells = sweepGrid(
    outputRows,
    (r) => r.parameters['params.a']!,
    (r) => r.parameters['params.b']!,
  );
  const svg = sweepHeatmapChart(
    cells,
    { xLabel: 'params.a', yLabel: 'params.b', valueLabel: 'World output', unit: 'value, units × price' },
    doc,
  );
  it('draws a cell per sweep point with axes and a colour bar', () => {
    expectAccessibleChart(svg, 'World output over the sweep');
    expect(svg.querySelectorAll('rect.heatmap-cell')).toHaveLength(6);
    expect(svg.querySelector('.x-label')?.textContent).toBe('params.a');
    expect(svg.querySelector('.y-label')?.textContent).toBe('params.b');
    expect(svg.querySelector('.colour-bar-label')?.textContent).toBe('World output (value, units × price)');
    expect([...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual(['1', '2', '3']);
  });
  it('gives the mean of the final step and its 95% CI in each cell tooltip', () => {
    const runs = outputRows
      .filter((r) => r.step === 3 && r.parameters['params.a'] === 2 && r.parameters['params.b'] === 1)
      .map((r) => r.value);
    const { mean, ciLow, ciHigh } = meanAndInterval(runs);
    expect(tooltips(svg, 'rect.heatmap-cell[data-x="2"][data-y="1"]')[0]).toBe(
      `params.a = 2, params.b = 1: World output ${formatValue(mean)} (95% CI ${formatValue(ciLow)} to ${formatValue(ciHigh)}, n = 2)`,
    );
  });
  it("keeps the order of the cells (the scenario file's), first row at the top", () => {
    const shuffled = fixtureRows({ replicates: 2, steps: 2, sweep: { 'params.a': [3, 1, 2], 'params.b': [1, 0.5] } });
    const chart = sweepHeatmapChart(
      sweepGrid(
        shuffled.rows.filter((r) => r.variable === 'output' && r.entityKind === 'world' && r.arm === 'control'),
        (r) => r.parameters['params.a']!,
        (r) => r.parameters['params.b']!,
      ),
      {},
      doc,
    );
    expect([...chart.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual(['3', '1', '2']);
    const rowTops = [...chart.querySelectorAll('rect.heatmap-cell[data-x="3"]')].map(
      (r) => [r.getAttribute('data-y'), Number(r.getAttribute('y'))] as const,
    );
    expect(rowTops.sort((a, b) => a[1] - b[1]).map(([value]) => value)).toEqual(['1', '0.5']);
  });
  it('outlines and stars the cells whose effect against the control excludes 0, and says so in the tooltip', () => {
    const chart = sweepHeatmapChart(
      [
        { x: 1, y: 'a', value: 10, effect: { control: 'control', difference: 2, ci95: [1, 3] } },
        { x: 2, y: 'a', value: 11, effect: { control: 'control', difference: 0.5, ci95: [-1, 2] } },
      ],
      { showValues: true },
      doc,
    );
    expect([...chart.querySelectorAll('rect.heatmap-cell.significant')].map((r) => r.getAttribute('data-x'))).toEqual([
      '1',
    ]);
    expect([...chart.querySelectorAll('text.heatmap-value')].map((t) => t.textContent)).toEqual(['10*', '11']);
    expect(tooltips(chart, 'rect.heatmap-cell')).toEqual([
      'Parameter 1 = 1, Parameter 2 = a: Value 10; effect against control 2 (95% CI 1 to 3), significant',
      'Parameter 1 = 2, Parameter 2 = a: Value 11; effect against control 0.5 (95% CI −1 to 2)',
    ]);
  });
});

describe('marketShareChart', () => {
  const shareRows = rows.filter((r) => r.variable === 'market_share');
  const svg = marketShareChart(shareRows, {}, doc);
  it('stacks a bar per product and arm, split by state, on a 0–100% axis', () => {
    expectAccessibleChart(svg, 'Market share by state, for each product');
    expect([...svg.querySelectorAll('g.product-group')].map((g) => g.getAttribute('data-product'))).toEqual([
      'rare_earths',
      'sme',
      'logic_leading',
      'smartphones',
    ]);
    expect(svg.querySelectorAll('rect.share-segment:not(.other)')).toHaveLength(4 * 3 * 4);
    expect(svg.querySelector('.x-label')?.textContent).toBe('Market share (% of world market)');
    expect([...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual([
      '0%',
      '20%',
      '40%',
      '60%',
      '80%',
      '100%',
    ]);
    expect([...svg.querySelectorAll('.legend-item text')].map((t) => t.textContent)).toEqual([
      'US',
      'CN',
      'EU',
      'JP',
      'other',
    ]);
  });
  it('gives the mean share in each tooltip', () => {
    const values = shareRows
      .filter((r) => r.arm === 'control' && r.step === 10 && r.entity === 'CN:rare_earths')
      .map((r) => r.value);
    expect(
      tooltips(svg, 'rect.share-segment[data-state="CN"][data-product="rare_earths"][data-arm="control"]')[0],
    ).toBe(
      `CN · rare_earths · control: ${formatPercent(values.reduce((a, b) => a + b, 0) / 4)} of the world market (mean of 4 runs, step 10)`,
    );
  });
});

describe('empty input', () => {
  it('draws every chart with a "No data" note instead of throwing', () => {
    const charts = [
      timeSeriesChart([], {}, doc),
      effectForestChart({ effects: [] }, {}, doc),
      doctrineShareChart([], {}, doc),
      escalationTimelineChart([], {}, doc),
      tradeFlowChart([], {}, doc),
      supplyNetworkChart({ nodes: [], links: [] }, {}, doc),
      sweepHeatmapChart([], {}, doc),
      marketShareChart([], {}, doc),
    ];
    for (const chart of charts) expect(chart.querySelector('.no-data')?.textContent).toBe('No data');
  });
});
