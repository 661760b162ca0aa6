import type { Rng } from './rng.js';

/*
 * Rationing rules: how a supplier with `available` units splits them among
 * the orders on its edges. Each kernel reads `order[edges[i]]` for i in
 * [start, end) and writes `delivered[edges[i]]`, never more than ordered and
 * never more than `available` in total.
 */

/**
 * Proportional rationing (the default): every order is filled at the same
 * rate, min(1, available / total orders).
 *
 * @example
 * ```ts
 * const order = Float64Array.of(6, 3, 1), delivered = new Float64Array(3);
 * rationProportional(order, Int32Array.of(0, 1, 2), 0, 3, 5, delivered);
 * console.log([...delivered]); // [3, 1.5, 0.5]
 * ```
 */
export function rationProportional(
  order: Float64Array,
  edges: Int32Array,
  start: number,
  end: number,
  available: number,
  delivered: Float64Array,
): void {
  let total = 0;
  for (let i = start; i < end; i++) total += order[edges[i]!]!;
  const rate = total > 0 ? Math.min(1, available / total) : 0;
  for (let i = start; i < end; i++) {
    const e = edges[i]!;
    delivered[e] = order[e]! * rate;
  }
}

/**
 * Priority rationing: orders are filled in full, one after another, in the
 * order `edges[start..end)` lists them (highest priority first), until the
 * output runs out; the order at the boundary is filled in part.
 *
 * @example
 * ```ts
 * const order = Float64Array.of(6, 5, 3), delivered = new Float64Array(3);
 * rationPriority(order, Int32Array.of(0, 1, 2), 0, 3, 10, delivered);
 * console.log([...delivered]); // [6, 4, 0]
 * ```
 */
export function rationPriority(
  order: Float64Array,
  edges: Int32Array,
  start: number,
  end: number,
  available: number,
  delivered: Float64Array,
): void {
  let left = available;
  for (let i = start; i < end; i++) {
    const e = edges[i]!;
    const want = order[e]!;
    const give = want < left ? want : left > 0 ? left : 0;
    delivered[e] = give;
    left -= give;
  }
}

/**
 * Random rationing: orders are filled in full in a random order drawn from
 * `rng`, until the output runs out (random sequential allocation). `scratch`
 * must hold at least `end - start` entries.
 *
 * @example
 * ```ts
 * const order = Float64Array.of(6, 5, 3), delivered = new Float64Array(3);
 * rationRandom(order, Int32Array.of(0, 1, 2), 0, 3, 10, delivered, new Int32Array(3), new Rng(1));
 * // one order unfilled or partly filled; the total delivered is 10
 * console.log(delivered.reduce((a, b) => a + b, 0)); // 10
 * ```
 */
export function rationRandom(
  order: Float64Array,
  edges: Int32Array,
  start: number,
  end: number,
  available: number,
  delivered: Float64Array,
  scratch: Int32Array,
  rng: Rng,
): void {
  const n = end - start;
  for (let i = 0; i < n; i++) scratch[i] = edges[start + i]!;
  rng.shuffle(scratch, 0, n);
  rationPriority(order, scratch, 0, n, available, delivered);
}
