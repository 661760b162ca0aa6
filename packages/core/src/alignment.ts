/**
 * Norm alignment of third countries with the standards blocs (docs/ODD.md §7.20).
 *
 * Each third country (a state in no standards bloc) carries an alignment with each bloc, a
 * share: the states' positions over the blocs sum to 1, as a vote in a standards body or the
 * UN General Assembly goes to one side or the other. It moves, as a logit with calibrated
 * constants (the standards submodel's form, §7.13), with three things the seed documents name:
 * the state's installed base on each bloc's stack (the systems it bought), the export finance it
 * receives from each bloc's states (the policy banks' credit lines), and the pacts it signs with
 * a bloc (the 2017 Belt and Road digital-economy initiative, the 2021 China–Africa cyberspace
 * initiative). The constants make the initial alignment the fixed point at the start, so only
 * changes in those three move it. Alignment feeds the state's votes in standards bodies (a share
 * of its vote follows its alignment instead of merit) and, for states with the switching rule
 * `alignment`, its doctrine: a state aligned enough with a bloc adopts the bloc's "kit" (the
 * cyber-sovereignty kit of the Jamestown piece).
 *
 * State lives in per-state-per-bloc typed arrays on `world.alignment`; a world without
 * `alignment` in its spec has none, and the step skips the phase.
 */
import { WorldSpecError, describeValue } from './errors.js';
import { exp, ln } from './math.js';
import type { MetricsTable } from './metrics.js';
import { blocShares, number, stateOf } from './blocSpec.js';
import { suggest } from './policy/fields.js';
import type { World } from './world.js';

/**
 * A pact a bloc signs with third countries (a cyberspace or digital-economy initiative), in
 * force for `start <= step < end`.
 *
 * @example
 * ```ts
 * const pact: AlignmentPactSpec = { id: 'bri-digital', bloc: 'east', members: ['TW'], start: 2 };
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: { pacts: [pact] } }, 1);
 * console.log(world.alignment!.pactIds, world.alignment!.pactStart[0]); // ['bri-digital'] 2
 * ```
 */
export interface AlignmentPactSpec {
  /** Id, for reports. Default `pact-<n>`. */
  id?: string;
  /** The bloc that signs it (a standards bloc id). */
  bloc: string;
  /** The third countries that sign it. */
  members: string[];
  /** First step in force. Default 0 (in force at the start: the initial alignment already reflects it). */
  start?: number;
  /** First step no longer in force. Default: never. */
  end?: number;
}

/**
 * Parameters of the alignment submodel, with their units. See docs/ODD.md §7.20.
 *
 * @example
 * ```ts
 * const params: Partial<AlignmentParams> = { alignmentDays: 730 }; // alignment settles within about two years
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: { params } }, 1);
 * console.log(world.alignment!.params.alignmentDays, world.alignment!.params.pactWeight); // 730 1
 * ```
 */
export interface AlignmentParams {
  /** Characteristic time τ of alignment, in days: each step closes 1 − exp(−Δ/τ) of the gap to the logit's target. Default 1461 (four years, about a government's term). */
  alignmentDays: number;
  /** Logit weight on the state's installed base on a bloc's stack (its mean adoption share over the standards bodies, in [0, 1]). Default 2. */
  installedBaseWeight: number;
  /** Logit weight on the export finance received from a bloc's states, per unit of finance intensity (finance per step over the state's imports per step at the steady state). Default 20. */
  financeWeight: number;
  /** Memory of finance received, in days: the intensity is an exponential average of the finance received with this characteristic time. Default 1461 (credit lines run for years). */
  financeMemoryDays: number;
  /** Logit weight on a pact in force with a bloc (1 while the state is party to one, else 0). Default 1. */
  pactWeight: number;
  /** Share ν of a third country's vote in standards bodies that follows its alignment; the rest follows technical merit, in [0, 1]. Default 0.5. */
  voteWeight: number;
  /** Alignment with a bloc at or above which a state with the switching rule `alignment` adopts the bloc's kit, in (0.5, 1]. Default 0.65 (the domestic-politics rule's hawk threshold). */
  kitThreshold: number;
  /** Floor on initial alignment shares, which the logit constants need above 0, in (0, 0.5]. Default 0.01. */
  minAlignment: number;
}

/**
 * The default alignment parameters.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_ALIGNMENT_PARAMS.alignmentDays, DEFAULT_ALIGNMENT_PARAMS.voteWeight, DEFAULT_ALIGNMENT_PARAMS.kitThreshold); // 1461 0.5 0.65
 * ```
 */
export const DEFAULT_ALIGNMENT_PARAMS: Readonly<AlignmentParams> = Object.freeze({
  alignmentDays: 1461,
  installedBaseWeight: 2,
  financeWeight: 20,
  financeMemoryDays: 1461,
  pactWeight: 1,
  voteWeight: 0.5,
  kitThreshold: 0.65,
  minAlignment: 0.01,
});

/**
 * The `alignment` part of a {@link WorldSpec}: third countries' initial alignment with the
 * standards blocs, pacts, each bloc's doctrine kit and the parameters. Needs `standards`
 * (its blocs are the blocs one aligns with).
 *
 * @example
 * ```ts
 * const alignment: AlignmentSpec = {
 *   initial: { TW: { west: 0.7, east: 0.3 } },                  // third countries only
 *   pacts: [{ bloc: 'east', members: ['TW'], start: 4 }],      // a cyberspace pact from step 4
 *   kits: { east: 'DNM' },                                     // the doctrine a state aligned with east adopts
 * };
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment }, 1);
 * console.log(alignmentShare(world, 'TW', 'east').toFixed(2), alignmentShare(world, 'CN', 'east')); // 0.30 1
 * ```
 */
export interface AlignmentSpec {
  /** Initial alignment of third countries, by state id, shares by bloc id (normalized). Default: the state's mean installed base over the standards bodies. */
  initial?: Record<string, Record<string, number>>;
  /** Pacts between a bloc and third countries, with their dates. */
  pacts?: AlignmentPactSpec[];
  /** The doctrine (kit) a state with the switching rule `alignment` adopts when aligned with a bloc, by bloc id. Default: none. */
  kits?: Record<string, string>;
  /** Parameters; unset ones take {@link DEFAULT_ALIGNMENT_PARAMS}. */
  params?: Partial<AlignmentParams>;
}

/**
 * The alignment submodel's state on a world, as typed arrays. With S states and J blocs
 * (the standards blocs), state-by-bloc arrays are indexed `s·J + j`.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: {} }, 1);
 * const al: AlignmentState = world.alignment!;
 * console.log(al.blocIds, [...al.moving], [...al.alignment].map((a) => a.toFixed(1))); // ['west', 'east'] [0, 0, 1] ['1.0', '0.0', '0.0', '1.0', '0.6', '0.4']
 * ```
 */
export interface AlignmentState {
  /** Parameters in force. */
  readonly params: Readonly<AlignmentParams>;
  /** Bloc ids, by bloc index (the standards blocs). */
  readonly blocIds: readonly string[];
  /** 1 for the states whose alignment moves (third countries), 0 for bloc members (aligned with their own bloc). */
  readonly moving: Uint8Array;
  /** Each state's alignment with each bloc (S × J, sums to 1 per state). */
  readonly alignment: Float64Array;
  /** Calibrated logit constant of each (state, bloc) (S × J). */
  readonly constant: Float64Array;
  /** Export finance each state received from each bloc's states this step, in value units (S × J). */
  readonly financeStep: Float64Array;
  /** Exponential average of the finance each state received from each bloc's states, per step (S × J). */
  readonly financeMemory: Float64Array;
  /** Each state's cross-border purchases per step at the steady state, in value units: the scale of finance intensity. */
  readonly baseImports: Float64Array;
  /** Pact ids. */
  readonly pactIds: readonly string[];
  /** Bloc index of each pact. */
  readonly pactBloc: Int32Array;
  /** First step each pact is in force. */
  readonly pactStart: Float64Array;
  /** First step each pact is no longer in force (Infinity: never). */
  readonly pactEnd: Float64Array;
  /** Member state indices of each pact. */
  readonly pactMembers: readonly Int32Array[];
  /** The doctrine kit of each bloc, or undefined. */
  readonly kit: ReadonlyArray<string | undefined>;
}

/**
 * Builds the alignment state of a world from its spec, validating every field and calibrating
 * the logit's constants so the initial alignment is its fixed point. Called by `createWorld`
 * (after the standards), which sets the result as `world.alignment`.
 *
 * @returns undefined when the spec has no `alignment`.
 * @throws WorldSpecError with the field path when the spec is invalid or the world has no standards.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] } }, 1);
 * const alignment = createAlignment(world, { initial: { TW: { west: 1, east: 3 } } });
 * console.log(alignment!.alignment[4], alignment!.alignment[5], createAlignment(world, undefined)); // 0.25 0.75 undefined
 * ```
 */
export function createAlignment(world: World, spec: AlignmentSpec | undefined): AlignmentState | undefined {
  if (spec === undefined) return undefined;
  const root = ['alignment'];
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new WorldSpecError(root, 'an object {initial, pacts, kits, params}', describeValue(spec));
  const known = ['initial', 'pacts', 'kits', 'params'];
  for (const key of Object.keys(spec)) {
    if (!known.includes(key))
      throw new WorldSpecError(
        [...root, key],
        `one of ${known.join(', ')}${suggest(key, known)}`,
        `unknown key "${key}"`,
      );
  }
  const st = world.standards;
  if (st === undefined)
    throw new WorldSpecError(
      root,
      'alignment in a world with `standards` (its blocs are the blocs states align with)',
      'a world without standards',
    );
  const params = resolveParams(spec.params);
  const S = world.stateIds.length;
  const blocIds = st.blocIds;
  const J = blocIds.length;
  const blocIndex = new Map(blocIds.map((id, j) => [id, j]));
  const moving = new Uint8Array(S);
  for (let s = 0; s < S; s++) moving[s] = st.stateBloc[s]! < 0 ? 1 : 0;

  // Initial alignment: members with their own bloc; third countries as given, else by their installed base.
  const alignment = new Float64Array(S * J);
  const given = spec.initial ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new WorldSpecError([...root, 'initial'], 'a map of state id to shares by bloc', describeValue(given));
  const set = new Uint8Array(S);
  for (const [id, shares] of Object.entries(given)) {
    const path = [...root, 'initial', id];
    const s = stateOf(world, id, path);
    if (moving[s] === 0)
      throw new WorldSpecError(
        path,
        'a third country (a state in no standards bloc: members are aligned with their own bloc)',
        `"${id}", a member of bloc "${blocIds[st.stateBloc[s]!]}"`,
      );
    alignment.set(blocShares(shares, blocIndex, path), s * J);
    set[s] = 1;
  }
  for (let s = 0; s < S; s++) {
    const row = s * J;
    if (moving[s] === 0) {
      alignment[row + st.stateBloc[s]!] = 1;
      continue;
    }
    if (set[s] === 0) installedBase(st, S, s, alignment.subarray(row, row + J));
    // Floor and renormalize, so the logit constants are finite and the alignment is the exact fixed point.
    let sum = 0;
    for (let j = 0; j < J; j++) sum += alignment[row + j] = Math.max(alignment[row + j]!, params.minAlignment);
    for (let j = 0; j < J; j++) alignment[row + j] = alignment[row + j]! / sum;
  }

  // Pacts.
  const pactSpecs = spec.pacts ?? [];
  if (!Array.isArray(pactSpecs))
    throw new WorldSpecError(
      [...root, 'pacts'],
      'a list of pacts {bloc, members, start, end}',
      describeValue(pactSpecs),
    );
  const pactIds: string[] = [];
  const pactBloc = new Int32Array(pactSpecs.length);
  const pactStart = new Float64Array(pactSpecs.length);
  const pactEnd = new Float64Array(pactSpecs.length).fill(Infinity);
  const pactMembers: Int32Array[] = [];
  pactSpecs.forEach((pact, p) => {
    const path = [...root, 'pacts', p];
    if (pact === null || typeof pact !== 'object' || Array.isArray(pact))
      throw new WorldSpecError(path, 'a pact {bloc, members, start, end}', describeValue(pact));
    for (const key of Object.keys(pact)) {
      const keys = ['id', 'bloc', 'members', 'start', 'end'];
      if (!keys.includes(key))
        throw new WorldSpecError(
          [...path, key],
          `one of ${keys.join(', ')}${suggest(key, keys)}`,
          `unknown key "${key}"`,
        );
    }
    const id = pact.id ?? `pact-${p + 1}`;
    if (typeof id !== 'string' || id === '')
      throw new WorldSpecError([...path, 'id'], 'a non-empty string', describeValue(pact.id));
    if (pactIds.includes(id)) throw new WorldSpecError([...path, 'id'], 'a unique pact id', `"${id}" again`);
    pactIds.push(id);
    const j = typeof pact.bloc === 'string' ? blocIndex.get(pact.bloc) : undefined;
    if (j === undefined)
      throw new WorldSpecError(
        [...path, 'bloc'],
        `a bloc id${typeof pact.bloc === 'string' ? suggest(pact.bloc, blocIds) : ''} (one of ${blocIds.join(', ')})`,
        describeValue(pact.bloc),
      );
    pactBloc[p] = j;
    if (!Array.isArray(pact.members) || pact.members.length === 0)
      throw new WorldSpecError([...path, 'members'], 'a non-empty list of state ids', describeValue(pact.members));
    pactMembers.push(
      Int32Array.from(
        pact.members.map((member, i) => {
          const s = stateOf(world, member, [...path, 'members', i]);
          if (moving[s] === 0)
            throw new WorldSpecError(
              [...path, 'members', i],
              'a third country (a state in no standards bloc)',
              `"${member}", a member of bloc "${blocIds[st.stateBloc[s]!]}"`,
            );
          return s;
        }),
      ),
    );
    if (pact.start !== undefined) pactStart[p] = number(pact.start, [...path, 'start'], 0, Infinity);
    if (pact.end !== undefined) pactEnd[p] = number(pact.end, [...path, 'end'], pactStart[p]!, Infinity);
  });

  // Kits.
  const kit: Array<string | undefined> = new Array<string | undefined>(J).fill(undefined);
  const kits = spec.kits ?? {};
  if (kits === null || typeof kits !== 'object' || Array.isArray(kits))
    throw new WorldSpecError([...root, 'kits'], 'a map of bloc id to doctrine id', describeValue(kits));
  for (const [id, doctrine] of Object.entries(kits)) {
    const j = blocIndex.get(id);
    if (j === undefined)
      throw new WorldSpecError(
        [...root, 'kits', id],
        `a bloc id${suggest(id, blocIds)} (one of ${blocIds.join(', ')})`,
        `unknown key "${id}"`,
      );
    const doctrines = world.policy.doctrines;
    if (typeof doctrine !== 'string' || !doctrines.has(doctrine)) {
      throw new WorldSpecError(
        [...root, 'kits', id],
        `a doctrine id${typeof doctrine === 'string' ? suggest(doctrine, doctrines.keys()) : ''} (one of ${[...doctrines.keys()].join(', ')})`,
        describeValue(doctrine),
      );
    }
    kit[j] = doctrine;
  }

  const state: AlignmentState = {
    params,
    blocIds,
    moving,
    alignment,
    constant: new Float64Array(S * J),
    financeStep: new Float64Array(S * J),
    financeMemory: new Float64Array(S * J),
    baseImports: baseImports(world),
    pactIds,
    pactBloc,
    pactStart,
    pactEnd,
    pactMembers,
    kit,
  };
  // Calibrate c = ln a₀ − (β_B·B₀ + β_P·P₀): no finance has been received at the start.
  const utility = new Float64Array(S * J);
  alignmentUtilities(world, state, utility);
  for (let i = 0; i < S * J; i++)
    if (moving[Math.floor(i / J)] === 1) state.constant[i] = ln(alignment[i]!) - utility[i]!;
  return state;
}

/**
 * The alignment phase of a step (phase 4, after the standards): the export finance each state
 * received from each bloc's states this step enters its memory, and each third country moves
 * 1 − exp(−Δ/τ) of the way toward the logit target
 *   softmax_j(c_sj + β_B·B_sj + β_F·M_sj / I_s + β_P·P_sj),
 * with B_sj its mean installed base on bloc j's stack over the standards bodies, M_sj the
 * average finance from j's states per step, I_s its imports per step at the steady state and
 * P_sj 1 while it is party to a pact with j. Does nothing in a world without alignment.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: { pacts: [{ bloc: 'east', members: ['TW'], start: 1 }] } }, 1);
 * step(world); // the pact is not yet in force: Taiwan stays where it started
 * const before = alignmentShare(world, 'TW', 'east');
 * step(world); // step() calls updateAlignment: the pact pulls Taiwan toward the east
 * console.log(before.toFixed(3), alignmentShare(world, 'TW', 'east') > before); // 0.400 true
 * ```
 */
export function updateAlignment(world: World): void {
  const al = world.alignment;
  if (al === undefined) return;
  const S = world.stateIds.length;
  const J = al.blocIds.length;
  const days = world.params.daysPerStep;
  financeByBloc(world, al.financeStep);
  const keep = exp(-days / al.params.financeMemoryDays);
  for (let i = 0; i < S * J; i++) al.financeMemory[i] = keep * al.financeMemory[i]! + (1 - keep) * al.financeStep[i]!;
  const target = new Float64Array(S * J);
  alignmentUtilities(world, al, target);
  const rho = 1 - exp(-days / al.params.alignmentDays);
  for (let s = 0; s < S; s++) {
    if (al.moving[s] === 0) continue;
    const row = s * J;
    let max = -Infinity;
    for (let j = 0; j < J; j++) max = Math.max(max, (target[row + j] = target[row + j]! + al.constant[row + j]!));
    let sum = 0;
    for (let j = 0; j < J; j++) sum += target[row + j] = exp(target[row + j]! - max);
    for (let j = 0; j < J; j++)
      al.alignment[row + j] = (1 - rho) * al.alignment[row + j]! + (rho * target[row + j]!) / sum;
  }
}

/**
 * The export finance each state's buyers received this step from each bloc's states, into
 * `out` (S × J): rate × the value delivered on the edges of every price support in force
 * (§7.5), by the bloc of the issuer (issuers in no bloc count for none). Summed over blocs and
 * over issuers in none, it is `policy.stateFinanceReceived`.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: {}, measures: [{ type: 'export_finance', issuer: 'CN', products: ['phone'], rate: 0.2 }] }, 1);
 * step(world);
 * const received = financeByBloc(world, new Float64Array(6));
 * console.log(received[1]!.toFixed(2), world.policy.stateFinanceReceived[0]!.toFixed(2)); // 18.82 18.82
 * ```
 */
export function financeByBloc(world: World, out: Float64Array): Float64Array {
  out.fill(0);
  const st = world.standards;
  if (st === undefined) return out;
  const J = st.blocIds.length;
  const { edgeDelivered, edgeSupplier, edgeSlot, slotOwner, firmSlotCount, firmState, finalDemandState, firmPrice } =
    world;
  for (const { issuer, edges, rate } of world.policy.supports) {
    const j = st.stateBloc[issuer]!;
    if (j < 0) continue;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const paid = rate * edgeDelivered[e]! * firmPrice[edgeSupplier[e]!]!;
      if (paid === 0) continue;
      const slot = edgeSlot[e]!;
      const buyer = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
      out[buyer * J + j] = out[buyer * J + j]! + paid;
    }
  }
  return out;
}

/**
 * A state's alignment with a bloc now.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.7, east: 0.3 } }] }, alignment: {} }, 1);
 * console.log(alignmentShare(world, 'TW', 'east').toFixed(2), alignmentShare(world, 'US', 'west')); // 0.30 1
 * ```
 */
export function alignmentShare(world: World, state: string, bloc: string): number {
  const al = world.alignment;
  if (al === undefined) throw new RangeError('the world has no alignment (add `alignment` to its spec)');
  const s = world.stateIndex.get(state);
  if (s === undefined) throw new RangeError(`unknown state "${state}"`);
  const j = al.blocIds.indexOf(bloc);
  if (j < 0) throw new RangeError(`unknown bloc "${bloc}" (one of ${al.blocIds.join(', ')})`);
  return al.alignment[s * al.blocIds.length + j]!;
}

/**
 * The bloc whose kit a state aligned with the blocs as `row` adopts: the bloc of its largest
 * alignment when that reaches `kitThreshold` and the bloc has a kit, else -1. The doctrine
 * switching rule `alignment` reads it (docs/ODD.md §7.8).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: { initial: { TW: { west: 0.2, east: 0.8 } }, kits: { east: 'DNM' } } }, 1);
 * const tw = world.stateIndex.get('TW')!;
 * console.log(kitBloc(world.alignment!, tw)); // 1
 * ```
 */
export function kitBloc(al: AlignmentState, s: number): number {
  const J = al.blocIds.length;
  let best = -1;
  let max = -Infinity;
  for (let j = 0; j < J; j++) {
    const a = al.alignment[s * J + j]!;
    if (a > max) ((max = a), (best = j));
  }
  return best >= 0 && max >= al.params.kitThreshold && al.kit[best] !== undefined ? best : -1;
}

/**
 * Appends the state rows `alignment:BLOC` of the current step (every state, every bloc; see
 * docs/outputs.md). Called by `recordMetrics` for worlds with alignment when states are recorded.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, standards: { blocs: [{ id: 'west', members: ['US'] }, { id: 'east', members: ['CN'] }], bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }] }, alignment: {} }, 1);
 * const table = new MetricsTable();
 * recordAlignmentMetrics(world, table);
 * console.log(table.rows().slice(4).map((r) => `${r.entity}/${r.variable}=${r.value.toFixed(1)}`)); // ['TW/alignment:west=0.6', 'TW/alignment:east=0.4']
 * ```
 */
export function recordAlignmentMetrics(world: World, table: MetricsTable): void {
  const al = world.alignment;
  if (al === undefined) return;
  const J = al.blocIds.length;
  const names = al.blocIds.map((bloc) => `alignment:${bloc}`);
  for (let s = 0; s < world.stateIds.length; s++) {
    const id = world.stateIds[s]!;
    for (let j = 0; j < J; j++) table.push(world.step, 'state', id, names[j]!, al.alignment[s * J + j]!);
  }
}

/** β_B·B_sj + β_F·M_sj / I_s + β_P·P_sj for every state and bloc, into `out` (S × J); 0 for bloc members. */
function alignmentUtilities(world: World, al: AlignmentState, out: Float64Array): void {
  const st = world.standards!;
  const S = world.stateIds.length;
  const J = al.blocIds.length;
  const { installedBaseWeight, financeWeight, pactWeight } = al.params;
  out.fill(0);
  const base = new Float64Array(J);
  for (let s = 0; s < S; s++) {
    if (al.moving[s] === 0) continue;
    installedBase(st, S, s, base);
    const imports = al.baseImports[s]!;
    for (let j = 0; j < J; j++) {
      const intensity = imports > 0 ? al.financeMemory[s * J + j]! / imports : 0;
      out[s * J + j] = installedBaseWeight * base[j]! + financeWeight * intensity;
    }
  }
  const t = world.step;
  for (let p = 0; p < al.pactIds.length; p++) {
    if (!(al.pactStart[p]! <= t && t < al.pactEnd[p]!)) continue;
    const j = al.pactBloc[p]!;
    for (const s of al.pactMembers[p]!) {
      // Party to at least one pact with the bloc: the term is 1, however many.
      if (!pactCounted(al, p, s, j, t)) out[s * J + j] = out[s * J + j]! + pactWeight;
    }
  }
}

/** Whether an earlier pact in force with the same bloc already counted state s. */
function pactCounted(al: AlignmentState, p: number, s: number, j: number, t: number): boolean {
  for (let q = 0; q < p; q++) {
    if (al.pactBloc[q] === j && al.pactStart[q]! <= t && t < al.pactEnd[q]! && al.pactMembers[q]!.includes(s))
      return true;
  }
  return false;
}

/** A state's mean installed base on each bloc's stack over the standards bodies, into `out` (J). */
function installedBase(st: NonNullable<World['standards']>, S: number, s: number, out: Float64Array): void {
  const J = st.blocIds.length;
  const B = st.bodyIds.length;
  out.fill(0);
  for (let b = 0; b < B; b++) for (let j = 0; j < J; j++) out[j] = out[j]! + st.adoption[(b * S + s) * J + j]! / B;
}

/** Each state's cross-border purchases per step at the steady state (base shares, base prices). */
function baseImports(world: World): Float64Array {
  const S = world.stateIds.length;
  const out = new Float64Array(S);
  const {
    edgeSupplier,
    edgeSlot,
    edgeBaseShare,
    slotOwner,
    slotAmount,
    firmSlotCount,
    firmState,
    firmProduct,
    firmBaseDemand,
    finalDemandState,
    productPrice,
  } = world;
  for (let e = 0; e < edgeSupplier.length; e++) {
    const supplier = edgeSupplier[e]!;
    const slot = edgeSlot[e]!;
    const owner = slotOwner[slot]!;
    const firmBuyer = slot < firmSlotCount;
    const to = firmBuyer ? firmState[owner]! : finalDemandState[owner]!;
    if (firmState[supplier] === to) continue;
    out[to] =
      out[to]! +
      slotAmount[slot]! *
        edgeBaseShare[e]! *
        (firmBuyer ? firmBaseDemand[owner]! : 1) *
        productPrice[firmProduct[supplier]!]!;
  }
  return out;
}

function resolveParams(overrides: Partial<AlignmentParams> | undefined): AlignmentParams {
  const path = ['alignment', 'params'];
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)))
    throw new WorldSpecError(path, 'an object of alignment parameters', describeValue(overrides));
  const params: AlignmentParams = { ...DEFAULT_ALIGNMENT_PARAMS };
  const keys = Object.keys(DEFAULT_ALIGNMENT_PARAMS);
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!keys.includes(key))
      throw new WorldSpecError(
        [...path, key],
        `an alignment parameter${suggest(key, keys)} (one of ${keys.join(', ')})`,
        `unknown key "${key}"`,
      );
    if (value !== undefined) (params as unknown as Record<string, unknown>)[key] = value;
  }
  positive(params.alignmentDays, [...path, 'alignmentDays']);
  positive(params.financeMemoryDays, [...path, 'financeMemoryDays']);
  number(params.installedBaseWeight, [...path, 'installedBaseWeight'], 0, Infinity);
  number(params.financeWeight, [...path, 'financeWeight'], 0, Infinity);
  number(params.pactWeight, [...path, 'pactWeight'], 0, Infinity);
  number(params.voteWeight, [...path, 'voteWeight'], 0, 1);
  number(params.kitThreshold, [...path, 'kitThreshold'], 0.5, 1);
  if (params.kitThreshold === 0.5)
    throw new WorldSpecError([...path, 'kitThreshold'], 'a finite number > 0.5 and <= 1', '0.5');
  number(params.minAlignment, [...path, 'minAlignment'], 0, 0.5);
  if (params.minAlignment === 0)
    throw new WorldSpecError([...path, 'minAlignment'], 'a finite number > 0 and <= 0.5', '0');
  return Object.freeze(params);
}

function positive(value: unknown, path: Array<string | number>): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
    throw new WorldSpecError(path, 'a finite number > 0', describeValue(value));
}
