import { buyerFirm, controlledEdges, maskOf } from './edgeSets.js';
import type { World } from '../world.js';
import { LICENCE_APPROVAL, LICENCE_TERMS, licensingOf } from './licensing.js';
import { defineInstrument, type FieldValue, type Measure, type Restriction } from './types.js';

/**
 * Export control: the issuer requires a licence for exports of the listed
 * products, above a technology threshold, to the target states or listed
 * entities. An application is reviewed for `reviewDays`, then approved with probability `licence` (0 =
 * denial; the decision lasts `validityDays`: policy/licensing.ts). With `deMinimis`, suppliers abroad whose issuer-origin content
 * exceeds it are bound too (see also `foreign_direct_product_rule`).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * step(world);
 * const [intelToHuawei] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * console.log(exportControl.type, world.edgeBlocked[intelToHuawei!], exportControl.severity(world.policy.measures[0]!, world)); // export_control 1 1
 * ```
 */
export const exportControl = defineInstrument({
  type: 'export_control',
  description:
    'Licence requirement on exports of products (above a technology threshold) to target states or entities; licences granted with probability `licence`.',
  fields: {
    targets: { kind: 'states', description: 'Target states whose buyers need a licence.' },
    entities: { kind: 'firms', description: 'Listed firms that need a licence wherever they are.' },
    products: { kind: 'products', description: 'Controlled products; all when absent.' },
    technology: {
      kind: 'number',
      min: 0,
      max: 1,
      default: 0,
      description:
        'Technology threshold: only suppliers at or above this share of the frontier the run starts with (an absolute level) are controlled.',
    },
    licence: LICENCE_APPROVAL,
    entityLicence: {
      kind: 'number',
      min: 0,
      max: 1,
      description:
        'Approval probability for the listed `entities` (an end-user class: 0 = presumption of denial for them), where it differs from `licence`; default `licence`.',
    },
    ...LICENCE_TERMS,
    deMinimis: {
      kind: 'number',
      min: 0,
      max: 1,
      description: 'When set, foreign suppliers whose issuer-origin content exceeds it are bound too.',
    },
  },
  targets: (world, m) => controlTargets(world, m),
  check: requireTargetsOrEntities,
  severity: (m) => 1 - (m.fields.licence as number),
  restrict: (world, m) =>
    withEndUsers(world, m, {
      edges: controlledEdges(world, m, {
        products: m.fields.products as Int32Array,
        targets: m.fields.targets as Int32Array,
        entities: m.fields.entities as Int32Array,
        technology: m.fields.technology as number,
        deMinimis: m.fields.deMinimis as number | undefined,
      }),
      licence: m.fields.licence as number,
      tariff: 0,
      ...licensingOf(m),
    }),
});

/**
 * Adds the end-user class to a control's restriction: when the measure sets `entityLicence` (the
 * approval probability for its listed `entities`) and it differs from `licence`, the edges to
 * listed firms get it, edge by edge (`Restriction.licences`), and the others keep `licence`.
 *
 * @example
 * ```ts
 * // China's buyers may be licensed (0.8), Huawei is presumed denied (0).
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], entities: ['Huawei'], products: ['chip'], licence: 0.8, entityLicence: 0 }] }, 1);
 * const { edges, licences } = exportControl.restrict!(world, world.policy.measures[0]!)!;
 * console.log(Array.from(edges, (e, i) => `${world.firmIds[world.slotOwner[world.edgeSlot[e]!]!]}:${licences![i]}`)); // ['Huawei:0']
 * ```
 */
export function withEndUsers(world: World, m: Measure, restriction: Restriction): Restriction {
  const entityLicence = m.fields.entityLicence;
  const entities = m.fields.entities as Int32Array | undefined;
  if (
    typeof entityLicence !== 'number' ||
    entityLicence === restriction.licence ||
    entities === undefined ||
    entities.length === 0
  )
    return restriction;
  const listed = maskOf(entities, world.firmIds.length)!;
  const licences = new Float64Array(restriction.edges.length);
  for (let i = 0; i < restriction.edges.length; i++) {
    const buyer = buyerFirm(world, restriction.edges[i]!);
    licences[i] = buyer >= 0 && listed[buyer] === 1 ? entityLicence : restriction.licence;
  }
  return { ...restriction, licences };
}

/** The first index of a list, or -1. */
export function firstOf(list: Int32Array | undefined): number {
  return list !== undefined && list.length > 0 ? list[0]! : -1;
}

/**
 * The states a measure names: the listed states, then the home states of the listed firms, each
 * once, in that order. Every one of them may answer the measure.
 */
export function namedStates(world: World, states: Int32Array, firms: Int32Array): number[] {
  const out = Array.from(states);
  for (let i = 0; i < firms.length; i++) out.push(world.firmState[firms[i]!]!);
  return [...new Set(out)];
}

/** Every state other than the issuer: whom a measure without a list of states is aimed at. */
export function foreignStates(world: World, issuer: number): number[] {
  return world.stateIds.map((_, s) => s).filter((s) => s !== issuer);
}

/** The states a control is aimed at: its target states, then the home states of its listed entities. */
export function controlTargets(world: World, m: Pick<Measure, 'fields'>): number[] {
  return namedStates(world, m.fields.targets as Int32Array, m.fields.entities as Int32Array);
}

/** A control must name target states or entities, or it would bind nobody. */
export function requireTargetsOrEntities(
  fields: Readonly<Record<string, FieldValue>>,
): { field: string; expected: string } | null {
  return (fields.targets as Int32Array).length === 0 && (fields.entities as Int32Array).length === 0
    ? { field: 'targets', expected: 'target states or listed entities (a control must name whom it binds)' }
    : null;
}

/** Whether a measure is a control whose reach abroad depends on origin content. */
export function usesOriginContent(m: Pick<Measure, 'fields'>): boolean {
  return typeof m.fields.deMinimis === 'number';
}
