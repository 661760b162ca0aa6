/**
 * An arm that ignores a swept parameter runs once per distinct configuration, not once per
 * sweep point; the runs that remain keep their ids, seeds and bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSeed } from '@chokepoint/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunSummary } from '@chokepoint/format';
import { runScenario } from '@chokepoint/runner';
import { buildPlan, loadScenario } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-shared-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SWEEP = join(root, 'test/fixtures/scenarios/sweep.yaml');

/** A scenario extending (a copy of) the runner's sweep fixture: a control and a licence-swept control arm. */
function variant(name: string, text: string): string {
  writeFileSync(join(tmp, 'sweep.yaml'), readFileSync(SWEEP));
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, `extends: sweep.yaml\nname: sweep\n${text}`);
  return file;
}

describe('an arm that ignores a swept parameter', () => {
  it('runs at one point per distinct configuration; every other run keeps its id and seed', () => {
    const { meta } = buildPlan(loadScenario(SWEEP));
    expect(meta.shared).toEqual([{ arm: 'control', parameters: ['licence'], points: 1 }]);
    expect(meta.configs.map((c) => [c.arm, c.point, c.sharedWith])).toEqual([
      ['control', 0, undefined],
      ['control', 1, 0],
      ['control', 2, 0],
      ['controls', 0, undefined],
      ['controls', 1, undefined],
      ['controls', 2, undefined],
    ]);
    // The full expansion, less the control's points 1 and 2; seeds from (base, arm, point, replicate).
    const expected = ['control', 'controls'].flatMap((arm) =>
      [0, 1, 2]
        .filter((p) => arm === 'controls' || p === 0)
        .flatMap((point) => [0, 1, 2].map((r) => [`${arm}/${point}/${r}`, deriveSeed('11', arm, point, r)])),
    );
    expect(meta.runs.map((r) => [r.runId, r.seed])).toEqual(expected);
  });

  it('in a grid over two parameters, runs once per value of the one it uses', () => {
    const file = variant(
      'two',
      'sweep:\n  parameters:\n    params.substitutionRate: [0.1, 0.3]\n    licence: [0.0, 0.5, 1.0]\n',
    );
    const { meta } = buildPlan(loadScenario(file));
    expect(meta.shared).toEqual([{ arm: 'control', parameters: ['licence'], points: 2 }]);
    // The merged sweep keeps the fixture's licence first (slowest): points (0, 0.1), (0, 0.3), (0.5, 0.1), …
    expect(meta.points.slice(0, 3)).toEqual([
      { licence: 0, 'params.substitutionRate': 0.1 },
      { licence: 0, 'params.substitutionRate': 0.3 },
      { licence: 0.5, 'params.substitutionRate': 0.1 },
    ]);
    expect(meta.configs.filter((c) => c.arm === 'control').map((c) => c.sharedWith)).toEqual([
      undefined,
      undefined,
      0,
      1,
      0,
      1,
    ]);
    expect(meta.runs.filter((r) => r.arm === 'control').map((r) => r.point)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(meta.runs.filter((r) => r.arm === 'controls')).toHaveLength(18);
  });

  it('keeps every point of a sensitivity design (morris, sobol), which needs them all', () => {
    const file = variant(
      'morris',
      'sweep:\n  method: morris\n  trajectories: 2\n  parameters:\n    licence: { min: 0, max: 1 }\n',
    );
    const { meta } = buildPlan(loadScenario(file));
    expect(meta.shared).toBeUndefined();
    expect(meta.runs.filter((r) => r.arm === 'control')).toHaveLength(meta.points.length * meta.replicates);
  });

  it('writes the varying arm byte for byte as when every arm runs at every point, and shares the rest in summary.json', async () => {
    // The same study, but the control holds a measure, priced by the licence, that starts after
    // the run ends: its world changes with the licence, so it runs at every point.
    const everywhere = variant(
      'everywhere',
      'arms:\n  control:\n    control: true\n    timeline:\n      - { step: 50, measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" } }\n',
    );
    const [shared, full] = [join(tmp, 'run-shared'), join(tmp, 'run-full')];
    const a = await runScenario(SWEEP, { cwd: root, out: shared, workers: 2, set: ['horizon=4'] });
    const b = await runScenario(everywhere, { cwd: root, out: full, workers: 1, set: ['horizon=4'] });
    expect([a.executed, b.executed]).toEqual([12, 18]);
    const lines = (dir: string, file: string, arm: string): string[] =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((l) => l.split(',')[2] === arm);
    for (const file of ['metrics.csv', 'measures.csv']) {
      const mine = lines(shared, file, 'controls');
      expect(mine.length, file).toBeGreaterThan(0);
      expect(mine, file).toEqual(lines(full, file, 'controls'));
    }
    expect(lines(shared, 'metrics.csv', 'control').every((l) => l.startsWith('control/0/'))).toBe(true);

    // summary.json: the control's values at points 1 and 2 are its point-0 runs', and effects there are against them.
    const summary = JSON.parse(readFileSync(join(shared, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.shared).toEqual([{ arm: 'control', parameters: ['licence'], points: 1 }]);
    const metric = (arm: string, point: number) =>
      summary.metrics.find((m) => m.arm === arm && m.point === point && m.metric === 'state/CN/output')!;
    expect(metric('control', 0).sharedWith).toBeUndefined();
    for (const point of [1, 2]) {
      expect(metric('control', point)).toEqual({ ...metric('control', 0), point, sharedWith: 0 });
      const effect = summary.effects.find((e) => e.point === point && e.metric === 'state/CN/output')!;
      expect(effect.difference).toBeCloseTo(metric('controls', point).mean - metric('control', 0).mean, 9);
    }
  });
});
