import {
  generateWorld,
  type AllianceSpec,
  type EngineParams,
  type MeasureSpec,
  type PolicyParams,
  type SyntheticWorldOptions,
  type WorldSpec,
} from '@chokepoint/core';
import { getOrigin, setOrigin } from './origins.js';

/**
 * What a synthetic world adds to the generated spec.
 *
 * @example
 * ```ts
 * const patch: SyntheticPatch = { policy: { forgiveness: 1 }, doctrines: { s0: { doctrine: 'DNM', hawkishness: 0.9 } } };
 * const spec = materializeWorld({ kind: 'synthetic', options: { states: 2, firms: 20, products: 4, seed: 1 }, patch });
 * console.log(spec.policy, spec.states[0]); // { forgiveness: 1 } { id: 's0', doctrine: 'DNM', hawkishness: 0.9 }
 * ```
 */
export interface SyntheticPatch {
  /** Engine parameters (also passed to the generator). */
  params?: Partial<EngineParams>;
  /** Policy parameters. */
  policy?: Partial<PolicyParams>;
  /** Alliances. */
  alliances?: AllianceSpec[];
  /** Measures, from the world and the timeline. */
  measures?: MeasureSpec[];
  /** Doctrine settings by state id (`s0`, `s1`, …). */
  doctrines?: Record<string, unknown>;
}

/**
 * How to build the world of one run: a ready spec, or a generator spec that each worker
 * expands itself (so large synthetic worlds never cross a thread boundary).
 *
 * @example
 * ```ts
 * const recipes: WorldRecipe[] = buildPlan(loadScenario('scenarios/quickstart.yaml')).configs.map((c) => c.recipe);
 * console.log(recipes.map((r) => r.kind)); // ['inline', 'inline', 'inline', 'inline']
 * const synthetic: WorldRecipe = { kind: 'synthetic', options: { states: 3, firms: 60, products: 6, seed: 2 }, patch: {} };
 * console.log(materializeWorld(synthetic).firms.length); // 60
 * ```
 */
export type WorldRecipe =
  { kind: 'inline'; spec: WorldSpec } | { kind: 'synthetic'; options: SyntheticWorldOptions; patch: SyntheticPatch };

/**
 * Builds the world spec of a recipe.
 *
 * @param applyStates - Applies doctrine settings to the generated states; the default is a
 *   plain merge (the scenario loader passes one that keeps origins for error messages).
 *
 * @example
 * ```ts
 * const spec = materializeWorld({ kind: 'synthetic', options: { states: 2, firms: 20, products: 4, seed: 1 }, patch: {} });
 * console.log(spec.states.length, spec.firms.length); // 2 20
 * ```
 */
export function materializeWorld(
  recipe: WorldRecipe,
  applyStates: (
    states: WorldSpec['states'],
    doctrines: Record<string, unknown>,
  ) => WorldSpec['states'] = mergeStateSettings,
): WorldSpec {
  if (recipe.kind === 'inline') return recipe.spec;
  const { options, patch } = recipe;
  const generated = generateWorld(patch.params === undefined ? options : { ...options, params: patch.params });
  const spec: WorldSpec = { ...generated };
  const origin = getOrigin(recipe);
  if (origin !== undefined) setOrigin(spec, origin);
  if (patch.params !== undefined) spec.params = patch.params;
  if (patch.policy !== undefined) spec.policy = patch.policy;
  if (patch.alliances !== undefined) spec.alliances = patch.alliances;
  if (patch.measures !== undefined && patch.measures.length > 0) spec.measures = patch.measures;
  if (patch.doctrines !== undefined) spec.states = applyStates(spec.states, patch.doctrines);
  return spec;
}

/** Merges doctrine settings (by state id) into state specs. */
function mergeStateSettings(states: WorldSpec['states'], doctrines: Record<string, unknown>): WorldSpec['states'] {
  return states.map((state) =>
    doctrines[state.id] === undefined ? state : { ...state, ...(doctrines[state.id] as object) },
  );
}

/**
 * A world's size, counted or estimated without building it.
 *
 * @example
 * ```ts
 * const { configs } = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * const size: WorldSize = worldSize(configs[0]!.recipe);
 * console.log(size.firms <= DEFAULT_LIMITS.maxFirms, size.edges > 0); // true true
 * ```
 */
export interface WorldSize {
  /** Number of states. */
  states: number;
  /** Number of products. */
  products: number;
  /** Number of firms. */
  firms: number;
  /** Number of firm-to-firm edges (estimated for synthetic worlds). */
  edges: number;
}

/**
 * Counts (inline) or estimates (synthetic) a world's firms and edges, to refuse oversized
 * worlds before building them.
 *
 * @example
 * ```ts
 * console.log(worldSize({ kind: 'synthetic', options: { states: 5, firms: 1000, products: 10 }, patch: {} })); // { states: 5, products: 10, firms: 1000, edges: 6000 }
 * ```
 */
export function worldSize(recipe: WorldRecipe): WorldSize {
  if (recipe.kind === 'inline') {
    const edges = recipe.spec.edges;
    const count = edges === undefined ? 0 : Array.isArray(edges) ? edges.length : edges.supplier.length;
    return {
      states: recipe.spec.states.length,
      products: recipe.spec.products.length,
      firms: recipe.spec.firms.length,
      edges: count,
    };
  }
  const o = recipe.options;
  const layers = Math.min(o.products, o.layers ?? Math.min(4, o.products));
  const nonRaw = layers > 0 ? 1 - 1 / layers : 0;
  return {
    states: o.states,
    products: o.products,
    firms: o.firms,
    edges: Math.round(o.firms * nonRaw * (o.inputsPerProduct ?? 2) * (o.suppliersPerInput ?? 4)),
  };
}
