import { exp, ln } from './math.js';
/**
 * Standards: bloc voting in standards bodies and network-effect adoption
 * (docs/ODD.md §7.13).
 *
 * Each standards body (say 3GPP for 5G) writes a standard whose essential
 * patents (SEPs) are shared among **blocs** (the US-led and the China-led
 * bloc, say). Every decision round (`policy.decisionDays`) each body decides `contestsPerStep` work items: a
 * state's delegates vote for a bloc's proposal on technical merit, unless the
 * state belongs to a bloc that votes as a bloc, when they all back the bloc's
 * pre-selected contender (the CNAS "Common Code" account of 5G). A contest's
 * winner is drawn with probability equal to its weighted vote share (a
 * Tullock contest), and the body's SEP shares move toward the contests won.
 *
 * Each state's installed base is split among the blocs' stacks (the vendors
 * and variants built on each bloc's patents). A state renews part of its
 * installed base every step, choosing by a logit over the stack's SEP share,
 * its worldwide installed base (network effect) and its share among the
 * state's trading partners (interoperability). Alternative-specific constants
 * are calibrated so that the initial adoption is the logit's fixed point: a
 * world where nothing changes stays put.
 *
 * State lives in typed arrays on `world.standards`; a world without
 * `standards` in its spec has none, and the step skips the phase.
 */
import { WorldSpecError, describeValue } from './errors.js';
import type { MetricsTable } from './metrics.js';
import { blocShares, number, stateOf } from './blocSpec.js';
import { suggest } from './policy/fields.js';
import type { WorldSpec } from './spec.js';
import type { World } from './world.js';

/**
 * How a bloc's members vote in standards bodies:
 * - `merit`: each state splits its vote over the blocs' proposals by their technical merit;
 * - `bloc`: every member backs the bloc's proposal (DNM-style bloc voting);
 * - `doctrine`: members whose doctrine is mercantilist (DNM) vote as a bloc, the others on merit.
 *
 * @example
 * ```ts
 * const mode: VotingMode = 'bloc';
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US', 'TW'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }], voting: { east: mode } } }, 1);
 * console.log(world.standards!.votingMode[1]); // 1
 * ```
 */
export type VotingMode = 'merit' | 'bloc' | 'doctrine';

/**
 * A bloc's voting rule with its dates, in steps: in force for `start <= step < end`.
 *
 * @example
 * ```ts
 * const rule: VotingRule = { mode: 'bloc', start: 4, end: 20 };
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }], voting: { east: rule } } }, 1);
 * console.log(world.standards!.votingStart[1], world.standards!.votingEnd[1]); // 4 20
 * ```
 */
export interface VotingRule {
  /** The voting mode. */
  mode: VotingMode;
  /** First step in force. Default 0. */
  start?: number;
  /** First step no longer in force. Default: never. */
  end?: number;
}

/**
 * A bloc in standards bodies: its members hold its essential patents and may vote as one.
 * A state belongs to at most one bloc; states in none are third countries.
 *
 * @example
 * ```ts
 * const west: StandardsBlocSpec = { id: 'west', name: 'US-led bloc', members: ['US', 'TW'] };
 * const world = createWorld({ ...spec, standards: { blocs: [west, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] } }, 1);
 * console.log([...world.standards!.stateBloc]); // [0, 1, 0]
 * ```
 */
export interface StandardsBlocSpec {
  /** Unique id, e.g. `us-led`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Member state ids. */
  members: string[];
}

/**
 * A standards body (or technology) with the blocs' shares of its essential patents.
 *
 * @example
 * ```ts
 * const body: StandardsBodySpec = {
 *   id: '5g',
 *   name: '5G (3GPP)',
 *   sepShare: { west: 0.66, east: 0.34 },
 *   adoption: { TW: { west: 0.9, east: 0.1 } }, // members default to their own bloc's stack
 * };
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US', 'TW'] }, { id: 'east', members: ['CN'] }], bodies: [body] } }, 1);
 * console.log(adoptionShare(world, '5g', 'TW', 'east').toFixed(2), adoptionShare(world, '5g', 'US', 'west').toFixed(2)); // 0.10 0.99
 * ```
 */
export interface StandardsBodySpec {
  /** Unique id, e.g. `5g`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Initial share of the standard's essential patents held by each bloc (normalized; missing blocs hold none). */
  sepShare: Record<string, number>;
  /** Technical merit of each bloc's proposals, the vote split of a state voting on merit (normalized). Default: `sepShare`. */
  merit?: Record<string, number>;
  /**
   * Initial share of each state's installed base on each bloc's stack (normalized per state).
   * Default: members all on their own bloc's stack, third countries by `sepShare`.
   */
  adoption?: Record<string, Record<string, number>>;
  /**
   * The product whose makers supply the stack (e.g. `telecom_eq` for 5G): a bloc's stack then
   * costs a state what it pays the bloc's makers of it, and adoption moves with that price
   * (`priceWeight`). Default: none (the price of a stack plays no part).
   */
  product?: string;
}

/**
 * Parameters of the standards submodel, with their units. See docs/ODD.md §7.13.
 *
 * @example
 * ```ts
 * const params: Partial<StandardsParams> = { renewalRate: 0.1 }; // a standard generation in about 10 steps
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }], bodies: [{ id: '5g', sepShare: { west: 1 } }], params } }, 1);
 * console.log(world.standards!.params.renewalRate, world.standards!.params.contestsPerStep); // 0.1 12
 * ```
 */
export interface StandardsParams {
  /** Work items (proposals) each body decides per decision round (`policy.decisionDays`, a quarter by default; bodies meet once a round), an integer >= 1. Default 12. */
  contestsPerStep: number;
  /** Share of a body's essential-patent portfolio written per decision round, in [0, 1]. Default 0.05 (a quarterly round; a generation in about 5 years). */
  renewalRate: number;
  /** Share of each state's installed base renewed per decision round, in [0, 1]. Default 0.05 (a quarterly round; about a 5-year equipment cycle). */
  adoptionRate: number;
  /** Logit weight α on a stack's SEP share. Default 2. */
  sepWeight: number;
  /** Logit weight β on a stack's worldwide installed base (network effect). Default 2. */
  networkWeight: number;
  /** Logit weight γ on a stack's share among the state's trading partners (interoperability). Default 2. */
  interoperabilityWeight: number;
  /** Floor on initial adoption shares, which the logit constants need above 0, in (0, 0.5]. Default 0.01. */
  minAdoption: number;
  /**
   * Logit weight on the price of a stack, as a multiple of the body's product's Armington
   * elasticity σ: the utility falls by priceWeight·σ·ln(P/P⁰), P the delivered price a state pays
   * the bloc's makers, so at weight 1 the renewed installed base splits over stacks as orders
   * split over suppliers. Bodies without a `product` ignore it. Default 1.
   */
  priceWeight: number;
}

/**
 * The default standards parameters.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_STANDARDS_PARAMS.renewalRate, DEFAULT_STANDARDS_PARAMS.sepWeight, DEFAULT_STANDARDS_PARAMS.minAdoption); // 0.05 2 0.01
 * ```
 */
export const DEFAULT_STANDARDS_PARAMS: Readonly<StandardsParams> = Object.freeze({
  contestsPerStep: 12,
  renewalRate: 0.05,
  adoptionRate: 0.05,
  sepWeight: 2,
  networkWeight: 2,
  interoperabilityWeight: 2,
  minAdoption: 0.01,
  priceWeight: 1,
});

/**
 * The `standards` part of a {@link WorldSpec}: blocs, bodies, voting rules and weights.
 * Maps keyed by id (`voting`, weights) deep-merge in scenario arms, so an arm can switch
 * one bloc to bloc voting with `world: { standards: { voting: { east: bloc } } }`.
 *
 * @example
 * ```ts
 * const standards: StandardsSpec = {
 *   blocs: [{ id: 'west', members: ['US', 'TW'] }, { id: 'east', members: ['CN'] }],
 *   bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }],
 *   voting: { east: 'bloc' },                 // the China-led bloc votes as one
 *   votingWeight: { US: 1, CN: 1, TW: 1 },    // one state, one vote (the default)
 * };
 * const world = createWorld({ ...spec, standards }, 7);
 * for (let t = 0; t < 20; t++) step(world);
 * console.log(sepShare(world, '5g', 'east') > 0.4); // true
 * ```
 */
export interface StandardsSpec {
  /** The blocs; a state is in at most one. */
  blocs: StandardsBlocSpec[];
  /** The standards bodies (technologies). */
  bodies: StandardsBodySpec[];
  /** Voting rule by bloc id: a mode or `{mode, start, end}`. Default `merit` for every bloc. */
  voting?: Record<string, VotingMode | VotingRule>;
  /** Each state's weight in votes (delegates, contributions). Default 1 for every state; a state missing from a given map has none. */
  votingWeight?: Record<string, number>;
  /**
   * Each state's weight in the worldwide installed base. Default: the states' `gdp` when
   * every state has one, else 1; a state missing from a given map has none.
   */
  marketWeight?: Record<string, number>;
  /** Parameters; unset ones take {@link DEFAULT_STANDARDS_PARAMS}. */
  params?: Partial<StandardsParams>;
}

/**
 * The standards submodel's state on a world, as typed arrays. With B bodies, J blocs
 * and S states, body-by-bloc arrays are indexed `b·J + j` and body-by-state-by-bloc
 * arrays `(b·S + s)·J + j`.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US', 'TW'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] } }, 1);
 * const st: StandardsState = world.standards!;
 * console.log(st.blocIds, st.bodyIds, [...st.sepShare]); // ['west', 'east'] ['5g'] [0.6, 0.4]
 * ```
 */
export interface StandardsState {
  /** Parameters in force. */
  readonly params: Readonly<StandardsParams>;
  /** Bloc ids, by bloc index. */
  readonly blocIds: readonly string[];
  /** Body ids, by body index. */
  readonly bodyIds: readonly string[];
  /** Bloc of each state, or -1 for a third country. */
  readonly stateBloc: Int32Array;
  /** Voting weight of each state, normalized to sum 1. */
  readonly votingWeight: Float64Array;
  /** Installed-base weight of each state, normalized to sum 1. */
  readonly marketWeight: Float64Array;
  /** Voting mode of each bloc: 0 merit, 1 bloc, 2 doctrine. */
  readonly votingMode: Uint8Array;
  /** First step each bloc's voting rule is in force. */
  readonly votingStart: Float64Array;
  /** First step each bloc's voting rule is no longer in force (Infinity: never). */
  readonly votingEnd: Float64Array;
  /** Technical merit of each bloc's proposals in each body (B × J, sums to 1 per body). */
  readonly merit: Float64Array;
  /** Share of each body's essential patents held by each bloc (B × J, sums to 1 per body). */
  readonly sepShare: Float64Array;
  /** Weighted vote share of each bloc in each body this step (B × J). */
  readonly voteShare: Float64Array;
  /** Contests each bloc won in each body this step (B × J). */
  readonly contestsWon: Int32Array;
  /** Share of each state's installed base on each bloc's stack (B × S × J, sums to 1 per body and state). */
  readonly adoption: Float64Array;
  /** Calibrated logit constant of each (body, state, bloc) (B × S × J). */
  readonly constant: Float64Array;
  /** Each state's trade-partner weights, row-normalized (S × S; row s sums to 1, or 0 without trade). */
  readonly partnerWeight: Float64Array;
  /** Scratch: the next adoption of one body (S × J). */
  readonly scratch: Float64Array;
  /** Product index of each body's stack (`product`), or -1. */
  readonly bodyProduct: Int32Array;
  /** Delivered price index each state paid each bloc's makers of the body's product at creation (B × S × J; 0 where it bought none). */
  readonly basePrice: Float64Array;
}

const MODES: readonly VotingMode[] = ['merit', 'bloc', 'doctrine'];

/**
 * Builds the standards state of a world from its spec, validating every field and
 * calibrating the adoption logit's constants to the initial adoption. Called by
 * `createWorld`, which sets the result as `world.standards`.
 *
 * @returns undefined when the spec has no `standards`.
 * @throws WorldSpecError with the field path when the spec is invalid.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const standards = createStandards(world, { blocs: [{ id: 'west', members: ['US'] }], bodies: [{ id: '5g', sepShare: { west: 1 } }] });
 * console.log(standards!.blocIds, createStandards(world, undefined)); // ['west'] undefined
 * ```
 */
export function createStandards(
  world: World,
  spec: WorldSpec['standards'],
  states: WorldSpec['states'] = [],
): StandardsState | undefined {
  if (spec === undefined) return undefined;
  const root = ['standards'];
  if (spec === null || typeof spec !== 'object')
    throw new WorldSpecError(root, 'an object {blocs, bodies, ...}', describeValue(spec));
  for (const key of Object.keys(spec)) {
    const known = ['blocs', 'bodies', 'voting', 'votingWeight', 'marketWeight', 'params'];
    if (!known.includes(key))
      throw new WorldSpecError(
        [...root, key],
        `one of ${known.join(', ')}${suggest(key, known)}`,
        `unknown key "${key}"`,
      );
  }
  const params = resolveStandardsParams(spec.params);
  const S = world.stateIds.length;

  // Blocs and membership.
  if (!Array.isArray(spec.blocs) || spec.blocs.length === 0)
    throw new WorldSpecError([...root, 'blocs'], 'a non-empty list of blocs', describeValue(spec.blocs));
  const blocIds = uniqueIds(spec.blocs, [...root, 'blocs']);
  const blocIndex = new Map(blocIds.map((id, j) => [id, j]));
  const J = blocIds.length;
  const stateBloc = new Int32Array(S).fill(-1);
  spec.blocs.forEach((bloc, j) => {
    if (!Array.isArray(bloc.members))
      throw new WorldSpecError([...root, 'blocs', j, 'members'], 'a list of state ids', describeValue(bloc.members));
    bloc.members.forEach((id, i) => {
      const s = stateOf(world, id, [...root, 'blocs', j, 'members', i]);
      if (stateBloc[s] !== -1)
        throw new WorldSpecError(
          [...root, 'blocs', j, 'members', i],
          'a state in at most one bloc',
          `"${id}", already in bloc "${blocIds[stateBloc[s]!]}"`,
        );
      stateBloc[s] = j;
    });
  });

  // Voting rules.
  const votingMode = new Uint8Array(J);
  const votingStart = new Float64Array(J);
  const votingEnd = new Float64Array(J).fill(Infinity);
  const voting = spec.voting ?? {};
  if (voting === null || typeof voting !== 'object')
    throw new WorldSpecError([...root, 'voting'], 'a map of bloc id to voting rule', describeValue(voting));
  for (const [id, rule] of Object.entries(voting)) {
    const path = [...root, 'voting', id];
    const j = blocIndex.get(id);
    if (j === undefined)
      throw new WorldSpecError(
        path,
        `a bloc id${suggest(id, blocIds)} (one of ${blocIds.join(', ')})`,
        `unknown key "${id}"`,
      );
    if (rule === undefined) continue;
    const object = typeof rule === 'string' ? { mode: rule } : rule;
    if (object === null || typeof object !== 'object')
      throw new WorldSpecError(path, 'a voting mode or {mode, start, end}', describeValue(rule));
    const mode = MODES.indexOf(object.mode);
    if (mode < 0)
      throw new WorldSpecError(
        typeof rule === 'string' ? path : [...path, 'mode'],
        MODES.map((m) => `"${m}"`).join(' | '),
        describeValue(object.mode),
      );
    votingMode[j] = mode;
    if (object.start !== undefined) votingStart[j] = number(object.start, [...path, 'start'], 0, Infinity);
    if (object.end !== undefined) votingEnd[j] = number(object.end, [...path, 'end'], votingStart[j]!, Infinity);
  }

  const votingWeight = stateWeights(world, spec.votingWeight, [...root, 'votingWeight'], () => 1);
  const everyGdp = states.length === S && states.every((state) => typeof state.gdp === 'number' && state.gdp > 0);
  const marketWeight = stateWeights(world, spec.marketWeight, [...root, 'marketWeight'], (s) =>
    everyGdp ? states[s]!.gdp! : 1,
  );

  // Bodies: SEP shares, merit, initial adoption.
  if (!Array.isArray(spec.bodies) || spec.bodies.length === 0)
    throw new WorldSpecError([...root, 'bodies'], 'a non-empty list of standards bodies', describeValue(spec.bodies));
  const bodyIds = uniqueIds(spec.bodies, [...root, 'bodies']);
  const B = bodyIds.length;
  const sepShare = new Float64Array(B * J);
  const merit = new Float64Array(B * J);
  const adoption = new Float64Array(B * S * J);
  const bodyProduct = new Int32Array(B).fill(-1);
  spec.bodies.forEach((body, b) => {
    const path = [...root, 'bodies', b];
    if (body.product !== undefined) {
      const k = typeof body.product === 'string' ? world.productIndex.get(body.product) : undefined;
      if (k === undefined)
        throw new WorldSpecError(
          [...path, 'product'],
          `a product id${typeof body.product === 'string' ? suggest(body.product, world.productIds) : ''}`,
          describeValue(body.product),
        );
      bodyProduct[b] = k;
    }
    const sep = blocShares(body.sepShare, blocIndex, [...path, 'sepShare']);
    sepShare.set(sep, b * J);
    merit.set(body.merit === undefined ? sep : blocShares(body.merit, blocIndex, [...path, 'merit']), b * J);
    const given = body.adoption ?? {};
    if (given === null || typeof given !== 'object')
      throw new WorldSpecError([...path, 'adoption'], 'a map of state id to shares by bloc', describeValue(given));
    const set = new Uint8Array(S);
    for (const [id, shares] of Object.entries(given)) {
      const s = stateOf(world, id, [...path, 'adoption', id]);
      adoption.set(blocShares(shares, blocIndex, [...path, 'adoption', id]), (b * S + s) * J);
      set[s] = 1;
    }
    for (let s = 0; s < S; s++) {
      const at = (b * S + s) * J;
      if (set[s] === 0) {
        if (stateBloc[s]! >= 0) adoption[at + stateBloc[s]!] = 1;
        else adoption.set(sep, at);
      }
      // Floor and renormalize, so the logit constants ln(a) are finite and a is the exact fixed point.
      let sum = 0;
      for (let j = 0; j < J; j++) sum += adoption[at + j] = Math.max(adoption[at + j]!, params.minAdoption);
      for (let j = 0; j < J; j++) adoption[at + j] = adoption[at + j]! / sum;
    }
  });

  const state: StandardsState = {
    params,
    blocIds,
    bodyIds,
    stateBloc,
    votingWeight,
    marketWeight,
    votingMode,
    votingStart,
    votingEnd,
    merit,
    sepShare,
    voteShare: new Float64Array(B * J),
    contestsWon: new Int32Array(B * J),
    adoption,
    constant: new Float64Array(B * S * J),
    partnerWeight: new Float64Array(S * S),
    scratch: new Float64Array(S * J),
    bodyProduct,
    basePrice: new Float64Array(B * S * J),
  };
  // The prices each state pays each bloc's makers at the start: the reference of the price term.
  for (let b = 0; b < B; b++)
    if (bodyProduct[b]! >= 0)
      stackPrices(world, bodyProduct[b]!, stateBloc, J, state.basePrice.subarray(b * S * J, (b + 1) * S * J));
  // Calibrate c = ln a₀ − (ασ + βN + γI) at the steady-state trade pattern, so a₀ is the fixed point.
  partnerWeights(world, state.partnerWeight, false);
  for (let b = 0; b < B; b++) {
    adoptionTargets(world, state, b, state.scratch, false);
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < J; j++) {
        const at = (b * S + s) * J + j;
        state.constant[at] = ln(adoption[at]!) - state.scratch[s * J + j]!;
      }
    }
  }
  return state;
}

/**
 * The standards phase of a step that starts a decision round: for each body, the states vote on `contestsPerStep`
 * work items, the SEP shares move toward the contests won, and each state renews part
 * of its installed base by the adoption logit. Does nothing in a world without standards.
 *
 * Vote share of bloc j in body b, with state weights w (sum 1) and merit m:
 *   V_bj = Σ_s w_s v_sj, where v_sj = 1[j = bloc(s)] when s votes as a bloc, else m_bj; in a
 *   world with alignment, a third country's v_sj = (1 − ν) m_bj + ν A_sj, A its alignment
 *   (`alignment.ts`) and ν the alignment parameter `voteWeight`.
 * Each contest is won by j with probability V_bj; with W_bj wins out of R,
 *   σ_bj ← (1 − λ) σ_bj + λ W_bj / R.
 * Adoption: U_bsj = c_bsj + α σ_bj + β N_bj + γ I_bsj, with N_bj = Σ_t M_t a_btj the
 * worldwide installed base and I_bsj = Σ_t T_st a_btj the trade-partner share; then
 *   a_bsj ← (1 − ρ) a_bsj + ρ softmax_j(U_bsj).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }], voting: { east: 'bloc' } } }, 3);
 * updateStandards(world); // step(world) calls it
 * const st = world.standards!;
 * console.log(st.voteShare[1]!.toFixed(3), st.contestsWon[0]! + st.contestsWon[1]!); // 0.600 12
 * ```
 */
export function updateStandards(world: World): void {
  const st = world.standards;
  if (st === undefined) return;
  const {
    params,
    stateBloc,
    votingWeight,
    votingMode,
    votingStart,
    votingEnd,
    merit,
    sepShare,
    voteShare,
    contestsWon,
    adoption,
    scratch,
  } = st;
  const S = world.stateIds.length;
  const J = st.blocIds.length;
  const B = st.bodyIds.length;
  const t = world.step;
  const rng = world.rng.stream('standards');

  // Which states vote as a bloc this step.
  const coordinated = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    const j = stateBloc[s]!;
    if (j < 0 || !(votingStart[j]! <= t && t < votingEnd[j]!)) continue;
    const mode = votingMode[j]!;
    if (mode === 1) coordinated[s] = 1;
    else if (mode === 2)
      coordinated[s] = world.policy.doctrines.get(world.policy.stateDoctrine[s]!)?.mercantilist ? 1 : 0;
  }

  const R = params.contestsPerStep;
  const lambda = params.renewalRate;
  // Third countries' votes follow their alignment with the blocs in part (§7.20), in worlds with alignment.
  const aligned = world.alignment;
  const nu = aligned === undefined ? 0 : aligned.params.voteWeight;
  for (let b = 0; b < B; b++) {
    const at = b * J;
    voteShare.fill(0, at, at + J);
    for (let s = 0; s < S; s++) {
      const w = votingWeight[s]!;
      if (w === 0) continue;
      if (coordinated[s] === 1) voteShare[at + stateBloc[s]!]! += w;
      else if (aligned !== undefined && nu > 0 && aligned.moving[s] === 1) {
        for (let j = 0; j < J; j++)
          voteShare[at + j]! += w * ((1 - nu) * merit[at + j]! + nu * aligned.alignment[s * J + j]!);
      } else for (let j = 0; j < J; j++) voteShare[at + j]! += w * merit[at + j]!;
    }
    contestsWon.fill(0, at, at + J);
    for (let r = 0; r < R; r++) {
      let u = rng.next();
      let j = 0;
      while (j < J - 1 && u >= voteShare[at + j]!) u -= voteShare[at + j++]!;
      contestsWon[at + j]!++;
    }
    for (let j = 0; j < J; j++)
      sepShare[at + j] = (1 - lambda) * sepShare[at + j]! + (lambda * contestsWon[at + j]!) / R;
  }

  partnerWeights(world, st.partnerWeight, true);
  const rho = params.adoptionRate;
  for (let b = 0; b < B; b++) {
    adoptionTargets(world, st, b, scratch, true);
    for (let i = 0, at = b * S * J; i < S * J; i++, at++) adoption[at] = (1 - rho) * adoption[at]! + rho * scratch[i]!;
  }
}

/**
 * The share of a body's essential patents a bloc holds now.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 3, east: 1 } }] } }, 1);
 * console.log(sepShare(world, '5g', 'west')); // 0.75
 * ```
 */
export function sepShare(world: World, body: string, bloc: string): number {
  const st = requireStandards(world);
  return st.sepShare[bodyOf(st, body) * st.blocIds.length + blocOf(st, bloc)]!;
}

/**
 * The share of a state's installed base on a bloc's stack in a body, now.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.7, east: 0.3 } }] } }, 1);
 * console.log(adoptionShare(world, '5g', 'TW', 'east').toFixed(2)); // 0.30
 * ```
 */
export function adoptionShare(world: World, body: string, state: string, bloc: string): number {
  const st = requireStandards(world);
  const s = world.stateIndex.get(state);
  if (s === undefined) throw new RangeError(`unknown state "${state}"`);
  return st.adoption[(bodyOf(st, body) * world.stateIds.length + s) * st.blocIds.length + blocOf(st, bloc)]!;
}

/**
 * Appends the standards metrics of the current step (see docs/outputs.md):
 * - standard `BODY`: `fragmentation` (1 − Σ_j N_j², the chance two deployments drawn by
 *   market weight are on different stacks) and `partner_interoperability` (the
 *   trade-weighted chance a state's deployment matches a trading partner's);
 * - standard `BODY:BLOC`: `sep_share`, `vote_share`, `adoption_world` (N_j) and
 *   `adoption_third` (market-weighted over third countries; 0 without any);
 * - state (when `states`): `adoption:BODY:BLOC`.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.5, east: 0.5 } }] } }, 1);
 * const table = new MetricsTable();
 * recordStandardsMetrics(world, table, false); // recordMetrics calls it for worlds with standards
 * console.log(table.rows().map((r) => `${r.entity}/${r.variable}`).slice(0, 4)); // ['5g/fragmentation', '5g/partner_interoperability', '5g:west/sep_share', '5g:west/vote_share']
 * ```
 */
export function recordStandardsMetrics(world: World, table: MetricsTable, states: boolean): void {
  const st = world.standards;
  if (st === undefined) return;
  const S = world.stateIds.length;
  const J = st.blocIds.length;
  const step = world.step;
  const names = metricNames(st);
  let thirdWeight = 0;
  for (let s = 0; s < S; s++) if (st.stateBloc[s]! < 0) thirdWeight += st.marketWeight[s]!;
  for (let b = 0; b < st.bodyIds.length; b++) {
    const base = b * S * J;
    const installed = new Float64Array(J);
    const third = new Float64Array(J);
    for (let s = 0; s < S; s++) {
      const m = st.marketWeight[s]!;
      for (let j = 0; j < J; j++) {
        const a = st.adoption[base + s * J + j]!;
        installed[j]! += m * a;
        if (st.stateBloc[s]! < 0) third[j]! += m * a;
      }
    }
    let simpson = 0;
    for (let j = 0; j < J; j++) simpson += installed[j]! ** 2;
    let partner = 0;
    let traded = 0;
    for (let s = 0; s < S; s++) {
      let match = 0;
      let rowSum = 0;
      for (let u = 0; u < S; u++) {
        const w = st.partnerWeight[s * S + u]!;
        if (w === 0) continue;
        rowSum += w;
        for (let j = 0; j < J; j++) match += w * st.adoption[base + s * J + j]! * st.adoption[base + u * J + j]!;
      }
      if (rowSum > 0) ((partner += st.marketWeight[s]! * match), (traded += st.marketWeight[s]!));
    }
    table.push(step, 'standard', st.bodyIds[b]!, 'fragmentation', 1 - simpson);
    table.push(step, 'standard', st.bodyIds[b]!, 'partner_interoperability', traded > 0 ? partner / traded : 1);
    for (let j = 0; j < J; j++) {
      const entity = names.bodyBloc[b * J + j]!;
      table.push(step, 'standard', entity, 'sep_share', st.sepShare[b * J + j]!);
      table.push(step, 'standard', entity, 'vote_share', st.voteShare[b * J + j]!);
      table.push(step, 'standard', entity, 'adoption_world', installed[j]!);
      table.push(step, 'standard', entity, 'adoption_third', thirdWeight > 0 ? third[j]! / thirdWeight : 0);
    }
  }
  if (states) {
    for (let s = 0; s < S; s++) {
      const id = world.stateIds[s]!;
      for (let b = 0; b < st.bodyIds.length; b++) {
        for (let j = 0; j < J; j++)
          table.push(step, 'state', id, names.adoption[b * J + j]!, st.adoption[(b * S + s) * J + j]!);
      }
    }
  }
}

const namesCache = new WeakMap<StandardsState, { bodyBloc: string[]; adoption: string[] }>();

function metricNames(st: StandardsState): { bodyBloc: string[]; adoption: string[] } {
  let names = namesCache.get(st);
  if (names === undefined) {
    const pairs = st.bodyIds.flatMap((body) => st.blocIds.map((bloc) => `${body}:${bloc}`));
    names = { bodyBloc: pairs, adoption: pairs.map((pair) => `adoption:${pair}`) };
    namesCache.set(st, names);
  }
  return names;
}

/**
 * Logit targets softmax_j(U_bsj) of body b into `out` (S × J). Without `withConstants`
 * (while calibrating them) it leaves the constants out and writes the raw utilities.
 */
function adoptionTargets(world: World, st: StandardsState, b: number, out: Float64Array, withConstants: boolean): void {
  const S = world.stateIds.length;
  const J = st.blocIds.length;
  const { sepWeight: alpha, networkWeight: beta, interoperabilityWeight: gamma } = st.params;
  const base = b * S * J;
  // The price term, −priceWeight·σ·ln(P/P⁰), for bodies whose stack is a product (0 while calibrating: P = P⁰).
  const k = st.bodyProduct[b]!;
  const priced = withConstants && k >= 0 && st.params.priceWeight > 0;
  const prices = priced ? stackPrices(world, k, st.stateBloc, J, new Float64Array(S * J)) : undefined;
  const priceWeight = priced ? st.params.priceWeight * world.productArmington[k]! : 0;
  const installed = new Float64Array(J);
  for (let s = 0; s < S; s++) {
    const m = st.marketWeight[s]!;
    if (m !== 0) for (let j = 0; j < J; j++) installed[j]! += m * st.adoption[base + s * J + j]!;
  }
  for (let s = 0; s < S; s++) {
    const row = s * J;
    let rowSum = 0;
    for (let u = 0; u < S; u++) rowSum += st.partnerWeight[s * S + u]!;
    for (let j = 0; j < J; j++) {
      // Interoperability: the stack's share among trading partners (the world's, without trade).
      let partners = installed[j]!;
      if (rowSum > 0) {
        partners = 0;
        for (let u = 0; u < S; u++) {
          const w = st.partnerWeight[s * S + u]!;
          if (w !== 0) partners += w * st.adoption[base + u * J + j]!;
        }
      }
      out[row + j] = alpha * st.sepShare[b * J + j]! + beta * installed[j]! + gamma * partners;
      if (prices !== undefined)
        out[row + j] =
          out[row + j]! -
          priceWeight * priceTerm(prices[row + j]!, st.basePrice[base + row + j]!, world.params.priceCap);
    }
    if (!withConstants) continue;
    let max = -Infinity;
    for (let j = 0; j < J; j++) max = Math.max(max, (out[row + j] = out[row + j]! + st.constant[base + row + j]!));
    let sum = 0;
    for (let j = 0; j < J; j++) sum += out[row + j] = exp(out[row + j]! - max);
    for (let j = 0; j < J; j++) out[row + j] = out[row + j]! / sum;
  }
}

/**
 * ln(P/P⁰) of one state's price for one bloc's stack: 0 when it bought none of the bloc's makers'
 * product at the start (no reference) or buys it at the reference price; ln(priceCap) when it
 * bought some at the start and can buy none now (every such edge blocked: the stack is priced out).
 */
function priceTerm(price: number, basePrice: number, priceCap: number): number {
  if (!(basePrice > 0)) return 0;
  if (!(price > 0)) return ln(priceCap);
  return price === basePrice ? 0 : ln(price / basePrice);
}

/**
 * The delivered price index each state pays each bloc's makers of product k, into `out` (S × J):
 * the share-weighted mean of price × (1 + rate) over the state's permitted edges (firm and final
 * demand slots) from makers in the bloc; 0 where it has none. Edges from makers in no bloc (third
 * countries) price no stack.
 */
function stackPrices(world: World, k: number, stateBloc: Int32Array, J: number, out: Float64Array): Float64Array {
  const {
    slotProduct,
    slotOwner,
    slotEdgeStart,
    firmSlotCount,
    firmState,
    finalDemandState,
    edgeSupplier,
    edgeShare,
    edgeBlocked,
    edgeTariff,
    firmPrice,
  } = world;
  const S = world.stateIds.length;
  const weight = new Float64Array(S * J);
  out.fill(0);
  for (let slot = 0; slot < slotOwner.length; slot++) {
    if (slotProduct[slot] !== k) continue;
    const s = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    for (let e = slotEdgeStart[slot]!; e < slotEdgeStart[slot + 1]!; e++) {
      if (edgeBlocked[e] === 1) continue;
      const f = edgeSupplier[e]!;
      const j = stateBloc[firmState[f]!]!;
      if (j < 0) continue;
      const w = edgeShare[e]! > 0 ? edgeShare[e]! : 1e-12; // an edge whose share decayed still prices the stack
      weight[s * J + j]! += w;
      out[s * J + j]! += w * firmPrice[f]! * (1 + edgeTariff[e]!);
    }
  }
  for (let i = 0; i < out.length; i++) if (weight[i]! > 0) out[i] = out[i]! / weight[i]!;
  return out;
}

/**
 * Trade-partner weights T (S × S, rows normalized): the value traded both ways between
 * two states, delivered this step (`delivered`) or in the steady state (at creation).
 */
function partnerWeights(world: World, out: Float64Array, delivered: boolean): void {
  const S = world.stateIds.length;
  out.fill(0);
  const {
    edgeSupplier,
    edgeSlot,
    edgeShare,
    edgeDelivered,
    slotOwner,
    slotAmount,
    firmSlotCount,
    firmState,
    firmProduct,
    firmExpectedDemand,
    finalDemandState,
    productPrice,
  } = world;
  for (let e = 0; e < edgeSupplier.length; e++) {
    const supplier = edgeSupplier[e]!;
    const slot = edgeSlot[e]!;
    const owner = slotOwner[slot]!;
    const firmBuyer = slot < firmSlotCount;
    const from = firmState[supplier]!;
    const to = firmBuyer ? firmState[owner]! : finalDemandState[owner]!;
    if (from === to) continue;
    const units = delivered
      ? edgeDelivered[e]!
      : slotAmount[slot]! * edgeShare[e]! * (firmBuyer ? firmExpectedDemand[owner]! : 1);
    if (units === 0) continue;
    const value = units * productPrice[firmProduct[supplier]!]!;
    out[from * S + to]! += value;
    out[to * S + from]! += value;
  }
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let u = 0; u < S; u++) sum += out[s * S + u]!;
    if (sum > 0) for (let u = 0; u < S; u++) out[s * S + u] = out[s * S + u]! / sum;
  }
}

function resolveStandardsParams(overrides: Partial<StandardsParams> | undefined): StandardsParams {
  const path = ['standards', 'params'];
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object'))
    throw new WorldSpecError(path, 'an object of standards parameters', describeValue(overrides));
  const params: StandardsParams = { ...DEFAULT_STANDARDS_PARAMS };
  const keys = Object.keys(DEFAULT_STANDARDS_PARAMS);
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!keys.includes(key))
      throw new WorldSpecError(
        [...path, key],
        `a standards parameter${suggest(key, keys)} (one of ${keys.join(', ')})`,
        `unknown key "${key}"`,
      );
    if (value !== undefined) (params as unknown as Record<string, unknown>)[key] = value;
  }
  const contests = params.contestsPerStep;
  if (!(typeof contests === 'number' && Number.isInteger(contests) && contests >= 1))
    throw new WorldSpecError([...path, 'contestsPerStep'], 'an integer >= 1', describeValue(contests));
  number(params.renewalRate, [...path, 'renewalRate'], 0, 1);
  number(params.adoptionRate, [...path, 'adoptionRate'], 0, 1);
  number(params.sepWeight, [...path, 'sepWeight'], 0, Infinity);
  number(params.networkWeight, [...path, 'networkWeight'], 0, Infinity);
  number(params.interoperabilityWeight, [...path, 'interoperabilityWeight'], 0, Infinity);
  number(params.minAdoption, [...path, 'minAdoption'], 0, 0.5);
  number(params.priceWeight, [...path, 'priceWeight'], 0, Infinity);
  if (params.minAdoption === 0)
    throw new WorldSpecError([...path, 'minAdoption'], 'a finite number > 0 and <= 0.5', '0');
  return Object.freeze(params);
}

function uniqueIds(list: ReadonlyArray<{ id: string }>, path: Array<string | number>): string[] {
  const seen = new Set<string>();
  return list.map((item, i) => {
    const id = item?.id;
    if (typeof id !== 'string' || id === '')
      throw new WorldSpecError([...path, i, 'id'], 'a non-empty string', describeValue(id));
    if (seen.has(id)) throw new WorldSpecError([...path, i, 'id'], 'a unique id', `"${id}" again`);
    seen.add(id);
    return id;
  });
}

/** Weights by state id, normalized to sum 1; `fallback` when no map is given. */
function stateWeights(
  world: World,
  given: Record<string, number> | undefined,
  path: Array<string | number>,
  fallback: (s: number) => number,
): Float64Array {
  const S = world.stateIds.length;
  const out = new Float64Array(S);
  if (given === undefined) for (let s = 0; s < S; s++) out[s] = fallback(s);
  else {
    if (given === null || typeof given !== 'object' || Array.isArray(given))
      throw new WorldSpecError(path, 'a map of state id to weight', describeValue(given));
    for (const [id, value] of Object.entries(given))
      out[stateOf(world, id, [...path, id])] = number(value, [...path, id], 0, Infinity);
  }
  let sum = 0;
  for (let s = 0; s < S; s++) sum += out[s]!;
  if (!(sum > 0)) throw new WorldSpecError(path, 'weights that add up to more than 0', String(sum));
  for (let s = 0; s < S; s++) out[s] = out[s]! / sum;
  return out;
}

function requireStandards(world: World): StandardsState {
  if (world.standards === undefined) throw new RangeError('the world has no standards (add `standards` to its spec)');
  return world.standards;
}

function bodyOf(st: StandardsState, body: string): number {
  const b = st.bodyIds.indexOf(body);
  if (b < 0) throw new RangeError(`unknown standards body "${body}" (one of ${st.bodyIds.join(', ')})`);
  return b;
}

function blocOf(st: StandardsState, bloc: string): number {
  const j = st.blocIds.indexOf(bloc);
  if (j < 0) throw new RangeError(`unknown bloc "${bloc}" (one of ${st.blocIds.join(', ')})`);
  return j;
}
