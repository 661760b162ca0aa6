import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MetricsParquetWriter, type EncoderThread, type SweptColumn } from '@chokepoint/outputs/internal';

const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-parquet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;

/*
 * metrics.parquet goes to the encoder in record batches of whole runs. The batch size must not
 * change what the file holds: every row and column, the dictionaries of text columns, and the
 * swept columns (numeric ones as numbers, text ones dictionary-coded).
 */

/** Three runs' metrics.csv rows (without header): 12 metric columns, then the swept `licence` and `label`. */
function runCsv(run: number, rows: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const entity = ['US', 'CN', 'TW'][i % 3];
    const variable = i % 2 === 0 ? 'output' : 'capability';
    lines.push(
      `arm${run % 2}/${run}/0,test,arm${run % 2},${run},0,seed-${run},${i},2024-0${(i % 4) + 1}-01,state,${entity},${variable},${run * 100 + i * 0.5},${run / 10},label-${run % 2}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes parts as a file; its bytes. */
async function written(
  swept: SweptColumn[],
  bodies: string[],
  batchRows: number,
  encoderThread: EncoderThread = false,
): Promise<Uint8Array> {
  const path = join(tmp, `metrics-${files++}.parquet`);
  const writer = await MetricsParquetWriter.open(swept, path, { batchRows, encoderThread });
  for (const [run, body] of bodies.entries())
    await writer.add({ header: { run, run_id: `r${run}`, rows: 0, finals: {} }, csv: new TextEncoder().encode(body) });
  await writer.close();
  return readFileSync(path);
}

const SWEPT: SweptColumn[] = [
  { name: 'licence', numeric: true },
  { name: 'label', numeric: false },
];

async function decoded(batchRows: number): Promise<Record<string, unknown>[]> {
  const file = await written(
    SWEPT,
    [0, 1, 2].map((run) => runCsv(run, 5 + run)),
    batchRows,
  );
  const table = tableFromIPC(parquet.readParquet(file).intoIPCStream());
  return table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
}

describe('metrics.parquet in record batches', () => {
  it('holds the same rows whether written in one batch or one batch per run', async () => {
    const whole = await decoded(1e9);
    const perRun = await decoded(1);
    expect(perRun).toEqual(whole);
    expect(whole).toHaveLength(5 + 6 + 7);
    expect(whole[5]).toEqual({
      run_id: 'arm1/1/0',
      scenario: 'test',
      arm: 'arm1',
      point: 1,
      replicate: 0,
      seed: 'seed-1',
      step: 0,
      date: '2024-01-01',
      entity_kind: 'state',
      entity: 'US',
      variable: 'output',
      value: 100,
      licence: 0.1,
      label: 'label-1',
    });
    expect(whole.at(-1)).toMatchObject({ run_id: 'arm0/2/0', step: 6, value: 203, licence: 0.2, label: 'label-0' });
  });

  it('writes the same file on an encoder thread of its own as on this thread', async () => {
    const bodies = [0, 1, 2, 3, 4].map((run) => runCsv(run, 5 + run));
    for (const batchRows of [1, 12, 1e9]) {
      const here = await written(SWEPT, bodies, batchRows, false);
      expect(
        Buffer.from(await written(SWEPT, bodies, batchRows, true)).equals(Buffer.from(here)),
        `batchRows ${batchRows}`,
      ).toBe(true);
      expect(
        Buffer.from(await written(SWEPT, bodies, batchRows, 'auto')).equals(Buffer.from(here)),
        `batchRows ${batchRows}, auto`,
      ).toBe(true);
    }
  });

  it('writes an empty table with its schema', async () => {
    const table = tableFromIPC(parquet.readParquet(await written(SWEPT, [], 1)).intoIPCStream());
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(
      expect.arrayContaining(['value:Float64', 'licence:Float64', 'label:Dictionary<Int32, Utf8>']),
    );
  });
});

describe('aborting a writer', () => {
  it('stops the encoder thread and leaves no file once the caller removes it', async () => {
    const path = join(tmp, 'aborted.parquet');
    const writer = await MetricsParquetWriter.open(SWEPT, path, { batchRows: 1, encoderThread: true });
    await writer.add({
      header: { run: 0, run_id: 'r0', rows: 0, finals: {} },
      csv: new TextEncoder().encode(runCsv(0, 5)),
    });
    writer.abort();
    rmSync(path, { force: true });
    // A thread that was still starting must not create the file again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(path)).toBe(false);
    await expect(
      writer.add({
        header: { run: 1, run_id: 'r1', rows: 0, finals: {} },
        csv: new TextEncoder().encode(runCsv(1, 5)),
      }),
    ).rejects.toThrow('aborted');
  });
});
