/**
 * measures.csv, summary.json's `measures` and the warning about a control arm that adopts
 * measures: checked against the worlds of the same runs simulated here, and on a passive
 * control that adopts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '@chokepoint/core';
import { csvParse } from 'd3-dsv';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunSummary } from '@chokepoint/format';
import { MEASURE_COLUMNS } from '@chokepoint/outputs';
import { runScenario } from '@chokepoint/runner';
import { buildPlan, loadScenario, materializeWorld } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-measures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ACTIVE = 'test/fixtures/scenarios/policy-control.yaml';
const PASSIVE = 'test/fixtures/scenarios/passive-control.yaml';

function read(out: string): {
  rows: ReturnType<typeof csvParse>;
  summary: RunSummary;
  manifest: { warnings?: string[] };
} {
  return {
    rows: csvParse(readFileSync(join(out, 'measures.csv'), 'utf8')),
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary,
    manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { warnings?: string[] },
  };
}

describe('measures.csv', () => {
  it('lists every measure each run adopted, as the run’s world holds them', async () => {
    const out = join(tmp, 'active');
    const result = await runScenario(ACTIVE, { cwd: root, out, workers: 1 });
    const { rows, summary } = read(out);
    expect(rows.columns).toEqual([...MEASURE_COLUMNS]);

    // Each run simulated again here: its world's measures, in order, are its rows.
    const plan = buildPlan(loadScenario(ACTIVE, { cwd: root }));
    for (const run of plan.meta.runs) {
      const config = plan.configs[run.config]!;
      const { world } = simulate(materializeWorld(config.recipe), {
        steps: config.steps,
        seed: run.seed,
        record: config.record,
      });
      const expected = world.policy.measures
        .filter((m) => m.announce < config.steps)
        .map((m) => [
          m.id,
          m.type,
          m.origin,
          m.answers ?? '',
          world.stateIds[m.issuer],
          m.targets.map((s) => world.stateIds[s]).join(' '),
          String(m.start),
          Number.isFinite(m.end) ? String(m.end) : '',
        ]);
      const mine = rows.filter((r) => r.run_id === run.runId);
      expect(
        mine.map((r) => [r.measure, r.type, r.origin, r.answers, r.issuer, r.targets, r.start, r.end]),
        run.runId,
      ).toEqual(expected);
      for (const r of mine)
        expect([r.scenario, r.arm, r.point, r.replicate, r.seed]).toEqual([
          'policy-control',
          run.arm,
          '0',
          String(run.replicate),
          run.seed,
        ]);
    }
    // The doctrines of world-2023 act in the control arm: doctrine measures and answers to them.
    const control = rows.filter((r) => r.arm === 'control');
    expect(new Set(control.map((r) => r.origin))).toContain('doctrine');
    const retaliation = rows.find((r) => r.origin === 'retaliation')!;
    expect(rows.some((r) => r.run_id === retaliation.run_id && r.measure === retaliation.answers)).toBe(true);

    // The scripted ban, with its dates: announced 2023-01-10 (step 0), in force from 2023-04-15 (step 1, April to June).
    const ban = rows.filter((r) => r.measure === 'ga-ge');
    expect(ban.map((r) => r.run_id)).toEqual(['ban/0/0', 'ban/0/1']);
    expect(ban[0]).toMatchObject({
      origin: 'script',
      issuer: 'CN',
      products: 'gallium germanium',
      announce: '0',
      start: '1',
      end: '',
      announce_date: '2023-01-01',
      start_date: '2023-04-01',
      end_date: '',
    });

    // summary.json counts the same rows.
    for (const entry of summary.measures!) {
      const mine = rows.filter((r) => r.arm === entry.arm);
      expect(entry.adopted).toBe(mine.length);
      expect(entry.runs).toBe(2);
      expect(entry.runsWithMeasures).toBe(new Set(mine.map((r) => r.run_id)).size);
      const count = (key: string) =>
        Object.fromEntries(
          [...new Set(mine.map((r) => r[key]!))].map((v) => [v, mine.filter((r) => r[key] === v).length]),
        );
      expect(entry.byOrigin).toEqual(count('origin'));
      expect(entry.byType).toEqual(count('type'));
      expect(entry.byIssuer).toEqual(count('issuer'));
    }

    // The warning: in the result (the CLI prints it) and in manifest.json.
    const controlEntry = summary.measures!.find((m) => m.arm === 'control')!;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      new RegExp(
        `^control arm "control" adopts measures in 2 of 2 runs, ${control.length} in all \\(.*${controlEntry.byOrigin.doctrine} doctrine.*\\): effects are measured against a world with policy, not a no-policy world`,
      ),
    );
    expect(read(out).manifest.warnings).toEqual(result.warnings);
  });

  it('holds only the scripted measure, and warns of nothing, when the doctrines are passive', async () => {
    const out = join(tmp, 'passive');
    const result = await runScenario(PASSIVE, { cwd: root, out, workers: 2 });
    const { rows, summary, manifest } = read(out);
    expect(rows.map((r) => [r.run_id, r.measure, r.origin])).toEqual([
      ['ban/0/0', 'ga-ge', 'script'],
      ['ban/0/1', 'ga-ge', 'script'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(manifest.warnings).toBeUndefined();
    expect(summary.measures).toEqual([
      { arm: 'control', point: 0, runs: 2, runsWithMeasures: 0, adopted: 0, byOrigin: {}, byType: {}, byIssuer: {} },
      {
        arm: 'ban',
        point: 0,
        runs: 2,
        runsWithMeasures: 2,
        adopted: 2,
        byOrigin: { script: 2 },
        byType: { mineral_export_licensing: 2 },
        byIssuer: { CN: 2 },
      },
    ]);
  });
});
