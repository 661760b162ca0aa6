import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as zlib from 'node:zlib';
import type { PartColumns, PartHeader, PartLayout } from '@chokepoint/format';

/**
 * A part file that cannot be used: empty, cut short, appended to, its header broken, or a byte
 * changed since it was written (its checksum does not match). The run that wrote it must run
 * again; `--resume` and a shard run do it by themselves, `merge` names the command.
 */
export class PartDamage extends Error {
  constructor(
    /** The part file. */
    readonly path: string,
    /** What is wrong with it, in words. */
    readonly reason: string,
  ) {
    super(`${path}: expected a complete part file, received ${reason}`);
    this.name = 'PartDamage';
  }
}

/** zlib's CRC-32 (Node 20.15 and later); SHA-256 where it is missing. */
const crc32 = (zlib as { crc32?: (data: Uint8Array | string, value?: number) => number }).crc32;

/**
 * The checksum of a part file's header (without its `checksum` field, as JSON) and body:
 * `crc32:<8 hex digits>` (fast, and what detects accidental damage: a byte changed, bytes lost
 * or added), or `sha256:<hex>` on a Node without zlib.crc32.
 */
export function partChecksum(
  headerJson: string,
  body: Iterable<Uint8Array>,
  algorithm: 'crc32' | 'sha256' = crc32 !== undefined ? 'crc32' : 'sha256',
): string {
  if (algorithm === 'crc32' && crc32 !== undefined) {
    let value = crc32(`${headerJson}\n`);
    for (const chunk of body) value = crc32(chunk, value);
    return `crc32:${value.toString(16).padStart(8, '0')}`;
  }
  const hash = createHash('sha256').update(`${headerJson}\n`);
  for (const chunk of body) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

/** A part file read back: its header, its CSV rows (bytes), and its rows as columns when it has them. */
export interface Part {
  header: PartHeader;
  csv: Uint8Array;
  columns?: { layout: PartLayout } & PartColumns;
}

/** Copies `count` elements of a typed-array type out of `data` at `offset` (which need not be aligned). */
function column<T extends Int32Array | Float64Array>(
  make: new (n: number) => T,
  data: Uint8Array,
  offset: number,
  count: number,
): T {
  const out = new make(count);
  new Uint8Array(out.buffer).set(data.subarray(offset, offset + out.byteLength));
  return out;
}

/** The buffer the last part was read into, reused by the next read: a sweep reads hundreds of parts of a megabyte or so. */
let scratch = Buffer.allocUnsafe(0);

/** The bytes of the file at `path`, in {@link scratch} (valid until the next call). */
function readWhole(path: string): Buffer {
  const file = openSync(path, 'r');
  try {
    const size = fstatSync(file).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, Math.ceil(scratch.length * 1.5)));
    let at = 0;
    while (at < size) {
      const read = readSync(file, scratch, at, size - at, at);
      if (read === 0) break;
      at += read;
    }
    return scratch.subarray(0, at);
  } finally {
    closeSync(file);
  }
}

/**
 * Reads a part file (see {@link PartLayout}): its header line, its CSV bytes, and its binary
 * columns when it has them (parts written before the columns existed have none). Its CSV bytes
 * and `kindCodes` are views of a buffer the next call reuses: use them before reading another
 * part; the other columns are copies.
 *
 * @throws PartDamage when the file is empty, its header is not JSON, its length is not what
 * the header describes, its checksum does not match (parts written before checksums existed
 * have none), or a CSV-only part holds another number of rows than its header says.
 */
export function readPart(path: string): Part {
  const data = readWhole(path);
  if (data.length === 0) throw new PartDamage(path, 'an empty file');
  const newline = data.indexOf(10);
  let parsed: PartHeader & { layout?: PartLayout; checksum?: string };
  try {
    if (newline < 0) throw new Error('no end of line');
    parsed = JSON.parse(data.subarray(0, newline).toString('utf8')) as typeof parsed;
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      typeof parsed.rows !== 'number' ||
      typeof parsed.run !== 'number'
    )
      throw new Error('not a part header');
  } catch {
    throw new PartDamage(path, 'a header line that is not the JSON a run writes (cut short, or changed)');
  }
  const { layout, checksum, ...header } = parsed;
  const start = newline + 1;
  if (checksum !== undefined) {
    const { checksum: _, ...rest } = parsed;
    const algorithm = checksum.startsWith('sha256:') ? 'sha256' : 'crc32';
    if (partChecksum(JSON.stringify(rest), [data.subarray(start)], algorithm) !== checksum) {
      const expected = layout === undefined ? undefined : start + layout.csvBytes + 21 * header.rows;
      const size =
        expected !== undefined && expected !== data.length
          ? `${data.length} bytes where its header describes ${expected} (${data.length < expected ? 'cut short' : 'appended to'})`
          : 'bytes whose checksum does not match its header (changed after it was written)';
      throw new PartDamage(path, size);
    }
  }
  if (layout === undefined) {
    // A part without columns (CSV only), from before checksums: its rows are counted instead.
    const csv = data.subarray(start);
    let lines = 0;
    for (let i = 0; i < csv.length; i++) if (csv[i] === 10) lines++;
    if (lines !== header.rows || (csv.length > 0 && csv[csv.length - 1] !== 10))
      throw new PartDamage(path, `${lines} CSV rows where its header says ${header.rows} (cut short, or appended to)`);
    return { header, csv };
  }
  const n = header.rows;
  let at = start + layout.csvBytes;
  if (data.length !== at + 21 * n)
    throw new PartDamage(
      path,
      `${data.length} bytes where its header describes ${at + 21 * n} (${data.length < at + 21 * n ? 'cut short' : 'appended to'})`,
    );
  const steps = column(Int32Array, data, at, n);
  at += 4 * n;
  const kindCodes = data.subarray(at, at + n);
  at += n;
  const entityIds = column(Int32Array, data, at, n);
  at += 4 * n;
  const variableIds = column(Int32Array, data, at, n);
  at += 4 * n;
  const values = column(Float64Array, data, at, n);
  return {
    header,
    csv: data.subarray(start, start + layout.csvBytes),
    columns: { layout, steps, kindCodes, entityIds, variableIds, values },
  };
}
