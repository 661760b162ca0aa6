import { Rng, deriveSeed } from '@chokepoint/core';

/** A swept value. */
export type SweepValue = number | string | boolean;

/** A numeric range of a sweep axis. */
export interface SweepRange {
  /** Lower bound. */
  min: number;
  /** Upper bound. */
  max: number;
  /** Grid designs: number of evenly spaced values from min to max. */
  count?: number;
  /** Spacing or sampling scale. Default `linear`. */
  scale?: 'linear' | 'log';
  /** Round to integers. */
  integer?: boolean;
}

/** One swept parameter: a list of values, `{values}`, or a range. */
export type SweepAxis = SweepValue[] | { values: SweepValue[] } | SweepRange;

/** The `sweep:` block of a scenario. */
export interface SweepSpec {
  /** `grid` (every combination, the first parameter varying slowest), `random` or `lhs`. Default `grid`. */
  design?: 'grid' | 'random' | 'lhs';
  /** Number of points of a random or lhs design. */
  samples?: number;
  /** Seed of the sample; default: the scenario's base seed. */
  seed?: string | number;
  /** Swept values by parameter name or path. */
  parameters: Record<string, SweepAxis>;
}

/** One sweep point: a value per swept key. */
export type SweepPoint = Record<string, SweepValue>;

/** Rounds away float noise such as 0.30000000000000004. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

function gridValues(axis: SweepAxis): SweepValue[] {
  if (Array.isArray(axis)) return axis;
  if ('values' in axis) return axis.values;
  const count = axis.count ?? 2;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    let v = axis.scale === 'log' ? Math.exp(Math.log(axis.min) + t * (Math.log(axis.max) - Math.log(axis.min))) : axis.min + t * (axis.max - axis.min);
    v = axis.integer ? Math.round(v) : tidy(v);
    out.push(v);
  }
  return out;
}

/** Maps u in [0, 1) onto an axis. */
function fromUnit(axis: SweepAxis, u: number): SweepValue {
  if (Array.isArray(axis) || 'values' in axis) {
    const values = Array.isArray(axis) ? axis : axis.values;
    return values[Math.min(values.length - 1, Math.floor(u * values.length))]!;
  }
  if (axis.integer) {
    const lo = Math.ceil(axis.min);
    const hi = Math.floor(axis.max);
    return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  }
  const v = axis.scale === 'log' ? Math.exp(Math.log(axis.min) + u * (Math.log(axis.max) - Math.log(axis.min))) : axis.min + u * (axis.max - axis.min);
  return tidy(v);
}

/**
 * The points of a sweep design, deterministic for a given seed.
 *
 * - `grid`: every combination of the axes' values, the first parameter varying slowest;
 *   a range needs `count` values (evenly spaced, or geometrically with `scale: log`).
 * - `random`: `samples` independent uniform draws per axis.
 * - `lhs`: a Latin hypercube of `samples` points: each axis is cut into `samples` equal
 *   strata and each stratum is used exactly once.
 *
 * Draws come from the core's seeded generator (`Rng`), stream `sweep/<design>`.
 *
 * @example
 * ```ts
 * sweepPoints({ parameters: { a: [1, 2], b: ['x', 'y'] } }, 'seed');
 * // [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]
 * sweepPoints({ design: 'lhs', samples: 4, parameters: { a: { min: 0, max: 1 } } }, 7).length; // 4
 * ```
 */
export function sweepPoints(sweep: SweepSpec, seed: string | number): SweepPoint[] {
  const keys = Object.keys(sweep.parameters);
  const design = sweep.design ?? 'grid';
  if (design === 'grid') {
    let points: SweepPoint[] = [{}];
    for (const key of keys) {
      const values = gridValues(sweep.parameters[key]!);
      const next: SweepPoint[] = [];
      for (const point of points) for (const value of values) next.push({ ...point, [key]: value });
      points = next;
    }
    return points;
  }
  const n = sweep.samples ?? 1;
  const rng = new Rng(deriveSeed(String(sweep.seed ?? seed), 'sweep')).stream(design);
  const points: SweepPoint[] = Array.from({ length: n }, () => ({}));
  if (design === 'random') {
    for (let i = 0; i < n; i++) for (const key of keys) points[i]![key] = fromUnit(sweep.parameters[key]!, rng.next());
    return points;
  }
  for (const key of keys) {
    const strata = Array.from({ length: n }, (_, i) => i);
    rng.shuffle(strata);
    for (let i = 0; i < n; i++) points[i]![key] = fromUnit(sweep.parameters[key]!, (strata[i]! + rng.next()) / n);
  }
  return points;
}
