import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pickDefaultCharts, type ChartKind } from '../src/index.js';
import { createSvgDocument, readRunDirectory, renderRunCharts, writeReport } from '../src/node/index.js';
import { makeFixtureRun, removeFixtureRuns } from './fixtures/makeFixtureRun.js';

afterAll(removeFixtureRuns);

/** Every place an HTML page could load something from: attributes, CSS url() and @import. */
function resourceReferences(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|srcset|poster|data|action|xlink:href)\s*=\s*["']?([^"'\s>]+)/gi))
    refs.push(m[1]!);
  for (const m of html.matchAll(/url\(\s*["']?([^"')]+)/gi)) refs.push(m[1]!);
  for (const m of html.matchAll(/@import\s+["']?([^"';]+)/gi)) refs.push(m[1]!);
  return refs;
}

describe('pickDefaultCharts', () => {
  it('chooses charts by the metrics a run recorded', async () => {
    const full = await readRunDirectory(makeFixtureRun({ replicates: 2, steps: 3 }).dir);
    const kinds = (run: typeof full) => [...new Set(pickDefaultCharts(run).map((p) => p.kind))];
    expect(kinds(full)).toEqual<ChartKind[]>([
      'time-series',
      'effect-forest',
      'doctrine-share',
      'escalation-timeline',
      'trade-flow',
      'supply-network',
      'market-share',
    ]);
    const core = await readRunDirectory(makeFixtureRun({ replicates: 2, steps: 3, policyLayer: false }).dir);
    expect(kinds(core)).toEqual<ChartKind[]>(['time-series', 'effect-forest', 'trade-flow']);
    const noSummary = { ...core, summary: undefined };
    expect(pickDefaultCharts(noSummary).map((p) => p.id)).toEqual([
      'time-series-world-world-output',
      'time-series-world-world-welfare',
      'time-series-world-world-final-demand-met-share',
      'trade-flows-control',
      'trade-flows-sanctions',
      'trade-flows-allied-controls',
    ]);
    const swept = await readRunDirectory(
      makeFixtureRun({ replicates: 2, steps: 3, sweep: { 'params.a': [1, 2], 'params.b': [3, 4] } }).dir,
    );
    const heatmaps = pickDefaultCharts(swept).filter((p) => p.kind === 'sweep-heatmap');
    expect(heatmaps.map((p) => p.id)).toEqual([
      'heatmap-world-world-output-control',
      'heatmap-world-world-output-sanctions',
      'heatmap-world-world-output-allied-controls',
    ]);
    expect(heatmaps[0]!.render(createSvgDocument()).querySelectorAll('rect.heatmap-cell')).toHaveLength(4);
  });
});

describe('chartRowFilter', () => {
  it('keeps every row the default charts use, and draws the same charts', async () => {
    const { dir } = makeFixtureRun({ replicates: 2, steps: 3 });
    const all = await readRunDirectory(dir);
    const some = await readRunDirectory(dir, { chartRowsOnly: true });
    expect(some.rows.length).toBeLessThan(all.rows.length);
    expect(some.rows.some((r) => r.variable === 'capability')).toBe(false);
    const doc = createSvgDocument();
    const draw = (run: typeof all) => pickDefaultCharts(run).map((p) => p.render(doc).outerHTML);
    expect(draw(some)).toEqual(draw(all));
  });
});

describe('renderRunCharts and writeReport', async () => {
  const { dir } = makeFixtureRun({ replicates: 3, steps: 8 });
  const charts = await renderRunCharts(dir);
  const reportPath = await writeReport(dir, { charts });
  const html = readFileSync(reportPath, 'utf8');

  it('writes an SVG and a PNG per chart, atomically (no temporary file left)', () => {
    const files = readdirSync(join(dir, 'charts')).sort();
    expect(files).toEqual(charts.flatMap((c) => [`${c.id}.png`, `${c.id}.svg`]).sort());
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const chart of charts) {
      const svg = readFileSync(join(dir, 'charts', `${chart.id}.svg`), 'utf8');
      expect(svg).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      expect(
        readFileSync(join(dir, 'charts', `${chart.id}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });

  it('signs every chart with its scenario, seed, version and commit, under the plot and in its description', () => {
    for (const chart of charts) {
      const svg = readFileSync(join(dir, 'charts', `${chart.id}.svg`), 'utf8');
      expect(svg, chart.id).toContain('class="chart-provenance">fixture · seed 42 · chokepoint 0.1.0 (abc1234)</text>');
      expect(svg, chart.id).toMatch(/<desc>[^<]*fixture · seed 42 · chokepoint 0\.1\.0 \(abc1234\)\.<\/desc>/);
    }
  });

  it('writes report.html with the scenario, sources, parameters, tables, charts and manifest', () => {
    expect(reportPath).toBe(join(dir, 'report.html'));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>Fixture: allied export controls on chipmaking equipment</h1>');
    expect(html).toContain(
      'A small test world where the US restricts equipment and leading-edge chips to China, alone or with allies.',
    );
    expect(html).toContain('<li>Allen, G. (2022). Choking off China’s AI access. CSIS report.</li>');
    expect(html).toContain('id="design"');
    expect(html).toContain('<table class="effects">');
    expect(html).toContain('−9.');
    expect(html).toContain('sha256:00ff');
    expect(html).toContain('Full manifest (manifest.json)');
  });

  it('contains every chart inline', () => {
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const chart of charts) {
      expect(html).toContain(`<figure id="${chart.id}">`);
      expect(html).toContain(`<title>${chart.title.replace(/&/g, '&amp;')}</title>`);
    }
    expect(html.match(/<svg /g)).toHaveLength(charts.length);
  });

  it('references nothing outside the page', () => {
    expect(resourceReferences(html).filter((ref) => !ref.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/["'(]\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
  });

  it('draws the charts itself when not given them, and can embed the font', async () => {
    const again = await writeReport(dir, { fileName: 'report-embedded.html', embedFont: true });
    const embedded = readFileSync(again, 'utf8');
    expect(embedded.match(/<figure id=/g)).toHaveLength(charts.length);
    expect(embedded.match(/class="chart-provenance"/g)).toHaveLength(charts.length);
    expect(embedded).toContain('@font-face{font-family:"DejaVu Sans";font-weight:normal');
    expect(
      resourceReferences(embedded).filter((ref) => !ref.startsWith('#') && !ref.startsWith('data:font/ttf;base64,')),
    ).toEqual([]);
  });

  it('shows URLs in sources as text, not links', async () => {
    const { dir: withUrl } = makeFixtureRun({
      replicates: 2,
      steps: 2,
      sources: ['BIS rule (2023). https://example.org/rule?id=1&x=2'],
    });
    const page = readFileSync(await writeReport(withUrl), 'utf8');
    expect(page).toContain('<span class="url">https://example.org/rule?id=1&amp;x=2</span>');
    expect(resourceReferences(page).filter((ref) => !ref.startsWith('#'))).toEqual([]);
  });

  it('reports a run directory without summary or manifest', async () => {
    const { dir: bare } = makeFixtureRun({ replicates: 2, steps: 2, policyLayer: false });
    const { rmSync } = await import('node:fs');
    rmSync(join(bare, 'summary.json'));
    rmSync(join(bare, 'manifest.json'));
    rmSync(join(bare, 'scenario.yaml'));
    const page = readFileSync(await writeReport(bare), 'utf8');
    expect(page).not.toContain('chart-provenance'); // nothing to sign with
    expect(page).toContain('No summary.json in this run directory.');
    expect(page).toContain('No manifest.json in this run directory.');
    expect(page).toContain('<h1>fixture</h1>');
    expect(existsSync(join(bare, 'report.html'))).toBe(true);
  });

  it('fails clearly on a folder that is not a run directory', async () => {
    await expect(renderRunCharts(join(dir, 'charts'))).rejects.toThrow(/no metrics\.csv/);
  });
});

describe('firm-level key metrics', () => {
  it('are read, charted and shown in the report; other firm rows are left out', async () => {
    const { dir } = makeFixtureRun({ replicates: 2, steps: 4, firms: true });
    const run = await readRunDirectory(dir, { chartRowsOnly: true });
    expect([...new Set(run.rows.filter((r) => r.entityKind === 'firm').map((r) => r.entity))]).toEqual(['CN-Fab']);
    expect((await readRunDirectory(dir)).rows.filter((r) => r.entityKind === 'firm' && r.entity !== 'CN-Fab')).toEqual(
      [],
    );
    expect((await readRunDirectory(dir, { includeFirms: true })).rows.some((r) => r.entity === 'US-Design')).toBe(true);
    const charts = await renderRunCharts(dir, { formats: ['svg'], run });
    const firmChart = charts.find((c) => c.id === 'time-series-firm-cn-fab-output');
    expect(firmChart?.svg).toMatch(/class="series-line"/);
    expect(firmChart!.svg.match(/class="series-line"/g)).toHaveLength(3);
    const html = readFileSync(await writeReport(dir, { charts, run }), 'utf8');
    expect(html).toContain('<figure id="time-series-firm-cn-fab-output">');
  });
});

describe('sweep reports', async () => {
  const sweep = { 'params.rate': [0.30000000000000004, 0.1], 'params.mode': [2, 1, 3] };
  const { dir } = makeFixtureRun({ replicates: 3, steps: 4, sweep });
  const run = await readRunDirectory(dir, { chartRowsOnly: true });
  const plans = pickDefaultCharts(run);
  const document = createSvgDocument();

  it('draws each key metric at every sweep point, a panel per point titled with its parameter values', () => {
    const series = plans.find((p) => p.id === 'time-series-world-world-output')!.render(document);
    const panels = [...series.querySelectorAll('g.sweep-panel')];
    expect(panels.map((p) => p.querySelector('text.panel-title')!.textContent)).toEqual([
      '0.3, 2',
      '0.3, 1',
      '0.3, 3',
      '0.1, 2',
      '0.1, 1',
      '0.1, 3',
    ]);
    for (const panel of panels) expect(panel.querySelectorAll('path.series-line')).toHaveLength(3);
  });

  it('marks significant heatmap cells from the effects of summary.json, in the file order of the sweep', () => {
    const heatmap = plans.find((p) => p.id === 'heatmap-world-world-output-allied-controls')!.render(document);
    expect([...heatmap.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual(['0.3', '0.1']);
    const significant = run.summary!.effects.filter(
      (e) => e.arm === 'allied_controls' && e.metric === 'world/world/output' && (e.ci95[0] > 0 || e.ci95[1] < 0),
    );
    expect(significant.length).toBeGreaterThan(0);
    expect(heatmap.querySelectorAll('rect.heatmap-cell.significant')).toHaveLength(significant.length);
    const control = plans.find((p) => p.id === 'heatmap-world-world-output-control')!.render(document);
    expect(control.querySelectorAll('rect.heatmap-cell.significant')).toHaveLength(0);
  });

  it('names sweep points by their parameter values in the report tables', async () => {
    const html = readFileSync(await writeReport(dir, { run, charts: [] }), 'utf8');
    const metricsTable = /<table class="metrics">[\s\S]*?<\/table>/.exec(html)![0];
    expect(metricsTable).toContain('<th>rate</th><th>mode</th>');
    expect(metricsTable).not.toContain('<th>Point</th>');
    expect(metricsTable).toContain('<td class="num">0.3</td><td class="num">3</td>');
    expect(metricsTable).not.toContain('0.30000000000000004');
    expect(/<table class="effects">[\s\S]*?<\/table>/.exec(html)![0]).toContain('<th>rate</th><th>mode</th>');
  });
});
