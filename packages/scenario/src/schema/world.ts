import { MECHANISMS } from '@chokepoint/core';
import { z } from 'zod';
import { bool, id, isPlainMapping, num, oneOf } from './common.js';

/**
 * The world part of a scenario: an inline {@link WorldSpec} (see `@chokepoint/core`), a
 * reference to a bundled world, or a synthetic world generator. Field checks mirror
 * `createWorld`; references between ids (a firm's state, an edge's supplier) are checked by
 * `createWorld` itself and mapped back to the file.
 */

const recipeInput = z.strictObject({
  product: id('Input product id.'),
  amount: num({ gt: 0, description: 'Units of input per unit of output.' }),
  critical: bool(
    'Whether output stops without it (Leontief, the default); false: a shortage costs only its share of unit cost.',
  ).optional(),
});

const threat = z
  .strictObject({
    breadth: num({ min: 0, max: 1, description: 'How widely the technology is used.' }),
    access: num({ min: 0, max: 1, description: 'How much access it gives.' }),
    dependence: num({ min: 0, max: 1, description: 'How much society depends on it.' }),
    detectability: num({ min: 0, max: 1, description: 'How hard malicious use is to detect.' }),
  })
  .describe('The four-factor threat test, each factor in [0, 1].');

/** A state (country or bloc). */
export const stateSchema = z.strictObject({
  id: id('Unique state id, e.g. US.'),
  name: z.string().optional(),
  gdp: num({ min: 0, description: 'GDP in US$ bn (informational).' }).optional(),
  doctrine: z.string().optional().describe('Doctrine id: DNM, NLG, DERISK, or a plugin doctrine. Default NLG.'),
  hawkishness: num({
    min: 0,
    max: 1,
    description: 'Probability a DNM trigger becomes a measure in a decision round. Default 0.5.',
  }).optional(),
  rival: z.string().optional().describe('The rival state whose relative gains this state watches.'),
  switching: z
    .enum(['none', 'imitation', 'politics', 'alignment'])
    .optional()
    .describe(
      'How the state may change doctrine (alignment: adopt the kit of the bloc it is aligned with, worlds with alignment). Default none.',
    ),
  budget: num({ min: 0, description: 'Subsidy budget per step, in value units.' }).optional(),
});

/** A product or technology with its recipe. */
export const productSchema = z.strictObject({
  id: id('Unique product id, e.g. euv_lithography.'),
  name: z.string().optional(),
  stage: z.string().optional().describe('Value-chain stage label (informational).'),
  recipe: z.array(recipeInput).optional().describe('Inputs per unit of output; absent for raw products.'),
  price: num({ gt: 0, description: 'Unit price. Default 1.' }).optional(),
  frontier: num({ gt: 0, description: 'Technology frontier level at the start. Default 1.' }).optional(),
  frontierGrowth: num({
    min: 0,
    max: 10,
    description: 'Frontier growth per year at the base R&D spending of the firms at it. Default policy.frontierGrowth.',
  }).optional(),
  timeToBuildDays: num({
    gt: 0,
    description: 'Time to build new capacity to make this product, days. Default policy.timeToBuildDays.',
  }).optional(),
  capital: bool(
    'A capital good (tools a buyer installs): a buyer cannot run far ahead of its installed tools. Default false.',
  ).optional(),
  strategic: bool('Whether DNM watches relative gains in it. Default false.').optional(),
  threat: threat.optional(),
  requirement: num({
    min: 0,
    max: 1,
    description: 'Capability a buyer needs of a new supplier, share of the frontier. Default 0.',
  }).optional(),
  armingtonElasticity: num({
    min: 0,
    max: 100,
    description: 'Elasticity of substitution between its suppliers (Armington). Default params.armingtonElasticity.',
  }).optional(),
  demandElasticity: num({
    min: 0,
    max: 100,
    description: 'Price elasticity of its final demand; 0 fixes it. Default params.demandElasticity.',
  }).optional(),
  priceFlexibility: num({
    min: 0,
    max: 100,
    description: 'Scarcity pricing exponent ω of its makers. Default params.priceFlexibility.',
  }).optional(),
  discountFlexibility: num({
    min: 0,
    max: 100,
    description: 'Discount exponent ω_d of its makers when orders fall. Default params.discountFlexibility.',
  }).optional(),
});

/** A firm: one product, one home state. */
export const firmSchema = z.strictObject({
  id: id('Unique firm id, e.g. TSMC.'),
  name: z.string().optional(),
  state: id('Home state id.'),
  product: id('Product id.'),
  capacity: num({
    min: 0,
    description: 'Output capacity, units per step. Default: steady demand × (1 + spareCapacity).',
  }).optional(),
  inventoryDays: num({ min: 0, description: 'Target input inventory in days of use.' }).optional(),
  damage: num({ min: 0, max: 1, description: 'Initial capacity damage in [0, 1].' }).optional(),
  capability: num({ min: 0, description: 'Capability in frontier units. Default: the frontier.' }).optional(),
  rdIntensity: num({ min: 0, max: 1, description: 'R&D spending as a share of revenue.' }).optional(),
  origin: z
    .record(z.string(), num({ min: 0 }))
    .optional()
    .describe('Origin of the firm’s own technology, shares by state id.'),
});

const edgeObject = z.strictObject({
  supplier: id('Supplier firm id.'),
  buyer: id('Buyer firm id.'),
  share: num({ min: 0, description: 'Share of the buyer’s demand for this input. Default: equal shares.' }).optional(),
  priority: num({ description: 'Rationing priority (higher first) under the priority rule.' }).optional(),
  tenureYears: num({
    min: 0,
    description: 'Years the relationship has lasted when the run starts (whole quarters). Default: established.',
  }).optional(),
});

const edgeColumns = z.strictObject({
  supplier: z.array(z.number().int().min(0)).describe('Supplier firm indices into firms.'),
  buyer: z.array(z.number().int().min(0)).describe('Buyer firm indices into firms.'),
  share: z.array(z.number().min(0)).optional(),
});

const finalDemand = z.strictObject({
  state: id('Demanding state id.'),
  product: id('Product id.'),
  quantity: num({ min: 0, description: 'Units demanded per step.' }),
  suppliers: z
    .array(z.strictObject({ firm: id('Supplier firm id.'), share: num({ min: 0 }).optional() }))
    .optional()
    .describe('Firms serving this demand; default: every maker, by capacity.'),
});

/** Engine parameters (see docs/ODD.md); all optional. */
export const engineParamsSchema = z
  .strictObject({
    daysPerStep: num({ gt: 0, description: 'Days per step; set by `step:` in a scenario.' }).optional(),
    inventoryDays: num({ min: 0, description: 'Default target inventory, days of use. Default 15.' }).optional(),
    inventoryRestoreDays: num({
      gt: 0,
      description: 'Time to restore a target inventory, days. Default 6.',
    }).optional(),
    rationing: z
      .enum(['proportional', 'priority', 'random'])
      .optional()
      .describe('Rationing rule. Default proportional.'),
    substitutionDays: num({
      min: 0,
      description:
        'Characteristic time of supplier substitution, days: a step moves 1 − exp(−Δ/τ) of the shares. Default 317.4 (0.25 a quarter).',
    }).optional(),
    substitutionRate: num({
      min: 0,
      max: 1,
      description:
        'Deprecated: share moved per step, converted to substitutionDays with the step length. Use substitutionDays.',
    }).optional(),
    shareReversionRate: num({
      min: 0,
      description:
        'Rate per year shares return to established shares (a step closes 1 − exp(−rate·Δ/365.25) of the gap). Default 1.',
    }).optional(),
    relationshipReturnRate: num({
      min: 0,
      description:
        'Rate per year a buyer returns the share it moved away from a supplier that fell short (sticky relationships). Default 4.',
    }).optional(),
    relationshipMemoryDays: num({
      gt: 0,
      description: 'Days over which a buyer forgets a relationship it moved away from. Default 365.',
    }).optional(),
    newRelationshipHazard: num({
      min: 1,
      description:
        'How many times faster a buyer leaves a brand-new relationship that falls short than an established one. Default 2.',
    }).optional(),
    relationshipMaturityDays: num({
      gt: 0,
      description: 'Days over which a new relationship becomes as sticky as an established one. Default 365.25.',
    }).optional(),
    overproductionMax: num({ min: 1, description: 'Maximum overproduction factor. Default 1.25.' }).optional(),
    overproductionDays: num({ gt: 0, description: 'Overproduction adjustment time, days. Default 365.' }).optional(),
    damageRecoveryDays: num({ gt: 0, description: 'Capacity-damage recovery time, days. Default 60.' }).optional(),
    armingtonElasticity: num({
      min: 0,
      max: 100,
      description: 'Elasticity of substitution between suppliers (Armington), on delivered prices. Default 2.5.',
    }).optional(),
    tariffElasticity: num({
      min: 0,
      max: 100,
      description: 'Former name of armingtonElasticity (deprecated).',
    }).optional(),
    spareCapacity: num({ min: 0, description: 'Spare capacity over steady demand. Default 0.1.' }).optional(),
    demandElasticity: num({
      min: 0,
      max: 100,
      description: 'Price elasticity of final demand. Default 0.5.',
    }).optional(),
    priceFlexibility: num({
      min: 0,
      max: 100,
      description: 'Scarcity pricing exponent ω (orders above what can be made). Default 1.',
    }).optional(),
    discountFlexibility: num({
      min: 0,
      max: 100,
      description: 'Discount exponent ω_d (orders below the baseline). Default 0.25.',
    }).optional(),
    priceAdjustmentDays: num({
      gt: 0,
      description: 'Characteristic time of price adjustment, days. Default 30.',
    }).optional(),
    priceFloor: num({ gt: 0, max: 1, description: 'Lowest scarcity factor on value added. Default 0.5.' }).optional(),
    priceCap: num({ min: 1, max: 1e6, description: 'Highest scarcity factor on value added. Default 50.' }).optional(),
    nonCriticalLoss: z
      .enum(['cost_share', 'none'])
      .optional()
      .describe('How a short non-critical input reduces output. Default cost_share.'),
    sellerSearch: bool('Whether sellers that lost orders look for new buyers. Default true.').optional(),
    sellerSearchDays: num({
      min: 0,
      description: 'Days of slack orders before a seller looks for buyers. Default 30.',
    }).optional(),
    sellerSearchDelayDays: num({
      min: 0,
      description: 'Days from an accepted offer to its first delivery. Default 60.',
    }).optional(),
    costOfFunds: num({
      min: 0,
      max: 10,
      description: 'Excess burden of public funds λ: welfare counts λ × subsidies as a loss. Default 0.3.',
    }).optional(),
    disabled: z
      .array(z.enum(MECHANISMS))
      .optional()
      .describe(
        'Mechanisms the world runs without (prices, substitution, supplierSearch, sellerSearch, importSubstitution, designOut, subsidies, retaliation, frontLoading, precaution). Default none.',
      ),
  })
  .describe('Engine parameters; unset ones take the defaults.');

const unit = (description: string) => num({ min: 0, max: 1, description }).optional();
const nonNegative = (description: string) => num({ min: 0, description }).optional();

/** Policy-layer parameters (see docs/ODD.md); all optional. */
export const policyParamsSchema = z
  .strictObject({
    chokepointShare: unit('Share of world capacity at which a state holds a chokepoint. Default 0.3.'),
    threatThreshold: unit('NLG acts only above this four-factor threat score. Default 0.6.'),
    relativeGainTrigger: nonNegative(
      'Rise of the rival’s capability lead over the horizon, share of the frontier, that triggers DNM. Default 0.01.',
    ),
    relativeGainHorizonDays: num({
      gt: 0,
      description: 'Days over which relative gains are measured. Default 365.',
    }).optional(),
    dnmRelativeGainWeight: nonNegative('θ of DNM: weight of relative capability in its payoff. Default 1.'),
    nlgRelativeGainWeight: nonNegative('θ of NLG: weight of relative capability in its payoff. Default 0.'),
    dnmAnswerRetaliation: unit('Probability a DNM state answers a retaliation. Default 1.'),
    nlgAnswerRetaliation: unit('Probability an NLG state answers a retaliation. Default 0.'),
    dnmExportFinance: num({
      min: 0,
      max: 0.95,
      description:
        'Share of the price a DNM state pays on its firms’ sales to third countries of the products its rival also makes (export finance). Default 0 (off).',
    }).optional(),
    answerThreshold: unit('Share of bilateral trade a measure must newly restrict to be answered. Default 0.001.'),
    tensionMemoryDays: num({
      gt: 0,
      description: 'Days over which tension between two states fades. Default 730.',
    }).optional(),
    precautionDays: nonNegative(
      'Extra inventory days per unit of exposure to a tense state, at full tension. Default 0 (off).',
    ),
    riskStockDays: nonNegative(
      'Extra inventory days per unit of risk on a supplier state (the share of its exports of similar products restricted). Default 0 (off).',
    ),
    diversificationRate: nonNegative(
      'Share of exposure to a tense state moved to other suppliers per year at full tension. Default 0 (off).',
    ),
    forgiveness: unit('Forgiveness probability of generous tit-for-tat. Default 0.3.'),
    reciprocityOffer: unit('Probability per decision round an NLG state offers to lift a measure. Default 0.1.'),
    retaliationProportionality: nonNegative(
      'Trade a retaliation restricts, relative to what the measure answered restricted. Default 1.',
    ),
    retaliationTariff: nonNegative('Highest tariff rate a retaliation uses. Default 0.63.'),
    deMinimis: unit('De minimis threshold of doctrine-made controls. Default 0.25.'),
    frontLoadDays: nonNegative('Extra inventory days targeted ahead of an announced restriction. Default 90.'),
    licenceReviewDays: nonNegative(
      'Days a licence application is under review, for measures that set none (GAO-01-528). Default 50.',
    ),
    licenceValidityDays: num({
      gt: 0,
      description: 'Days a licence decision lasts, for measures that set none (EAR: four years). Default 1461.',
    }).optional(),
    capabilityBaseRate: nonNegative('Base capability growth per year. Default 0.02.'),
    rdEffect: nonNegative('Capability growth per unit R&D intensity per year. Default 1.'),
    learningRate: nonNegative(
      'Version 1 learning term: capability growth per year at full utilization. Default 0 (learningByDoing replaced it).',
    ),
    learningByDoing: unit(
      'Share of the gap to the frontier each doubling of cumulative output closes (Irwin and Klenow 1994). Default 0.2.',
    ),
    experienceYears: nonNegative('Years of normal output a firm has made before the run. Default 5.'),
    frontierGrowth: nonNegative(
      'Frontier growth per year at base R&D spending, for products that set none. Default 0.05.',
    ),
    frontierBand: unit('Firms within this share of the frontier are at it (their R&D moves it). Default 0.1.'),
    toolLifeYears: num({
      gt: 0,
      description:
        'Mean service life of installed tools, years. Default 9.7 (the BEA service life of special industrial machinery, Fraumeni 1997).',
    }).optional(),
    toolHeadroom: nonNegative(
      'How far a firm may run ahead of its installed tools, share of the frontier. Default 0.1.',
    ),
    spilloverRate: nonNegative('Capability growth from foreign spillover per year. Default 0.1.'),
    substitutionPull: nonNegative('Capability growth per share of demand denied imports. Default 0.3.'),
    rdIntensity: nonNegative('Default R&D intensity. Default 0.05.'),
    investmentDays: num({
      gt: 0,
      description: 'Time over which a firm starts the capacity its expected orders need, days. Default 365.',
    }).optional(),
    timeToBuildDays: num({
      gt: 0,
      description: 'Time to build new capacity, days, for products that set none. Default 730.',
    }).optional(),
    capitalToValueAdded: nonNegative(
      'What a unit of capacity costs, in years of its value added at base prices (a capital to value-added ratio). Default 4 (BoARIO, after Hallegatte 2008).',
    ),
    capacityDepreciation: nonNegative('Rate per year at which idle capacity wears out. Default 0.1.'),
    designOutRate: nonNegative('Share of issuer content a bound firm removes per year. Default 0.5.'),
    searchPatienceDays: nonNegative(
      'Days with unmet need before searching for a supplier (whole steps, at least one). Default 91.3125.',
    ),
    searchDelayDays: nonNegative(
      'Days from choosing a supplier to its first delivery (whole steps, at least one). Default 182.625.',
    ),
    searchPatience: nonNegative(
      'Deprecated: steps with unmet need before searching; converted to searchPatienceDays. Use searchPatienceDays.',
    ),
    searchDelay: nonNegative(
      'Deprecated: steps from choosing a supplier to its first delivery; converted to searchDelayDays. Use searchDelayDays.',
    ),
    decisionDays: num({
      gt: 0,
      description:
        'Days between decision rounds: doctrines decide, answer and switch, and standards bodies vote, once a round. Default 91.3125.',
    }).optional(),
    switchingCost: nonNegative('Switching cost, share of a year’s input value. Default 0.1.'),
    imitationBeta: nonNegative('Intensity of selection of Fermi imitation. Default 10.'),
    politicsRelativeGain: nonNegative('Hawkishness gained per unit relative-gain loss. Default 5.'),
    politicsRetaliation: nonNegative('Hawkishness gained per retaliation suffered. Default 0.05.'),
    politicsDecay: nonNegative('Hawkishness relaxation rate per decision round. Default 0.05.'),
  })
  .describe('Policy-layer parameters; unset ones take the defaults.');

const allianceSchema = z.strictObject({
  id: id('Alliance id.'),
  members: z.array(id()).min(1).describe('Member state ids.'),
});

const shareMap = (description: string) => z.record(z.string(), num({ min: 0 })).describe(description);

const votingMode = z.enum(['merit', 'bloc', 'doctrine']);

/** Standards bodies, blocs, bloc voting and adoption (docs/ODD.md §7.13); all checks mirror `createWorld`. */
export const standardsSchema = z
  .strictObject({
    blocs: z
      .array(
        z.strictObject({
          id: id('Bloc id, e.g. us-led.'),
          name: z.string().optional(),
          members: z.array(id()).describe('Member state ids (a state is in at most one bloc).'),
        }),
      )
      .min(1)
      .describe(
        'The blocs whose members hold essential patents and may vote as one; other states are third countries.',
      ),
    bodies: z
      .array(
        z.strictObject({
          id: id('Body (technology) id, e.g. 5g.'),
          name: z.string().optional(),
          sepShare: shareMap('Initial share of standard-essential patents by bloc id (normalized).'),
          merit: shareMap('Technical merit of each bloc’s proposals (normalized). Default: sepShare.').optional(),
          adoption: z
            .record(z.string(), shareMap('Shares by bloc id.'))
            .optional()
            .describe(
              'Initial installed base by state id, shares by bloc id. Default: members on their own bloc, third countries by sepShare.',
            ),
          product: id(
            'The product whose makers supply the stack (e.g. telecom_eq): adoption moves with the price a state pays each bloc’s makers. Default: none.',
          ).optional(),
        }),
      )
      .min(1)
      .describe('The standards bodies (technologies).'),
    voting: z
      .record(
        z.string(),
        oneOf(
          [
            votingMode,
            z.strictObject({
              mode: votingMode,
              start: num({ int: true, min: 0 }).optional(),
              end: num({ int: true, min: 0 }).optional(),
            }),
          ],
          [(v) => typeof v === 'string', isPlainMapping],
          'merit, bloc, doctrine or {mode, start, end}',
        ),
      )
      .optional()
      .describe(
        'Voting rule by bloc id: merit (default), bloc (members vote as one) or doctrine (DNM members vote as one); start/end in steps.',
      ),
    votingWeight: shareMap(
      'Voting weight by state id. Default 1 each; states missing from a given map have none.',
    ).optional(),
    marketWeight: shareMap(
      'Installed-base weight by state id. Default: gdp (or 1 each); states missing from a given map have none.',
    ).optional(),
    params: z
      .strictObject({
        contestsPerStep: num({
          int: true,
          min: 1,
          description: 'Work items each body decides per decision round. Default 12.',
        }).optional(),
        renewalRate: unit('Share of the essential-patent portfolio written per decision round. Default 0.05.'),
        adoptionRate: unit('Share of the installed base renewed per decision round. Default 0.05.'),
        sepWeight: nonNegative('Logit weight on the SEP share. Default 2.'),
        networkWeight: nonNegative('Logit weight on the worldwide installed base. Default 2.'),
        priceWeight: nonNegative(
          'Logit weight on ln(price / base price) of a stack, times its product’s Armington elasticity. Default 1.',
        ),
        interoperabilityWeight: nonNegative('Logit weight on trading partners’ adoption. Default 2.'),
        minAdoption: num({
          gt: 0,
          max: 0.5,
          description: 'Floor on initial adoption shares. Default 0.01.',
        }).optional(),
      })
      .optional()
      .describe('Standards parameters; unset ones take the defaults.'),
  })
  .describe('Standards bodies: bloc voting shifts essential-patent shares; third countries adopt by network effects.');

/** Third countries' norm alignment with the standards blocs (docs/ODD.md §7.20); all checks mirror `createWorld`. */
export const alignmentSchema = z
  .strictObject({
    initial: z
      .record(z.string(), shareMap('Shares by bloc id.'))
      .optional()
      .describe(
        'Initial alignment of third countries by state id, shares by bloc id. Default: the state’s mean installed base over the standards bodies.',
      ),
    pacts: z
      .array(
        z.strictObject({
          id: id('Pact id. Default pact-<n>.').optional(),
          bloc: id('The bloc that signs it (a standards bloc id).'),
          members: z.array(id()).min(1).describe('The third countries that sign it.'),
          start: num({ int: true, min: 0, description: 'First step in force. Default 0.' }).optional(),
          end: num({ int: true, min: 0, description: 'First step no longer in force. Default never.' }).optional(),
        }),
      )
      .optional()
      .describe(
        'Pacts between a bloc and third countries (cyberspace and digital-economy initiatives), with their dates in steps.',
      ),
    kits: z
      .record(z.string(), id())
      .optional()
      .describe('The doctrine a state with switching rule alignment adopts when aligned with a bloc, by bloc id.'),
    params: z
      .strictObject({
        alignmentDays: num({ gt: 0, description: 'Characteristic time of alignment, days. Default 1461.' }).optional(),
        installedBaseWeight: nonNegative('Logit weight on the installed base on a bloc’s stack. Default 2.'),
        financeWeight: nonNegative(
          'Logit weight on export finance from a bloc’s states, per unit of finance over base imports. Default 20.',
        ),
        financeMemoryDays: num({ gt: 0, description: 'Memory of finance received, days. Default 1461.' }).optional(),
        pactWeight: nonNegative('Logit weight on a pact in force with a bloc. Default 1.'),
        voteWeight: unit('Share of a third country’s standards vote that follows its alignment. Default 0.5.'),
        kitThreshold: num({
          gt: 0.5,
          max: 1,
          description: 'Alignment at which a state with switching rule alignment adopts the bloc’s kit. Default 0.65.',
        }).optional(),
        minAlignment: num({
          gt: 0,
          max: 0.5,
          description: 'Floor on initial alignment shares. Default 0.01.',
        }).optional(),
      })
      .optional()
      .describe('Alignment parameters; unset ones take the defaults.'),
  })
  .describe(
    'Third countries’ alignment with the standards blocs: moves with installed base, export finance and pacts; feeds standards votes and doctrine kits. Needs standards.',
  );

const measureInWorld = z
  .looseObject({ type: id('Instrument, e.g. export_control.'), issuer: id('Issuing state id.') })
  .describe('A policy measure; fields depend on the instrument (start/end/announce are steps).');

/** The sources (citations) of a scenario's numbers. */
export const sourcesSchema = z
  .array(
    oneOf(
      [
        z.string(),
        z.looseObject({
          title: z.string().optional(),
          author: z.string().optional(),
          year: z.union([z.number(), z.string()]).optional(),
          url: z.string().optional(),
          note: z.string().optional(),
        }),
      ],
      [(v) => typeof v === 'string', isPlainMapping],
      'a citation string or {title, author, year, url, note}',
    ),
  )
  .describe('Citations for the scenario’s numbers.');

const documentation = {
  title: z.string().optional().describe('Title of the world (documentation).'),
  description: z.string().optional().describe('What the world represents (documentation).'),
  sources: sourcesSchema.optional(),
};

/** An inline world: the plain-data WorldSpec of `@chokepoint/core`. */
export const inlineWorldSchema = z
  .strictObject({
    $schema: z.string().optional(),
    ...documentation,
    states: z.array(stateSchema).min(1).describe('The states.'),
    products: z.array(productSchema).min(1).describe('The products and their recipes (a DAG).'),
    firms: z.array(firmSchema).min(1).describe('The firms.'),
    edges: oneOf(
      [z.array(edgeObject), edgeColumns],
      [Array.isArray, isPlainMapping],
      'a list of edges {supplier, buyer} or columns {supplier: [...], buyer: [...]}',
      'Supply edges from supplier to buyer firm.',
    ).optional(),
    finalDemand: z.array(finalDemand).optional().describe('Each state’s final demand.'),
    params: engineParamsSchema.optional(),
    measures: z.array(measureInWorld).optional(),
    alliances: z.array(allianceSchema).optional(),
    policy: policyParamsSchema.optional(),
    standards: standardsSchema.optional(),
    alignment: alignmentSchema.optional(),
  })
  .describe('An inline world (WorldSpec).');

/** Options of the synthetic world generator (`generateWorld` of `@chokepoint/core`). */
export const syntheticOptionsSchema = z
  .strictObject({
    states: num({ int: true, min: 1, description: 'Number of states.' }),
    firms: num({ int: true, min: 2, description: 'Number of firms (at least one per product).' }),
    products: num({ int: true, min: 2, description: 'Number of products.' }),
    layers: num({ int: true, min: 2, description: 'Bill-of-materials layers. Default min(4, products).' }).optional(),
    inputsPerProduct: num({ int: true, min: 1, description: 'Inputs per non-raw product. Default 2.' }).optional(),
    recipeAmount: num({ gt: 0, description: 'Units of each input per unit of output. Default 0.5.' }).optional(),
    valueAddedShare: num({
      gt: 0,
      max: 0.99,
      description: 'Share of value added in each product’s price. Default 0.4.',
    }).optional(),
    suppliersPerInput: num({ min: 1, description: 'Mean suppliers per buyer input. Default 4.' }).optional(),
    degree: z
      .enum(['fixed', 'poisson', 'powerlaw'])
      .optional()
      .describe('Distribution of suppliers per input. Default powerlaw.'),
    powerLawExponent: num({ gt: 2, description: 'Power-law exponent. Default 2.5.' }).optional(),
    finalDemandSuppliers: num({
      int: true,
      min: 1,
      description: 'Suppliers per final-demand entry. Default 8.',
    }).optional(),
    finalDemandQuantity: num({
      min: 0,
      description: 'Final demand per state and top product. Default 100.',
    }).optional(),
    poissonInventories: bool('Draw inventory days from a Poisson distribution. Default true.').optional(),
    seed: z.union([z.string(), z.number()]).optional().describe('Generator seed. Default: 0.'),
  })
  .describe('A synthetic world: generateWorld options. States are s0, s1, …, products p0, …, firms f0, ….');

/** A synthetic world with optional engine and policy parameters, alliances and measures. */
export const syntheticWorldSchema = z.strictObject({
  ...documentation,
  synthetic: syntheticOptionsSchema,
  params: engineParamsSchema.optional(),
  policy: policyParamsSchema.optional(),
  alliances: z.array(allianceSchema).optional(),
  measures: z.array(measureInWorld).optional(),
});

/**
 * A reference to a world file: a bundled name (scenarios/worlds/NAME.yaml) or a relative path,
 * with engine and policy parameters that are merged over the file's, key by key.
 */
export const worldRefSchema = z.strictObject({
  ref: id('A bundled world name (scenarios/worlds/<name>.yaml) or a relative path to a world file.'),
  params: engineParamsSchema.optional().describe("Engine parameters merged over the world file's (key by key)."),
  policy: policyParamsSchema
    .optional()
    .describe("Policy parameters merged over the world file's (key by key), e.g. {forgiveness: 1}."),
});

/** The `world` field: inline, `{ref: name}` or `{synthetic: {...}}`. */
export const worldSchema = oneOf(
  [worldRefSchema, syntheticWorldSchema, inlineWorldSchema],
  [(v) => isPlainMapping(v) && 'ref' in v, (v) => isPlainMapping(v) && 'synthetic' in v, isPlainMapping],
  'a world: inline {states, products, firms, ...}, {ref: name} or {synthetic: {...}}',
  'The world: inline, a reference to a world file, or a synthetic generator spec.',
);
