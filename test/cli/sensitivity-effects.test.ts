/**
 * `chokepoint sensitivity --against ARM` and several metrics in one pass: each sweep point's
 * value is the arm's mean minus the other arm's at that point (checked against metrics.csv),
 * μ is linear in it (μ of the effect = μ of the arm − μ of the control, each analysed alone),
 * the noise adds both arms', and bad input is one line with exit code 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { analyzeSensitivity } from '@chokepoint/analysis';
import { ScenarioError } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-sensitivity-effects-'));
const out = join(tmp, 'run');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliInProcess(args, root);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1);

beforeAll(async () => {
  const run = await cli(
    'run',
    'test/fixtures/sensitivity/tiny-morris-effect.yaml',
    '--out',
    out,
    '--workers',
    '1',
    '--quiet',
    '--no-report',
  );
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

describe('sensitivity of an effect (--against)', () => {
  it('takes each point as the arm mean minus the control mean there, with both arms’ noise', async () => {
    const { analyses } = await analyzeSensitivity(out, { metric: 'state/CN/output', against: 'control', bootstrap: 0 });
    expect(analyses.map((a) => [a.arm, a.against])).toEqual([['ban', 'control']]);
    const [effect] = analyses;
    // Final-step values per arm and point, from metrics.csv.
    const finals = new Map<string, number[]>();
    for (const r of csvParse(readFileSync(join(out, 'metrics.csv'), 'utf8'))) {
      if (r.step !== '6' || r.entity_kind !== 'state' || r.entity !== 'CN' || r.variable !== 'output') continue;
      const key = `${r.arm}/${r.point}`;
      finals.set(key, [...(finals.get(key) ?? []), Number(r.value)]);
    }
    const points = 4 * (2 + 1);
    const at = (arm: string, p: number) => finals.get(`${arm}/${p}`)!;
    const differences = Array.from({ length: points }, (_, p) => mean(at('ban', p)) - mean(at('control', p)));
    expect(differences.some((d) => Math.abs(d) > 1e-6)).toBe(true);
    expect(effect!.points).toBe(points);
    expect(effect!.replicates).toBe(3);
    expect(effect!.mean).toBeCloseTo(mean(differences), 9);
    expect(effect!.variance).toBeCloseTo(variance(differences), 9);
    const noise = mean(
      Array.from({ length: points }, (_, p) => variance(at('ban', p)) / 3 + variance(at('control', p)) / 3),
    );
    expect(effect!.noiseShare).toBeCloseTo(noise / variance(differences), 9);
    // μ is linear in the outputs: the effect's μ is the arm's minus the control's.
    const levels = await analyzeSensitivity(out, { metric: 'state/CN/output', bootstrap: 0 });
    const mu = (arm: string, parameter: string) =>
      levels.analyses.find((a) => a.arm === arm)!.morris!.find((m) => m.parameter === parameter)!.mu;
    for (const m of effect!.morris!) {
      expect(m.mu, m.parameter).toBeCloseTo(mu('ban', m.parameter) - mu('control', m.parameter), 9);
      expect(m.muStar).toBeGreaterThanOrEqual(Math.abs(m.mu) - 1e-12);
    }
  });

  it('reads several metrics in one pass, each as it would be read alone', async () => {
    const both = await analyzeSensitivity(out, {
      metric: ['state/CN/output', 'world/world/welfare'],
      against: 'control',
      bootstrap: 50,
    });
    const alone = await analyzeSensitivity(out, { metric: 'world/world/welfare', against: 'control', bootstrap: 50 });
    expect(both.analyses.map((a) => a.metric)).toEqual(['state/CN/output', 'world/world/welfare']);
    expect(both.analyses[1]).toEqual(alone.analyses[0]);
  });

  it('prints the effect, keeps it beside the level in sensitivity.json, and refuses a bad --against', async () => {
    const level = await cli(
      'sensitivity',
      out,
      '--metric',
      'state/CN/output',
      '--arm',
      'ban',
      '--no-report',
      '--bootstrap',
      '50',
    );
    const effect = await cli(
      'sensitivity',
      out,
      '--metric',
      'state/CN/output',
      '--against',
      'control',
      '--no-report',
      '--bootstrap',
      '50',
    );
    expect(effect.code, effect.stderr).toBe(0);
    expect(level.stdout.split('\n')[0]).toMatch(/^state\/CN\/output, arm ban, final step \(6\)/);
    expect(effect.stdout.split('\n')[0]).toMatch(
      /^state\/CN\/output, arm ban − control, final step \(6\): 12 points × 3 replicates/,
    );
    const written = JSON.parse(readFileSync(join(out, 'sensitivity.json'), 'utf8')) as {
      analyses: Array<{ arm: string; against?: string }>;
    };
    expect(written.analyses.map((a) => [a.arm, a.against ?? null])).toEqual([
      ['ban', null],
      ['ban', 'control'],
    ]);
    const cases: Array<[string[], RegExp]> = [
      [
        ['--against', 'contrl'],
        /^\(command line\):1:1: --against: expected an arm of the run \(control, ban\) \(did you mean "control"\?\), received "contrl"$/,
      ],
      [['--against', 'ban', '--arm', 'ban'], /--against: expected an arm other than --arm \(ban\), received "ban"/],
    ];
    for (const [args, message] of cases) {
      const result = await cli('sensitivity', out, '--metric', 'state/CN/output', ...args, '--no-report');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
    await expect(analyzeSensitivity(out, { metric: [] })).rejects.toThrow(ScenarioError);
  }, 30_000);
});
