import { MECHANISMS } from '@chokepoint/core';
import { z } from 'zod';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from '../expressions.js';
import { SCENARIO_KEYS } from '../paths.js';
import { expects, expressionString, isPlainMapping, isoDate, num, oneOf } from './common.js';
import { doctrinesSchema, timelineSchema } from './policy.js';
import { sourcesSchema, worldSchema } from './world.js';

/** Names a parameter may not take: scenario keys, path shorthands, expression functions and keywords. */
export const RESERVED_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  ...SCENARIO_KEYS,
  'params',
  'policy',
  ...EXPRESSION_FUNCTIONS,
  ...Object.keys(EXPRESSION_CONSTANTS),
  'and',
  'or',
  'not',
  'xor',
  'mod',
  'to',
  'in',
  'true',
  'false',
]);

const parameterName = expects(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .refine((name) => !RESERVED_PARAMETER_NAMES.has(name), {
      message: 'a parameter name that is not reserved (a scenario key, params, policy, a function or a keyword)',
    }),
  'a parameter name (letters, digits and _, not starting with a digit)',
);

/** `parameters:` named values; a value may be an `=expression` over other parameters. */
export const parametersSchema = z
  .record(
    parameterName,
    oneOf(
      [z.number(), z.boolean(), expressionString],
      [(v) => typeof v === 'number', (v) => typeof v === 'boolean', (v) => typeof v === 'string' && v.startsWith('=')],
      'a number, true/false or an "=expression"',
    ),
  )
  .describe(
    'Named values, referenced from any numeric field as "=name" or in expressions, e.g. {hawk: 0.6, damage: "=hawk * 0.5"}.',
  );

const positiveInteger = () => expects(z.number().int().min(1), 'an integer >= 1');

const armName = expects(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/),
  'an arm name (a letter, then letters, digits, - and _)',
);

/** One arm: an override deep-merged over the base scenario, and `set` paths. */
export const armSchema = z
  .strictObject({
    control: z.boolean().optional().describe('The control arm, against which effects are computed (at most one).'),
    description: z.string().optional(),
    set: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Values by path, e.g. {"world.firms[TSMC].damage": 0.5, "params.substitutionRate": 0.1}.'),
    parameters: parametersSchema.optional(),
    world: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Deep-merged over the base world (lists are replaced whole).'),
    doctrines: doctrinesSchema.optional(),
    timeline: timelineSchema.optional().describe('Replaces the base timeline.'),
    horizon: num({ int: true, min: 1 }).optional(),
  })
  .describe('An arm: a named variant of the base scenario.');

const sweepValue = z.union([z.number(), z.string(), z.boolean()]);

const sweepRange = z.strictObject({
  min: z.number().describe('Lower bound.'),
  max: z.number().describe('Upper bound.'),
  count: positiveInteger().optional().describe('Grid designs: number of evenly spaced values from min to max.'),
  scale: z.enum(['linear', 'log']).optional().describe('Spacing or sampling scale. Default linear.'),
  integer: z.boolean().optional().describe('Round values to integers.'),
  distribution: z
    .enum(['uniform', 'normal', 'triangular'])
    .optional()
    .describe(
      'Sampled designs (random, lhs, morris, sobol): how values are distributed over [min, max]. Default uniform; normal is truncated to [min, max].',
    ),
  mean: z
    .number()
    .optional()
    .describe('Normal distribution: the mean before truncation. Default: the midpoint of min and max.'),
  sd: z
    .number()
    .positive()
    .optional()
    .describe('Normal distribution: the standard deviation before truncation (required).'),
  mode: z
    .number()
    .optional()
    .describe('Triangular distribution: the most likely value. Default: the midpoint of min and max.'),
});

/** One swept parameter: a list of values, `{values: [...]}`, or a range `{min, max}`. */
export const sweepAxisSchema = oneOf(
  [z.array(sweepValue).min(1), z.strictObject({ values: z.array(sweepValue).min(1) }), sweepRange],
  [Array.isArray, (v) => isPlainMapping(v) && 'values' in v, isPlainMapping],
  'a list of values, {values: [...]} or a range {min, max}',
);

const sweepMethodSchema = z.enum(['grid', 'random', 'lhs', 'morris', 'sobol']);

/** `sweep:` a grid, seeded random sample, Latin hypercube, or a sensitivity design (Morris, Sobol) over named parameters or paths. */
export const sweepSchema = z
  .strictObject({
    method: sweepMethodSchema
      .optional()
      .describe(
        'grid (every combination), random (independent draws), lhs (Latin hypercube), morris (elementary-effect trajectories) or sobol (Saltelli sampling for Sobol indices). Default grid. See docs/sensitivity.md.',
      ),
    design: sweepMethodSchema.optional().describe('The older name of method; give one of them.'),
    samples: positiveInteger()
      .optional()
      .describe(
        'random and lhs: the number of points; sobol: the number of base rows N (N × (k + 2) points for k parameters).',
      ),
    trajectories: positiveInteger()
      .optional()
      .describe('morris: the number of trajectories r (r × (k + 1) points for k parameters).'),
    levels: expects(z.number().int().min(2).multipleOf(2), 'an even integer >= 2')
      .optional()
      .describe('morris: the number of grid levels p (even). Default 4.'),
    seed: z.union([z.string(), z.number()]).optional().describe('Seed of the sample. Default: the scenario seed.'),
    parameters: z
      .record(z.string().min(1), sweepAxisSchema)
      .describe(
        'Swept values by parameter name or path, e.g. {hawk: [0.2, 0.8], "params.substitutionRate": {min: 0.1, max: 0.5}}.',
      ),
  })
  .describe(
    'A sweep over parameters: every arm is summarized at every point; an arm whose world does not change with a swept parameter runs once per distinct world.',
  );

/** `outputs:` key metrics for summary.json and what to record. */
export const outputsSchema = z
  .strictObject({
    metrics: z
      .array(
        expects(z.string().regex(/^[a-z_]+\/[^/]+\/[^/]+$/), 'a metric kind/entity/variable, e.g. state/US/output'),
      )
      .optional()
      .describe('Key metrics for summary.json, as kind/entity/variable (see docs/outputs.md).'),
    record: z
      .strictObject({
        firms: z
          .boolean()
          .optional()
          .describe(
            'Per-firm metrics for every firm (true) or none (false). Default: only the firms the key metrics name and outputs.firms lists.',
          ),
        states: z.boolean().optional().describe('Per-state metrics. Default true.'),
        flows: z.boolean().optional().describe('Trade flows by state pair and product. Default true.'),
        policy: z.boolean().optional().describe('Policy metrics. Default: when the policy layer is active.'),
        standards: z.boolean().optional().describe('Standards metrics. Default: when the world has standards.'),
      })
      .optional(),
    statistics: z
      .array(z.enum(['final', 'peak', 'cumulative', 'discounted']))
      .min(1)
      .optional()
      .describe(
        'How summary.json and the report reduce each key metric over the run: final (value at the last step, always given), peak (largest deviation from the control and when), cumulative (sum over the steps), discounted (the same, discounted at discountRate). Default: all four.',
      ),
    discountRate: num({
      min: 0,
      max: 1,
      description: 'Annual discount rate of the discounted statistic. Default 0.02 (US OMB Circular A-4, 2023).',
    }).optional(),
    parquet: z.boolean().optional().describe('Write metrics.parquet. Default true.'),
    firms: z
      .array(expects(z.string().min(1), 'a firm id, e.g. TSMC'))
      .optional()
      .describe(
        'Firms whose rows metrics.csv keeps, beside those the key metrics name (e.g. [TSMC, SMIC]); every firm with record.firms: true or run --detail.',
      ),
    variables: z
      .array(expects(z.string().min(1), 'a variable name, e.g. welfare'))
      .optional()
      .describe(
        'Write only these variables to metrics.csv (e.g. [welfare, escalation_index]); all when absent. Key metrics are summarized either way.',
      ),
  })
  .describe('Outputs: key metrics and recording options.');

/**
 * The scenario file. This is the schema published as JSON Schema (`chokepoint schema`), so
 * numeric fields also accept `=expressions`.
 *
 * @example
 * ```ts
 * const { doc } = loadScenario('scenarios/quickstart.yaml');
 * console.log(scenarioSchema.safeParse(doc).success, scenarioSchema.safeParse({ ...doc, horizon: 0 }).success); // true false
 * ```
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema for editors.'),
    extends: z
      .string()
      .min(1)
      .optional()
      .describe('A scenario to extend, by relative path; deep-merged under this file.'),
    plugins: z
      .array(expects(z.string().min(1), 'a relative path to a plugin module'))
      .optional()
      .describe(
        'Plugin modules (.js, .mjs, .ts, …) by path relative to this file, each exporting instruments and/or doctrines arrays (docs/plugins.md).',
      ),
    name: expects(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), 'a name of letters, digits, ., - and _')
      .optional()
      .describe('Scenario name in outputs. Default: the file name without extension.'),
    title: z.string().min(1).describe('Title.'),
    description: z.string().optional().describe('What the scenario asks and how.'),
    sources: sourcesSchema.optional(),
    parameters: parametersSchema.optional(),
    world: worldSchema,
    doctrines: doctrinesSchema.optional(),
    timeline: timelineSchema.optional(),
    horizon: num({ int: true, min: 1, description: 'Number of steps to run.' }),
    step: oneOf(
      [z.enum(['quarter', 'month', 'week', 'day', 'year']), z.strictObject({ days: num({ gt: 0 }) })],
      [(v) => typeof v === 'string', isPlainMapping],
      'quarter, month, week, day, year or {days: n}',
      'Length of a step. Default quarter.',
    ).optional(),
    start: isoDate
      .optional()
      .describe('Calendar date of the start of step 1, for dated timeline entries and the date column.'),
    arms: z
      .record(armName, armSchema)
      .optional()
      .describe('Named arms; every arm is summarized at every sweep point. Default: one arm, "base".'),
    sweep: sweepSchema.optional(),
    ablation: z
      .union([z.literal('all'), z.array(z.enum(MECHANISMS))])
      .optional()
      .describe(
        'Mechanism attribution: for each mechanism listed (or all), every arm runs again with that mechanism switched off (arm "<arm>-without-<mechanism>", same seeds), and summary.json says how much of each effect the mechanism carries. Needs a control arm. An empty list asks for none (a file that extends one with ablation).',
      ),
    replicates: positiveInteger().optional().describe('Replicates per arm and point. Default 1.'),
    seed: z.union([z.string(), z.number().int()]).optional().describe('Base seed. Default: a hash of the scenario.'),
    outputs: outputsSchema.optional(),
  })
  .describe('A Chokepoint scenario file.');

/** The top-level scenario keys a file may use (for suggestions). */
export const SCENARIO_FIELDS: readonly string[] = Object.keys(scenarioSchema.shape);
