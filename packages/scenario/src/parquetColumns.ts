import { ENTITY_KINDS } from '@chokepoint/core';
import type { Vector } from 'apache-arrow';
import { csvParseRows } from 'd3-dsv';
import { METRIC_COLUMNS, type PartColumns, type PartLayout } from './execute.js';
import type { Part } from './partFile.js';

// Column positions in METRIC_COLUMNS of the dictionary-coded text columns.
const RUN_ID = 0;
const SCENARIO = 1;
const ARM = 2;
const SEED = 5;
const DATE = 7;
const KIND = 8;
const ENTITY = 9;
const VARIABLE = 10;

/** Text columns whose values repeat within every run (a run's rows cycle through them). */
const CYCLING_TEXT_COLUMNS = ['date', 'entity_kind', 'entity', 'variable'];

/** Rows per record batch handed to the Parquet encoder (whole runs, so a batch can be larger). */
const BATCH_ROWS = 1 << 18;

/** One part's rows, coded: the run's fields are the same on every row, so they are kept once. */
interface Chunk {
  rows: number;
  /** Codes of run_id, scenario, arm and seed. */
  run: [number, number, number, number];
  point: number;
  replicate: number;
  /** Swept values, as in the CSV (unquoted). */
  swept: string[];
  step: Int32Array;
  date: Int32Array;
  kind: Int32Array;
  entity: Int32Array;
  variable: Int32Array;
  value: Float64Array;
}

/**
 * Collects metrics.csv rows, part by part, as typed columns for metrics.parquet. Text
 * columns are dictionary-coded in the order rows first use their values, so the file is the
 * same whatever the worker count or sharding. Parts written with columns (see
 * {@link PartLayout}) are added without parsing any text; older, CSV-only parts are parsed.
 */
export class ParquetColumns {
  private readonly dictionaries: Array<Map<string, number>>;
  private readonly chunks: Chunk[] = [];
  private total = 0;

  /** @param sweptNames - The swept parameter columns that follow the metric columns. */
  /**
   * @param sweptNames - Names of the swept-parameter columns, after the metric columns.
   * @param batchRows - Rows per record batch handed to the encoder (whole runs, so a batch can
   *   be larger); the output does not depend on it.
   */
  constructor(
    private readonly sweptNames: readonly string[],
    private readonly batchRows = BATCH_ROWS,
  ) {
    this.dictionaries = Array.from({ length: METRIC_COLUMNS.length + sweptNames.length }, () => new Map<string, number>());
  }

  private codeOf(column: number, text: string): number {
    const dictionary = this.dictionaries[column]!;
    let index = dictionary.get(text);
    if (index === undefined) dictionary.set(text, (index = dictionary.size));
    return index;
  }

  private runCodes(fields: readonly string[]): [number, number, number, number] {
    return [this.codeOf(RUN_ID, fields[0]!), this.codeOf(SCENARIO, fields[1]!), this.codeOf(ARM, fields[2]!), this.codeOf(SEED, fields[5]!)];
  }

  /** Adds a part's rows from its columns: names are coded once per part, not once per row. */
  addColumns(part: { layout: PartLayout } & PartColumns): void {
    const { layout, steps, kindCodes, entityIds, variableIds, values } = part;
    const n = values.length;
    if (n === 0) return;
    const run = this.runCodes(layout.runFields);
    const entityCode = new Int32Array(layout.entities.length).fill(-1);
    const variableCode = new Int32Array(layout.variables.length).fill(-1);
    const kindCode = new Int32Array(ENTITY_KINDS.length).fill(-1);
    const date = new Int32Array(n);
    const kind = new Int32Array(n);
    const entity = new Int32Array(n);
    const variable = new Int32Array(n);
    let lastStep = -1;
    let dateCode = 0;
    for (let i = 0; i < n; i++) {
      const step = steps[i]!;
      if (step !== lastStep) {
        lastStep = step;
        dateCode = this.codeOf(DATE, layout.dates[step] ?? '');
      }
      date[i] = dateCode;
      const k = kindCodes[i]!;
      if (kindCode[k] === -1) kindCode[k] = this.codeOf(KIND, ENTITY_KINDS[k]!);
      kind[i] = kindCode[k]!;
      const e = entityIds[i]!;
      if (entityCode[e] === -1) entityCode[e] = this.codeOf(ENTITY, layout.entities[e]!);
      entity[i] = entityCode[e]!;
      const v = variableIds[i]!;
      if (variableCode[v] === -1) variableCode[v] = this.codeOf(VARIABLE, layout.variables[v]!);
      variable[i] = variableCode[v]!;
    }
    const [point, replicate] = [Number(layout.runFields[3]), Number(layout.runFields[4])];
    this.push({ rows: n, run, point, replicate, swept: layout.columnValues, step: steps, date, kind, entity, variable, value: values });
  }

  /** Adds a part read back with `readPart` (partFile.ts): from its columns, or by parsing its CSV. */
  addPart(part: Part): void {
    if (part.columns !== undefined) this.addColumns(part.columns);
    else this.addCsv(Buffer.from(part.csv.buffer, part.csv.byteOffset, part.csv.byteLength).toString('utf8'));
  }

  /** Adds the rows of a CSV-only part body (metrics.csv lines without the header). */
  addCsv(body: string): void {
    const rows = csvParseRows(body).filter((row) => row.length > 1);
    const n = rows.length;
    if (n === 0) return;
    const first = rows[0]!;
    const chunk: Chunk = {
      rows: n,
      run: this.runCodes(first),
      point: Number(first[3]),
      replicate: Number(first[4]),
      swept: first.slice(METRIC_COLUMNS.length),
      step: new Int32Array(n),
      date: new Int32Array(n),
      kind: new Int32Array(n),
      entity: new Int32Array(n),
      variable: new Int32Array(n),
      value: new Float64Array(n),
    };
    rows.forEach((row, i) => {
      chunk.step[i] = Number(row[6]);
      chunk.date[i] = this.codeOf(DATE, row[DATE]!);
      chunk.kind[i] = this.codeOf(KIND, row[KIND]!);
      chunk.entity[i] = this.codeOf(ENTITY, row[ENTITY]!);
      chunk.variable[i] = this.codeOf(VARIABLE, row[VARIABLE]!);
      chunk.value[i] = Number(row[11]);
    });
    this.push(chunk);
  }

  private push(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.total += chunk.rows;
  }

  /** Joins a per-row column of the chunks. */
  /** The column of `of(chunk)` over `chunks`, concatenated. */
  private join<T extends Int32Array | Float64Array>(chunks: readonly Chunk[], rows: number, make: new (n: number) => T, of: (chunk: Chunk) => T): T {
    const out = new make(rows);
    let at = 0;
    for (const chunk of chunks) {
      out.set(of(chunk), at);
      at += chunk.rows;
    }
    return out;
  }

  /** The column holding `of(chunk)` on each of its rows, over `chunks`. */
  private repeat<T extends Int32Array | Float64Array>(chunks: readonly Chunk[], rows: number, make: new (n: number) => T, of: (chunk: Chunk) => number): T {
    const out = new make(rows);
    let at = 0;
    for (const chunk of chunks) {
      out.fill(of(chunk), at, at + chunk.rows);
      at += chunk.rows;
    }
    return out;
  }

  /**
   * The table as Parquet (zstd). It goes to the encoder in record batches of about
   * `batchRows` rows (whole runs), each built, handed over and freed in turn, so the
   * memory held at once is one batch, not the whole table: at a million rows and more, building
   * one table and copying it whole into the encoder's memory took longer than encoding it.
   */
  async toParquet(): Promise<Uint8Array> {
    // Loaded here: runs that skip Parquet (and workers) never load Arrow or the wasm module.
    const { Dictionary, Int32, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } = await import('apache-arrow');
    const parquet = await import('parquet-wasm');
    // Swept columns: numeric when every run's value is a number, else dictionary-coded text.
    const swept = this.sweptNames.map((name, s) => {
      const numeric = this.chunks.every((chunk) => chunk.swept[s] !== '' && Number.isFinite(Number(chunk.swept[s])));
      const column = METRIC_COLUMNS.length + s;
      // Coded up front, so every batch carries the whole dictionary.
      const codes = numeric ? [] : this.chunks.map((chunk) => this.codeOf(column, chunk.swept[s]!));
      return { name, s, numeric, column, codes };
    });
    const dictionaries = this.dictionaries.map((dictionary) => vectorFromArray([...dictionary.keys()], new Utf8()));
    const dictionaryVector = (column: number, data: Int32Array): Vector =>
      makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32(), column), length: data.length, nullCount: 0, data, dictionary: dictionaries[column]! }));
    const batch = (first: number, last: number): Uint8Array => {
      const chunks = this.chunks.slice(first, last);
      const rows = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
      const columns: Record<string, Vector> = {
        run_id: dictionaryVector(RUN_ID, this.repeat(chunks, rows, Int32Array, (c) => c.run[0])),
        scenario: dictionaryVector(SCENARIO, this.repeat(chunks, rows, Int32Array, (c) => c.run[1])),
        arm: dictionaryVector(ARM, this.repeat(chunks, rows, Int32Array, (c) => c.run[2])),
        point: makeVector(this.repeat(chunks, rows, Int32Array, (c) => c.point)),
        replicate: makeVector(this.repeat(chunks, rows, Int32Array, (c) => c.replicate)),
        seed: dictionaryVector(SEED, this.repeat(chunks, rows, Int32Array, (c) => c.run[3])),
        step: makeVector(this.join(chunks, rows, Int32Array, (c) => c.step)),
        date: dictionaryVector(DATE, this.join(chunks, rows, Int32Array, (c) => c.date)),
        entity_kind: dictionaryVector(KIND, this.join(chunks, rows, Int32Array, (c) => c.kind)),
        entity: dictionaryVector(ENTITY, this.join(chunks, rows, Int32Array, (c) => c.entity)),
        variable: dictionaryVector(VARIABLE, this.join(chunks, rows, Int32Array, (c) => c.variable)),
        value: makeVector(this.join(chunks, rows, Float64Array, (c) => c.value)),
      };
      for (const { name, s, numeric, column, codes } of swept) {
        let i = first;
        columns[name] = numeric
          ? makeVector(this.repeat(chunks, rows, Float64Array, (chunk) => Number(chunk.swept[s])))
          : dictionaryVector(column, this.repeat(chunks, rows, Int32Array, () => codes[i++]!));
      }
      return tableToIPC(new Table(columns), 'stream');
    };
    // Batch boundaries: whole chunks (runs), about BATCH_ROWS rows each.
    const bounds: number[] = [0];
    for (let i = 0, rows = 0; i < this.chunks.length; i++) {
      rows += this.chunks[i]!.rows;
      if (rows >= this.batchRows || i === this.chunks.length - 1) {
        bounds.push(i + 1);
        rows = 0;
      }
    }
    if (bounds.length === 1) bounds.push(0); // no rows: one empty batch carries the schema
    let next = 0;
    const batches = new ReadableStream({
      pull(controller) {
        if (next + 1 >= bounds.length) {
          controller.close();
          return;
        }
        const table = parquet.Table.fromIPCStream(batch(bounds[next]!, bounds[next + 1]!));
        next++;
        for (const recordBatch of table.recordBatches()) controller.enqueue(recordBatch);
        table.free();
      },
    });
    let builder = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setCreatedBy('chokepoint');
    // No min/max statistics for the text columns that cycle within every run: each row group
    // spans their whole range, so they could never prune one, and computing them per value took
    // a fifth of the encoding time. Run-level and numeric columns keep theirs.
    for (const name of CYCLING_TEXT_COLUMNS) builder = builder.setColumnStatisticsEnabled(name, parquet.EnabledStatistics.None);
    // The encoder takes 65,536 rows at a time, not 1,024: the same encoding time and read time,
    // and a file about 10% smaller (quickstart × 240 replicates: 11.9 → 10.7 MB).
    builder = builder.setWriteBatchSize(1 << 16);
    const properties = builder.build();
    const encoded = await parquet.transformParquetStream(batches, properties);
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const part of encoded as unknown as AsyncIterable<Uint8Array>) {
      parts.push(part);
      size += part.length;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
