/**
 * End to end: `chokepoint table` on a short run of the quickstart writes CSV, Markdown and
 * LaTeX tables whose numbers are summary.json's (to the significant figures asked for), reads
 * --step and metrics outside the summary from the run's metrics (the final step gives
 * summary.json's numbers back), and refuses bad input with one line and exit 2.
 */
import { csvParse } from 'd3-dsv';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSignificant } from '../../packages/charts/src/index.js';
import { cliInProcess } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-table-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliInProcess(args, root);

interface Summary {
  control: string;
  metrics: Array<{
    arm: string;
    metric: string;
    n: number;
    mean: number;
    sd: number | null;
    ci95: [number, number] | null;
  }>;
  effects: Array<{ arm: string; metric: string; difference: number; ci95: [number, number] | null }>;
}

const run = join(tmp, 'qs');
let summary: Summary;

beforeAll(async () => {
  const result = await cli(
    'run',
    'scenarios/quickstart.yaml',
    '--out',
    run,
    '--set',
    'replicates=3',
    '--set',
    'horizon=6',
    '--workers',
    '1',
    '--quiet',
    '--no-report',
  );
  expect(result.code, result.stderr).toBe(0);
  summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Summary;
}, 60_000);

describe('chokepoint table', () => {
  it('writes CSV, Markdown and LaTeX into the run directory, with summary.json numbers', async () => {
    const result = await cli('table', run);
    expect(result.code, result.stderr).toBe(0);
    const files = ['table.csv', 'table.md', 'table.tex'].map((name) => join(run, 'tables', name));
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => resolve(root, line)),
    ).toEqual(files);
    expect(readdirSync(join(run, 'tables')).sort()).toEqual(['table.csv', 'table.md', 'table.tex']);

    const rows = csvParse(readFileSync(files[0]!, 'utf8'));
    expect(rows).toHaveLength(summary.metrics.length);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { version: string; seed: string };
    for (const m of summary.metrics) {
      const row = rows.find((r) => r.arm === m.arm && r.metric === m.metric)!;
      expect(row.mean, `${m.arm} ${m.metric}`).toBe(formatSignificant(m.mean, 3));
      expect(row).toMatchObject({
        version: manifest.version,
        seed: String(manifest.seed),
        step: 'final',
        scenario: 'quickstart',
      });
      const effect = summary.effects.find((e) => e.arm === m.arm && e.metric === m.metric);
      if (m.arm === summary.control) expect(row.effect).toBe('');
      else expect(row.effect).toBe(formatSignificant(effect!.difference, 3));
      // An interval is printed where summary.json has one of some width; otherwise the note says why not.
      const ci = m.ci95;
      if (ci === null || ci[1] - ci[0] <= 1e-12 * Math.max(Math.abs(ci[0]), Math.abs(ci[1]))) {
        expect([row.ci95_low, row.ci95_high]).toEqual(['', '']);
        expect(row.notes).toMatch(m.n >= 2 ? /deterministic: all replicates identical/ : /one replicate/);
      } else expect([row.ci95_low, row.ci95_high]).toEqual(ci.map((v) => formatSignificant(v, 3)));
      if (row.significant === '*') expect(effect!.ci95![0] > 0 || effect!.ci95![1] < 0).toBe(true);
    }

    const md = readFileSync(files[1]!, 'utf8');
    expect(md.split('\n').filter((line) => line.startsWith('| ')).length).toBe(1 + summary.metrics.length);
    expect(md).toMatch(/Source: quickstart · seed \S+ · chokepoint \d+\.\d+\.\d+/);
    const tex = readFileSync(files[2]!, 'utf8');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\label{tab:quickstart}');
    expect(tex.split('\n').filter((line) => line.endsWith(' \\\\'))).toHaveLength(1 + summary.metrics.length);
  });

  it('chooses metrics, statistics, digits and formats, and writes to --out', async () => {
    const out = join(tmp, 'paper');
    const result = await cli(
      'table',
      run,
      '--metric',
      'world/world/welfare',
      '--metric',
      'state/CN/output',
      '--stat',
      'mean,n',
      '--digits',
      '5',
      '--format',
      'md',
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['table.md']);
    const lines = readFileSync(join(out, 'table.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| '));
    expect(lines[0]).toBe('| Arm | Metric | Mean | n |');
    const welfare = summary.metrics.filter((m) => m.metric === 'world/world/welfare');
    expect(lines.slice(1, 1 + welfare.length)).toEqual(
      welfare.map((m) => `| ${m.arm} | World welfare (real income) | ${formatSignificant(m.mean, 5)} | ${m.n} |`),
    );
    expect(lines[1 + welfare.length]).toMatch(/^\| control \| CN output \|/);
  });

  it('reads --step and other metrics from the metrics, and the final step gives summary.json back', async () => {
    const out = join(tmp, 'steps');
    const final = await cli('table', run, '--step', '6', '--format', 'csv', '--out', out, '--digits', '6');
    const fromSummary = await cli('table', run, '--format', 'csv', '--out', out, '--digits', '6');
    expect(final.code, final.stderr).toBe(0);
    expect(fromSummary.code).toBe(0);
    const strip = (text: string): string => text.replace(/,(final|6),/g, ',STEP,');
    expect(strip(readFileSync(join(out, 'table-step-6.csv'), 'utf8'))).toBe(
      strip(readFileSync(join(out, 'table.csv'), 'utf8')),
    );

    const early = await cli(
      'table',
      run,
      '--step',
      '2',
      '--metric',
      'state/JP/output',
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(early.code, early.stderr).toBe(0);
    const rows = csvParse(readFileSync(join(out, 'table-step-2.csv'), 'utf8'));
    // The control arm's mean at step 2, computed here from metrics.csv.
    const values = readFileSync(join(run, 'metrics.csv'), 'utf8')
      .split('\n')
      .filter((line) => /^control\/0\/\d+,/.test(line) && line.includes(',state,JP,output,'))
      .map((line) => line.split(','))
      .filter((fields) => fields[6] === '2')
      .map((fields) => Number(fields[11]));
    expect(values).toHaveLength(3);
    expect(rows.find((r) => r.arm === 'control')!.mean).toBe(
      formatSignificant(values.reduce((a, b) => a + b) / values.length, 3),
    );
    expect(rows.every((r) => r.metric === 'state/JP/output' && r.step === '2')).toBe(true);
  });

  it('refuses bad input with one line and exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--metric', 'state/USA/output'],
        /^\(command line\):1:1: --metric: expected a metric this run recorded \(nearest: state\/US\/output, [^)]+\), received "state\/USA\/output"$/,
      ],
      [['--metric', 'output'], /--metric: expected a metric kind\/entity\/variable/],
      [['--step', '99'], /^\(command line\):1:1: --step: expected a step of the run \(1 to 6\), received "99"$/],
      [['--format', 'pdf'], /--format: expected csv, md or tex/],
      [
        ['--stat', 'mean,median'],
        /--stat: expected statistics among mean, ci, effect, relative, sd, n, peak, cumulative, discounted, received "median"/,
      ],
      [
        ['--digits', '0'],
        /--digits: expected a number of significant figures \(an integer from 1 to 15\), received "0"/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli('table', run, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
    }
  });

  it('says which command writes summary.json when a directory has none', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const none = await cli('table', empty);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toMatch(
      /summary\.json:1:1: \(run directory\): expected the summary\.json that chokepoint run writes into its run directory \(chokepoint run FILE --out DIR.*\), received no such file$/,
    );

    const shard = join(tmp, 'shard');
    const part = await cli(
      'run',
      'scenarios/quickstart.yaml',
      '--out',
      shard,
      '--set',
      'replicates=2',
      '--set',
      'horizon=2',
      '--shard',
      '1/2',
      '--workers',
      '1',
      '--quiet',
    );
    expect(part.code, part.stderr).toBe(0);
    const sharded = await cli('table', shard);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr.trim()).toMatch(
      /expected the summary\.json that chokepoint merge writes when it joins the shards \(chokepoint merge SHARD_DIRS --out DIR, then chokepoint table DIR\), received a shard directory without one$/,
    );
    expect(existsSync(join(shard, 'tables'))).toBe(false);

    const missing = await cli('table', join(tmp, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(
      /nowhere:1:1: \(run directory\): expected a run directory \(written by chokepoint run FILE --out DIR\), received no such directory$/,
    );
  });
});
