import { describe, expect, it } from 'vitest';
import {
  BUILTIN_INSTRUMENTS,
  WorldSpecError,
  buyerState,
  cachedEdges,
  createWorld,
  defineInstrument,
  maskOf,
  step,
  type MeasureSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, edgeOf, twoBlocs } from './fixtures.js';

/*
 * The instrument registry: a plugin restricts edges with no edit to core
 * files, and specs are validated with errors that name the exact path.
 */

/** A plugin: an embargo on every import into the issuer from the listed states. */
const embargo = defineInstrument({
  type: 'embargo',
  description: 'Blocks all imports into the issuer from the listed states.',
  fields: { from: { kind: 'states', required: true, description: 'Embargoed states.' } },
  target: (_world, m) => (m.fields.from as Int32Array)[0] ?? -1,
  severity: () => 1,
  restrict: (world, m) => {
    const from = maskOf(m.fields.from as Int32Array, world.stateIds.length)!;
    const edges = cachedEdges(
      world,
      m,
      (e) => buyerState(world, e) === m.issuer && from[world.firmState[world.edgeSupplier[e]!]!] === 1,
    );
    return { edges, licence: 0, tariff: 0 };
  },
});

describe('plugin instruments', () => {
  it('restrict edges through the same compliance phase as the built-ins', () => {
    const spec = twoBlocs({ measures: [{ type: 'embargo', issuer: 'CN', from: ['US'], start: 1 }], policy: QUIET });
    const world = createWorld(spec, 1, { instruments: [embargo] });
    step(world);
    expect(world.edgeBlocked.every((b) => b === 0)).toBe(true);
    step(world);
    const blocked = [...world.edgeBlocked.keys()].filter((e) => world.edgeBlocked[e] === 1).sort((a, b) => a - b);
    expect(blocked).toEqual(
      [edgeOf(world, 'AMAT', 'SMIC'), edgeOf(world, 'Apple', { final: 'CN' })].sort((a, b) => a - b),
    );
    expect(world.edgeDelivered[edgeOf(world, 'AMAT', 'SMIC')]).toBe(0);
  });

  it('aimed at the one state of the deprecated `target` hook, or at every state of `targets`', () => {
    const measures: MeasureSpec[] = [{ type: 'embargo', issuer: 'CN', from: ['US', 'JP'] }];
    const names = (world: World): string[] => world.policy.measures[0]!.targets.map((s) => world.stateIds[s]!);
    const legacy = createWorld(twoBlocs({ measures, policy: QUIET }), 1, { instruments: [embargo] });
    expect(names(legacy)).toEqual(['US']);
    expect(legacy.stateIds[legacy.policy.measures[0]!.target]).toBe('US');
    const listed = defineInstrument({ ...embargo, targets: (_world, m) => Array.from(m.fields.from as Int32Array) });
    const world = createWorld(twoBlocs({ measures, policy: QUIET }), 1, { instruments: [listed] });
    expect(names(world)).toEqual(['US', 'JP']);
  });

  it('are unknown to a world created without them', () => {
    const spec = twoBlocs({ measures: [{ type: 'embargo', issuer: 'CN', from: ['US'] }] });
    expect(() => createWorld(spec, 1)).toThrow(WorldSpecError);
  });

  it('may not replace a built-in, use a reserved field or a non-snake_case type', () => {
    expect(() =>
      createWorld(twoBlocs(), 1, { instruments: [{ ...embargo, type: 'tariff' }] }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: instrument "tariff" is already defined; choose another type]`);
    expect(() =>
      defineInstrument({ ...embargo, fields: { start: { kind: 'integer', description: 'x' } } }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: instrument embargo: field "start" is reserved]`);
    expect(() => defineInstrument({ ...embargo, type: 'Embargo' })).toThrow(TypeError);
  });

  it('lists the twelve built-ins', () => {
    expect(BUILTIN_INSTRUMENTS.map((i) => i.type)).toEqual([
      'export_control',
      'foreign_direct_product_rule',
      'entity_list',
      'tariff',
      'procurement_ban',
      'market_access_denial',
      'investment_screening',
      'mineral_export_licensing',
      'export_quota',
      'subsidy',
      'export_finance',
      'data_localization',
    ]);
  });
});

describe('spec validation', () => {
  /** The error createWorld throws for the two-bloc world with one measure (and optional other changes). */
  const errorFor = (measure: MeasureSpec | undefined, patch: Partial<WorldSpec> = {}): WorldSpecError => {
    try {
      createWorld({ ...twoBlocs(measure === undefined ? {} : { measures: [measure] }), ...patch }, 1);
    } catch (error) {
      if (error instanceof WorldSpecError) return error;
      throw error;
    }
    throw new Error('createWorld accepted the spec');
  };

  it('names an unknown instrument type, suggesting the nearest', () => {
    const error = errorFor({ type: 'export_contrl', issuer: 'US' });
    expect(error.path).toEqual(['measures', 0, 'type']);
    expect(error.message).toMatchInlineSnapshot(
      `"measures[0].type: expected an instrument type (did you mean "export_control"?) (one of export_control, foreign_direct_product_rule, entity_list, tariff, procurement_ban, market_access_denial, investment_screening, mineral_export_licensing, export_quota, subsidy, export_finance, data_localization), received "export_contrl""`,
    );
  });

  it('names an unknown field, suggesting the nearest', () => {
    const error = errorFor({ type: 'tariff', issuer: 'US', rate: 0.1, form: ['CN'] });
    expect(error.path).toEqual(['measures', 0, 'form']);
    expect(error.message).toMatchInlineSnapshot(
      `"measures[0].form: expected a field of tariff (did you mean "from"?), received unknown field "form""`,
    );
  });

  it('names an out-of-range number', () => {
    const error = errorFor({ type: 'export_control', issuer: 'US', targets: ['CN'], licence: 1.5 });
    expect(error.path).toEqual(['measures', 0, 'licence']);
    expect(error.message).toMatchInlineSnapshot(`"measures[0].licence: expected a number >= 0 and <= 1, received 1.5"`);
    expect(errorFor({ type: 'tariff', issuer: 'US', rate: -0.1 }).path).toEqual(['measures', 0, 'rate']);
    expect(errorFor({ type: 'procurement_ban', issuer: 'US', origins: ['CN'], grace: 1.5 }).message).toBe(
      'measures[0].grace: expected an integer >= 0, received 1.5',
    );
  });

  it('names an unknown id inside a list, suggesting the nearest', () => {
    const error = errorFor({ type: 'export_control', issuer: 'US', targets: ['CN', 'CM'] });
    expect(error.path).toEqual(['measures', 0, 'targets', 1]);
    expect(error.message).toMatchInlineSnapshot(
      `"measures[0].targets[1]: expected a state id (did you mean "CN"?), received "CM""`,
    );
    expect(errorFor({ type: 'entity_list', issuer: 'US', entities: ['Huawai'] }).message).toBe(
      'measures[0].entities[0]: expected a firm id (did you mean "Huawei"?), received "Huawai"',
    );
    expect(errorFor({ type: 'tariff', issuer: 'UK', rate: 0.1 }).path).toEqual(['measures', 0, 'issuer']);
  });

  it('names a missing required field, and a bad enum value', () => {
    expect(errorFor({ type: 'tariff', issuer: 'US' }).message).toBe(
      'measures[0].rate: expected a value (Duty rate (0.25 = 25%).), received nothing',
    );
    expect(errorFor({ type: 'investment_screening', issuer: 'US', targets: ['CN'], direction: 'inbond' }).message).toBe(
      'measures[0].direction: expected one of "inbound", "outbound", "both" (did you mean "inbound"?), received "inbond"',
    );
  });

  it('checks dates: announce after start, end not after start', () => {
    expect(errorFor({ type: 'tariff', issuer: 'US', rate: 0.1, start: 4, announce: 5 }).message).toBe(
      'measures[0].announce: expected a step <= start (4), received 5',
    );
    expect(errorFor({ type: 'tariff', issuer: 'US', rate: 0.1, start: 4, end: 4 }).path).toEqual([
      'measures',
      0,
      'end',
    ]);
  });

  it('checks alliances, doctrines and policy parameters', () => {
    const alliances = [{ id: 'sme', members: ['US', 'JP'] }];
    expect(errorFor({ type: 'tariff', issuer: 'US', rate: 0.1, alliance: 'smee' }, { alliances }).message).toBe(
      'measures[0].alliance: expected an alliance id (did you mean "sme"?), received "smee"',
    );
    expect(errorFor({ type: 'tariff', issuer: 'CN', rate: 0.1, alliance: 'sme' }, { alliances }).message).toBe(
      'measures[0].alliance: expected an alliance the issuer CN belongs to, received "sme"',
    );
    const states = twoBlocs({ states: { CN: { doctrine: 'DMN' } } }).states;
    expect(errorFor(undefined, { states }).message).toBe(
      'states[1].doctrine: expected a doctrine id (did you mean "DNM"?) (one of DNM, NLG, DERISK), received "DMN"',
    );
    const policy = { forgivness: 0.3 } as WorldSpec['policy'];
    expect(errorFor(undefined, { policy }).message).toMatchInlineSnapshot(
      `"policy.forgivness: expected a policy parameter (did you mean "forgiveness"?), received unknown key "forgivness""`,
    );
    expect(errorFor(undefined, { policy: { forgiveness: 1.5 } }).path).toEqual(['policy', 'forgiveness']);
  });

  it('rejects duplicate measure ids', () => {
    const spec = twoBlocs({
      measures: [
        { type: 'tariff', id: 'x', issuer: 'US', rate: 0.1 },
        { type: 'tariff', id: 'x', issuer: 'CN', rate: 0.1 },
      ],
    });
    expect(() => createWorld(spec, 1)).toThrowError(
      'measures[1].id: expected a unique measure id, received "x", already used by measures[0]',
    );
  });
});
