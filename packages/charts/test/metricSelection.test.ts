import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkMetricSelection,
  renderMetricCharts,
  renderRunCharts,
  RunSelectionError,
  writeReport,
} from '../src/node/index.js';
import { makeFixtureRun, removeFixtureRuns } from './fixtures/makeFixtureRun.js';

afterAll(removeFixtureRuns);

describe('charting any metric of a run', async () => {
  const { dir } = makeFixtureRun({ replicates: 3, steps: 4, firms: true });
  const problem = (selection: Parameters<typeof checkMetricSelection>[1]) =>
    checkMetricSelection(dir, selection).then(
      () => 'ok',
      (error: unknown) => {
        expect(error).toBeInstanceOf(RunSelectionError);
        const message = (error as Error).message;
        expect(message.split('\n')).toHaveLength(1);
        return message;
      },
    );

  it('draws a firm metric that is no key metric, in the arms asked for, to an .svg or .png file', async () => {
    const [chart] = await renderMetricCharts(dir, {
      metrics: ['firm/US-Design/output'],
      arms: ['allied_controls', 'control'],
      out: join(dir, 'us-design.png'),
      scale: 1,
    });
    expect(chart!.files).toEqual([join(dir, 'us-design.png')]);
    expect(readFileSync(join(dir, 'us-design.png')).subarray(1, 4).toString()).toBe('PNG');
    const lines = chart!.svg.match(/<path[^>]*class="series-line"[^>]*>/g) ?? [];
    expect(lines.map((line) => /data-series="([^"]+)"/.exec(line)![1])).toEqual(['allied_controls', 'control']);
    const inCharts = await renderMetricCharts(dir, {
      metrics: ['firm/US-Design/output', 'state/JP/output'],
      formats: ['svg'],
    });
    expect(inCharts.flatMap((c) => c.files)).toEqual([
      join(dir, 'charts', 'time-series-firm-us-design-output.svg'),
      join(dir, 'charts', 'time-series-state-jp-output.svg'),
    ]);
  });

  it('adds the charts of --metric to the report', async () => {
    const selection = { metrics: ['firm/EU-Fab/output'], arms: ['sanctions'] };
    const charts = await renderRunCharts(dir, { formats: ['svg'], ...selection });
    const html = readFileSync(await writeReport(dir, { charts }), 'utf8');
    expect(html).toContain('<figure id="time-series-firm-eu-fab-output-sanctions">');
    await expect(renderRunCharts(dir, { formats: ['svg'], metrics: ['firm/EU-Fabb/output'] })).rejects.toThrow(
      /did you mean "EU-Fab"/,
    );
  });

  it('names the nearest valid names when a metric, an arm or a file name does not fit', async () => {
    expect(await problem({ metrics: ['state/JP/output'], arms: ['control'], out: 'a.svg' })).toBe('ok');
    expect(await problem({ metrics: ['firm/CN-Fabb/output'] })).toBe(
      '--metric: expected a firm of the run with variable output (did you mean "CN-Fab"?; its firms: CN-Fab, CN-Design, EU-Design, EU-Fab, JP-Design, JP-Fab, US-Design, US-Fab), received "firm/CN-Fabb/output"',
    );
    expect(await problem({ metrics: ['state/CN/outpt'] })).toMatch(
      /^--metric: expected a variable of state\/CN in the run \(did you mean "output"\?; its variables: output, /,
    );
    expect(await problem({ metrics: ['states/CN/output'] })).toMatch(
      /^--metric: expected a metric of the run \(did you mean "state"\?; its entity kinds: state, /,
    );
    expect(await problem({ metrics: ['CN/output'] })).toBe(
      '--metric: expected KIND/ENTITY/VARIABLE, e.g. state/CN/output or firm/Samsung-Mobile/output, received "CN/output"',
    );
    expect(await problem({ metrics: ['state/CN/output'], arms: ['sanction'] })).toBe(
      '--arms: expected an arm of the run (did you mean "sanctions"?; its arms: control, sanctions, allied_controls), received "sanction"',
    );
    expect(await problem({ out: 'chart.pdf' })).toBe(
      '--out: expected a file name ending in .svg or .png, received "chart.pdf"',
    );
    await expect(
      renderMetricCharts(dir, { metrics: ['state/CN/output', 'state/US/output'], out: 'x.svg' }),
    ).rejects.toThrow('--out: expected one --metric with --out');
  });
});
