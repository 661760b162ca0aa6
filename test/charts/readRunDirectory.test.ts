import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunDirectory } from '@chokepoint/charts/node';
import { runScenario } from '@chokepoint/runner';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-read-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The run directory, and a copy of it without metrics.parquet (so it is read from metrics.csv). */
async function runBothWays(file: string, set: string[]): Promise<[string, string]> {
  const out = join(tmp, `run-${set.join('-').replace(/[^a-z0-9]/gi, '')}`);
  // Every firm's rows (--detail), so that reading with and without includeFirms differs.
  await runScenario(file, { cwd: root, out, workers: 1, set, detail: true });
  const csvOnly = `${out}-csv`;
  cpSync(out, csvOnly, { recursive: true });
  rmSync(join(csvOnly, 'metrics.parquet'));
  return [out, csvOnly];
}

describe('readRunDirectory', () => {
  it('reads the same rows from metrics.parquet as from metrics.csv, with numeric swept parameters', async () => {
    const [both, csvOnly] = await runBothWays('test/fixtures/scenarios/sweep.yaml', ['horizon=4', 'replicates=2']);
    for (const options of [
      { includeFirms: true },
      {},
      { chartRowsOnly: true },
      { filter: (r: { variable: string }) => r.variable === 'output' },
    ]) {
      const [fromParquet, fromCsv] = [await readRunDirectory(both, options), await readRunDirectory(csvOnly, options)];
      expect(fromParquet.rows.length).toBeGreaterThan(0);
      expect(fromParquet.rows).toEqual(fromCsv.rows);
      expect(fromParquet.parameterNames).toEqual(['licence']);
      expect(fromParquet.parameterNames).toEqual(fromCsv.parameterNames);
    }
  });

  it('reads a swept column of mixed values as the CSV reader does: numbers when they read as numbers, else text', async () => {
    const file = join(tmp, 'labels.yaml');
    cpSync(join(root, 'test/fixtures/scenarios/sweep.yaml'), join(tmp, 'base.yaml'));
    writeFileSync(
      file,
      // The flag sets the substitution rate, so that every point has runs of its own.
      `extends: base.yaml\nparameters: { licence: 0.2, flag: true }\nworld: { params: { substitutionRate: "=flag == true ? 0.2 : (flag == false ? 0.3 : 0.4)" } }\nsweep:\n  parameters:\n    licence: [0.5]\n    flag: [true, 2.5, false]\n`,
    );
    const [both, csvOnly] = await runBothWays(file, ['horizon=3', 'replicates=1']);
    const [fromParquet, fromCsv] = [
      await readRunDirectory(both, { includeFirms: true }),
      await readRunDirectory(csvOnly, { includeFirms: true }),
    ];
    expect(fromParquet.rows).toEqual(fromCsv.rows);
    expect(new Set(fromParquet.rows.map((r) => r.parameters.flag))).toEqual(new Set(['true', 2.5, 'false']));
  });
});
