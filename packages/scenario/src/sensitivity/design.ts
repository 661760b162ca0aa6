/**
 * Sensitivity designs in the unit hypercube [0, 1]^k: Morris trajectories and Saltelli's
 * sampling for Sobol indices. The sweep maps each coordinate onto its parameter's range
 * (sweep.ts); the estimators (morris.ts, sobol.ts) read the coordinates and roles back.
 *
 * Each trajectory (Morris) and each base row (Sobol) draws from its own generator,
 * `deriveSeed(seed, 'trajectory' | 'row', index)`, and its points are laid out one block
 * after another, so a point's index and coordinates depend only on the seed and its block:
 * adding trajectories or rows appends points and never changes the existing ones.
 */
import { Rng, deriveSeed } from '@chokepoint/core';

/**
 * The role of one point of a Morris design.
 *
 * @example
 * ```ts
 * const roles: MorrisRole[] = morrisDesign(2, 2, 4, 'seed').roles;
 * console.log(roles.map((r) => `${r.trajectory}.${r.step}`)); // ['0.0', '0.1', '0.2', '1.0', '1.1', '1.2']
 * console.log(roles[0]!.moved, roles.filter((r) => r.step > 0).every((r) => r.moved >= 0)); // -1 true
 * ```
 */
export interface MorrisRole {
  /** Trajectory index (0-based). */
  trajectory: number;
  /** Position on the trajectory: 0 is its base point, s moves one more parameter. */
  step: number;
  /** Index of the parameter that moved to reach this point; -1 for a base point. */
  moved: number;
}

/**
 * The role of one point of a Saltelli design: a row of A, B or AB_i (A with column i from B).
 *
 * @example
 * ```ts
 * const roles: SobolRole[] = saltelliDesign(2, 1, 'seed').roles;
 * console.log(roles); // [{ matrix: 'A', row: 0, parameter: -1 }, { matrix: 'AB', row: 0, parameter: 0 }, { matrix: 'AB', row: 0, parameter: 1 }, { matrix: 'B', row: 0, parameter: -1 }]
 * ```
 */
export interface SobolRole {
  /** Which matrix the row belongs to. */
  matrix: 'A' | 'B' | 'AB';
  /** Row index j (0-based) of the base matrices. */
  row: number;
  /** For AB: the parameter whose column comes from B; -1 otherwise. */
  parameter: number;
}

/**
 * A design in the unit hypercube: one coordinate vector per point, with its role.
 *
 * @example
 * ```ts
 * const design: UnitDesign<SobolRole> = saltelliDesign(3, 2, 'seed');
 * console.log(design.unit.length, design.roles.length, design.unit.every((u) => u.length === 3 && u.every((x) => x >= 0 && x <= 1))); // 10 10 true
 * ```
 */
export interface UnitDesign<Role> {
  /** Unit coordinates, one array of k values per point. */
  unit: number[][];
  /** The role of each point. */
  roles: Role[];
}

/**
 * Morris's one-at-a-time design: `trajectories` random trajectories on a `levels`-level grid
 * of [0, 1]^k, each of k + 1 points. A trajectory starts at a grid point and moves each
 * parameter once, in random order, by Δ = levels / (2 (levels − 1)), up or down, staying on
 * the grid. `levels` must be even (so Δ is a whole number of grid steps).
 *
 * Point index: `t (k + 1) + s` for trajectory t and step s.
 *
 * @example
 * ```ts
 * const { unit, roles } = morrisDesign(2, 3, 4, 'seed');
 * // 3 × (2 + 1) points on the grid {0, 1/3, 2/3, 1}:
 * console.log(unit.length, unit.flat().every((x) => [0, 1, 2, 3].includes(Math.round(x * 3)))); // 9 true
 * console.log(roles[4]!.trajectory, roles[4]!.step); // 1 1
 * ```
 */
export function morrisDesign(
  k: number,
  trajectories: number,
  levels: number,
  seed: string | number,
): UnitDesign<MorrisRole> {
  if (!(levels >= 2 && levels % 2 === 0))
    throw new RangeError(`levels: expected an even integer >= 2, received ${levels}`);
  const jump = levels / 2;
  const unit: number[][] = [];
  const roles: MorrisRole[] = [];
  for (let t = 0; t < trajectories; t++) {
    const rng = new Rng(deriveSeed(String(seed), 'trajectory', t));
    // Each parameter's pair of grid levels (l, l + jump) and which end it starts at.
    const level: number[] = [];
    const up: boolean[] = [];
    for (let i = 0; i < k; i++) {
      const base = rng.int(levels - jump);
      const upward = rng.next() < 0.5;
      level.push(upward ? base : base + jump);
      up.push(upward);
    }
    const order = Array.from({ length: k }, (_, i) => i);
    rng.shuffle(order);
    unit.push(level.map((l) => l / (levels - 1)));
    roles.push({ trajectory: t, step: 0, moved: -1 });
    order.forEach((i, s) => {
      level[i] = up[i] ? level[i]! + jump : level[i]! - jump;
      unit.push(level.map((l) => l / (levels - 1)));
      roles.push({ trajectory: t, step: s + 1, moved: i });
    });
  }
  return { unit, roles };
}

/**
 * Saltelli's sampling design for first-order and total Sobol indices (Saltelli et al. 2010):
 * two independent base matrices A and B of `samples` rows (Monte Carlo draws), and for each
 * parameter i the matrix AB_i, which is A with column i taken from B. N (k + 2) points.
 *
 * Point index: row j's block is `j (k + 2)`: A_j, then AB_1,j … AB_k,j, then B_j.
 *
 * @example
 * ```ts
 * const { unit, roles } = saltelliDesign(3, 4, 'seed');
 * unit.length; // 4 × (3 + 2) = 20
 * roles[1]; // { matrix: 'AB', row: 0, parameter: 0 }
 * unit[1][0] === unit[4][0] && unit[1][1] === unit[0][1]; // true: AB_1 has B's column 1, A's others
 * ```
 */
export function saltelliDesign(k: number, samples: number, seed: string | number): UnitDesign<SobolRole> {
  const unit: number[][] = [];
  const roles: SobolRole[] = [];
  for (let j = 0; j < samples; j++) {
    const rng = new Rng(deriveSeed(String(seed), 'row', j));
    const a = Array.from({ length: k }, () => rng.next());
    const b = Array.from({ length: k }, () => rng.next());
    unit.push(a);
    roles.push({ matrix: 'A', row: j, parameter: -1 });
    for (let i = 0; i < k; i++) {
      const ab = [...a];
      ab[i] = b[i]!;
      unit.push(ab);
      roles.push({ matrix: 'AB', row: j, parameter: i });
    }
    unit.push(b);
    roles.push({ matrix: 'B', row: j, parameter: -1 });
  }
  return { unit, roles };
}
