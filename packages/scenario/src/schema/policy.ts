import type { MeasureSpec, StateSpec } from '@chokepoint/core';
import { suggest } from '@chokepoint/core';
import { z } from 'zod';
import { dateToStep, stepEndDate, type StepSpec } from '@chokepoint/format';
import { type Diagnostic } from '../diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { cloneWithOrigin, diagnosticAt, getOrigin, originOfKey, setKeyOrigin, setOrigin } from '../source.js';
import { expressionString, id, isoDate, num, oneOf } from './common.js';

/**
 * The policy parts of a scenario: `doctrines` (per-state doctrine settings) and `timeline`
 * (scripted measures with a step or a date). They compile into the world spec: doctrine
 * settings onto the matching `states[]` entries, timeline entries into `spec.measures` with
 * `start` set from the step or date. Instrument fields are checked by the core's instrument
 * registry (`createWorld`), whose errors are mapped back to the timeline entry.
 */

/** One state's doctrine settings (the policy fields of a core `StateSpec`). */
export const doctrineSchema = z
  .strictObject({
    doctrine: id('Doctrine id: DNM, NLG, DERISK, or a plugin doctrine.').optional(),
    hawkishness: num({ min: 0, max: 1, description: 'Probability a DNM trigger becomes a measure.' }).optional(),
    rival: id('The rival whose relative gains the state watches.').optional(),
    switching: z
      .enum(['none', 'imitation', 'politics', 'alignment'])
      .optional()
      .describe(
        'How the state may change doctrine (alignment: adopt the kit of the bloc it is aligned with; worlds with alignment).',
      ),
    budget: num({ min: 0, description: 'Subsidy budget per step, in value units.' }).optional(),
  })
  .describe('Doctrine settings of one state.');

/** `doctrines:` state id → settings. */
export const doctrinesSchema = z
  .record(z.string(), doctrineSchema)
  .describe('Doctrine settings by state id, e.g. {US: {doctrine: DNM, rival: CN}}.');

const stepOrDate = oneOf(
  [z.number().int().min(0), expressionString, isoDate],
  [(v) => typeof v !== 'string', (v) => typeof v === 'string' && v.startsWith('='), (v) => typeof v === 'string'],
  'a step (integer >= 0) or a date YYYY-MM-DD',
);

/** A scripted measure: an instrument `type` plus its fields (checked by the core). */
export const measureSchema = z
  .looseObject({
    type: id(
      'Instrument: export_control, foreign_direct_product_rule, entity_list, tariff, procurement_ban, market_access_denial, investment_screening, mineral_export_licensing, subsidy.',
    ),
    end: stepOrDate.optional().describe('First step (or date) no longer in force.'),
    announce: stepOrDate
      .optional()
      .describe('Step (or date) the measure is announced, before it starts; buyers front-load.'),
  })
  .describe('A policy measure: its instrument type and fields (issuer, targets, products, …).');

/** One timeline entry: exactly one of `step` or `date`, and the measure. */
export const timelineEntrySchema = z
  .strictObject({
    step: num({ int: true, min: 0, description: 'First step in force (0 = from the start).' }).optional(),
    date: isoDate.optional().describe('First day in force; needs the scenario `start` date.'),
    measure: measureSchema,
  })
  .describe('A scripted measure with its step or date.');

/** `timeline:` the scripted measures. */
export const timelineSchema = z.array(timelineEntrySchema).describe('Scripted measures, each with a step or a date.');

/** Calendar context for converting dates to steps. */
export interface PolicyCalendar {
  /** The scenario's start date, if any. */
  start?: string | undefined;
  /** The step unit. */
  step: StepSpec;
}

/**
 * Compiles timeline entries into core measure specs: `start` from the entry's step or date,
 * and `end`/`announce` dates converted to steps. Origins are kept, so the core's errors on a
 * measure point into the timeline entry. With `horizon` (steps), an entry that starts after the
 * run has ended is kept but noted: the measure is never in force, so its arm equals the control
 * (a typo in a date, or a horizon shortened with `--set` for a quick run).
 */
export function timelineToMeasures(
  timeline: readonly unknown[] | undefined,
  calendar: PolicyCalendar,
  horizon?: number,
): { measures: MeasureSpec[]; diagnostics: Diagnostic[]; notes: Diagnostic[] } {
  const notes: Diagnostic[] = [];
  const measures: MeasureSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  if (timeline === undefined) return { measures, diagnostics, notes };
  const list = timeline as Array<Record<string, unknown>>;
  const toStep = (container: Record<string, unknown>, key: string): number | undefined => {
    const value = container[key];
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return undefined;
    if (calendar.start === undefined) {
      diagnostics.push(
        diagnosticAt(
          container,
          [key],
          'a step, or a scenario start date (start: YYYY-MM-DD) to use dates',
          describeValue(value),
        ),
      );
      return undefined;
    }
    const step = dateToStep(calendar.start, calendar.step, value);
    if (step < 0) {
      diagnostics.push(
        diagnosticAt(container, [key], `a date on or after the start date ${calendar.start}`, describeValue(value)),
      );
      return undefined;
    }
    return step;
  };
  list.forEach((entry) => {
    const hasStep = entry.step !== undefined;
    const hasDate = entry.date !== undefined;
    if (hasStep === hasDate) {
      diagnostics.push(
        diagnosticAt(
          entry,
          [hasStep ? 'date' : 'measure'],
          'exactly one of step or date',
          hasStep ? 'both' : 'neither',
          { atKey: true },
        ),
      );
      return;
    }
    const source = entry.measure as Record<string, unknown>;
    if (source.start !== undefined) {
      diagnostics.push(
        diagnosticAt(source, ['start'], "no start (the entry's step or date sets it)", describeValue(source.start), {
          atKey: true,
        }),
      );
      return;
    }
    const start = toStep(entry, hasStep ? 'step' : 'date');
    if (start === undefined) return;
    if (horizon !== undefined && start >= horizon) {
      const expected =
        hasDate && calendar.start !== undefined
          ? `a date within the run, which ends on ${stepEndDate(calendar.start, calendar.step, horizon)} (horizon ${horizon})`
          : `a step before the horizon (${horizon})`;
      notes.push(
        diagnosticAt(
          entry,
          [hasStep ? 'step' : 'date'],
          expected,
          `${describeValue(entry[hasStep ? 'step' : 'date'])}, so the measure is never in force`,
        ),
      );
    }
    const measure = cloneWithOrigin(source) as MeasureSpec;
    measure.start = start;
    const startOrigin = originOfKey(entry, hasStep ? 'step' : 'date');
    if (startOrigin !== undefined) setKeyOrigin(measure, 'start', startOrigin);
    const startText = hasDate ? `${describeValue(entry.date)} (step ${start})` : `step ${start}`;
    for (const key of ['end', 'announce'] as const) {
      if (typeof source[key] === 'string') {
        const step = toStep(source, key);
        if (step === undefined) return;
        // Checked here, where the dates are known, so the message speaks of the dates the user wrote.
        const wrong = key === 'end' ? step <= start : step > start;
        if (wrong) {
          const expected =
            key === 'end'
              ? `a date after the measure starts on ${startText}`
              : `a date on or before the measure starts on ${startText}`;
          diagnostics.push(diagnosticAt(source, [key], expected, `${describeValue(source[key])} (step ${step})`));
          return;
        }
        measure[key] = step;
      }
    }
    measures.push(measure);
  });
  const origin = getOrigin(timeline);
  if (origin !== undefined) setOrigin(measures, origin);
  return { measures, diagnostics, notes };
}

/**
 * Applies doctrine settings to the states of a world spec, returning new state entries (the
 * input is not modified). Unknown state ids are reported with the nearest id.
 */
export function applyDoctrines(
  states: readonly StateSpec[],
  doctrines: Record<string, unknown> | undefined,
): { states: StateSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (doctrines === undefined) return { states: [...states], diagnostics };
  const ids = states.map((s) => s.id);
  for (const key of Object.keys(doctrines)) {
    if (!ids.includes(key))
      diagnostics.push(
        diagnosticAt(doctrines, [key], `a state id of the world${suggest(key, ids)}`, `"${key}"`, { atKey: true }),
      );
  }
  const out = states.map((state) => {
    const settings = doctrines[state.id] as Record<string, unknown> | undefined;
    if (settings === undefined) return state;
    const merged = cloneWithOrigin(state) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(settings)) {
      merged[key] = value;
      const origin = originOfKey(settings, key);
      if (origin !== undefined) setKeyOrigin(merged, key, origin);
    }
    return merged as unknown as StateSpec;
  });
  const origin = getOrigin(states);
  if (origin !== undefined) setOrigin(out, origin);
  return { states: out, diagnostics };
}
