/**
 * Shortage paths (summary.json's `shortfalls`): the tracker keeps each key entity's worst step,
 * the run directory holds replicate 0's paths of each arm × point, the same as the run simulated
 * here, whatever the worker count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorld, formatShortfall, simulate, type World } from '@chokepoint/core';
import { afterAll, describe, expect, it } from 'vitest';
import { stepEndDate, type RunSummary, type ShortfallRecord } from '@chokepoint/format';
import { buildSummary } from '@chokepoint/outputs';
import { runScenario, ShortfallTracker } from '@chokepoint/runner';
import { buildPlan, loadScenario, materializeWorld } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-shortfalls-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const QUICKSTART = 'scenarios/quickstart.yaml';
// licence 0: the controls block (presumption of denial), so which states closed SMIC's equipment does not hang on licence draws.
const SET = ['replicates=2', 'horizon=8', 'licence=0'];

/** The quickstart's plan, shortened. */
function plan() {
  return buildPlan(loadScenario(QUICKSTART, { cwd: root, set: SET }));
}

describe('ShortfallTracker', () => {
  it('keeps, for each key entity, the paths at the step its orders were furthest from met (by value)', () => {
    const { configs } = plan();
    const aligned = configs.find((c) => c.arm === 'aligned')!;
    const world = createWorld(materializeWorld(aligned.recipe), 7);
    const tracker = new ShortfallTracker(
      world,
      ['state/CN/output', 'state/CN/welfare', 'world/world/output'],
      aligned.calendar,
    );
    // The state's shortfall, step by step, computed here from the firms' orders and output.
    const cn = world.stateIndex.get('CN')!;
    const lost: number[] = [];
    const afterStep = (w: World) => {
      tracker.afterStep(w);
      let ordered = 0;
      let short = 0;
      for (let f = 0; f < w.firmIds.length; f++) {
        if (w.firmState[f] !== cn) continue;
        ordered += w.firmDemand[f]! * w.firmPrice[f]!;
        if (w.firmOutput[f]! < 0.99 * w.firmDemand[f]!)
          short += (w.firmDemand[f]! - w.firmOutput[f]!) * w.firmPrice[f]!;
      }
      lost.push(short / ordered);
    };
    simulate(world, { steps: aligned.steps, seed: 7, afterStep });
    const records = tracker.records();
    expect(records.map((r) => r.entity)).toEqual(['state/CN']);
    const [record] = records as [ShortfallRecord];
    const worst = lost.indexOf(Math.max(...lost));
    expect(record.step).toBe(worst + 1);
    expect(record.lostShare).toBeCloseTo(lost[worst]!, 12);
    expect(record.date).toBe(stepEndDate(aligned.calendar.start!, aligned.calendar.step, record.step));
    expect(record.firms.length).toBeGreaterThan(0);
    expect(record.firms.length).toBeLessThanOrEqual(3);
    for (const firm of record.firms) {
      expect(firm.path).toBe(formatShortfall(firm.tree));
      expect(firm.lostShare).toBeGreaterThan(0.01);
    }
    // SMIC lost its equipment from the three states that control it.
    const smic = record.firms.find((f) => f.firm === 'SMIC')!;
    expect(smic.tree.input!.closed.map((c) => c.state).sort()).toEqual(['JP', 'NL', 'US']);
  });

  it('follows nothing when the key metrics name no firm or state of the world', () => {
    const world = createWorld(materializeWorld(plan().configs[0]!.recipe), 1);
    expect(
      new ShortfallTracker(world, ['world/world/output', 'product/sme/leakage', 'state/XX/output'], { step: 'quarter' })
        .empty,
    ).toBe(true);
  });
});

describe('summary.json shortfalls', () => {
  it('names each run’s records by its arm and point', () => {
    const record: ShortfallRecord = { entity: 'state/KR', step: 3, date: '', lostShare: 0.5, firms: [] };
    const layout = {
      name: 's',
      title: 'S',
      control: 'control',
      arms: ['control', 'ban'],
      points: [{}],
      keyMetrics: ['state/KR/output'],
      runs: [
        { arm: 'control', point: 0 },
        { arm: 'ban', point: 0 },
      ],
    };
    const summary = buildSummary(layout, [
      { finals: { 'state/KR/output': 10 } },
      { finals: { 'state/KR/output': 5 }, shortfalls: [record] },
    ]);
    expect(summary.shortfalls).toEqual([{ arm: 'ban', point: 0, ...record }]);
    expect('shortfalls' in buildSummary(layout, [{ finals: {} }, { finals: {} }])).toBe(false);
  });

  it('holds replicate 0’s paths of each arm, as the run simulated again gives them, with 1 worker and 2', async () => {
    const outs = [join(tmp, 'one'), join(tmp, 'two')];
    await runScenario(QUICKSTART, { cwd: root, out: outs[0], set: SET, workers: 1 });
    await runScenario(QUICKSTART, { cwd: root, out: outs[1], set: SET, workers: 2 });
    const [one, two] = outs.map((out) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary);
    expect(two!.shortfalls).toEqual(one!.shortfalls);
    const { meta, configs } = plan();
    const expected: unknown[] = [];
    for (const run of meta.runs.filter((r) => r.replicate === 0)) {
      const config = configs[run.config]!;
      const world = createWorld(materializeWorld(config.recipe), run.seed);
      const tracker = new ShortfallTracker(world, meta.keyMetrics, config.calendar);
      simulate(world, { steps: config.steps, seed: run.seed, afterStep: (w) => tracker.afterStep(w) });
      for (const record of tracker.records()) expected.push({ arm: run.arm, point: run.point, ...record });
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(one!.shortfalls).toEqual(JSON.parse(JSON.stringify(expected)));
    // The aligned controls: China's firms short of equipment, closed by the three issuers.
    const cn = one!.shortfalls!.find((s) => s.arm === 'aligned' && s.entity === 'state/CN')!;
    expect(cn.firms.some((f) => /^SMIC \(CN\) ← sme \d+% \(closed: NL.*; US.*; JP/.test(f.path))).toBe(true);
  }, 60_000);
});
