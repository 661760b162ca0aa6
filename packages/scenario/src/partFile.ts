import { readFileSync } from 'node:fs';
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

/**
 * Reads a part file (see {@link PartLayout}): its header line, its CSV bytes, and its binary
 * columns when it has them (parts written before the columns existed have none).
 *
 * @throws Error when the file's length does not match what its header describes.
 */
export function readPart(path: string): Part {
  const data = readFileSync(path);
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
