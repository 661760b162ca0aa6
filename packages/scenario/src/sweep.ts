import { Rng, deriveSeed, exp, ln } from '@chokepoint/core';
import { morrisDesign, saltelliDesign, type MorrisRole, type SobolRole } from './sensitivity/design.js';
import { rangeQuantile, type RangeDistribution } from './sensitivity/distributions.js';
import { type Diagnostic } from './diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { diagnosticAt } from './source.js';

/**
 * A swept value.
 *
 * @example
 * ```ts
 * const values: SweepValue[] = [0.1, 'NLG', true];
 * console.log(sweepPoints({ parameters: { x: values } }, 1)); // [{ x: 0.1 }, { x: 'NLG' }, { x: true }]
 * ```
 */
export type SweepValue = number | string | boolean;

/**
 * A numeric range of a sweep axis.
 *
 * @example
 * ```ts
 * const rate: SweepRange = { min: 0.01, max: 1, count: 3, scale: 'log' };
 * console.log(sweepPoints({ parameters: { rate } }, 1)); // [{ rate: 0.01 }, { rate: 0.1 }, { rate: 1 }]
 * ```
 */
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
  /**
   * Sampled designs (random, lhs, morris, sobol): how values are distributed over the range.
   * Default `uniform` (on the `scale`); `normal` is truncated to [min, max].
   */
  distribution?: RangeDistribution;
  /** Normal: the mean before truncation. Default: the midpoint. */
  mean?: number;
  /** Normal: the standard deviation before truncation. */
  sd?: number;
  /** Triangular: the most likely value. Default: the midpoint. */
  mode?: number;
}

/**
 * One swept parameter: a list of values, `{values}`, or a range.
 *
 * @example
 * ```ts
 * const axes: Record<string, SweepAxis> = { a: [1, 2], b: { values: ['x'] }, c: { min: 0, max: 1, count: 2 } };
 * console.log(sweepPoints({ parameters: axes }, 1).length); // 4
 * ```
 */
export type SweepAxis = SweepValue[] | { values: SweepValue[] } | SweepRange;

/**
 * The sampling method of a sweep.
 *
 * @example
 * ```ts
 * const methods: SweepMethod[] = ['grid', 'random', 'lhs', 'morris', 'sobol'];
 * const parameters = { a: { min: 0, max: 1, count: 2 }, b: { min: 0, max: 1, count: 2 } };
 * console.log(methods.map((method) => sweepPoints({ method, samples: 4, trajectories: 2, parameters }, 1).length)); // [4, 4, 4, 6, 16]
 * ```
 */
export type SweepMethod = 'grid' | 'random' | 'lhs' | 'morris' | 'sobol';

/**
 * The `sweep:` block of a scenario.
 *
 * @example
 * ```ts
 * const sweep: SweepSpec = { method: 'lhs', samples: 5, seed: 'design-1', parameters: { licence: { min: 0, max: 1 }, 'params.substitutionRate': [0.1, 0.2] } };
 * const points = sweepPoints(sweep, 'ignored: the sweep has its own seed');
 * console.log(points.length, points.map((p) => Math.floor((p.licence as number) * 5)).sort()); // 5 [0, 1, 2, 3, 4]
 * ```
 */
export interface SweepSpec {
  /**
   * `grid` (every combination, the first parameter varying slowest), `random`, `lhs`,
   * `morris` (elementary-effect trajectories) or `sobol` (Saltelli sampling). Default `grid`.
   */
  method?: SweepMethod;
  /** The older name of `method` (give one of them). */
  design?: SweepMethod;
  /** Number of points of a random or lhs design; number of base rows N of a sobol design. */
  samples?: number;
  /** Morris: number of trajectories r. */
  trajectories?: number;
  /** Morris: number of grid levels p (even). Default 4. */
  levels?: number;
  /** Seed of the sample; default: the scenario's base seed. */
  seed?: string | number;
  /** Swept values by parameter name or path. */
  parameters: Record<string, SweepAxis>;
}

/**
 * One sweep point: a value per swept key.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('sobol.yaml'));
 * const point: SweepPoint = meta.points[0]!;
 * console.log(Object.keys(point), meta.columns); // ['licence', 'params.substitutionRate'] ['licence', 'params.substitutionRate']
 * ```
 */
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
    let v =
      axis.scale === 'log'
        ? exp(ln(axis.min) + t * (ln(axis.max) - ln(axis.min)))
        : axis.min + t * (axis.max - axis.min);
    v = axis.integer ? Math.round(v) : tidy(v);
    out.push(v);
  }
  return out;
}

/** Maps u in [0, 1] onto an axis (through the range's distribution). */
function fromUnit(axis: SweepAxis, u: number): SweepValue {
  if (Array.isArray(axis) || 'values' in axis) {
    const values = Array.isArray(axis) ? axis : axis.values;
    return values[Math.min(values.length - 1, Math.floor(u * values.length))]!;
  }
  if (axis.integer) {
    const lo = Math.ceil(axis.min);
    const hi = Math.floor(axis.max);
    if ((axis.distribution ?? 'uniform') !== 'uniform')
      return Math.min(hi, Math.max(lo, Math.round(rangeQuantile(axis, u))));
    return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  }
  return tidy(rangeQuantile(axis, u));
}

/**
 * A sweep design: its points, and for sampled designs their unit coordinates and roles.
 *
 * @example
 * ```ts
 * const design: SweepDesign = sweepDesign({ method: 'sobol', samples: 2, parameters: { a: { min: 0, max: 10 } } }, 1);
 * console.log(design.keys, design.points.length, design.sobol!.map((r) => r.matrix)); // ['a'] 6 ['A', 'AB', 'B', 'A', 'AB', 'B']
 * // Each point maps its unit coordinates onto the ranges:
 * console.log(design.points.every((p, i) => Math.abs((p.a as number) - 10 * design.unit![i]![0]!) < 1e-9)); // true
 * ```
 */
export interface SweepDesign {
  /** The method used. */
  method: SweepMethod;
  /** Swept keys, in file order (the order of the unit coordinates). */
  keys: string[];
  /** The points, in plan order (the `point` index). */
  points: SweepPoint[];
  /** Unit coordinates in [0, 1]^k of each point (absent for a grid). */
  unit?: number[][];
  /** Morris designs: each point's trajectory, step and moved parameter. */
  morris?: MorrisRole[];
  /** Sobol designs: each point's matrix (A, B or AB_i) and row. */
  sobol?: SobolRole[];
}

/**
 * The method of a sweep: `method`, else its older name `design`, else `grid`.
 *
 * @example
 * ```ts
 * console.log(sweepMethod({ design: 'lhs' }), sweepMethod({})); // lhs grid
 * ```
 */
export function sweepMethod(sweep: Pick<SweepSpec, 'method' | 'design'>): SweepMethod {
  return sweep.method ?? sweep.design ?? 'grid';
}

/**
 * The points of a sweep design, deterministic for a given seed.
 *
 * - `grid`: every combination of the axes' values, the first parameter varying slowest;
 *   a range needs `count` values (evenly spaced, or geometrically with `scale: log`).
 * - `random`: `samples` independent draws per axis.
 * - `lhs`: a Latin hypercube of `samples` points: each axis is cut into `samples` equal
 *   strata (of probability) and each stratum is used exactly once.
 * - `morris`: `trajectories` Morris trajectories of k + 1 points on a `levels`-level grid.
 * - `sobol`: Saltelli's design, `samples` (k + 2) points: rows of A, AB_1 … AB_k and B.
 *
 * Sampled designs draw unit coordinates and map them through each range's distribution.
 * Draws come from the core's seeded generator (`Rng`), stream `sweep/<method>`; morris and
 * sobol seed each trajectory or row on its own (see sensitivity/design.ts).
 *
 * @example
 * ```ts
 * console.log(sweepPoints({ parameters: { a: [1, 2], b: ['x', 'y'] } }, 'seed')); // [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]
 * console.log(sweepPoints({ method: 'lhs', samples: 4, parameters: { a: { min: 0, max: 1 } } }, 7).length); // 4
 * // 8 × (2 + 2):
 * console.log(sweepPoints({ method: 'sobol', samples: 8, parameters: { a: { min: 0, max: 1 }, b: { min: 0, max: 1 } } }, 7).length); // 32
 * ```
 */
export function sweepPoints(sweep: SweepSpec, seed: string | number): SweepPoint[] {
  return sweepDesign(sweep, seed).points;
}

/**
 * A sweep design with its structure: the points of {@link sweepPoints}, plus, for sampled
 * designs, each point's unit coordinates and (morris, sobol) its role, which the
 * sensitivity estimators need.
 *
 * @example
 * ```ts
 * const design = sweepDesign({ method: 'morris', trajectories: 2, parameters: { a: { min: 0, max: 1 }, b: [1, 2, 3] } }, 'seed');
 * // 2 × (2 + 1) points; the second moves one parameter of the first:
 * console.log(design.points.length, design.morris![1]!.trajectory, design.morris![1]!.step); // 6 0 1
 * console.log(design.keys.filter((_, i) => design.unit![1]![i] !== design.unit![0]![i]).length); // 1
 * ```
 */
export function sweepDesign(sweep: SweepSpec, seed: string | number): SweepDesign {
  const keys = Object.keys(sweep.parameters);
  const method = sweepMethod(sweep);
  if (method === 'grid') {
    let points: SweepPoint[] = [{}];
    for (const key of keys) {
      const values = gridValues(sweep.parameters[key]!);
      const next: SweepPoint[] = [];
      for (const point of points) for (const value of values) next.push({ ...point, [key]: value });
      points = next;
    }
    return { method, keys, points };
  }
  const base = String(sweep.seed ?? seed);
  const toPoints = (unit: number[][]): SweepPoint[] =>
    unit.map((u) => {
      const point: SweepPoint = {};
      keys.forEach((key, i) => (point[key] = fromUnit(sweep.parameters[key]!, u[i]!)));
      return point;
    });
  if (method === 'morris') {
    const { unit, roles } = morrisDesign(
      keys.length,
      sweep.trajectories ?? 1,
      sweep.levels ?? 4,
      deriveSeed(base, 'sweep', 'morris'),
    );
    return { method, keys, points: toPoints(unit), unit, morris: roles };
  }
  if (method === 'sobol') {
    const { unit, roles } = saltelliDesign(keys.length, sweep.samples ?? 1, deriveSeed(base, 'sweep', 'sobol'));
    return { method, keys, points: toPoints(unit), unit, sobol: roles };
  }
  const n = sweep.samples ?? 1;
  const rng = new Rng(deriveSeed(base, 'sweep')).stream(method);
  const unit: number[][] = Array.from({ length: n }, () => new Array<number>(keys.length));
  if (method === 'random') {
    for (let i = 0; i < n; i++) for (let c = 0; c < keys.length; c++) unit[i]![c] = rng.next();
  } else {
    for (let c = 0; c < keys.length; c++) {
      const strata = Array.from({ length: n }, (_, i) => i);
      rng.shuffle(strata);
      for (let i = 0; i < n; i++) unit[i]![c] = (strata[i]! + rng.next()) / n;
    }
  }
  return { method, keys, points: toPoints(unit), unit };
}

/**
 * The number of points a sweep has, counted without generating them (a grid of a billion
 * values is refused before it is built): the product of the grid's value counts, `samples`
 * for random and lhs, `trajectories` × (k + 1) for morris and `samples` × (k + 2) for sobol,
 * with k swept parameters.
 */
export function sweepSize(sweep: SweepSpec): number {
  const axes = Object.values(sweep.parameters);
  const method = sweepMethod(sweep);
  if (method === 'grid') {
    return axes.reduce<number>(
      (product, axis) =>
        product * (Array.isArray(axis) ? axis.length : 'values' in axis ? axis.values.length : (axis.count ?? 2)),
      1,
    );
  }
  if (method === 'morris') return (sweep.trajectories ?? 1) * (axes.length + 1);
  if (method === 'sobol') return (sweep.samples ?? 1) * (axes.length + 2);
  return sweep.samples ?? 1;
}

/**
 * Checks of a `sweep:` block that the schema cannot express: `method` or `design` (not
 * both), the size each method needs (`samples`, `trajectories`), fields only one method or
 * distribution uses, and each range's bounds and distribution. Swept paths are checked by
 * the loader.
 *
 * @example
 * ```ts
 * checkSweep({ method: 'sobol', parameters: { a: { min: 0, max: 1 } } });
 * // [{ …, path: 'sweep.samples', expected: 'a number of samples for the sobol design', received: 'nothing' }]
 * ```
 */
export function checkSweep(sweep: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (sweep.method !== undefined && sweep.design !== undefined) {
    out.push(
      diagnosticAt(sweep, ['design'], 'either method or design (the older name of method), not both', 'both', {
        atKey: true,
      }),
    );
  }
  const method = sweepMethod(sweep as Pick<SweepSpec, 'method' | 'design'>);
  const sampled = method !== 'grid';
  if ((method === 'random' || method === 'lhs' || method === 'sobol') && sweep.samples === undefined) {
    out.push(diagnosticAt(sweep, ['samples'], `a number of samples for the ${method} design`, 'nothing'));
  }
  if (method === 'morris') {
    if (sweep.trajectories === undefined)
      out.push(diagnosticAt(sweep, ['trajectories'], 'a number of trajectories for the morris design', 'nothing'));
    if (sweep.samples !== undefined)
      out.push(
        diagnosticAt(
          sweep,
          ['samples'],
          'no samples (the morris design is sized by trajectories)',
          describeValue(sweep.samples),
          { atKey: true },
        ),
      );
  } else {
    for (const key of ['trajectories', 'levels']) {
      if (sweep[key] !== undefined)
        out.push(
          diagnosticAt(sweep, [key], `no ${key} (only the morris design uses them)`, describeValue(sweep[key]), {
            atKey: true,
          }),
        );
    }
  }
  const parameters = (sweep.parameters ?? {}) as Record<string, unknown>;
  for (const axis of Object.values(parameters)) {
    if (axis === null || typeof axis !== 'object' || Array.isArray(axis) || !('min' in axis)) continue;
    const range = axis as unknown as SweepRange;
    const { min, max } = range;
    if (!(max >= min)) out.push(diagnosticAt(axis, ['max'], `a number >= min (${min})`, String(max)));
    if (range.scale === 'log' && !(min > 0))
      out.push(diagnosticAt(axis, ['min'], 'a number > 0 on a log scale', String(min)));
    if (!sampled && range.count === undefined)
      out.push(diagnosticAt(axis, ['count'], 'a count of grid values for a range in a grid design', 'nothing'));
    const distribution = range.distribution ?? 'uniform';
    if (distribution !== 'uniform') {
      if (!sampled)
        out.push(
          diagnosticAt(
            axis,
            ['distribution'],
            'a uniform range in a grid design (distributions apply to random, lhs, morris and sobol)',
            distribution,
          ),
        );
      else if (range.scale === 'log')
        out.push(
          diagnosticAt(
            axis,
            ['scale'],
            `a linear scale for a ${distribution} range (log scale is for uniform ranges)`,
            'log',
          ),
        );
    }
    if (distribution === 'normal' && range.sd === undefined)
      out.push(diagnosticAt(axis, ['sd'], 'a standard deviation (sd) for a normal range', 'nothing'));
    for (const [key, owner] of [
      ['mean', 'normal'],
      ['sd', 'normal'],
      ['mode', 'triangular'],
    ] as const) {
      const value = range[key];
      if (value !== undefined && distribution !== owner)
        out.push(
          diagnosticAt(axis, [key], `no ${key} (only a ${owner} range uses it)`, describeValue(value), { atKey: true }),
        );
    }
    if (distribution === 'triangular' && range.mode !== undefined && !(range.mode >= min && range.mode <= max)) {
      out.push(diagnosticAt(axis, ['mode'], `a mode within [min, max] = [${min}, ${max}]`, String(range.mode)));
    }
  }
  return out;
}
