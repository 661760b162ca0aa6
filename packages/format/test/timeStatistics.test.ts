/**
 * Statistics over time (summary.json's peak, cumulative and discounted effects): by hand on small
 * paths, then against metrics.csv of a real run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareMeans,
  compareOverTime,
  discountedSum,
  peakDifference,
  summarizeOverTime,
  type RunSummary,
} from '@chokepoint/format';
import { runScenario } from '@chokepoint/runner';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-time-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reductions over time, by hand', () => {
  it('sums a path, and discounts each step to the start at the annual rate', () => {
    expect(discountedSum([1, 2, 3], 0, 91.3125)).toBe(6);
    // Yearly steps at 10%: 1/1.1 + 1/1.21.
    expect(discountedSum([1, 1], 0.1, 365)).toBeCloseTo(1 / 1.1 + 1 / 1.21, 14);
  });

  it('finds the peak where the mean paths are furthest apart (the first such step), with Welch’s difference there', () => {
    const treated = [
      [10, 7, 4, 9],
      [10, 5, 4, 9],
    ];
    const control = [
      [10, 10, 10, 10],
      [10, 10, 8, 10],
    ];
    // Mean gaps: 0, −4, −5, −1: the peak is step 3.
    const peak = peakDifference(treated, control, (t) => `step ${t}`)!;
    expect([peak.step, peak.date, peak.difference]).toEqual([3, 'step 3', -5]);
    expect(peak.ci95).toEqual(compareMeans([4, 4], [10, 8]).ci95);
    // Ties: the first step wins.
    expect(peakDifference([[1, 3, 1]], [[2, 2, 2]], String)!.step).toBe(1);
    expect(peakDifference([], control, String)).toBeUndefined();
  });

  it('gives only the statistics asked for', () => {
    const runs = [
      [1, 2],
      [3, 4],
    ];
    expect(Object.keys(summarizeOverTime(runs, ['final', 'cumulative'], 0.02, 91.3125))).toEqual(['cumulative']);
    const effects = compareOverTime(runs, runs, ['peak', 'discounted'], 0.02, 91.3125, String);
    expect(Object.keys(effects)).toEqual(['peak', 'discounted']);
    expect(effects.discounted!.difference).toBe(0);
  });
});

describe('summary.json over time', () => {
  it('holds, for each effect, the peak, cumulative and discounted differences that metrics.csv gives', async () => {
    const out = join(tmp, 'qs');
    await runScenario('scenarios/quickstart.yaml', { cwd: root, out, set: ['replicates=3', 'horizon=8'], workers: 1 });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.statistics).toEqual(['final', 'peak', 'cumulative', 'discounted']);
    expect(summary.discountRate).toBe(0.02);
    const rows = csvParse(readFileSync(join(out, 'metrics.csv'), 'utf8'));
    const pathsOf = (arm: string): number[][] => {
      const byRun = new Map<string, number[]>();
      for (const r of rows) {
        if (r.arm !== arm || r.entity_kind !== 'state' || r.entity !== 'CN' || r.variable !== 'output') continue;
        const path = byRun.get(r.run_id!) ?? [];
        path[Number(r.step) - 1] = Number(r.value);
        byRun.set(r.run_id!, path);
      }
      return [...byRun.values()];
    };
    const [treated, control] = [pathsOf('aligned'), pathsOf('control')];
    expect(treated).toHaveLength(3);
    const effect = summary.effects.find((e) => e.arm === 'aligned' && e.metric === 'state/CN/output')!;
    const sum = (path: number[]) => path.reduce((a, b) => a + b, 0);
    expect(effect.cumulative!.difference).toBeCloseTo(compareMeans(treated.map(sum), control.map(sum)).difference, 6);
    // The peak is the step where the mean paths differ most.
    const gap = (t: number) =>
      Math.abs(treated.reduce((a, p) => a + p[t]!, 0) / 3 - control.reduce((a, p) => a + p[t]!, 0) / 3);
    const steps = treated[0]!.length;
    const best = Array.from({ length: steps }, (_, t) => t).reduce((a, t) => (gap(t) > gap(a) ? t : a), 0);
    expect(effect.peak!.step).toBe(best + 1);
    expect(Math.abs(effect.peak!.difference)).toBeCloseTo(gap(best), 6);
    expect(effect.peak!.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    // Discounting shrinks a sum of one sign.
    expect(Math.abs(effect.discounted!.difference)).toBeLessThan(Math.abs(effect.cumulative!.difference));
    const metric = summary.metrics.find((m) => m.arm === 'aligned' && m.metric === 'state/CN/output')!;
    expect(metric.cumulative!.mean).toBeCloseTo(treated.map(sum).reduce((a, b) => a + b, 0) / 3, 6);
  }, 60_000);

  it('gives only what outputs.statistics asks for, at its discount rate', async () => {
    const file = join(tmp, 'chosen.yaml');
    writeFileSync(
      file,
      `extends: ${join(root, 'scenarios/quickstart.yaml')}\nhorizon: 6\nreplicates: 2\noutputs:\n  metrics: [state/CN/output]\n  statistics: [peak]\n  discountRate: 0.05\n`,
    );
    const out = join(tmp, 'chosen');
    await runScenario(file, { cwd: root, out, workers: 1 });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.statistics).toEqual(['final', 'peak']);
    expect(summary.discountRate).toBe(0.05);
    const effect = summary.effects[0]!;
    expect(effect.peak).toBeDefined();
    expect(effect.cumulative).toBeUndefined();
    expect(summary.metrics[0]!.cumulative).toBeUndefined();
  }, 60_000);
});
