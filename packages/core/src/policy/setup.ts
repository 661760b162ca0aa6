import { doctrineRegistry } from '../doctrine/registry.js';
import { WorldSpecError, describeValue } from '../errors.js';
import { DEFAULT_POLICY_PARAMS, type PolicyParams, type SwitchingRule, type WorldSpec } from '../spec.js';
import type { World } from '../world.js';
import { suggest } from './fields.js';
import { instrumentRegistry } from './registry.js';
import type { AllianceState, PolicyState } from './state.js';
import type { DoctrineDefinition, InstrumentDefinition } from './types.js';

/**
 * Plugins a world is created with.
 *
 * @example
 * ```ts
 * const options: WorldOptions = { doctrines: [deRiskingDoctrine({ id: 'DERISK1', yardSize: 1 })] };
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DERISK1' }, { id: 'CN' }, { id: 'TW' }] }, 1, options);
 * console.log([...world.policy.doctrines.keys()]); // ['DNM', 'NLG', 'DERISK', 'DERISK1']
 * ```
 */
export interface WorldOptions {
  /** Extra instruments, beside the built-ins. */
  instruments?: readonly InstrumentDefinition[];
  /** Extra doctrines, beside the built-ins. */
  doctrines?: readonly DoctrineDefinition[];
}

const SWITCHING_RULES: readonly SwitchingRule[] = ['none', 'imitation', 'politics', 'alignment'];

/** The parts of the world the policy state is built from. */
type WorldCore = Pick<
  World,
  | 'params'
  | 'stateIds'
  | 'stateIndex'
  | 'firmIds'
  | 'firmState'
  | 'firmProduct'
  | 'productPrice'
  | 'recipeStart'
  | 'recipeAmount'
  | 'recipeInput'
  | 'slotOwner'
> & {
  edgeCount: number;
  /** Spec index of each firm, by world index. */
  firmSpecIndex: ArrayLike<number>;
};

/** Validates the policy parts of a spec and builds the policy state (measures are parsed later, against the world). */
export function createPolicyState(spec: WorldSpec, core: WorldCore, options: WorldOptions): PolicyState {
  const params = resolvePolicyParams(spec.policy, core.params.daysPerStep);
  const instruments = instrumentRegistry(options.instruments);
  const doctrines = doctrineRegistry(options.doctrines);
  const S = core.stateIds.length;
  const F = core.firmIds.length;
  const P = core.productPrice.length;
  const E = core.edgeCount;
  const historySteps = Math.max(1, Math.round(params.relativeGainHorizonDays / core.params.daysPerStep));

  const stateDoctrine: string[] = [];
  const stateHawkishness = new Float64Array(S);
  const stateRival = new Int32Array(S).fill(-1);
  const stateSwitching: SwitchingRule[] = [];
  const stateBudget = new Float64Array(S).fill(Infinity);
  let configured = false;
  spec.states.forEach((state, s) => {
    const doctrine = state.doctrine ?? 'NLG';
    if (!doctrines.has(doctrine)) {
      throw new WorldSpecError(
        ['states', s, 'doctrine'],
        `a doctrine id${suggest(doctrine, doctrines.keys())} (one of ${[...doctrines.keys()].join(', ')})`,
        describeValue(state.doctrine),
      );
    }
    stateDoctrine.push(doctrine);
    const hawkishness = state.hawkishness ?? 0.5;
    if (typeof hawkishness !== 'number' || !(hawkishness >= 0 && hawkishness <= 1)) {
      throw new WorldSpecError(
        ['states', s, 'hawkishness'],
        'a number >= 0 and <= 1',
        describeValue(state.hawkishness),
      );
    }
    stateHawkishness[s] = hawkishness;
    if (state.rival !== undefined) {
      const rival = core.stateIndex.get(state.rival);
      if (rival === undefined || rival === s) {
        throw new WorldSpecError(
          ['states', s, 'rival'],
          `another state's id${suggest(String(state.rival), core.stateIds)}`,
          describeValue(state.rival),
        );
      }
      stateRival[s] = rival;
    }
    const switching = state.switching ?? 'none';
    if (!SWITCHING_RULES.includes(switching)) {
      throw new WorldSpecError(
        ['states', s, 'switching'],
        SWITCHING_RULES.map((r) => `"${r}"`).join(' | '),
        describeValue(state.switching),
      );
    }
    stateSwitching.push(switching);
    if (state.budget !== undefined) {
      if (typeof state.budget !== 'number' || !(state.budget >= 0))
        throw new WorldSpecError(['states', s, 'budget'], 'a number >= 0', describeValue(state.budget));
      stateBudget[s] = state.budget;
    }
    if (state.doctrine !== undefined || state.rival !== undefined || switching !== 'none') configured = true;
  });

  const allianceSpecs = spec.alliances ?? [];
  if (!Array.isArray(allianceSpecs))
    throw new WorldSpecError(['alliances'], 'a list of alliances', describeValue(allianceSpecs));
  const allianceIds = new Set<string>();
  const alliances: AllianceState[] = allianceSpecs.map((alliance, a) => {
    if (typeof alliance?.id !== 'string' || alliance.id === '')
      throw new WorldSpecError(['alliances', a, 'id'], 'a non-empty string', describeValue(alliance?.id));
    if (allianceIds.has(alliance.id))
      throw new WorldSpecError(['alliances', a, 'id'], 'a unique alliance id', `"${alliance.id}" again`);
    allianceIds.add(alliance.id);
    if (!Array.isArray(alliance.members) || alliance.members.length === 0) {
      throw new WorldSpecError(
        ['alliances', a, 'members'],
        'a non-empty list of state ids',
        describeValue(alliance.members),
      );
    }
    const members = alliance.members.map((id, i) => {
      const index = core.stateIndex.get(id);
      if (index === undefined)
        throw new WorldSpecError(
          ['alliances', a, 'members', i],
          `a state id${suggest(String(id), core.stateIds)}`,
          describeValue(id),
        );
      return index;
    });
    return { id: alliance.id, members: Int32Array.from(members), votes: 0, passed: 0, defections: 0 };
  });

  const measures = spec.measures ?? [];
  if (!Array.isArray(measures)) throw new WorldSpecError(['measures'], 'a list of measures', describeValue(measures));
  const active = configured || measures.length > 0 || alliances.length > 0;

  // Origin content is tracked for the states whose rules can reach abroad by it.
  // Doctrines and alliance votes may adopt content-based measures for any state,
  // so then every state is tracked; otherwise only the issuers of scripted ones.
  const tracked = new Set<number>();
  if (configured || alliances.length > 0) {
    for (let s = 0; s < S; s++) tracked.add(s);
  } else if (active) {
    for (const m of measures) {
      if (m && (m.deMinimis !== undefined || m.type === 'foreign_direct_product_rule')) {
        const issuer = core.stateIndex.get(m.issuer);
        if (issuer !== undefined) tracked.add(issuer);
      }
    }
  }
  if (active) {
    for (const firm of spec.firms)
      for (const id of Object.keys(firm.origin ?? {})) {
        const s = core.stateIndex.get(id);
        if (s !== undefined) tracked.add(s);
      }
  }
  const trackedStates = Int32Array.from([...tracked].sort((a, b) => a - b));
  const trackedIndex = new Int32Array(S).fill(-1);
  trackedStates.forEach((s, i) => (trackedIndex[s] = i));
  const T = trackedStates.length;
  const firmOwnOrigin = new Float64Array(F * T);
  const firmInputShare = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const specIndex = core.firmSpecIndex[f]!;
    const origin = spec.firms[specIndex]!.origin;
    if (origin === undefined) {
      const home = trackedIndex[core.firmState[f]!]!;
      if (home >= 0) firmOwnOrigin[f * T + home] = 1;
    } else {
      if (typeof origin !== 'object' || origin === null)
        throw new WorldSpecError(['firms', specIndex, 'origin'], 'a map of state id to share', describeValue(origin));
      let total = 0;
      for (const [id, share] of Object.entries(origin)) {
        if (!core.stateIndex.has(id))
          throw new WorldSpecError(
            ['firms', specIndex, 'origin', id],
            `a state id${suggest(id, core.stateIds)}`,
            `unknown key "${id}"`,
          );
        if (typeof share !== 'number' || !(share >= 0))
          throw new WorldSpecError(['firms', specIndex, 'origin', id], 'a share >= 0', describeValue(share));
        total += share;
      }
      if (!(total > 0))
        throw new WorldSpecError(['firms', specIndex, 'origin'], 'shares that add up to more than 0', String(total));
      for (const [id, share] of Object.entries(origin)) {
        const t = trackedIndex[core.stateIndex.get(id)!]!;
        if (t >= 0) firmOwnOrigin[f * T + t] = (share as number) / total;
      }
    }
    const k = core.firmProduct[f]!;
    let inputValue = 0;
    for (let r = core.recipeStart[k]!; r < core.recipeStart[k + 1]!; r++)
      inputValue += core.recipeAmount[r]! * core.productPrice[core.recipeInput[r]!]!;
    firmInputShare[f] = core.productPrice[k]! > 0 ? Math.min(1, inputValue / core.productPrice[k]!) : 0;
  }

  return {
    params,
    instruments,
    doctrines,
    measures: [],
    base: { blocked: new Uint8Array(E), licence: new Float64Array(E).fill(1), tariff: new Float64Array(E) },
    baseDirty: false,
    permissionTrail: undefined,
    restrictingLastStep: 0,
    frontLoading: false,
    licenceRegimes: [
      { reviewDays: params.licenceReviewDays, validityDays: params.licenceValidityDays, quantityDays: 0 },
    ],
    licenceAllowance: new Map(),
    licensing: false,
    licenceDirty: true,
    quotas: [],
    supports: [],
    licenceRequirements: [],
    licensingMeasures: new Set(),
    licenceNext: 0,
    observed: false,
    active,
    stateDoctrine,
    stateHawkishness,
    stateBaseHawkishness: stateHawkishness.slice(),
    stateRival,
    stateSwitching,
    stateBudget,
    stateSubsidyPaid: new Float64Array(S),
    stateExportFinance: new Float64Array(S),
    stateFinanceReceived: new Float64Array(S),
    stateSwitchingCost: new Float64Array(S),
    stateRetaliations: new Int32Array(S),
    stateRetaliationsSuffered: new Int32Array(S),
    stateOutput: new Float64Array(S),
    stateInitialOutput: new Float64Array(S),
    stateRelativeGainLoss: new Float64Array(S),
    stateRelativeCapability: new Float64Array(S),
    capabilityHistory: new Float64Array((historySteps + 1) * S * P),
    capabilityHistorySteps: historySteps,
    capabilityObservations: 0,
    stateInitialRealIncome: new Float64Array(S),
    statePayoff: new Float64Array(S),
    payoffsObserved: false,
    stateTension: new Float64Array(S * S),
    baseShareVersion: 0,
    precautionStocking: false,
    stateRestrictedValue: new Float64Array(S),
    restrictedValue: 0,
    measureAddedValue: new Map(),
    alliances,
    trackedStates,
    trackedIndex,
    firmOwnOrigin,
    firmContent: firmOwnOrigin.slice(),
    firmInputShare,
    firmRdBoost: new Float64Array(F),
    firmInvestmentSubsidy: new Float64Array(F),
    stateInvestment: new Float64Array(S),
    stateProductCapability: new Float64Array(S * P),
    previousStateProductCapability: new Float64Array(S * P),
    stateProductCapacityShare: new Float64Array(S * P),
    stateProductDenied: new Float64Array(S * P),
    stateProductNeed: new Float64Array(S * P),
    spilloverAccess: new Float64Array(S * S).fill(1),
    stateForeignAccess: new Float64Array(S).fill(1),
    slotUnmetSteps: new Int32Array(core.slotOwner.length),
    pendingSuppliers: [],
    leakageBaseline: new Map(),
    leakageNoted: new Set(),
  };
}

/** Policy parameters still accepted in their former per-step form (converted to days). */
const DEPRECATED_STEP_PARAMS = ['searchPatience', 'searchDelay'] as const;

function resolvePolicyParams(overrides: Partial<PolicyParams> | undefined, daysPerStep: number): PolicyParams {
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object')) {
    throw new WorldSpecError(['policy'], 'an object of policy parameters', describeValue(overrides));
  }
  const params: PolicyParams = { ...DEFAULT_POLICY_PARAMS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in DEFAULT_POLICY_PARAMS) && !(DEPRECATED_STEP_PARAMS as readonly string[]).includes(key)) {
      throw new WorldSpecError(
        ['policy', key],
        `a policy parameter${suggest(key, Object.keys(DEFAULT_POLICY_PARAMS))}`,
        `unknown key "${key}"`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new WorldSpecError(['policy', key], 'a finite number >= 0', describeValue(value));
    }
    (params as unknown as Record<string, number>)[key] = value;
  }
  // The former forms in steps: converted to days with this world's step length.
  for (const [key, days] of [
    ['searchPatience', 'searchPatienceDays'],
    ['searchDelay', 'searchDelayDays'],
  ] as const) {
    const steps = params[key];
    if (steps === undefined) continue;
    if (overrides?.[days] === undefined) params[days] = steps * daysPerStep;
    delete params[key];
  }
  if (!(params.decisionDays > 0))
    throw new WorldSpecError(['policy', 'decisionDays'], 'a number of days > 0', describeValue(params.decisionDays));
  for (const key of ['investmentDays', 'timeToBuildDays'] as const) {
    if (!(params[key] > 0))
      throw new WorldSpecError(['policy', key], 'a number of days > 0', describeValue(params[key]));
  }
  if (!(params.dnmExportFinance >= 0 && params.dnmExportFinance <= 0.95))
    throw new WorldSpecError(
      ['policy', 'dnmExportFinance'],
      'a share of the price >= 0 and <= 0.95',
      describeValue(params.dnmExportFinance),
    );
  if (!(params.toolLifeYears > 0))
    throw new WorldSpecError(['policy', 'toolLifeYears'], 'a number of years > 0', describeValue(params.toolLifeYears));
  for (const key of [
    'forgiveness',
    'reciprocityOffer',
    'chokepointShare',
    'threatThreshold',
    'deMinimis',
    'dnmAnswerRetaliation',
    'nlgAnswerRetaliation',
    'answerThreshold',
    'learningByDoing',
    'frontierBand',
  ] as const) {
    if (params[key] > 1) throw new WorldSpecError(['policy', key], 'a number >= 0 and <= 1', String(params[key]));
  }
  return Object.freeze(params);
}
