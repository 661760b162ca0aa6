/**
 * Plugin modules named in scenario files: a plugin instrument (examples/embed/custom-instrument.ts)
 * and plugin doctrines (test/fixtures/plugins/doctrines.ts) run through the real CLI with two
 * worker threads, which import the modules themselves; the manifest records the modules and
 * their hashes. The malformed cases are in the malformed corpus (plugin-*.yaml).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliChild } from '../support/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '@chokepoint/runner';
import { ScenarioError, validateScenario, validateScenarioAsync } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-plugins-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliChild(args, { cwd: root });

interface Summary {
  metrics: Array<{ arm: string; metric: string; mean: number; n: number }>;
}
const meanOf = (summary: Summary, arm: string, metric: string): number =>
  summary.metrics.find((m) => m.arm === arm && m.metric === metric)!.mean;
const sha256 = (path: string): string => `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;

describe('a scenario naming a plugin instrument', () => {
  const two = join(tmp, 'dl-2');
  const one = join(tmp, 'dl-1');

  it('runs through the CLI with 2 workers, and the instrument changes the metrics', async () => {
    const result = await cli(
      'run',
      'examples/embed/digital-services-tax.yaml',
      '--workers',
      '2',
      '--no-report',
      '--quiet',
      '--out',
      two,
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(two, 'summary.json'), 'utf8')) as Summary;
    // The tax on AWS's European sales: AWS sells less, Alibaba (below the threshold) and OVH (domestic) more.
    expect(meanOf(summary, 'taxed', 'firm/AWS/revenue')).toBeLessThan(meanOf(summary, 'open', 'firm/AWS/revenue'));
    expect(meanOf(summary, 'taxed', 'firm/Alibaba/revenue')).toBeGreaterThan(
      meanOf(summary, 'open', 'firm/Alibaba/revenue'),
    );
    expect(meanOf(summary, 'taxed', 'firm/OVH/revenue')).toBeGreaterThan(meanOf(summary, 'open', 'firm/OVH/revenue'));
    const manifest = JSON.parse(readFileSync(join(two, 'manifest.json'), 'utf8')) as {
      plugins: unknown;
      workers: number;
    };
    expect(manifest.workers).toBe(2);
    expect(manifest.plugins).toEqual([
      {
        path: 'examples/embed/custom-instrument.ts',
        hash: sha256(join(root, 'examples/embed/custom-instrument.ts')),
        instruments: ['digital_services_tax'],
        doctrines: [],
      },
    ]);
  });

  it('gives the same data in this thread (1 worker) as in the pool', async () => {
    await runScenario('examples/embed/digital-services-tax.yaml', { cwd: root, out: one, workers: 1 });
    expect(readFileSync(join(one, 'metrics.csv')).equals(readFileSync(join(two, 'metrics.csv')))).toBe(true);
  });
});

describe('a scenario naming plugin doctrines', () => {
  it('registers them in every worker: the EMBARGO doctrine bans imports from its rival', async () => {
    const out = join(tmp, 'embargo');
    const result = await cli(
      'run',
      'test/fixtures/plugins/embargo-study.yaml',
      '--workers',
      '2',
      '--no-report',
      '--quiet',
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(meanOf(summary, 'passive', 'state/US/measures_in_force')).toBe(0);
    expect(meanOf(summary, 'embargo', 'state/US/measures_in_force')).toBe(1);
    // The embargo closes the US's imports from China: a share of world trade above 0, the world's whole escalation.
    expect(meanOf(summary, 'embargo', 'state/US/escalation_index')).toBeGreaterThan(0);
    expect(meanOf(summary, 'passive', 'state/US/escalation_index')).toBe(0);
    // China's sales shrink: the US buys nothing of it.
    expect(meanOf(summary, 'embargo', 'state/CN/exports')).toBeLessThan(meanOf(summary, 'passive', 'state/CN/exports'));
  });

  it('validates through the CLI, and the synchronous validateScenario asks for the async one', async () => {
    const ok = await cli('validate', 'test/fixtures/plugins/embargo-study.yaml');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('ok (2 arms × 1 point × 2 replicates = 4 runs)');
    const { plugins } = await validateScenarioAsync('test/fixtures/plugins/embargo-study.yaml', { cwd: root });
    expect(plugins.modules.map((m) => m.doctrines)).toEqual([['PASSIVE', 'EMBARGO']]);
    expect(() => validateScenario('test/fixtures/plugins/embargo-study.yaml', { cwd: root })).toThrow(ScenarioError);
    expect(() => validateScenario('test/fixtures/plugins/embargo-study.yaml', { cwd: root })).toThrow(
      /plugins\[0\]: expected plugin modules imported before planning/,
    );
  });

  it('exits with 2 and one line for a bad plugin module', async () => {
    const bad = await cli('validate', 'test/fixtures/malformed/plugin-builtin-collision.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'test/fixtures/malformed/plugin-builtin-collision.yaml:3:11: plugins[0]: expected an instrument type not already defined, received "tariff" from "test/fixtures/malformed/plugins/tariff-again.mjs" (a built-in instrument)\n',
    );
    const run = await cli('run', 'test/fixtures/malformed/plugin-no-definitions.yaml', '--out', join(tmp, 'never'));
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^test\/fixtures\/malformed\/plugin-no-definitions\.yaml:4:5: plugins\[0\]: expected a module exporting instruments and\/or doctrines/,
    );
  });
});
