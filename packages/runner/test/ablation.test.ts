/**
 * Mechanism attribution (`ablation:`): the arms it adds, their seeds, the share of each effect
 * a mechanism carries (checked against metrics.csv), zero for a mechanism that does nothing,
 * and the errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunSummary } from '@chokepoint/format';
import { runScenario } from '@chokepoint/runner';
import { buildPlan, loadScenario, materializeWorld, ScenarioError } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-ablation-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The quickstart, short, with an ablation line. */
function study(ablation: string, extra = ''): string {
  const file = join(tmp, `study-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `extends: ${join(root, 'scenarios/quickstart.yaml')}\nhorizon: 8\nreplicates: 3\nablation: ${ablation}\n${extra}`,
  );
  return file;
}

describe('ablation arms', () => {
  it('repeat every arm once per mechanism, with that mechanism switched off and the parent’s seeds', () => {
    const { meta, configs } = buildPlan(loadScenario(study('[retaliation, prices]')));
    // Mechanisms in their canonical order, arms in the scenario's.
    expect(meta.ablation!.mechanisms).toEqual(['prices', 'retaliation']);
    expect(meta.arms.slice(4, 6)).toEqual(['control-without-prices', 'us-only-without-prices']);
    expect(meta.arms).toHaveLength(12);
    const seeds = (arm: string) => meta.runs.filter((r) => r.arm === arm).map((r) => r.seed);
    expect(seeds('us-only-without-retaliation')).toEqual(seeds('us-only'));
    expect(seeds('us-only')).not.toEqual(seeds('control'));
    const disabled = (arm: string) => materializeWorld(configs.find((c) => c.arm === arm)!.recipe).params?.disabled;
    expect(disabled('aligned-without-prices')).toEqual(['prices']);
    expect(disabled('aligned')).toBeUndefined();
  });

  it('are none with an empty list: a file that extends one with ablation (a sensitivity sweep of it) runs its arms only', () => {
    const parent = study('[retaliation, prices]');
    const child = join(tmp, 'child.yaml');
    writeFileSync(child, `extends: ${parent}\nablation: []\n`);
    const { meta } = buildPlan(loadScenario(child));
    expect(meta.arms).toEqual(['control', 'us-only', 'aligned', 'fab-fire']);
    expect(meta.ablation).toBeUndefined();
  });

  it('need a control arm, and names of their own', () => {
    const noControl = join(tmp, 'no-control.yaml');
    writeFileSync(
      noControl,
      `title: T\nworld: { ref: toy-chips }\nhorizon: 2\narms: { a: {}, b: {} }\nablation: all\n`,
    );
    expect(() => buildPlan(loadScenario(noControl))).toThrow(ScenarioError);
    try {
      buildPlan(loadScenario(noControl));
    } catch (error) {
      expect((error as ScenarioError).lines()[0]).toMatch(
        /no-control\.yaml:5:1: ablation: expected a scenario with a control arm/,
      );
    }
    const taken = study('[prices]', 'arms:\n  control-without-prices: {}\n');
    expect(() => buildPlan(loadScenario(taken))).toThrow(/an arm named control-without-prices/);
  });
});

describe('summary.json attribution', () => {
  it('splits each effect by mechanism as metrics.csv gives it, and a mechanism that does nothing carries nothing', async () => {
    const out = join(tmp, 'run');
    await runScenario(study('[retaliation, designOut]'), { cwd: root, out, workers: 2 });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    // Ablation arms are no treatments of their own.
    expect(summary.effects.every((e) => !e.arm.includes('-without-'))).toBe(true);
    const finals = new Map<string, number[]>();
    for (const r of csvParse(readFileSync(join(out, 'metrics.csv'), 'utf8'))) {
      if (r.step !== '8' || r.entity !== 'CN' || r.variable !== 'output' || r.entity_kind !== 'state') continue;
      const list = finals.get(r.arm!) ?? [];
      list[Number(r.replicate)] = Number(r.value);
      finals.set(r.arm!, list);
    }
    const at = (arm: string) => finals.get(arm)!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const a = summary.attribution!.find(
      (x) => x.arm === 'us-only' && x.metric === 'state/CN/output' && x.mechanism === 'retaliation',
    )!;
    const carried = at('us-only').map(
      (v, r) => v - at('control')[r]! - (at('us-only-without-retaliation')[r]! - at('control-without-retaliation')[r]!),
    );
    expect(a.effect).toBeCloseTo(mean(at('us-only')) - mean(at('control')), 9);
    expect(a.carried.difference).toBeCloseTo(mean(carried), 9);
    expect(a.share).toBeCloseTo(mean(carried) / a.effect, 9);
    // No content rule in the quickstart: design-out never acts, and carries exactly nothing.
    for (const x of summary.attribution!.filter((x) => x.mechanism === 'designOut')) {
      expect(x.carried.difference, `${x.arm} ${x.metric}`).toBe(0);
      expect(x.carried.deterministic).toBe(true);
    }
  }, 120_000);
});
