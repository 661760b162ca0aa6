/**
 * End to end: a tiny morris sweep run whole and in two shards (same data, same analysis),
 * then `chokepoint sensitivity` (tables, --json, sensitivity.json accumulating analyses, the
 * tornado chart in the report), a tiny sobol sweep, and bad input (exit 2, one line).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-sensitivity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliInProcess(args, root);

const MORRIS = 'test/fixtures/sensitivity/tiny-morris.yaml';

describe('chokepoint sensitivity on a morris sweep', () => {
  const whole = join(tmp, 'whole');
  const merged = join(tmp, 'merged');

  beforeAll(async () => {
    const runs = [
      await cli('run', MORRIS, '--out', whole, '--workers', '1', '--quiet', '--no-report'),
      await cli('run', MORRIS, '--out', join(tmp, 's1'), '--workers', '1', '--quiet', '--shard', '1/2'),
      await cli('run', MORRIS, '--out', join(tmp, 's2'), '--workers', '1', '--quiet', '--shard', '2/2'),
      await cli('merge', join(tmp, 's1'), join(tmp, 's2'), '--out', merged),
    ];
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  it('sharded and whole runs hold the same design points and data', () => {
    expect(readFileSync(join(merged, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(whole, 'metrics.csv'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')) as { points: unknown[] };
    expect(summary.points).toHaveLength(4 * (3 + 1));
  });

  it('prints a table, writes sensitivity.json, and gives the same analysis for the merged run', async () => {
    const table = await cli('sensitivity', whole, '--metric', 'state/CN/output', '--no-report', '--bootstrap', '200');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^state\/CN\/output, arm base, final step \(6\): 16 points × 2 replicates; mean [\d.]+, variance [\d.]+/,
    );
    expect(lines[1]).toMatch(/^parameter\s+mu\* \[95% CI\]\s+mu\s+sigma$/);
    expect(
      lines
        .slice(3, 6)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(['licence', 'params.inventoryDays', 'params.substitutionRate']);
    const written = JSON.parse(readFileSync(join(whole, 'sensitivity.json'), 'utf8'));
    expect(written).toMatchObject({
      format: 'chokepoint-sensitivity/1',
      method: 'morris',
      design: { trajectories: 4, levels: 4, points: 16 },
    });
    expect(written.analyses).toHaveLength(1);
    const [analysis] = written.analyses;
    expect(analysis).toMatchObject({
      metric: 'state/CN/output',
      arm: 'base',
      at: 'last',
      step: 6,
      points: 16,
      replicates: 2,
      bootstrap: 200,
    });
    for (const m of analysis.morris) {
      expect(m.effects).toBe(4);
      expect(m.muStar).toBeGreaterThanOrEqual(Math.abs(m.mu) - 1e-9);
      expect(m.muStarCi[0]).toBeLessThanOrEqual(m.muStar + 1e-9);
    }
    // The rows are sorted by mu*.
    const muStars = lines.slice(3, 6).map((l) => Number(l.split(/\s+/)[1]));
    expect([...muStars].sort((a, b) => b - a)).toEqual(muStars);

    const again = await cli('sensitivity', merged, '--metric', 'state/CN/output', '--no-report', '--bootstrap', '200');
    expect(again.stdout).toBe(table.stdout);
    expect(readFileSync(join(merged, 'sensitivity.json'), 'utf8')).toBe(
      readFileSync(join(whole, 'sensitivity.json'), 'utf8'),
    );
  });

  it('keeps one analysis per metric × arm × step, prints JSON, and draws the tornado chart into the report', async () => {
    const json = await cli(
      'sensitivity',
      whole,
      '--metric',
      'world/world/welfare',
      '--step',
      '3',
      '--arm',
      'base',
      '--json',
      '--bootstrap',
      '50',
    );
    expect(json.code, json.stderr).toBe(0);
    const [analysis] = JSON.parse(json.stdout.slice(0, json.stdout.lastIndexOf(']') + 1)) as Array<{
      step: number;
      at: string;
      morris: unknown[];
    }>;
    expect(analysis).toMatchObject({ step: 3, at: 'step' });
    expect(analysis!.morris).toHaveLength(3);
    expect(json.stdout).toMatch(/Report: .*report\.html/);
    const written = JSON.parse(readFileSync(join(whole, 'sensitivity.json'), 'utf8')) as {
      analyses: Array<{ metric: string }>;
    };
    expect(written.analyses.map((a) => a.metric)).toEqual(['state/CN/output', 'world/world/welfare']);
    expect(existsSync(join(whole, 'charts', 'tornado-state-cn-output-base.svg'))).toBe(true);
    const svg = readFileSync(join(whole, 'charts', 'tornado-world-world-welfare-base-step-3.svg'), 'utf8');
    expect(svg.match(/class="tornado-row"/g)).toHaveLength(3);
    expect(readFileSync(join(whole, 'report.html'), 'utf8')).toContain('Morris screening');
  }, 30_000);

  it('refuses bad input with one line and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--metric', 'state/CN/ouput'],
        /^\(command line\):1:1: --metric: expected a metric recorded in metrics\.csv \(did you mean "state\/CN\/output"\?\), received "state\/CN\/ouput"$/,
      ],
      [['--metric', 'welfare'], /--metric: expected a metric kind\/entity\/variable/],
      [
        ['--metric', 'state/CN/output', '--arm', 'bsae'],
        /--arm: expected an arm of the run \(base\) \(did you mean "base"\?\), received "bsae"/,
      ],
      [['--metric', 'state/CN/output', '--step', '99'], /--step: expected a step between 1 and 6, received 99/],
      [['--metric', 'state/CN/output', '--at', 'first'], /--at: expected last/],
    ];
    for (const [args, message] of cases) {
      const result = await cli('sensitivity', whole, ...args, '--no-report');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
    const notRun = await cli('sensitivity', tmp, '--metric', 'state/CN/output');
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/no metrics\.csv; is this a run directory\?/);
  });
});

describe('chokepoint sensitivity on a sobol sweep', () => {
  it('computes S1 and ST with intervals and draws the index chart', async () => {
    const out = join(tmp, 'sobol');
    const run = await cli(
      'run',
      'test/fixtures/sensitivity/tiny-sobol.yaml',
      '--out',
      out,
      '--workers',
      '1',
      '--quiet',
      '--no-report',
    );
    expect(run.code, run.stderr).toBe(0);
    const result = await cli('sensitivity', out, '--metric', 'state/CN/output', '--bootstrap', '100');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^parameter\s+S1 \[95% CI\]\s+ST \[95% CI\]$/m);
    const written = JSON.parse(readFileSync(join(out, 'sensitivity.json'), 'utf8'));
    expect(written).toMatchObject({ method: 'sobol', design: { samples: 4, points: 16 } });
    const indices = written.analyses[0].sobol as Array<{
      parameter: string;
      S1: number | null;
      ST: number | null;
      STCi: [number, number] | null;
    }>;
    expect(indices.map((s) => s.parameter)).toEqual(['licence', 'params.substitutionRate']);
    for (const s of indices) if (s.ST !== null && s.STCi !== null) expect(s.STCi[0]).toBeLessThanOrEqual(s.STCi[1]);
    const svg = readFileSync(join(out, 'charts', 'sobol-state-cn-output-base.svg'), 'utf8');
    expect(svg.match(/class="index-bar"/g)!.length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
