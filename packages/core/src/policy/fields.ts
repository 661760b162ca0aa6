import { WorldSpecError, describeValue } from '../errors.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';
import type { FieldDescriptor, FieldValue, InstrumentDefinition, Measure } from './types.js';

const COMMON_FIELDS = ['type', 'id', 'issuer', 'start', 'end', 'announce', 'alliance'];

/**
 * Validates a measure spec against its instrument's field descriptors and
 * resolves ids to indices.
 *
 * @param path - The spec's path, for error messages (e.g. `['measures', 3]`).
 * @throws WorldSpecError naming the field, what was expected and what was found.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const measure = parseMeasure(world, { type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'] }, ['measures', 0], 'script', { defaultId: 'tariff-1' });
 * console.log(measure.id, measure.target, [...(measure.fields.from as Int32Array)]); // tariff-1 1 [1]
 * try {
 *   parseMeasure(world, { type: 'tarif', issuer: 'US' }, ['measures', 1], 'script', { defaultId: 'x' });
 * } catch (e) {
 *   console.log((e as WorldSpecError).pathString); // measures[1].type
 * }
 * ```
 */
export function parseMeasure(
  world: World,
  spec: MeasureSpec,
  path: ReadonlyArray<string | number>,
  origin: Measure['origin'],
  options: { target?: number; targets?: readonly number[]; answers?: string; defaultId: string },
): Measure {
  if (spec === null || typeof spec !== 'object')
    throw new WorldSpecError(path, 'a measure object', describeValue(spec));
  const instruments = world.policy.instruments;
  const instrument = instruments.get(spec.type);
  if (instrument === undefined) {
    throw new WorldSpecError(
      [...path, 'type'],
      `an instrument type${suggest(String(spec.type), [...instruments.keys()])} (one of ${[...instruments.keys()].join(', ')})`,
      describeValue(spec.type),
    );
  }
  for (const key of Object.keys(spec)) {
    if (!COMMON_FIELDS.includes(key) && !(key in instrument.fields)) {
      const known = [...COMMON_FIELDS, ...Object.keys(instrument.fields)];
      throw new WorldSpecError(
        [...path, key],
        `a field of ${spec.type}${suggest(key, known)}`,
        `unknown field "${key}"`,
      );
    }
  }
  const issuer = resolveOne(world.stateIndex, spec.issuer, [...path, 'issuer'], 'a state id');
  const start = integerField(spec.start, 0, [...path, 'start'], 0);
  const end = spec.end === undefined ? Infinity : integerField(spec.end, 0, [...path, 'end'], start + 1);
  const announce = spec.announce === undefined ? start : integerField(spec.announce, 0, [...path, 'announce'], 0);
  if (announce > start) throw new WorldSpecError([...path, 'announce'], `a step <= start (${start})`, String(announce));
  let alliance = -1;
  if (spec.alliance !== undefined) {
    alliance = world.policy.alliances.findIndex((a) => a.id === spec.alliance);
    if (alliance < 0)
      throw new WorldSpecError(
        [...path, 'alliance'],
        `an alliance id${suggest(
          String(spec.alliance),
          world.policy.alliances.map((a) => a.id),
        )}`,
        describeValue(spec.alliance),
      );
    if (!world.policy.alliances[alliance]!.members.includes(issuer)) {
      throw new WorldSpecError(
        [...path, 'alliance'],
        `an alliance the issuer ${world.stateIds[issuer]} belongs to`,
        `"${String(spec.alliance)}"`,
      );
    }
  }
  const fields: Record<string, FieldValue> = {};
  for (const [name, descriptor] of Object.entries(instrument.fields)) {
    fields[name] = parseField(world, spec[name], descriptor, [...path, name]);
  }
  const problem = instrument.check?.(fields);
  if (problem) throw new WorldSpecError([...path, problem.field], problem.expected, describeValue(spec[problem.field]));
  const partial = { issuer, fields };
  const targets = Object.freeze(aimedAt(world, instrument, partial, options));
  const target = targets.length > 0 ? targets[0]! : -1;
  const id = spec.id === undefined ? options.defaultId : String(spec.id);
  if (spec.id !== undefined && (typeof spec.id !== 'string' || spec.id === ''))
    throw new WorldSpecError([...path, 'id'], 'a non-empty string', describeValue(spec.id));
  const measure: Measure = {
    id,
    type: spec.type,
    issuer,
    start,
    end,
    announce,
    origin,
    target,
    targets,
    alliance,
    fields,
    spec,
  };
  if (options.answers !== undefined) (measure as { answers?: string }).answers = options.answers;
  return measure;
}

/** The states a new measure is aimed at: as the caller says (a retaliation, an alliance copy), else as its instrument says. */
function aimedAt(
  world: World,
  instrument: InstrumentDefinition,
  measure: Pick<Measure, 'issuer' | 'fields'>,
  options: { target?: number; targets?: readonly number[] },
): number[] {
  const listed = options.targets ??
    (options.target !== undefined ? [options.target] : undefined) ??
    instrument.targets?.(world, measure) ?? [instrument.target?.(world, measure) ?? -1];
  return [...new Set(listed)].filter((s) => s >= 0 && s !== measure.issuer);
}

function parseField(world: World, value: unknown, field: FieldDescriptor, path: Array<string | number>): FieldValue {
  if (value === undefined) {
    if (field.required) throw new WorldSpecError(path, `a value (${field.description})`, 'nothing');
    if (field.kind.endsWith('s') && field.kind !== 'boolean') return new Int32Array(0);
    return field.default;
  }
  switch (field.kind) {
    case 'state':
      return resolveOne(world.stateIndex, value, path, 'a state id');
    case 'firm':
      return resolveOne(world.firmIndex, value, path, 'a firm id');
    case 'product':
      return resolveOne(world.productIndex, value, path, 'a product id');
    case 'states':
      return resolveMany(world.stateIndex, value, path, 'state');
    case 'firms':
      return resolveMany(world.firmIndex, value, path, 'firm');
    case 'products':
      return resolveMany(world.productIndex, value, path, 'product');
    case 'alliance': {
      const index = world.policy.alliances.findIndex((a) => a.id === value);
      if (index < 0)
        throw new WorldSpecError(
          path,
          `an alliance id${suggest(
            String(value),
            world.policy.alliances.map((a) => a.id),
          )}`,
          describeValue(value),
        );
      return index;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new WorldSpecError(path, 'true or false', describeValue(value));
      return value;
    case 'enum':
      if (typeof value !== 'string' || !field.values?.includes(value)) {
        throw new WorldSpecError(
          path,
          `one of ${(field.values ?? []).map((v) => `"${v}"`).join(', ')}${suggest(String(value), field.values ?? [])}`,
          describeValue(value),
        );
      }
      return value;
    case 'number':
    case 'integer': {
      const min = field.min ?? -Infinity;
      const max = field.max ?? Infinity;
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= min &&
        value <= max &&
        (field.kind === 'number' || Number.isInteger(value));
      if (!ok) {
        const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : '']
          .filter(Boolean)
          .join(' and ');
        throw new WorldSpecError(
          path,
          `${field.kind === 'integer' ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`,
          describeValue(value),
        );
      }
      return value as number;
    }
  }
}

function integerField(value: unknown, fallback: number, path: Array<string | number>, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WorldSpecError(path, `an integer step >= ${min}`, describeValue(value));
  }
  return value;
}

function resolveOne(
  index: ReadonlyMap<string, number>,
  id: unknown,
  path: Array<string | number>,
  what: string,
): number {
  const found = typeof id === 'string' ? index.get(id) : undefined;
  if (found === undefined)
    throw new WorldSpecError(path, `${what}${suggest(String(id), [...index.keys()])}`, describeValue(id));
  return found;
}

function resolveMany(
  index: ReadonlyMap<string, number>,
  ids: unknown,
  path: Array<string | number>,
  what: string,
): Int32Array {
  if (!Array.isArray(ids)) throw new WorldSpecError(path, `a list of ${what} ids`, describeValue(ids));
  return Int32Array.from(ids.map((id, i) => resolveOne(index, id, [...path, i], `a ${what} id`)));
}

/**
 * ` (did you mean "x"?)` for the nearest candidate within a small edit distance, else ''.
 *
 * @example
 * ```ts
 * console.log(suggest('tarif', ['tariff', 'subsidy'])); //  (did you mean "tariff"?)
 * console.log(suggest('zzz', ['tariff', 'subsidy']) === ''); // true
 * ```
 */
export function suggest(value: string, candidates: Iterable<string>): string {
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(value.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions cost 1. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
