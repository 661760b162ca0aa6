import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { PartColumns, PartHeader, PartLayout } from './execute.js';

/** A part file read back: its header, its CSV rows (bytes), and its rows as columns when it has them. */
export interface Part {
  header: PartHeader;
  csv: Uint8Array;
  columns?: { layout: PartLayout } & PartColumns;
}

/** Copies `count` elements of a typed-array type out of `data` at `offset` (which need not be aligned). */
function column<T extends Int32Array | Float64Array>(make: new (n: number) => T, data: Uint8Array, offset: number, count: number): T {
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
 * @throws Error when the file's length does not match what its header describes.
 */
export function readPart(path: string): Part {
  const data = readWhole(path);
  const newline = data.indexOf(10);
  const { layout, ...header } = JSON.parse(data.subarray(0, newline).toString('utf8')) as PartHeader & { layout?: PartLayout };
  const start = newline + 1;
  if (layout === undefined) return { header, csv: data.subarray(start) }; // a part without columns (CSV only)
  const n = header.rows;
  let at = start + layout.csvBytes;
  const steps = column(Int32Array, data, at, n);
  at += 4 * n;
  const kindCodes = data.subarray(at, at + n);
  at += n;
  const entityIds = column(Int32Array, data, at, n);
  at += 4 * n;
  const variableIds = column(Int32Array, data, at, n);
  at += 4 * n;
  const values = column(Float64Array, data, at, n);
  at += 8 * n;
  if (at !== data.length) throw new Error(`${path}: part file is ${data.length} bytes, its header describes ${at}`);
  return { header, csv: data.subarray(start, start + layout.csvBytes), columns: { layout, steps, kindCodes, entityIds, variableIds, values } };
}
