/**
 * The report's key-metric and effect tables as a fragment of their own (reportResultsHtml), as
 * the browser playground shows them: the same HTML the report holds, and a sweep's points named
 * by their parameter values from summary.json's `points` when there are no rows to read them from.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { reportResultsHtml } from '../src/index.js';
import { buildReportHtml, readRunDirectory } from '../src/node/index.js';
import { makeFixtureRun, removeFixtureRuns } from './fixtures/makeFixtureRun.js';

afterAll(removeFixtureRuns);

describe('reportResultsHtml', () => {
  it('is the results section of the report', async () => {
    const run = await readRunDirectory(makeFixtureRun({ replicates: 2, steps: 3 }).dir);
    const fragment = reportResultsHtml(run);
    expect(fragment).toContain('<table class="effects">');
    const report = buildReportHtml({ run, charts: [] });
    // The report wraps each table in a scrolling box; otherwise the fragment is there as it is.
    const wrapped = fragment
      .replace(/<table\b/g, '<div class="table-scroll"><table')
      .replace(/<\/table>/g, '</table></div>');
    expect(report).toContain(`<section id="results"><h2>Key metrics and effect sizes</h2>\n${wrapped}\n</section>`);
  });

  it('names a sweep’s points from summary.json’s points when the run has no rows', async () => {
    const sweep = { 'params.a': [0.1, 0.25], 'params.b': [1, 2] };
    const run = await readRunDirectory(makeFixtureRun({ replicates: 2, steps: 3, sweep }).dir);
    const points = sweep['params.a'].flatMap((a) => sweep['params.b'].map((b) => ({ 'params.a': a, 'params.b': b })));
    const summary = { ...run.summary!, points };
    const fromRows = reportResultsHtml({ ...run, summary });
    expect(fromRows).toContain('<td class="num">0.25</td><td class="num">2</td>');
    expect(reportResultsHtml({ rows: [], parameterNames: run.parameterNames, summary })).toBe(fromRows);
    // Without points either, a point's cells are empty, not wrong.
    const bare = reportResultsHtml({ rows: [], parameterNames: run.parameterNames, summary: run.summary! });
    expect(bare).not.toContain('<td class="num">0.25</td>');
  });
});
