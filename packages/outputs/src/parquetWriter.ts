import { ENTITY_KINDS } from '@chokepoint/core';
import type { Vector } from 'apache-arrow';
import { csvParseRows } from 'd3-dsv';
import { METRIC_COLUMNS, type PartColumns, type PartLayout } from '@chokepoint/format';
import { LocalEncoder, ThreadEncoder, type Encoder } from './parquetEncode.js';
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

/** What this module needs of apache-arrow, loaded on first use. */
type Arrow = typeof import('apache-arrow');

/** Where a writer encodes: on this thread, on a thread of its own, or `auto`. */
export type EncoderThread = boolean | 'auto';

/**
 * Writes metrics.parquet as its rows arrive, part by part, in run order. Rows go to the
 * encoder in record batches of about `batchRows` rows (whole runs); each batch is coded with
 * its own dictionaries (the encoder builds the file's dictionaries itself), handed over and
 * freed in turn, and the encoder writes the file as it goes, so the memory held is a batch or
 * two whatever the number of runs. {@link MetricsParquetWriter.add} waits while the encoder is
 * more than a batch behind. A table larger than one batch is encoded on a thread of its own
 * (`encoderThread: 'auto'`), started when the first batch is full; a smaller one on this thread,
 * when the writer closes. The file is the same either way.
 *
 * @example
 * ```ts
 * const writer = await MetricsParquetWriter.open([{ name: 'licence', numeric: true }], 'out/metrics.parquet.tmp');
 * for (const path of partPaths) await writer.add(readPart(path));
 * await writer.close(); // the file is complete
 * ```
 */
export class MetricsParquetWriter {
  private dictionaries: Array<Map<string, number>>;
  private pending: Chunk[] = [];
  private pendingRows = 0;
  private written = 0;
  private closing = false;
  private encoder: Encoder | undefined;
  private readonly columnBuffers = new Map<string, Int32Array | Float64Array>();

  private constructor(
    private readonly arrow: Arrow,
    private readonly swept: readonly SweptColumn[],
    private readonly path: string,
    private readonly batchRows: number,
    private readonly encoderThread: EncoderThread,
  ) {
    this.dictionaries = this.emptyDictionaries();
  }

  /**
   * Starts a writer of the file at `path` (loading apache-arrow on first use, so runs that skip
   * Parquet never load it).
   *
   * @param swept - The swept-parameter columns, after the metric columns.
   * @param path - The file to write (created when the first batch goes to the encoder).
   * @param options.batchRows - Rows per record batch (whole runs, so a batch can be larger).
   *   The file's rows and values do not depend on it; its bytes do (where pages end).
   * @param options.encoderThread - Encode on a thread of its own: always, never, or (`auto`,
   *   the default) once the table is larger than one batch.
   */
  static async open(
    swept: readonly SweptColumn[],
    path: string,
    options: { batchRows?: number; encoderThread?: EncoderThread } = {},
  ): Promise<MetricsParquetWriter> {
    const arrow = await import('apache-arrow');
    return new MetricsParquetWriter(
      arrow,
      swept,
      path,
      options.batchRows ?? BATCH_ROWS,
      options.encoderThread ?? 'auto',
    );
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
    return [
      this.codeOf(RUN_ID, fields[0]!),
      this.codeOf(SCENARIO, fields[1]!),
      this.codeOf(ARM, fields[2]!),
      this.codeOf(SEED, fields[5]!),
    ];
  }

  private sweptValues(values: readonly string[]): number[] {
    return this.swept.map(({ numeric }, s) =>
      numeric ? Number(values[s]) : this.codeOf(METRIC_COLUMNS.length + s, values[s]!),
    );
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
    this.push({
      rows: n,
      run,
      point,
      replicate,
      swept: this.sweptValues(layout.columnValues),
      step: steps,
      date,
      kind,
      entity,
      variable,
      value: values,
    });
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

  /** Codes the pending chunks as one record batch (Arrow IPC), hands it to the encoder and starts the next batch. */
  private flush(): void {
    const ipc = this.batch(this.pending, this.pendingRows);
    this.written += this.pendingRows;
    this.pending = [];
    this.pendingRows = 0;
    this.dictionaries = this.emptyDictionaries();
    if (this.encoder === undefined) {
      const thread = this.encoderThread === 'auto' ? !this.closing : this.encoderThread;
      this.encoder = thread ? new ThreadEncoder(this.path) : new LocalEncoder(this.path);
    }
    this.encoder.push(ipc);
  }

  /** Resolves once at most `batches` batches wait for the encoder (or it failed); throws its error. */
  private async backlog(batches: number): Promise<void> {
    const encoder = this.encoder;
    if (encoder === undefined) return;
    while (encoder.failure === undefined && encoder.waiting > batches) await encoder.changed();
    if (encoder.failure !== undefined) throw encoder.failure.error;
  }

  /**
   * Hands over the last batch (or, when no rows came, an empty one that carries the schema) and
   * resolves once the file is complete and closed.
   *
   * @throws the encoder's error, when it failed.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.pendingRows > 0 || this.written === 0) this.flush();
    await this.encoder!.close();
  }

  /** Stops encoding and closes the file, which the caller removes (after a failure elsewhere). */
  abort(): void {
    this.encoder?.abort();
  }

  /** Threads this writer keeps busy besides the caller's: 1 while the encoder runs on a thread of its own. */
  get threads(): number {
    return this.encoder instanceof ThreadEncoder ? 1 : 0;
  }

  /**
   * A column of `rows` elements for the batch being built, in a buffer kept per column and
   * reused by the next batch (the IPC stream copies it): fresh memory costs page faults, and a
   * batch's columns take about 10 MB.
   */
  private column<T extends Int32Array | Float64Array>(name: string, make: new (n: number) => T, rows: number): T {
    let buffer = this.columnBuffers.get(name) as T | undefined;
    if (buffer === undefined || buffer.constructor !== make || buffer.length < rows) {
      buffer = new make(rows);
      this.columnBuffers.set(name, buffer);
    }
    return buffer.subarray(0, rows) as T;
  }

  /** The column `name`: `of(chunk)` of the chunks, concatenated. */
  private join<T extends Int32Array | Float64Array>(
    name: string,
    chunks: readonly Chunk[],
    rows: number,
    make: new (n: number) => T,
    of: (chunk: Chunk) => T,
  ): T {
    const out = this.column(name, make, rows);
    let at = 0;
    for (const chunk of chunks) {
      out.set(of(chunk), at);
      at += chunk.rows;
    }
    return out;
  }

  /** The column `name`, holding `of(chunk)` on each of its rows, over `chunks`. */
  private repeat<T extends Int32Array | Float64Array>(
    name: string,
    chunks: readonly Chunk[],
    rows: number,
    make: new (n: number) => T,
    of: (chunk: Chunk) => number,
  ): T {
    const out = this.column(name, make, rows);
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
      makeVector(
        makeData({
          type: new Dictionary(new Utf8(), new Int32(), column),
          length: data.length,
          nullCount: 0,
          data,
          dictionary: dictionaries[column]!,
        }),
      );
    const columns: Record<string, Vector> = {
      run_id: dictionaryVector(
        RUN_ID,
        this.repeat('run_id', chunks, rows, Int32Array, (c) => c.run[0]),
      ),
      scenario: dictionaryVector(
        SCENARIO,
        this.repeat('scenario', chunks, rows, Int32Array, (c) => c.run[1]),
      ),
      arm: dictionaryVector(
        ARM,
        this.repeat('arm', chunks, rows, Int32Array, (c) => c.run[2]),
      ),
      point: makeVector(this.repeat('point', chunks, rows, Int32Array, (c) => c.point)),
      replicate: makeVector(this.repeat('replicate', chunks, rows, Int32Array, (c) => c.replicate)),
      seed: dictionaryVector(
        SEED,
        this.repeat('seed', chunks, rows, Int32Array, (c) => c.run[3]),
      ),
      step: makeVector(this.join('step', chunks, rows, Int32Array, (c) => c.step)),
      date: dictionaryVector(
        DATE,
        this.join('date', chunks, rows, Int32Array, (c) => c.date),
      ),
      entity_kind: dictionaryVector(
        KIND,
        this.join('entity_kind', chunks, rows, Int32Array, (c) => c.kind),
      ),
      entity: dictionaryVector(
        ENTITY,
        this.join('entity', chunks, rows, Int32Array, (c) => c.entity),
      ),
      variable: dictionaryVector(
        VARIABLE,
        this.join('variable', chunks, rows, Int32Array, (c) => c.variable),
      ),
      value: makeVector(this.join('value', chunks, rows, Float64Array, (c) => c.value)),
    };
    this.swept.forEach(({ name, numeric }, s) => {
      columns[name] = numeric
        ? makeVector(this.repeat(`swept:${name}`, chunks, rows, Float64Array, (c) => c.swept[s]!))
        : dictionaryVector(
            METRIC_COLUMNS.length + s,
            this.repeat(`swept:${name}`, chunks, rows, Int32Array, (c) => c.swept[s]!),
          );
    });
    return tableToIPC(new Table(columns), 'stream');
  }
}
