import type { Mechanism } from './mechanisms.js';
import type { AlignmentSpec } from './alignment.js';
import type { StandardsSpec } from './standards.js';

/**
 * The plain-data description of a world. Scenario files produce it, code can
 * build it by hand, and {@link createWorld} turns it into a runnable {@link World}.
 *
 * Identifiers (`id`) are strings, unique within their kind. Quantities are in
 * product units per step unless a field says otherwise.
 *
 * @example
 * ```ts
 * const tiny: WorldSpec = {
 *   states: [{ id: 'US' }, { id: 'CN' }],
 *   products: [
 *     { id: 'chip' },
 *     { id: 'phone', recipe: [{ product: 'chip', amount: 2 }] },
 *   ],
 *   firms: [
 *     { id: 'fab', state: 'US', product: 'chip' },
 *     { id: 'oem', state: 'CN', product: 'phone' },
 *   ],
 *   edges: [{ supplier: 'fab', buyer: 'oem' }],
 *   finalDemand: [{ state: 'US', product: 'phone', quantity: 10 }],
 * };
 * const world = createWorld(tiny, 1);
 * console.log(world.firmExpectedDemand[world.firmIndex.get('fab')!]); // 20
 * ```
 */
export interface WorldSpec {
  /** The states (countries or blocs). */
  states: StateSpec[];
  /** The products and their recipes; recipes must form a directed acyclic graph. */
  products: ProductSpec[];
  /** The firms; each makes one product in one state. */
  firms: FirmSpec[];
  /**
   * The supply edges from supplier firm to buyer firm, as objects or, for
   * large generated worlds, as columns of firm indices.
   */
  edges?: EdgeSpec[] | EdgeColumns;
  /** Each state's final demand for products. */
  finalDemand?: FinalDemandSpec[];
  /** Engine parameters; unset ones take {@link DEFAULT_PARAMS}. */
  params?: Partial<EngineParams>;
  /** Policy measures: scripted ones with their dates, in step numbers. */
  measures?: MeasureSpec[];
  /** Alliances whose members vote on coordinated measures. */
  alliances?: AllianceSpec[];
  /** Policy-layer parameters; unset ones take {@link DEFAULT_POLICY_PARAMS}. */
  policy?: Partial<PolicyParams>;
  /** Standards bodies, blocs, bloc voting and adoption (docs/ODD.md §7.13). Default: none. */
  standards?: StandardsSpec;
  /** Third countries' norm alignment with the standards blocs: initial values, pacts, kits (docs/ODD.md §7.20). Needs `standards`. Default: none. */
  alignment?: AlignmentSpec;
}

/**
 * A policy measure: an instance of an instrument (see `listInstruments()`),
 * with its issuer and dates. Instrument-specific fields sit beside the common
 * ones, e.g. `{ type: 'tariff', issuer: 'US', start: 4, rate: 0.25, from: ['CN'] }`.
 *
 * @example
 * ```ts
 * const control: MeasureSpec = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], announce: 1, start: 3 };
 * const world = createWorld({ ...spec, measures: [control] }, 1);
 * console.log(world.policy.measures[0]!.announce, world.policy.measures[0]!.start); // 1 3
 * ```
 */
export interface MeasureSpec {
  /** The instrument, e.g. `export_control`. */
  type: string;
  /** Optional id, for reports and for lifting. Default: `<type>-<n>`. */
  id?: string;
  /** The issuing state's id. */
  issuer: string;
  /** First step in force (0 = from the start). Default 0. */
  start?: number;
  /** First step no longer in force. Default: never lifted. */
  end?: number;
  /**
   * Step the measure is announced, before `start`. Between the two, buyers
   * whose supply it will restrict front-load their orders.
   */
  announce?: number;
  /** Instrument-specific fields. */
  [field: string]: unknown;
}

/**
 * An alliance: its members vote, one member one vote, on coordinated measures.
 *
 * @example
 * ```ts
 * const chip4: AllianceSpec = { id: 'chip4', members: ['US', 'TW'] };
 * // A scripted control put to the alliance's vote: Taiwan (NLG) sees no threat in chips and votes no.
 * const world = createWorld({ ...spec, alliances: [chip4], measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], alliance: 'chip4' }] }, 1);
 * step(world);
 * console.log(world.policy.alliances[0]!.votes, world.policy.alliances[0]!.passed); // 1 0
 * ```
 */
export interface AllianceSpec {
  /** Unique identifier, e.g. `sme-coalition`. */
  id: string;
  /** Member state ids. */
  members: string[];
}

/**
 * How a state may change doctrine.
 *
 * @example
 * ```ts
 * const rule: SwitchingRule = 'imitation';
 * const world = createWorld({ ...spec, states: [{ id: 'US', switching: rule }, { id: 'CN', doctrine: 'DNM' }, { id: 'TW' }] }, 1);
 * console.log(world.policy.stateSwitching); // ['imitation', 'none', 'none']
 * ```
 *
 * `alignment` (a third country in a world with `alignment`): the state adopts the doctrine kit of
 * the bloc it is aligned with at or above `alignment.params.kitThreshold` (docs/ODD.md §7.8).
 */
export type SwitchingRule = 'none' | 'imitation' | 'politics' | 'alignment';

/**
 * The four-factor threat test of the IGP workshop, each factor in [0, 1].
 *
 * @example
 * ```ts
 * const threat: ThreatFactors = { breadth: 0.9, access: 0.8, dependence: 0.7, detectability: 0.6 };
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, threat } : p)) }, 1);
 * console.log(world.productThreat[world.productIndex.get('chip')!]!.toFixed(2)); // 0.75
 * ```
 */
export interface ThreatFactors {
  /** How widely the technology is used. */
  breadth: number;
  /** How much access it gives. */
  access: number;
  /** How much society depends on its functions. */
  dependence: number;
  /** How hard malicious use is to detect. */
  detectability: number;
}

/**
 * Policy-layer parameters with their units. See docs/ODD.md.
 *
 * @example
 * ```ts
 * const policy: Partial<PolicyParams> = { threatThreshold: 0.7 }; // the phone (0.65) no longer counts as a threat
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }], policy }, 1);
 * step(world);
 * console.log(world.policy.params.threatThreshold, world.policy.measures.length); // 0.7 0
 * ```
 */
export interface PolicyParams {
  /** Share of world capacity in a product at which a state holds a chokepoint. Default 0.3. */
  chokepointShare: number;
  /** NLG acts only when a product's four-factor threat score exceeds this. Default 0.6. */
  threatThreshold: number;
  /**
   * Rise of the rival's capability lead over the relative-gain horizon, as a share of the
   * product's frontier, in a strategic product both states make, that triggers DNM. Default 0.01.
   */
  relativeGainTrigger: number;
  /** Days over which relative gains are measured (the DNM trigger, domestic politics). Default 365. */
  relativeGainHorizonDays: number;
  /** θ of DNM: the weight of relative capability in its doctrine payoff, beside real income. Default 1. */
  dnmRelativeGainWeight: number;
  /** θ of NLG: the weight of relative capability in its doctrine payoff. Default 0 (absolute gains only). */
  nlgRelativeGainWeight: number;
  /** Probability that a DNM state answers a retaliation aimed at it (tit-for-tat answers every defection). Default 1. */
  dnmAnswerRetaliation: number;
  /** Probability that an NLG state answers a retaliation aimed at it (generous reciprocity does not escalate). Default 0. */
  nlgAnswerRetaliation: number;
  /**
   * Export finance a DNM state offers, as a share of the price (instrument `export_finance`), on its
   * firms' sales to third countries (states that are neither it, its rival, nor allied with either)
   * of the products its rival's firms also make: the policy banks' concessional credit of the
   * "digital silk road". Default 0 (off): the discount a credit line is worth depends on its terms
   * (rate, maturity, grace, share of the contract financed), so a study sets it and says why.
   */
  dnmExportFinance: number;
  /**
   * A measure is answered only when the trade it newly restricts (beyond the measures in force) is
   * at least this share of the base trade between the two states, both ways. Default 0.001.
   */
  answerThreshold: number;
  /** Days over which tension between two states fades (its memory of restrictions decays by exp(−Δ / this)). Default 730. */
  tensionMemoryDays: number;
  /** Extra inventory, in days of use, that buyers hold at full tension per unit of their exposure to the tense state. Default 0 (uncalibrated: off). */
  precautionDays: number;
  /**
   * Extra inventory, in days of use, that buyers hold per unit of risk on their suppliers' state:
   * the share of that state's exports of products at the same bill-of-materials level (similar
   * products: raw minerals with raw minerals, say) that measures in force restrict, to anyone.
   * Default 0 (uncalibrated: off).
   */
  riskStockDays: number;
  /** Share of their exposure to a tense state that buyers move to other suppliers per year at full tension. Default 0 (uncalibrated: off). */
  diversificationRate: number;
  /** Forgiveness probability q of generous tit-for-tat (NLG), per retaliation. Default 0.3. */
  forgiveness: number;
  /** Probability per decision round (`decisionDays`) that an NLG state offers to lift one of its measures against a partner. Default 0.1. */
  reciprocityOffer: number;
  /** Value of trade a retaliation restricts, relative to the value the measure it answers newly restricted. Default 1. */
  retaliationProportionality: number;
  /** Highest tariff rate a retaliation uses (trade-war tariffs average 63% in Ossa 2014). Default 0.63. */
  retaliationTariff: number;
  /** De minimis threshold that doctrine-made export controls use for the foreign direct product rule. Default 0.25. */
  deMinimis: number;
  /** Extra inventory, in days of use, that buyers target ahead of an announced restriction. Default 90. */
  frontLoadDays: number;
  /**
   * Days a licence application is under review before it is decided, for measures that set none.
   * Default 50 (the mean review time of the US Commerce Department, GAO-01-528, 2001; the EAR's
   * deadline is 90 days, 15 CFR 750.4).
   */
  licenceReviewDays: number;
  /** Days a licence decision lasts (a granted licence is valid; a denied buyer applies again after), for measures that set none. Default 1461 (EAR licences are valid four years, 15 CFR 750.7). */
  licenceValidityDays: number;
  /** Base capability growth, share of the gap to the frontier closed per year. Default 0.02. */
  capabilityBaseRate: number;
  /** Capability growth per unit of R&D intensity (R&D / revenue), per year. Default 1. */
  rdEffect: number;
  /**
   * Version 1's learning term: capability growth per year at full utilization. Default 0, since
   * learning by doing runs on cumulative output (`learningByDoing`); set it to bring the old term back.
   */
  learningRate: number;
  /**
   * Learning by doing: the share of a firm's gap to the frontier that each doubling of its
   * cumulative output closes. Default 0.2 (Irwin and Klenow 1994: unit costs in semiconductors
   * fall about 20% per doubling; reading that as capability is an assumption).
   */
  learningByDoing: number;
  /** Years of normal output a firm has made before the run (its experience when the run starts). Default 5 (an assumption). */
  experienceYears: number;
  /**
   * Growth of every product's frontier per year at the base R&D spending of the firms at it, for
   * products that set none (`frontierGrowth`). Default 0.05 (an assumption: a few percent a
   * year, below the catch-up rates, so laggards settle at a gap instead of reaching the frontier).
   */
  frontierGrowth: number;
  /** Firms within this share of the frontier are at it: their R&D moves it and they move with it. Default 0.1. */
  frontierBand: number;
  /**
   * Mean service life of installed tools, years: a share 1 − exp(−Δ/L) of them wears out a step and
   * is replaced by what the firm receives. Default 9.7, the inverse of the BEA's geometric
   * depreciation rate for special industrial machinery, the class of chipmaking tools (0.1031 a
   * year; Fraumeni 1997, Survey of Current Business 77(7)). Accounting lives are shorter (TSMC
   * depreciates its machinery over five years) but fabs keep tools in use long after.
   */
  toolLifeYears: number;
  /** How far, as a share of the frontier, a firm's capability may run ahead of its installed tools'. Default 0.1 (an assumption). */
  toolHeadroom: number;
  /** Capability growth from full foreign spillover access, per year. Default 0.1. */
  spilloverRate: number;
  /** Capability growth per unit share of domestic demand denied imports, per year. Default 0.3. */
  substitutionPull: number;
  /** Default R&D intensity of firms (R&D / revenue). Default 0.05. */
  rdIntensity: number;
  /**
   * Characteristic time over which a firm starts the capacity its expected orders need, days: a
   * step starts 1 − exp(−Δ/this) of the gap. Default 365 (an assumption).
   */
  investmentDays: number;
  /**
   * Characteristic time to build new capacity, days, for products that set none
   * (`timeToBuildDays`): a step completes 1 − exp(−Δ/this) of what is under construction.
   * Default 730 (an assumption: two years, the time a new fab takes from ground-breaking to volume
   * production is two to three years).
   */
  timeToBuildDays: number;
  /**
   * What a unit of capacity costs, in years of its value added at base prices (a capital to
   * value-added ratio): a unit of capacity of product k costs this × v_k a year of output. Default 4,
   * BoARIO's default capital to value-added ratio (after Hallegatte 2008), the ARIO family's
   * calibration of the capital stock from value added.
   */
  capitalToValueAdded: number;
  /** Rate per year at which idle capacity (beyond what the firm's output uses) wears out. Default 0.1 (an assumption: a ten-year life of plant left unused). */
  capacityDepreciation: number;
  /** Design-out: share of issuer-origin content a bound firm with all its market at risk removes per year. Default 0.5. */
  designOutRate: number;
  /**
   * Days a buyer waits with unmet need before searching for a new supplier; rounded to whole
   * steps, at least one. Default 91.3125 (a quarter).
   */
  searchPatienceDays: number;
  /** Days from choosing a new supplier to its first delivery; rounded to whole steps, at least one. Default 182.625 (two quarters). */
  searchDelayDays: number;
  /**
   * Former form of {@link PolicyParams.searchPatienceDays}, in steps; converted with the spec's step length.
   * @deprecated Use `searchPatienceDays`.
   */
  searchPatience?: number;
  /**
   * Former form of {@link PolicyParams.searchDelayDays}, in steps; converted with the spec's step length.
   * @deprecated Use `searchDelayDays`.
   */
  searchDelay?: number;
  /**
   * Days between a state's policy decisions (a decision round): doctrines decide, answer, offer
   * and switch, and standards bodies vote, on the first step of each round, so a doctrine's
   * probabilities (hawkishness, forgiveness, reciprocityOffer, imitation, politicsDecay) are per
   * round at any step length. Steps longer than a round decide every step. Default 91.3125 (a
   * quarter: 3GPP's plenaries and most cabinets' policy reviews meet quarterly).
   */
  decisionDays: number;
  /** Switching cost, as a share of a year's value of the input sourced. Default 0.1. */
  switchingCost: number;
  /** Intensity of selection β of Fermi imitation. Default 10. */
  imitationBeta: number;
  /** Domestic politics: hawkishness gained per unit relative-gain loss. Default 5. */
  politicsRelativeGain: number;
  /** Domestic politics: hawkishness gained per retaliation suffered. Default 0.05. */
  politicsRetaliation: number;
  /** Domestic politics: hawkishness relaxes toward its initial value at this rate per decision round (`decisionDays`). Default 0.05. */
  politicsDecay: number;
}

/**
 * The default policy parameters.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_POLICY_PARAMS.threatThreshold, DEFAULT_POLICY_PARAMS.chokepointShare, DEFAULT_POLICY_PARAMS.deMinimis); // 0.6 0.3 0.25
 * ```
 */
export const DEFAULT_POLICY_PARAMS: Readonly<PolicyParams> = Object.freeze({
  chokepointShare: 0.3,
  threatThreshold: 0.6,
  relativeGainTrigger: 0.01,
  relativeGainHorizonDays: 365,
  dnmRelativeGainWeight: 1,
  nlgRelativeGainWeight: 0,
  dnmAnswerRetaliation: 1,
  dnmExportFinance: 0,
  nlgAnswerRetaliation: 0,
  answerThreshold: 0.001,
  tensionMemoryDays: 730,
  precautionDays: 0,
  riskStockDays: 0,
  diversificationRate: 0,
  forgiveness: 0.3,
  reciprocityOffer: 0.1,
  retaliationProportionality: 1,
  retaliationTariff: 0.63,
  deMinimis: 0.25,
  frontLoadDays: 90,
  licenceReviewDays: 50,
  licenceValidityDays: 1461,
  capabilityBaseRate: 0.02,
  rdEffect: 1,
  learningRate: 0,
  learningByDoing: 0.2,
  experienceYears: 5,
  frontierGrowth: 0.05,
  frontierBand: 0.1,
  toolLifeYears: 9.7,
  toolHeadroom: 0.1,
  spilloverRate: 0.1,
  substitutionPull: 0.3,
  rdIntensity: 0.05,
  investmentDays: 365,
  timeToBuildDays: 730,
  capitalToValueAdded: 4,
  capacityDepreciation: 0.1,
  designOutRate: 0.5,
  searchPatienceDays: 365.25 / 4,
  searchDelayDays: 365.25 / 2,
  decisionDays: 365.25 / 4,
  switchingCost: 0.1,
  imitationBeta: 10,
  politicsRelativeGain: 5,
  politicsRetaliation: 0.05,
  politicsDecay: 0.05,
});

/**
 * A state (country or bloc).
 *
 * @example
 * ```ts
 * const us: StateSpec = { id: 'US', name: 'United States', doctrine: 'DNM', rival: 'CN', hawkishness: 0.8, budget: 100 };
 * const world = createWorld({ ...spec, states: [us, { id: 'CN' }, { id: 'TW' }] }, 1);
 * console.log(world.policy.stateDoctrine[0], world.stateIds[world.policy.stateRival[0]!], world.policy.stateBudget[0]); // DNM CN 100
 * ```
 */
export interface StateSpec {
  /** Unique identifier, e.g. `US`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Gross domestic product, in US$ bn (informational in the core engine). */
  gdp?: number;
  /** Doctrine id: `DNM`, `NLG`, or one registered by a plugin. Default `NLG`. */
  doctrine?: string;
  /** Hawkishness in [0, 1]: the probability a DNM trigger turns into a measure in a decision round. Default 0.5. */
  hawkishness?: number;
  /** The rival whose relative gains the state watches, e.g. `CN` for `US`. */
  rival?: string;
  /** How the state may change doctrine. Default `none`. */
  switching?: SwitchingRule;
  /** Subsidy budget per step, in value units. Default: unlimited. */
  budget?: number;
}

/**
 * One input of a product's recipe (bill of materials).
 *
 * @example
 * ```ts
 * const input: RecipeInput = { product: 'chip', amount: 2 }; // two chips per phone
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'phone' ? { ...p, recipe: [input] } : p)) }, 1);
 * console.log(world.firmExpectedDemand[world.firmIndex.get('Intel')!]!.toFixed(1)); // 83.4
 * ```
 */
export interface RecipeInput {
  /** The input product's id. */
  product: string;
  /** Units of input needed per unit of output (> 0). */
  amount: number;
  /**
   * Whether output stops without it (Leontief; the default), or only loses its share of unit
   * cost when it is short (`false`: a non-critical input, after Pichler et al. 2022; see
   * {@link EngineParams.nonCriticalLoss}).
   */
  critical?: boolean;
}

/**
 * A product or technology, with its recipe.
 *
 * @example
 * ```ts
 * const sme: ProductSpec = { id: 'sme', name: 'Chipmaking equipment', price: 5, strategic: true, requirement: 0.5 };
 * const world = createWorld({ ...spec, products: [...spec.products, sme] }, 1);
 * console.log(world.productIds, world.productStrategic[world.productIndex.get('sme')!]); // ['gallium', 'chip', 'phone', 'sme'] 1
 * ```
 */
export interface ProductSpec {
  /** Unique identifier, e.g. `euv_lithography`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Value-chain stage label, e.g. `SME` (informational). */
  stage?: string;
  /** Inputs per unit of output. Empty or absent for raw products. */
  recipe?: RecipeInput[];
  /** Unit price, used to value flows, revenue and output. Default 1. */
  price?: number;
  /** Technology frontier level (capability of the best possible producer) at the start. Default 1. */
  frontier?: number;
  /**
   * Growth of the frontier per year while the R&D spending of the firms at it stays at its base
   * level (it scales with that spending: docs/ODD.md §7.18). Default `policy.frontierGrowth`.
   */
  frontierGrowth?: number;
  /** Characteristic time to build new capacity to make this product, days. Default `policy.timeToBuildDays`. */
  timeToBuildDays?: number;
  /**
   * A capital good: tools a buyer installs (chipmaking equipment). A buyer's capability cannot run
   * more than `policy.toolHeadroom` ahead of the capability of the tools it has installed. Default false.
   */
  capital?: boolean;
  /** Whether the product is strategic, the domain of DNM's relative-gain trigger. Default false. */
  strategic?: boolean;
  /** The four-factor threat test scores; the threat score is their mean. Default all 0. */
  threat?: ThreatFactors;
  /**
   * Capability a buyer needs of a supplier of this product, as a share of the
   * frontier, when it searches for a new supplier. Default 0.
   */
  requirement?: number;
  /**
   * Elasticity of substitution between the product's suppliers (Armington): a buyer's orders
   * move by (delivered price)^(−σ) relative to its established shares. Default
   * {@link EngineParams.armingtonElasticity}.
   */
  armingtonElasticity?: number;
  /**
   * Price elasticity of final demand for the product: quantity × (price / base price)^(−η).
   * 0 keeps final demand fixed. Default {@link EngineParams.demandElasticity}.
   */
  demandElasticity?: number;
  /**
   * How strongly the product's makers price scarcity: the target premium on value added is
   * (orders / base orders × base potential / potential)^ω. Default {@link EngineParams.priceFlexibility}.
   */
  priceFlexibility?: number;
  /**
   * How strongly the product's makers cut the price of their value added when their orders fall
   * below the baseline: the target is (orders / base orders × base potential / potential)^ω_d.
   * Default {@link EngineParams.discountFlexibility}.
   */
  discountFlexibility?: number;
}

/**
 * A firm: one product, one home state.
 *
 * @example
 * ```ts
 * const smic: FirmSpec = { id: 'SMIC', state: 'CN', product: 'chip', capacity: 20, capability: 0.7, origin: { CN: 0.9, US: 0.1 } };
 * const world = createWorld({ ...spec, firms: [...spec.firms, smic], edges: [...(spec.edges as EdgeSpec[]), { supplier: 'GalliumCN', buyer: 'SMIC' }] }, 1);
 * const f = world.firmIndex.get('SMIC')!;
 * console.log(world.firmCapacity[f], world.firmCapability[f]); // 20 0.7
 * ```
 */
export interface FirmSpec {
  /** Unique identifier, e.g. `TSMC`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Home state id. */
  state: string;
  /** Product id. */
  product: string;
  /**
   * Output capacity in units per step. When absent it is set to the firm's
   * steady-state demand times `1 + params.spareCapacity`.
   */
  capacity?: number;
  /** Target input inventory in days of use. Default `params.inventoryDays`. */
  inventoryDays?: number;
  /** Initial capacity damage in [0, 1]. Default 0. */
  damage?: number;
  /** Capability level (technology node / quality), in frontier units. Default: the product's frontier. */
  capability?: number;
  /** R&D spending as a share of revenue. Default `policy.rdIntensity`. */
  rdIntensity?: number;
  /**
   * Origin of the technology in the firm's own value added, as shares by
   * state id (they are normalized). Default: all from the home state.
   * Output's origin content mixes this with the inputs' origin content.
   */
  origin?: Record<string, number>;
}

/**
 * A supply edge: `supplier` sells its product to `buyer`.
 *
 * @example
 * ```ts
 * const edge: EdgeSpec = { supplier: 'TSMC', buyer: 'Huawei', share: 0.7 };
 * console.log((spec.edges as EdgeSpec[]).some((e) => e.supplier === edge.supplier && e.buyer === edge.buyer)); // true
 * ```
 */
export interface EdgeSpec {
  /** Supplier firm id. Its product must be an input of the buyer's recipe. */
  supplier: string;
  /** Buyer firm id. */
  buyer: string;
  /**
   * The buyer's share of its demand for this input placed with this supplier.
   * Shares are normalized per (buyer, input); default: equal shares.
   */
  share?: number;
  /**
   * Rationing priority when the `priority` rule is used: higher is served first.
   * Default 1 for firm buyers and 0 for final demand, so intermediate demand is
   * served before households.
   */
  priority?: number;
  /**
   * How long the relationship has lasted when the run starts, in years (rounded down to whole
   * quarters). Default: established, as sticky as a relationship can be. A buyer moves away from a
   * young relationship faster (`params.newRelationshipHazard`).
   */
  tenureYears?: number;
}

/**
 * Supply edges in columnar form, for large generated worlds: `supplier[i]`
 * and `buyer[i]` are indices into {@link WorldSpec.firms}.
 *
 * @example
 * ```ts
 * // The fixture's edges as columns of indices into spec.firms (large generated worlds use this form).
 * const firms = spec.firms.map((f) => f.id);
 * const list = spec.edges as EdgeSpec[];
 * const columns: EdgeColumns = {
 *   supplier: list.map((e) => firms.indexOf(e.supplier)),
 *   buyer: list.map((e) => firms.indexOf(e.buyer)),
 *   share: list.map((e) => e.share ?? 1),
 * };
 * const world = createWorld({ ...spec, edges: columns }, 1);
 * console.log(edgeCount(world), edgeCount(createWorld(spec, 1))); // 11 11
 * ```
 */
export interface EdgeColumns {
  /** Supplier firm indices. */
  supplier: ArrayLike<number>;
  /** Buyer firm indices. */
  buyer: ArrayLike<number>;
  /** Optional shares (normalized per buyer and input); default equal. */
  share?: ArrayLike<number>;
}

/**
 * A state's final (household and government) demand for one product.
 *
 * @example
 * ```ts
 * const demand: FinalDemandSpec = { state: 'TW', product: 'phone', quantity: 20 }; // suppliers by capacity
 * const world = createWorld({ ...spec, finalDemand: [demand] }, 1);
 * console.log(selectEdges(world, { finalDemand: true }).length); // 2
 * ```
 */
export interface FinalDemandSpec {
  /** The demanding state's id. */
  state: string;
  /** The product id. */
  product: string;
  /** Units demanded per step (>= 0). */
  quantity: number;
  /**
   * The firms that serve this demand and their shares. Default: every firm
   * making the product, weighted by its capacity (or equally, if capacities
   * are not given).
   */
  suppliers?: Array<{ firm: string; share?: number }>;
}

/**
 * How a supplier short of output splits it among the orders it received.
 *
 * @example
 * ```ts
 * const rationing: RationingRule = 'priority'; // firms are served before households
 * const world = createWorld({ ...spec, params: { rationing } }, 1);
 * console.log(world.params.rationing); // priority
 * ```
 */
export type RationingRule = 'proportional' | 'priority' | 'random';

/**
 * Engine parameters with their units. See docs/ODD.md for the equations.
 *
 * @example
 * ```ts
 * const params: Partial<EngineParams> = { daysPerStep: 30, inventoryDays: 30 }; // monthly steps, a month of stock
 * const world = createWorld({ ...spec, params }, 1);
 * console.log(world.params.daysPerStep, inventorySteps(world, world.firmIndex.get('Apple')!)); // 30 1
 * ```
 */
export interface EngineParams {
  /** Days per simulation step. Default 91.3125 (a quarter). */
  daysPerStep: number;
  /** Default target inventory of each input, in days of use. Default 15 (Inoue–Todo). */
  inventoryDays: number;
  /** Time to restore a target inventory, in days (Inoue–Todo τ). Default 6; at least one step applies. */
  inventoryRestoreDays: number;
  /** Rationing rule for suppliers short of output. Default `proportional`. */
  rationing: RationingRule;
  /**
   * Characteristic time of supplier substitution, in days: while a supplier falls short, a buyer
   * moves 1 − exp(−Δ/τ) of its shares a step (Δ the step length) toward the suppliers that still
   * deliver, the same share per unit of time at any step length. Default 317.4 (a quarter moves
   * 0.25, the rate per quarterly step of version 1; an assumption). 0 moves everything at once.
   */
  substitutionDays: number;
  /**
   * Former form of {@link EngineParams.substitutionDays}: the share moved per step, in [0, 1].
   * Accepted in specs; it is converted with the spec's step length, τ = −Δ / ln(1 − σ), so it
   * means what it meant at that step length (and only there).
   * @deprecated Use `substitutionDays`.
   */
  substitutionRate?: number;
  /**
   * Rate per year at which a buyer's shares return to its established shares once every
   * supplier delivers in full (customers come back): a step closes 1 − exp(−rate·Δ/365.25) of
   * the gap. Default 1.
   */
  shareReversionRate: number;
  /**
   * Rate per year at which a buyer returns the share it moved away from a supplier that fell
   * short (a relationship it remembers), once every supplier delivers again: faster than the
   * established shares come back after new business (`shareReversionRate`). Default 4 (a
   * characteristic time of a quarter; an assumption: sticky relationships, Martin, Mejean and
   * Parenti 2023; Monarch 2022). Equal to `shareReversionRate`, the memory changes nothing.
   */
  relationshipReturnRate: number;
  /** Days over which a buyer forgets a relationship it moved away from (its memory fades by exp(−Δ/this) a step). Default 365 (an assumption). */
  relationshipMemoryDays: number;
  /**
   * How many times faster a buyer moves away from a brand-new relationship that falls short than
   * from an established one (H ≥ 1); the multiplier decays as 1 + (H − 1)·exp(−age/`relationshipMaturityDays`).
   * Default 2 (an assumption: the hazard of a trade relationship ending is highest in its first
   * years, Besedeš and Prusa 2006). 1 makes tenure change nothing.
   */
  newRelationshipHazard: number;
  /** Characteristic time over which a new relationship becomes as sticky as an established one, days. Default 365.25. */
  relationshipMaturityDays: number;
  /** Maximum overproduction factor α_max (ARIO). Default 1.25. */
  overproductionMax: number;
  /** Characteristic time of overproduction adjustment τ_α, in days (ARIO). Default 365. */
  overproductionDays: number;
  /** Characteristic time of capacity-damage recovery, in days. Default 60 (BoARIO τ_rebuild). */
  damageRecoveryDays: number;
  /**
   * Elasticity of substitution between suppliers of a product (Armington), for products that
   * set none: orders move with delivered price (price × (1 + tariff)) by price^(−σ). Default
   * 2.5, the import demand elasticity of Fajgelbaum et al. (2020).
   */
  armingtonElasticity: number;
  /**
   * Former name of {@link EngineParams.armingtonElasticity}, when prices did not exist and only
   * tariffs moved orders. Accepted in specs for compatibility; it sets `armingtonElasticity`.
   * @deprecated Use `armingtonElasticity`.
   */
  tariffElasticity?: number;
  /** Spare capacity over steady demand, for firms with no capacity given. Default 0.1. */
  spareCapacity: number;
  /** Price elasticity of final demand, for products that set none. Default 0.5 (assumption; 0 fixes demand). */
  demandElasticity: number;
  /** Scarcity pricing exponent ω, when orders exceed what a firm can make, for products that set none (docs/ODD.md §7.14). Default 1. */
  priceFlexibility: number;
  /**
   * Discount exponent ω_d, when orders fall below the baseline, for products that set none.
   * Default 0.25: prices are stickier downward (after the 2018 US tariffs, foreign exporters did
   * not cut their prices: Amiti, Redding and Weinstein 2019; Fajgelbaum et al. 2020).
   */
  discountFlexibility: number;
  /** Characteristic time of price adjustment toward its target, in days. Default 30. */
  priceAdjustmentDays: number;
  /** Lowest scarcity factor on value added: a seller always charges at least this share of it. Default 0.5. */
  priceFloor: number;
  /** Highest scarcity factor on value added (a choke price, so prices stay finite). Default 50. */
  priceCap: number;
  /**
   * How a shortage of a non-critical input reduces output: `cost_share` (by the input's share
   * of unit cost times the share of it missing; default) or `none`.
   */
  nonCriticalLoss: NonCriticalLoss;
  /** Whether sellers whose orders fell more than 25% below their baseline look for new buyers (worlds with an active policy layer). Default true. */
  sellerSearch: boolean;
  /** Days a seller's orders must stay more than 25% below its baseline before it looks for new buyers. Default 30. */
  sellerSearchDays: number;
  /** Days from a buyer accepting a seller's offer to its first delivery. Default 60. */
  sellerSearchDelayDays: number;
  /** Marginal excess burden of public funds λ: welfare counts λ × subsidies paid as a loss. Default 0.3. */
  costOfFunds: number;
  /**
   * Mechanisms the world runs without (`MECHANISMS`: prices, substitution, supplierSearch, sellerSearch,
   * importSubstitution, designOut, subsidies, retaliation, frontLoading, precaution), for attribution: what an effect
   * becomes when one is switched off. Default none.
   */
  disabled: readonly Mechanism[];
}

/**
 * How a shortage of a non-critical input reduces output (see {@link EngineParams.nonCriticalLoss}).
 *
 * @example
 * ```ts
 * const loss: NonCriticalLoss = 'none'; // a missing non-critical input costs no output at all
 * const world = createWorld({ ...spec, params: { nonCriticalLoss: loss } }, 1);
 * console.log(world.params.nonCriticalLoss); // none
 * ```
 */
export type NonCriticalLoss = 'cost_share' | 'none';

/**
 * The default engine parameters.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_PARAMS.daysPerStep, DEFAULT_PARAMS.inventoryDays, DEFAULT_PARAMS.rationing); // 91.3125 15 proportional
 * ```
 */
export const DEFAULT_PARAMS: Readonly<EngineParams> = Object.freeze({
  daysPerStep: 365.25 / 4,
  inventoryDays: 15,
  inventoryRestoreDays: 6,
  rationing: 'proportional',
  substitutionDays: 317.4,
  shareReversionRate: 1,
  relationshipReturnRate: 4,
  relationshipMemoryDays: 365,
  newRelationshipHazard: 2,
  relationshipMaturityDays: 365.25,
  overproductionMax: 1.25,
  overproductionDays: 365,
  damageRecoveryDays: 60,
  armingtonElasticity: 2.5,
  spareCapacity: 0.1,
  demandElasticity: 0.5,
  priceFlexibility: 1,
  discountFlexibility: 0.25,
  priceAdjustmentDays: 30,
  priceFloor: 0.5,
  priceCap: 50,
  nonCriticalLoss: 'cost_share',
  sellerSearch: true,
  sellerSearchDays: 30,
  sellerSearchDelayDays: 60,
  costOfFunds: 0.3,
  disabled: Object.freeze([]) as readonly Mechanism[],
});
