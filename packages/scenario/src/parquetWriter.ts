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

/**
 * A swept-parameter column of metrics.parquet: numeric (Float64) when every run's value is a
 * number, else dictionary-coded text.
 */
export interface SweptColumn {
  /** The column's name (the swept key). */
  name: string;
  /** Whether every run's value is a finite number. */
  numeric: boolean;
}

/** One part's rows, coded against the dictionaries of the batch it belongs to. */
interface Chunk {
  rows: number;
  /** Codes of run_id, scenario, arm and seed. */
  run: [number, number, number, number];
  point: number;
  replicate: number;
  /** Swept values: the number for a numeric column, else the code of its text. */
  swept: number[];
  step: Int32Array;
  date: Int32Array;
  kind: Int32Array;
  entity: Int32Array;
  variable: Int32Array;
  value: Float64Array;
}

/** What this module needs of apache-arrow and parquet-wasm, loaded on first use. */
type Arrow = typeof import('apache-arrow');
type Parquet = typeof import('parquet-wasm');

/**
 * Writes metrics.parquet as its rows arrive, part by part, in run order. Rows go to the
 * encoder in record batches of about `batchRows` rows (whole runs); each batch is coded,
 * handed over and freed in turn, and the encoded bytes go to `sink` as the encoder emits them,
 * so the memory held is a batch or two whatever the number of runs. Text columns are
 * dictionary-coded per batch (the encoder builds the file's dictionaries itself).
 * {@link MetricsParquetWriter.add} waits while the encoder is a batch behind, so a caller
 * that awaits it never gets ahead of the encoder by more than that.
 *
 * @example
 * ```ts
 * const chunks: Uint8Array[] = [];
 * const writer = await MetricsParquetWriter.open([{ name: 'licence', numeric: true }], (bytes) => chunks.push(bytes.slice()));
 * for (const path of partPaths) await writer.add(readPart(path));
 * await writer.close(); // chunks now hold the whole file
 * ```
 */
export class MetricsParquetWriter {
  private dictionaries: Array<Map<string, number>>;
  private pending: Chunk[] = [];
  private pendingRows = 0;
  private written = 0;
  /** Batches coded as Arrow IPC, waiting for the encoder. */
  private readonly queue: Uint8Array[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  /** Wakes the encoder's pull when a batch is queued or the writer closes. */
  private wakeEncoder: (() => void) | undefined;
  /** Wakes `add` and `close` when the encoder takes a batch, finishes or fails. */
  private wakeWriter: (() => void) | undefined;
  private readonly drained: Promise<void>;

  private constructor(
    private readonly arrow: Arrow,
    parquet: Parquet,
    private readonly swept: readonly SweptColumn[],
    private readonly batchRows: number,
    sink: (bytes: Uint8Array) => void,
  ) {
    this.dictionaries = this.emptyDictionaries();
    const batches = new ReadableStream({
      pull: async (controller) => {
        while (this.queue.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.wakeEncoder = resolve));
        const ipc = this.queue.shift();
        this.wakeWriter?.();
        if (ipc === undefined) {
          controller.close();
          return;
        }
        const table = parquet.Table.fromIPCStream(ipc);
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
    this.drained = (async () => {
      const encoded = await parquet.transformParquetStream(batches, properties);
      for await (const bytes of encoded as unknown as AsyncIterable<Uint8Array>) sink(bytes);
    })().then(
      () => this.wakeWriter?.(),
      (error: unknown) => {
        this.failure ??= { error };
        this.wakeWriter?.();
      },
    );
  }

  /**
   * Starts a writer (loading apache-arrow and parquet-wasm on first use, so runs that skip
   * Parquet never load them).
   *
   * @param swept - The swept-parameter columns, after the metric columns.
   * @param sink - Receives the file's bytes in order; a view may be reused after the call returns.
   * @param batchRows - Rows per record batch (whole runs, so a batch can be larger); the file's
   *   rows and values do not depend on it.
   */
  static async open(swept: readonly SweptColumn[], sink: (bytes: Uint8Array) => void, batchRows = BATCH_ROWS): Promise<MetricsParquetWriter> {
    const [arrow, parquet] = await Promise.all([import('apache-arrow'), import('parquet-wasm')]);
    return new MetricsParquetWriter(arrow, parquet, swept, batchRows, sink);
  }

  private emptyDictionaries(): Array<Map<string, number>> {
    return Array.from({ length: METRIC_COLUMNS.length + this.swept.length }, () => new Map<string, number>());
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

  private sweptValues(values: readonly string[]): number[] {
    return this.swept.map(({ numeric }, s) => (numeric ? Number(values[s]) : this.codeOf(METRIC_COLUMNS.length + s, values[s]!)));
  }

  /**
   * Adds a part read back with `readPart` (partFile.ts), from its columns or, for a CSV-only
   * part of an earlier format, by parsing its CSV. Resolves once the encoder is at most one
   * batch behind.
   *
   * @throws the encoder's error, when it failed.
   */
  async add(part: Part): Promise<void> {
    if (part.columns !== undefined) this.addColumns(part.columns);
    else this.addCsv(Buffer.from(part.csv.buffer, part.csv.byteOffset, part.csv.byteLength).toString('utf8'));
    await this.backlog(1);
  }

  /** Adds a part's rows from its columns: names are coded once per part, not once per row. */
  private addColumns(part: { layout: PartLayout } & PartColumns): void {
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
    this.push({ rows: n, run, point, replicate, swept: this.sweptValues(layout.columnValues), step: steps, date, kind, entity, variable, value: values });
  }

  /** Adds the rows of a CSV-only part body (metrics.csv lines without the header). */
  private addCsv(body: string): void {
    const rows = csvParseRows(body).filter((row) => row.length > 1);
    const n = rows.length;
    if (n === 0) return;
    const first = rows[0]!;
    const chunk: Chunk = {
      rows: n,
      run: this.runCodes(first),
      point: Number(first[3]),
      replicate: Number(first[4]),
      swept: this.sweptValues(first.slice(METRIC_COLUMNS.length)),
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
    this.pending.push(chunk);
    this.pendingRows += chunk.rows;
    if (this.pendingRows >= this.batchRows) this.flush();
  }

  /** Codes the pending chunks as one record batch (Arrow IPC), queues it for the encoder and starts the next batch. */
  private flush(): void {
    this.queue.push(this.batch(this.pending, this.pendingRows));
    this.written += this.pendingRows;
    this.pending = [];
    this.pendingRows = 0;
    this.dictionaries = this.emptyDictionaries();
    this.wakeEncoder?.();
  }

  /** Resolves once at most `batches` batches wait for the encoder (or it finished or failed); throws its error. */
  private async backlog(batches: number): Promise<void> {
    while (this.failure === undefined && this.queue.length > batches) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    if (this.failure !== undefined) throw this.failure.error;
  }

  /**
   * Queues the last batch (or, when no rows came, an empty one that carries the schema) and
   * resolves once the encoder has emitted the whole file to the sink.
   *
   * @throws the encoder's error, when it failed.
   */
  async close(): Promise<void> {
    if (this.pendingRows > 0 || this.written === 0) this.flush();
    this.closed = true;
    this.wakeEncoder?.();
    await this.backlog(0);
    await this.drained;
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Joins a per-row column of the chunks. */
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

  /** The chunks as one record batch, an Arrow IPC stream, with this batch's dictionaries. */
  private batch(chunks: readonly Chunk[], rows: number): Uint8Array {
    const { Dictionary, Int32, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } = this.arrow;
    const dictionaries = this.dictionaries.map((dictionary) => vectorFromArray([...dictionary.keys()], new Utf8()));
    const dictionaryVector = (column: number, data: Int32Array): Vector =>
      makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32(), column), length: data.length, nullCount: 0, data, dictionary: dictionaries[column]! }));
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
    this.swept.forEach(({ name, numeric }, s) => {
      columns[name] = numeric
        ? makeVector(this.repeat(chunks, rows, Float64Array, (c) => c.swept[s]!))
        : dictionaryVector(METRIC_COLUMNS.length + s, this.repeat(chunks, rows, Int32Array, (c) => c.swept[s]!));
    });
    return tableToIPC(new Table(columns), 'stream');
  }
}
