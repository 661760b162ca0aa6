import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { csvParse } from 'd3-dsv';
import * as parquet from 'parquet-wasm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareMeans, identicalReplicates, summarizeMean, type RunSummary } from '@chokepoint/format';
import { mergeRuns, runScenario } from '@chokepoint/runner';
import { ScenarioError } from '@chokepoint/scenario';
import { studentTQuantile } from '@chokepoint/core';
import { RunOutputWriter } from '@chokepoint/outputs/internal';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('statistics', () => {
  it('Student t quantiles match the table', () => {
    for (const [df, t] of [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [9, 2.262],
      [30, 2.042],
      [1000, 1.962],
    ] as const) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    }
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262, 3);
  });

  it('summarizes means and Welch differences', () => {
    const s = summarizeMean([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBe(1);
    expect(s.ci95![0]).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 3);
    expect(summarizeMean([5])).toEqual({ n: 1, mean: 5, sd: null, ci95: null, deterministic: false });
    const d = compareMeans([2, 3, 4, 5], [1, 1.5, 2]);
    expect(d.difference).toBeCloseTo(2, 12);
    expect(d.relative).toBeCloseTo(4 / 3, 12);
    // Welch–Satterthwaite: va = (5/3)/4, vb = 0.25/3, df = 0.25 / (va²/3 + vb²/2) ≈ 4.0755.
    const se = Math.sqrt(1.6666666666666667 / 4 + 0.25 / 3);
    expect(d.ci95![1] - d.difference).toBeCloseTo(studentTQuantile(0.975, 4.0755) * se, 3);
    // Two zero-variance arms: an exact difference, not a t-test (an interval [1, 1] read as "significant").
    expect(compareMeans([1, 1], [0, 0])).toEqual({ difference: 1, ci95: null, relative: null, deterministic: true });
  });

  it('reports identical replicates as deterministic, exactly or up to floating-point noise', () => {
    // Sums taken in another order: a spread of about 1e-15 that must not read as an sd.
    const noisy = [0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1, 0.6, 0.2 + 0.1 + 0.3];
    expect(new Set(noisy).size).toBeGreaterThan(1);
    expect(identicalReplicates(noisy)).toBe(true);
    expect(summarizeMean(noisy)).toMatchObject({ n: 4, sd: 0, ci95: null, deterministic: true });
    expect(summarizeMean([2, 2, 2])).toEqual({ n: 3, mean: 2, sd: 0, ci95: null, deterministic: true });
    // A spread just above the threshold is variation: an sd and an interval.
    const spread = [1, 1 + 1e-11, 1];
    expect(identicalReplicates(spread)).toBe(false);
    expect(summarizeMean(spread)).toMatchObject({ deterministic: false });
    expect(summarizeMean(spread).sd!).toBeGreaterThan(0);
    expect(summarizeMean(spread).ci95).not.toBeNull();
    // One replicate says nothing about variation; infinities are never "identical".
    expect(identicalReplicates([4])).toBe(false);
    expect(identicalReplicates([Infinity, Infinity])).toBe(false);
    // A deterministic treatment against a varying control keeps Welch's interval (on the control's variance).
    const mixed = compareMeans([3, 3, 3], [1, 2, 3]);
    expect(mixed.deterministic).toBe(false);
    expect(mixed.ci95![1] - mixed.difference).toBeCloseTo(studentTQuantile(0.975, 2) * Math.sqrt(1 / 3), 12);
    // Noise on both sides is still an exact difference.
    expect(compareMeans(noisy, [0.5, 0.5])).toMatchObject({ ci95: null, deterministic: true });
    expect(compareMeans(noisy, [0.5, 0.5]).difference).toBeCloseTo(0.1, 12);
  });
});

describe('the run directory', () => {
  it('writes CSV, Parquet, summary and manifest that agree with each other', async () => {
    const out = join(tmp, 'sweep');
    const result = await runScenario('test/fixtures/scenarios/sweep.yaml', {
      cwd: root,
      out,
      workers: 1,
      replicates: 2,
      set: ['horizon=4'],
    });
    // The control ignores the swept licence, so it runs at point 0 only: 2 + 3 × 2 runs.
    expect(result).toMatchObject({ executed: 8, skipped: 0, complete: true });

    const csv = csvParse(readFileSync(join(out, 'metrics.csv'), 'utf8'));
    expect(csv.columns).toEqual([
      'run_id',
      'scenario',
      'arm',
      'point',
      'replicate',
      'seed',
      'step',
      'date',
      'entity_kind',
      'entity',
      'variable',
      'value',
      'licence',
    ]);
    expect(new Set(csv.map((r) => r.date))).toEqual(new Set(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']));

    const table = tableFromIPC(parquet.readParquet(readFileSync(join(out, 'metrics.parquet'))).intoIPCStream());
    expect(table.numRows).toBe(csv.length);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'run_id:Dictionary<Int32, Utf8>',
      'scenario:Dictionary<Int32, Utf8>',
      'arm:Dictionary<Int32, Utf8>',
      'point:Int32',
      'replicate:Int32',
      'seed:Dictionary<Int32, Utf8>',
      'step:Int32',
      'date:Dictionary<Int32, Utf8>',
      'entity_kind:Dictionary<Int32, Utf8>',
      'entity:Dictionary<Int32, Utf8>',
      'variable:Dictionary<Int32, Utf8>',
      'value:Float64',
      'licence:Float64',
    ]);
    for (const i of [0, 1, 777, csv.length - 1]) {
      const row = table.get(i)!.toJSON() as Record<string, unknown>;
      const line = csv[i]!;
      expect(row).toEqual({
        ...line,
        point: Number(line.point),
        replicate: Number(line.replicate),
        step: Number(line.step),
        value: Number(line.value),
        licence: Number(line.licence),
      });
    }

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary).toMatchObject({
      scenario: 'sweep',
      title: 'Runner test sweep',
      control: 'control',
      statistic: 'final',
    });
    expect(summary.metrics).toHaveLength(2 * 3 * 2);
    expect(summary.effects).toHaveLength(1 * 3 * 2);
    const finals = (arm: string, point: string) =>
      csv
        .filter(
          (r) => r.arm === arm && r.point === point && r.step === '4' && r.entity === 'CN' && r.variable === 'output',
        )
        .map((r) => Number(r.value));
    const metric = summary.metrics.find(
      (m) => m.arm === 'controls' && m.point === 1 && m.metric === 'state/CN/output',
    )!;
    expect(metric.n).toBe(2);
    expect(metric.mean).toBe(summarizeMean(finals('controls', '1')).mean);
    const effect = summary.effects.find(
      (e) => e.arm === 'controls' && e.point === 1 && e.metric === 'state/CN/output',
    )!;
    // Against the control's runs, which stand for every point.
    expect(effect.difference).toBe(compareMeans(finals('controls', '1'), finals('control', '0')).difference);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      runs: Array<{ run_id: string; seed: string; parameters: Record<string, unknown> }>;
      workers: number;
      shard: null;
      plan: string;
    };
    expect(manifest.runs).toHaveLength(8);
    expect(manifest.runs[3]).toEqual({ run_id: 'controls/0/1', seed: '11/controls/0/1', parameters: { licence: 0 } });
    expect(manifest).toMatchObject({ workers: 1, shard: null, plan: result.plan.hash });
    expect(readFileSync(join(out, 'scenario.yaml'), 'utf8')).toContain('name: sweep');
  });

  it('writes the same bytes with 1 worker (encoding on the main thread) and 2 (on a thread of its own)', async () => {
    // 40 runs of about 8,000 rows: more than one Parquet batch (262,144 rows), so with 2 workers
    // the encoder thread starts; with 1 the run keeps to one thread.
    const dirs = [1, 2].map((workers) => join(tmp, `large-${workers}`));
    const append = RunOutputWriter.prototype.append;
    let outputThreads = 0;
    const spy = vi.spyOn(RunOutputWriter.prototype, 'append').mockImplementation(async function (
      this: RunOutputWriter,
      ...args: Parameters<RunOutputWriter['append']>
    ) {
      await append.apply(this, args);
      outputThreads = Math.max(outputThreads, this.threads);
    });
    try {
      for (const [i, out] of dirs.entries()) {
        outputThreads = 0;
        // Every firm's rows (--detail), for a table of more than one batch.
        const result = await runScenario('scenarios/quickstart.yaml', {
          cwd: root,
          out,
          workers: i + 1,
          replicates: 10,
          detail: true,
        });
        expect(result).toMatchObject({ executed: 40, complete: true });
        expect(outputThreads, `${i + 1} workers`).toBe(i);
      }
    } finally {
      spy.mockRestore();
    }
    const rows = csvParse(readFileSync(join(dirs[0]!, 'metrics.csv'), 'utf8')).length;
    expect(rows).toBeGreaterThan(262_144);
    for (const file of ['metrics.csv', 'metrics.parquet', 'measures.csv', 'summary.json']) {
      expect(readFileSync(join(dirs[1]!, file)).equals(readFileSync(join(dirs[0]!, file))), file).toBe(true);
    }
    const table = tableFromIPC(parquet.readParquet(readFileSync(join(dirs[1]!, 'metrics.parquet'))).intoIPCStream());
    expect(table.numRows).toBe(rows);
    expect(readdirSync(dirs[1]!).filter((n) => n.endsWith('.tmp') || n === 'parts')).toEqual([]);
  });

  it('a failed run leaves the finished runs and no output, written or half-written', async () => {
    for (const workers of [1, 2]) {
      const out = join(tmp, `failed-${workers}`);
      // The plugin's exception is bad input that names the run, the step and the module, with 1 worker or 2.
      const failure = await runScenario('test/fixtures/plugins/failing-study.yaml', { cwd: root, out, workers }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ScenarioError);
      expect((failure as ScenarioError).message).toMatch(
        /^a plugin failed: run failing\/0\/\d \(arm "failing", step 3\) threw in test\/fixtures\/plugins\/failing\.ts: FAILING doctrine: deliberate failure at step 3$/,
      );
      expect(readdirSync(out).sort(), `${workers} workers`).toEqual(['parts']);
      const parts = readdirSync(join(out, 'parts'));
      expect(parts.filter((n) => n.endsWith('.tmp'))).toEqual([]);
      // The control arm's three runs come first and finish; with one worker, nothing after the failure runs.
      expect(parts.filter((n) => n.endsWith('.part')).length).toBeGreaterThanOrEqual(3);
      if (workers === 1) expect(parts.filter((n) => n.endsWith('.part')).length).toBe(3);
    }
  });

  it('parts carry their rows as columns; CSV-only parts (an earlier format) give the same metrics.csv and metrics.parquet', async () => {
    const out = join(tmp, 'columns');
    await runScenario('test/fixtures/scenarios/sweep.yaml', {
      cwd: root,
      out,
      workers: 1,
      replicates: 2,
      set: ['horizon=3'],
      keepParts: true,
    });
    const parts = join(out, 'parts');
    const names = readdirSync(parts).filter((n) => n.endsWith('.part'));
    expect(names.length).toBe(8);
    for (const name of names) {
      const data = readFileSync(join(parts, name));
      const newline = data.indexOf(10);
      // Parts of the earlier format had neither columns nor a checksum.
      const {
        layout,
        checksum: _,
        ...header
      } = JSON.parse(data.subarray(0, newline).toString('utf8')) as {
        layout: { csvBytes: number };
        checksum: string;
        rows: number;
      };
      // The columns follow the CSV text: 21 bytes a row (Int32 step, Uint8 kind, Int32 entity, Int32 variable, Float64 value).
      expect(data.length - newline - 1 - layout.csvBytes).toBe(21 * header.rows);
      writeFileSync(
        join(parts, name),
        Buffer.concat([
          Buffer.from(`${JSON.stringify(header)}\n`),
          data.subarray(newline + 1, newline + 1 + layout.csvBytes),
        ]),
      );
    }
    const rebuilt = join(tmp, 'columns-from-csv');
    await mergeRuns([out], { out: rebuilt, cwd: root });
    for (const file of ['metrics.csv', 'metrics.parquet', 'measures.csv', 'summary.json']) {
      expect(readFileSync(join(rebuilt, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
  });
});
