import { nationalAccounts, realIncome } from '../accounts.js';
import { kitBloc } from '../alignment.js';
import { exp } from '../math.js';
import type { World } from '../world.js';
import { isDecisionStep } from './rounds.js';

/** Hawkishness above which domestic politics turns a state DNM, and below which NLG. */
const HAWK_THRESHOLD = 0.65;
const DOVE_THRESHOLD = 0.35;

/**
 * Phase 5, strategy adaptation: states whose switching rule allows it may
 * change doctrine. Updates are synchronous: every state reads last step's
 * doctrines.
 *
 * - `imitation` (pairwise Fermi rule): the state picks another state j at
 *   random and adopts j's doctrine with probability
 *   1 / (1 + exp(−β (π_j − π_i))), where π is the doctrine payoff
 *   ({@link doctrinePayoffs}): real income relative to the first step's, plus
 *   θ × relative capability, θ the weight the state's doctrine puts on
 *   relative gains.
 * - `politics` (domestic politics): hawkishness h rises with relative-gain
 *   loss (the fall of the payoff's relative term over the relative-gain
 *   horizon) and with retaliation suffered, and relaxes toward its initial value:
 *   h ← clamp(h + a·loss + b·retaliations − c·(h − h₀)); h ≥ 0.65 makes the
 *   state DNM, h ≤ 0.35 NLG (hysteresis in between).
 * - `alignment` (third countries, worlds with `alignment`): the state adopts the doctrine kit of
 *   the bloc it is aligned with at or above `kitThreshold` ({@link kitBloc}), and keeps its
 *   doctrine otherwise (hysteresis: with two blocs it returns only when aligned as much with the
 *   other bloc, and only if that bloc has a kit).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN', switching: 'politics', hawkishness: 0.6 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * world.policy.stateRetaliationsSuffered[0] = 2; // as if the US had been hit by two retaliations this step
 * switchDoctrines(world); // phase 5 of step(): h = 0.6 + 0.05·2 = 0.7 ≥ 0.65, so the US turns DNM
 * console.log(world.policy.stateHawkishness[0]!.toFixed(2), world.policy.stateDoctrine[0]); // 0.70 DNM
 * ```
 */
export function switchDoctrines(world: World): void {
  const policy = world.policy;
  if (!policy.active || !isDecisionStep(world)) return; // once a decision round, as the doctrines decide
  const S = world.stateIds.length;
  const rng = world.rng.stream('switching');
  const before = policy.stateDoctrine.slice();
  const params = policy.params;
  if (policy.stateSwitching.includes('imitation')) doctrinePayoffs(world);
  for (let s = 0; s < S; s++) {
    const rule = policy.stateSwitching[s];
    if (rule === 'imitation' && S > 1) {
      let j = rng.int(S - 1);
      if (j >= s) j++;
      const payoff = policy.statePayoff;
      const p = 1 / (1 + exp(-params.imitationBeta * (payoff[j]! - payoff[s]!)));
      if (rng.next() < p) policy.stateDoctrine[s] = before[j]!;
    } else if (rule === 'politics') {
      const h = policy.stateHawkishness[s]!;
      const next =
        h +
        params.politicsRelativeGain * policy.stateRelativeGainLoss[s]! +
        params.politicsRetaliation * policy.stateRetaliationsSuffered[s]! -
        params.politicsDecay * (h - policy.stateBaseHawkishness[s]!);
      const clamped = Math.min(1, Math.max(0, next));
      policy.stateHawkishness[s] = clamped;
      if (clamped >= HAWK_THRESHOLD && policy.doctrines.has('DNM')) policy.stateDoctrine[s] = 'DNM';
      else if (clamped <= DOVE_THRESHOLD && policy.doctrines.has('NLG')) policy.stateDoctrine[s] = 'NLG';
    } else if (rule === 'alignment' && world.alignment !== undefined) {
      const j = kitBloc(world.alignment, s);
      if (j >= 0) policy.stateDoctrine[s] = world.alignment.kit[j]!;
    }
  }
}

/**
 * θ of a doctrine: the weight of relative capability in its payoff, beside real income. DNM and
 * NLG take theirs from the policy parameters (`dnmRelativeGainWeight`, 1, and
 * `nlgRelativeGainWeight`, 0: the DNM/NLG difference made a parameter); another doctrine gives
 * its own (`relativeGainWeight`), or takes DNM's when it is mercantilist and NLG's otherwise.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * console.log(relativeGainWeight(world, 'DNM'), relativeGainWeight(world, 'NLG'), relativeGainWeight(world, 'DERISK')); // 1 0 0
 * ```
 */
export function relativeGainWeight(world: World, doctrine: string): number {
  const params = world.policy.params;
  if (doctrine === 'DNM') return params.dnmRelativeGainWeight;
  if (doctrine === 'NLG') return params.nlgRelativeGainWeight;
  const definition = world.policy.doctrines.get(doctrine);
  return (
    definition?.relativeGainWeight ??
    (definition?.mercantilist === true ? params.dnmRelativeGainWeight : params.nlgRelativeGainWeight)
  );
}

/**
 * Each state's doctrine payoff this step, into `policy.statePayoff`: real income (value added
 * plus tariff revenue, less the excess burden of subsidies, over the consumer price index:
 * {@link realIncome}) relative to its value at the steady state the world starts from (each
 * firm's base orders at base prices, value added only), plus θ × the
 * state's capability lead over its rival (as a share of the frontier, averaged over the
 * strategic products both make), with θ its doctrine's {@link relativeGainWeight}. Absolute
 * gains alone for θ = 0; a DNM state values a lead over its rival as much as real income.
 *
 * @example
 * ```ts
 * // The US (DNM) subsidizes its strategic products from the first step: at the steady state
 * // nothing needs building, so it pays only their R&D, whose excess burden costs it a little real income.
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN', doctrine: 'DNM' }, { id: 'CN', rival: 'US' }, { id: 'TW' }] }, 1);
 * step(world);
 * doctrinePayoffs(world);
 * console.log(Array.from(world.policy.statePayoff, (p) => p.toFixed(4))); // ['0.9960', '1.0000', '1.0000']
 * ```
 */
export function doctrinePayoffs(world: World): void {
  const policy = world.policy;
  const income = realIncome(world, nationalAccounts(world));
  if (!policy.payoffsObserved) policy.stateInitialRealIncome.set(steadyStateValueAdded(world));
  policy.payoffsObserved = true;
  for (let s = 0; s < income.length; s++) {
    const base = policy.stateInitialRealIncome[s]!;
    const relative = base > 0 ? income[s]! / base : 1;
    policy.statePayoff[s] =
      relative + relativeGainWeight(world, policy.stateDoctrine[s]!) * policy.stateRelativeCapability[s]!;
  }
}

/** Each state's value added at the steady state: every firm's base orders × (its base price − its inputs at base prices). */
function steadyStateValueAdded(world: World): Float64Array {
  const { firmState, firmProduct, firmBaseDemand, firmSlotStart, slotAmount, slotProduct, productPrice } = world;
  const out = new Float64Array(world.stateIds.length);
  for (let f = 0; f < firmState.length; f++) {
    let inputs = 0;
    for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++)
      inputs += slotAmount[s]! * productPrice[slotProduct[s]!]!;
    out[firmState[f]!]! += firmBaseDemand[f]! * (productPrice[firmProduct[f]!]! - inputs);
  }
  return out;
}
