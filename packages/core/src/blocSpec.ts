/**
 * Reading the parts of a world spec that name states and blocs (the standards and alignment
 * submodels share them): a bounded number, a state id, and shares by bloc. Each error names its
 * field path, what was expected and what was received.
 */
import { WorldSpecError, describeValue } from './errors.js';
import { suggest } from './policy/fields.js';
import type { World } from './world.js';

/** A finite number in [min, max], or a located error. */
export function number(value: unknown, path: Array<string | number>, min: number, max: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)) {
    throw new WorldSpecError(
      path,
      `a finite number >= ${min}${max === Infinity ? '' : ` and <= ${max}`}`,
      describeValue(value),
    );
  }
  return value;
}

/** The index of a state id, or a located error that suggests the nearest id. */
export function stateOf(world: World, id: unknown, path: Array<string | number>): number {
  const s = typeof id === 'string' ? world.stateIndex.get(id) : undefined;
  if (s === undefined)
    throw new WorldSpecError(
      path,
      `a state id${typeof id === 'string' ? suggest(id, world.stateIds) : ''}`,
      describeValue(id),
    );
  return s;
}

/** Shares by bloc id, normalized to sum 1 (missing blocs 0). */
export function blocShares(
  shares: unknown,
  blocIndex: ReadonlyMap<string, number>,
  path: Array<string | number>,
): Float64Array {
  if (shares === null || typeof shares !== 'object' || Array.isArray(shares))
    throw new WorldSpecError(path, 'a map of bloc id to share', describeValue(shares));
  const out = new Float64Array(blocIndex.size);
  let sum = 0;
  for (const [id, value] of Object.entries(shares)) {
    const j = blocIndex.get(id);
    if (j === undefined)
      throw new WorldSpecError(
        [...path, id],
        `a bloc id${suggest(id, blocIndex.keys())} (one of ${[...blocIndex.keys()].join(', ')})`,
        `unknown key "${id}"`,
      );
    sum += out[j] = number(value, [...path, id], 0, Infinity);
  }
  if (!(sum > 0)) throw new WorldSpecError(path, 'shares that add up to more than 0', String(sum));
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum;
  return out;
}
