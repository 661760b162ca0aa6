/**
 * Steps and calendar dates. A scenario's `step` is a calendar unit (quarter by default) or a
 * fixed number of days; with a `start` date, step `s` (0-based) covers the days from
 * `start + s units` to the day before `start + (s + 1) units`.
 */

/**
 * A calendar step unit.
 *
 * @example
 * ```ts
 * const units: StepUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
 * console.log(units.map((unit) => stepEndDate('2024-01-01', unit, 1))); // ['2024-01-01', '2024-01-07', '2024-01-31', '2024-03-31', '2024-12-31']
 * ```
 */
export type StepUnit = 'quarter' | 'month' | 'week' | 'day' | 'year';

/**
 * The `step` field of a scenario: a unit, or `{ days: n }`.
 *
 * @example
 * ```ts
 * const fortnight: StepSpec = { days: 14 };
 * console.log(daysPerStep(fortnight), stepEndDate('2024-01-01', fortnight, 2)); // 14 2024-01-28
 * ```
 */
export type StepSpec = StepUnit | { days: number };

/**
 * The calendar of a run: its start date, if any, and its step (a scenario's `start` and
 * `step`; `Calendar` of `@chokepoint/scenario` has this shape). Without a start, the `date`
 * columns are empty.
 *
 * @example
 * ```ts
 * const calendar: StepCalendar = { start: '2023-01-01', step: 'quarter' };
 * console.log(stepEndDate(calendar.start!, calendar.step, 4)); // 2023-12-31
 * ```
 */
export interface StepCalendar {
  /** ISO start date, or undefined. */
  start?: string;
  /** Step unit or `{ days }`. */
  step: StepSpec;
}

const DAYS: Record<StepUnit, number> = { quarter: 365.25 / 4, month: 365.25 / 12, week: 7, day: 1, year: 365.25 };
const MONTHS: Partial<Record<StepUnit, number>> = { quarter: 3, month: 1, year: 12 };

/**
 * The engine's `daysPerStep` for a step spec.
 *
 * @example
 * ```ts
 * console.log(daysPerStep('quarter')); // 91.3125
 * console.log(daysPerStep({ days: 30 })); // 30
 * ```
 */
export function daysPerStep(step: StepSpec = 'quarter'): number {
  return typeof step === 'string' ? DAYS[step] : step.days;
}

/**
 * Parses `YYYY-MM-DD` as a UTC date.
 *
 * @example
 * ```ts
 * console.log(parseDate('2024-03-31').toISOString()); // 2024-03-31T00:00:00.000Z
 * ```
 */
export function parseDate(text: string): Date {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Formats a UTC date as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * console.log(formatDate(new Date(Date.UTC(2024, 2, 31)))); // 2024-03-31
 * ```
 */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + Math.floor(days) * 86_400_000);
}

/**
 * The first day of step `s` (0-based).
 *
 * @example
 * ```ts
 * console.log(stepStart('2024-01-01', 'quarter', 1).toISOString()); // 2024-04-01T00:00:00.000Z
 * ```
 */
export function stepStart(start: string, step: StepSpec, s: number): Date {
  const base = parseDate(start);
  if (typeof step === 'string') {
    const months = MONTHS[step];
    if (months !== undefined) return addMonths(base, months * s);
    return addDays(base, DAYS[step] * s);
  }
  return addDays(base, step.days * s);
}

/**
 * The ISO date at the end of step `n` (1 = after the first step): the last day it covers.
 * This is the `date` column of metrics.csv.
 *
 * @example
 * ```ts
 * console.log(stepEndDate('2024-01-01', 'quarter', 1)); // 2024-03-31
 * console.log(stepEndDate('2024-01-01', 'month', 2)); // 2024-02-29
 * ```
 */
export function stepEndDate(start: string, step: StepSpec, n: number): string {
  return formatDate(addDays(stepStart(start, step, n), -1));
}

/**
 * The step (0-based) whose days include `date`, i.e. the first step a measure dated `date`
 * is in force. Negative when the date is before the start.
 *
 * @example
 * ```ts
 * console.log(dateToStep('2018-01-01', 'quarter', '2018-04-15')); // 1
 * console.log(dateToStep('2018-01-01', 'week', '2018-01-15')); // 2
 * ```
 */
export function dateToStep(start: string, step: StepSpec, date: string): number {
  const target = parseDate(date).getTime();
  const days = (target - parseDate(start).getTime()) / 86_400_000;
  let s = Math.floor(days / daysPerStep(step));
  while (stepStart(start, step, s + 1).getTime() <= target) s++;
  while (stepStart(start, step, s).getTime() > target) s--;
  return s;
}
