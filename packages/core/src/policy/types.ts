import type { Rng } from '../rng.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';

/** The kinds of value an instrument field can hold. Id kinds are checked against the world. */
export type FieldKind =
  | 'state'
  | 'states'
  | 'firm'
  | 'firms'
  | 'product'
  | 'products'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'alliance';

/**
 * Describes one instrument-specific field of a measure: what it holds, its
 * range and default. Validation, error messages and the scenario JSON Schema
 * are all derived from these descriptors.
 */
export interface FieldDescriptor {
  /** What the field holds. */
  kind: FieldKind;
  /** One line for documentation and editor hover text. */
  description: string;
  /** Whether the field must be given. Default false. */
  required?: boolean;
  /** Lowest allowed value (numbers). */
  min?: number;
  /** Highest allowed value (numbers). */
  max?: number;
  /** Value when absent (numbers, booleans, enums). */
  default?: number | boolean | string;
  /** Allowed values (enums). */
  values?: readonly string[];
}

/**
 * A field's value after validation: ids become index arrays (empty when the
 * field is absent), numbers stay numbers.
 */
export type FieldValue = number | boolean | string | Int32Array | undefined;

/** A measure as the engine holds it: validated, with ids resolved to indices. */
export interface Measure {
  /** Unique id. */
  readonly id: string;
  /** Instrument type. */
  readonly type: string;
  /** Issuing state index. */
  readonly issuer: number;
  /** First step in force. */
  start: number;
  /** First step no longer in force (Infinity = never lifted). */
  end: number;
  /** Step it was announced (= start when not announced ahead). */
  readonly announce: number;
  /** Who made it: a scenario script, a doctrine, an alliance vote, or a retaliation. */
  readonly origin: 'script' | 'doctrine' | 'alliance' | 'retaliation';
  /** The state it is aimed at, for retaliation and reciprocity; -1 when none. */
  readonly target: number;
  /** The alliance it was coordinated in, or -1. */
  readonly alliance: number;
  /** The measure this one retaliates against, if any. */
  readonly answers?: string;
  /** Validated instrument fields. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The spec it came from. */
  readonly spec: Readonly<MeasureSpec>;
  /** Instrument-private cache, e.g. candidate edges for a network version. */
  cache?: { version: number; edges: Int32Array };
}

/** What a measure does to edge permissions in a step. */
export interface Restriction {
  /** The edges restricted. */
  edges: Int32Array;
  /** Licence probability on them: 0 blocks, 1 leaves them free. */
  licence: number;
  /** Tariff rate added on them. */
  tariff: number;
}

/**
 * An instrument: a kind of policy measure. Built-in instruments and plugins
 * use the same interface; the compliance phase calls `restrict`, the
 * adaptation phase calls `adapt`, and the step loop never changes.
 *
 * @example
 * ```ts
 * const quota = defineInstrument({
 *   type: 'quota',
 *   description: 'Caps imports by licence probability.',
 *   fields: { products: { kind: 'products', description: 'Products covered.' } },
 *   severity: () => 0.5,
 *   restrict: (world, measure) => ({ edges: new Int32Array(0), licence: 0.5, tariff: 0 }),
 * });
 * ```
 */
export interface InstrumentDefinition {
  /** The `type` a measure spec names, e.g. `export_control`. */
  readonly type: string;
  /** One paragraph on what it does. */
  readonly description: string;
  /** Its own fields, beside the common ones (type, id, issuer, start, end, announce). */
  readonly fields: Readonly<Record<string, FieldDescriptor>>;
  /** The state it is aimed at (for retaliation), from its fields; -1 when none. */
  target?(world: World, measure: Pick<Measure, 'issuer' | 'fields'>): number;
  /** Severity in [0, 1], for the escalation index and proportional retaliation. */
  severity(measure: Measure, world: World): number;
  /** Its effect on edge permissions this step, or null when it has none. */
  restrict?(world: World, measure: Measure): Restriction | null;
  /** Its effect on the rest of the world (capacity, R&D, spillover) each step in force. */
  adapt?(world: World, measure: Measure): void;
  /**
   * Checks the fields together, after each was validated alone. Returns the
   * field to blame and what was expected there, or null when they fit.
   */
  check?(fields: Readonly<Record<string, FieldValue>>): { field: string; expected: string } | null;
}

/**
 * Declares an instrument. It only checks the definition and returns it; pass
 * it to `createWorld(spec, seed, { instruments: [...] })` to use it.
 */
export function defineInstrument(definition: InstrumentDefinition): InstrumentDefinition {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.type)) {
    throw new TypeError(`instrument type: expected snake_case letters and digits, received "${definition.type}"`);
  }
  for (const reserved of ['type', 'id', 'issuer', 'start', 'end', 'announce', 'alliance']) {
    if (reserved in definition.fields) throw new TypeError(`instrument ${definition.type}: field "${reserved}" is reserved`);
  }
  return definition;
}

/** What a doctrine may do when it decides, in the policy phase. */
export interface DecisionContext {
  /** The policy random stream (draws in a fixed state order). */
  readonly rng: Rng;
  /** Measures that came into force last step, by any state. */
  readonly started: readonly Measure[];
  /** Measures that were lifted or ended last step, by any state. */
  readonly ended: readonly Measure[];
  /** Adopts a measure from this step on; returns it. */
  adopt(spec: MeasureSpec, origin: Measure['origin'], options?: { target?: number; answers?: string }): Measure;
  /** Lifts a measure from this step on. */
  lift(measure: Measure): void;
  /**
   * Puts a measure to the vote of an alliance the issuer belongs to (one
   * member one vote, consensus). If it passes every member adopts it;
   * returns whether it passed.
   */
  propose(alliance: number, spec: MeasureSpec): boolean;
}

/**
 * A doctrine: the rule a state follows in the policy phase. DNM and NLG are
 * built in; plugins define more with the same interface.
 */
export interface DoctrineDefinition {
  /** The id a state names, e.g. `DNM`. */
  readonly id: string;
  /** One paragraph on what it does. */
  readonly description: string;
  /** Whether the doctrine counts as DNM in the `dnm_share` metric. Default false. */
  readonly mercantilist?: boolean;
  /** Takes this state's policy decisions for the step. */
  decide(world: World, state: number, context: DecisionContext): void;
  /** This state's vote on a coordinated measure proposed in its alliance. */
  vote(world: World, state: number, proposal: Pick<Measure, 'issuer' | 'fields' | 'type'>): boolean;
}

/**
 * Declares a doctrine. It only checks the definition and returns it; pass it
 * to `createWorld(spec, seed, { doctrines: [...] })` to use it.
 */
export function defineDoctrine(definition: DoctrineDefinition): DoctrineDefinition {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(definition.id)) {
    throw new TypeError(`doctrine id: expected letters, digits, - or _, received "${definition.id}"`);
  }
  return definition;
}
