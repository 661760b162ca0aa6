import { WorldSpecError, describeValue } from '../errors.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';
import type { FieldDescriptor, FieldValue, Measure } from './types.js';

const COMMON_FIELDS = ['type', 'id', 'issuer', 'start', 'end', 'announce', 'alliance'];

/**
 * Validates a measure spec against its instrument's field descriptors and
 * resolves ids to indices.
 *
 * @param path - The spec's path, for error messages (e.g. `['measures', 3]`).
 * @throws WorldSpecError naming the field, what was expected and what was found.
 */
export function parseMeasure(
  world: World,
  spec: MeasureSpec,
  path: ReadonlyArray<string | number>,
  origin: Measure['origin'],
  options: { target?: number; answers?: string; defaultId: string },
): Measure {
  if (spec === null || typeof spec !== 'object') throw new WorldSpecError(path, 'a measure object', describeValue(spec));
  const instruments = world.policy.instruments;
  const instrument = instruments.get(spec.type);
  if (instrument === undefined) {
    throw new WorldSpecError([...path, 'type'], `an instrument type${suggest(String(spec.type), [...instruments.keys()])} (one of ${[...instruments.keys()].join(', ')})`, describeValue(spec.type));
  }
  for (const key of Object.keys(spec)) {
    if (!COMMON_FIELDS.includes(key) && !(key in instrument.fields)) {
      const known = [...COMMON_FIELDS, ...Object.keys(instrument.fields)];
      throw new WorldSpecError([...path, key], `a field of ${spec.type}${suggest(key, known)}`, `unknown field "${key}"`);
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
    if (alliance < 0) throw new WorldSpecError([...path, 'alliance'], `an alliance id${suggest(String(spec.alliance), world.policy.alliances.map((a) => a.id))}`, describeValue(spec.alliance));
    if (!world.policy.alliances[alliance]!.members.includes(issuer)) {
      throw new WorldSpecError([...path, 'alliance'], `an alliance the issuer ${world.stateIds[issuer]} belongs to`, `"${String(spec.alliance)}"`);
    }
  }
  const fields: Record<string, FieldValue> = {};
  for (const [name, descriptor] of Object.entries(instrument.fields)) {
    fields[name] = parseField(world, spec[name], descriptor, [...path, name]);
  }
  const problem = instrument.check?.(fields);
  if (problem) throw new WorldSpecError([...path, problem.field], problem.expected, describeValue(spec[problem.field]));
  const partial = { issuer, fields };
  const target = options.target ?? instrument.target?.(world, partial) ?? -1;
  const id = spec.id === undefined ? options.defaultId : String(spec.id);
  if (spec.id !== undefined && (typeof spec.id !== 'string' || spec.id === '')) throw new WorldSpecError([...path, 'id'], 'a non-empty string', describeValue(spec.id));
  const measure: Measure = { id, type: spec.type, issuer, start, end, announce, origin, target, alliance, fields, spec };
  if (options.answers !== undefined) (measure as { answers?: string }).answers = options.answers;
  return measure;
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
      if (index < 0) throw new WorldSpecError(path, `an alliance id${suggest(String(value), world.policy.alliances.map((a) => a.id))}`, describeValue(value));
      return index;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new WorldSpecError(path, 'true or false', describeValue(value));
      return value;
    case 'enum':
      if (typeof value !== 'string' || !field.values?.includes(value)) {
        throw new WorldSpecError(path, `one of ${(field.values ?? []).map((v) => `"${v}"`).join(', ')}${suggest(String(value), field.values ?? [])}`, describeValue(value));
      }
      return value;
    case 'number':
    case 'integer': {
      const min = field.min ?? -Infinity;
      const max = field.max ?? Infinity;
      const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (field.kind === 'number' || Number.isInteger(value));
      if (!ok) {
        const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : ''].filter(Boolean).join(' and ');
        throw new WorldSpecError(path, `${field.kind === 'integer' ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`, describeValue(value));
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

function resolveOne(index: ReadonlyMap<string, number>, id: unknown, path: Array<string | number>, what: string): number {
  const found = typeof id === 'string' ? index.get(id) : undefined;
  if (found === undefined) throw new WorldSpecError(path, `${what}${suggest(String(id), [...index.keys()])}`, describeValue(id));
  return found;
}

function resolveMany(index: ReadonlyMap<string, number>, ids: unknown, path: Array<string | number>, what: string): Int32Array {
  if (!Array.isArray(ids)) throw new WorldSpecError(path, `a list of ${what} ids`, describeValue(ids));
  return Int32Array.from(ids.map((id, i) => resolveOne(index, id, [...path, i], `a ${what} id`)));
}

/** ` (did you mean "x"?)` for the nearest candidate within a small edit distance, else ''. */
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
  return bestDistance <= Math.max(2, Math.floor(value.length / 3)) && bestDistance > 0 ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
