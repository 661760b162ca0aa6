/**
 * `chokepoint calibrate` end to end on a real validation episode (Australian barley, a tiny
 * world) with few samples: the outputs, the pairs chart, the calibrated scenario that
 * extends the episode, and bad input as one-line errors with exit code 2.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliChild } from '../support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalibrationResult } from '@chokepoint/analysis';
import { buildPlan, loadScenario } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-calibrate-cli-'));
const EPISODE = 'scenarios/validation/australian-barley-2020-23.yaml';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliChild(args, { cwd: root });

describe('chokepoint calibrate', () => {
  const out = join(tmp, 'barley');
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    run = await cli(
      'calibrate',
      EPISODE,
      '--param',
      'params.tariffElasticity=loguniform(0.5, 50)',
      '--param',
      'params.substitutionRate=uniform(0.05, 1)',
      '--samples',
      '40',
      '--accept',
      '8',
      '--replicates',
      '1',
      '--seed',
      '1',
      '--workers',
      '1',
      '--out',
      out,
    );
  });

  it('writes the posterior, the pairs chart and the calibrated parameters', () => {
    expect(run.stderr).toMatch(/40 samples × 1 arm \(base\) × 1 replicate = 40 runs/);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'calibrated-set.txt',
      'calibrated.yaml',
      'calibration.json',
      'pairs.png',
      'pairs.svg',
      'posterior.csv',
    ]);
    const result = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8')) as CalibrationResult;
    expect(result).toMatchObject({
      format: 'chokepoint-calibration/1',
      samples: 40,
      accepted: 8,
      acceptanceRate: 0.2,
      rule: { accept: 8 },
      replicates: 1,
      runs: 40,
      seed: '1',
    });
    expect(result.targets.map((t) => t.id)).toEqual(['china-share-falls', 'diversion', 'snap-back']);
    // The table on stdout, then the output directory.
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^parameter\s+prior\s+median\s+mean\s+95% interval\s+width vs prior$/);
    expect(lines[2]).toContain(`params.tariffElasticity  loguniform(0.5, 50)`);
    expect(lines[lines.length - 1]).toBe(out);
    // The pairs chart: 2 × 2 cells; the scatter shows the 8 accepted and the 32 rejected samples.
    const svg = readFileSync(join(out, 'pairs.svg'), 'utf8');
    expect(svg.match(/class="pairs-cell"/g)).toHaveLength(4);
    expect(svg.match(/class="sample-accepted"/g)).toHaveLength(8);
    expect(svg.match(/class="sample-rejected"/g)).toHaveLength(32);
    expect(svg).toMatch(
      /class="chart-provenance">calibration of [^<]+ · seed [^<]+ · chokepoint \d+\.\d+\.\d+<\/text>/,
    );
    expect(readFileSync(join(out, 'pairs.png')).subarray(1, 4).toString()).toBe('PNG');
    // calibrated.yaml extends the episode and sets the posterior medians in its arm.
    const plan = buildPlan(loadScenario(join(out, 'calibrated.yaml'), { cwd: root }));
    expect(plan.meta.arms).toEqual(['base']);
    const recipe = plan.configs[0]!.recipe;
    const calibrated = result.calibrated.parameters;
    expect(Object.keys(calibrated)).toEqual(['params.tariffElasticity', 'params.substitutionRate']);
    expect(recipe.kind === 'inline' && recipe.spec.params).toMatchObject({
      tariffElasticity: calibrated['params.tariffElasticity'],
      substitutionRate: calibrated['params.substitutionRate'],
    });
    expect(calibrated['params.tariffElasticity']).toBeCloseTo(result.posterior['params.tariffElasticity']!.median, 4);
    expect(readFileSync(join(out, 'calibrated-set.txt'), 'utf8')).toBe(
      `--set params.tariffElasticity=${calibrated['params.tariffElasticity']}\n--set params.substitutionRate=${calibrated['params.substitutionRate']}\n`,
    );
  });

  it('rejects bad input with one line and exit code 2', async () => {
    const badPrior = await cli(
      'calibrate',
      EPISODE,
      '--param',
      'params.tariffElasticity=normal(1, 2)',
      '--out',
      join(tmp, 'bad1'),
    );
    expect(badPrior.code).toBe(2);
    expect(badPrior.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\(--param\):1:25: params\.tariffElasticity: expected a prior uniform\(min, max\), loguniform/,
      ),
    ]);
    const noParam = await cli('calibrate', EPISODE, '--out', join(tmp, 'bad2'));
    expect(noParam.code).toBe(2);
    expect(noParam.stderr.trim()).toMatch(
      /^\(command line\):1:1: --param: expected at least one parameter with a prior/,
    );
    const badAccept = await cli(
      'calibrate',
      EPISODE,
      '--param',
      'params.tariffElasticity=uniform(1, 2)',
      '--samples',
      '5',
      '--accept',
      '9',
      '--out',
      join(tmp, 'bad3'),
    );
    expect(badAccept.code).toBe(2);
    expect(badAccept.stderr.trim()).toBe(
      '(command line):1:1: --accept: expected an integer from 1 to the number of samples (5), received 9',
    );
    expect(existsSync(join(tmp, 'bad3'))).toBe(false);
  });
});
