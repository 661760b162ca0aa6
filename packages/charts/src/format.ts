import { format } from 'd3';
import type { ParameterValue } from './types.js';

/*
 * Every number the charts and the report print goes through these helpers, which are d3-format
 * specifiers: significant figures, never a float's full expansion (0.0000000000001215). Values
 * too small for a few decimals or beyond 10^12 switch to exponent notation; large ones keep their
 * units digits (whole numbers up to a million) or round to significant figures with separators.
 */
const smallest = 1e-4;
const millions = 1e6;
const largest = 1e12;
const exponent4 = format('.3~e');
const exponent3 = format('.2~e');
const significant4 = format('.4~r');
const significant3 = format('.3~r');
const significant6 = format('.6~r');
const wholeWithSeparators = format(',.0f');
const large4 = format(',.4~r');
const large3 = format(',.3~r');
const percentFormat = format('.1~%');

/**
 * Formats with `below1000` from 1e-4 to 1000, whole numbers with separators up to a million,
 * `large` up to 1e12, and `exponent` outside 1e-4 to 1e12.
 */
function significantFigures(
  value: number,
  exponent: (v: number) => string,
  below1000: (v: number) => string,
  large: (v: number) => string,
): string {
  const magnitude = Math.abs(value);
  if (magnitude < smallest || magnitude >= largest) return exponent(value);
  if (magnitude < 1000) return below1000(value);
  return magnitude < millions ? wholeWithSeparators(value) : large(value);
}

/**
 * Formats a number for tooltips, axis ticks and tables, to four significant figures: decimals
 * from 0.0001 to 1000, whole numbers with thousands separators up to a million, four significant
 * figures with separators up to 10^12, exponent notation outside 0.0001 to 10^12, and '–' for a
 * missing value.
 * This is the one number formatter of the charts and the report (d3-format underneath).
 *
 * @example
 * ```ts
 * console.log(formatValue(0.012345), formatValue(12345.6), formatValue(null)); // 0.01235 12,346 –
 * console.log(formatValue(1.2151e-13), formatValue(0.1 + 0.2), formatValue(1234567890)); // 1.215e-13 0.3 1,235,000,000
 * ```
 */
export function formatValue(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  return significantFigures(value, exponent4, significant4, large4);
}

/**
 * Formats a share in [0, 1] as a percentage with at most one decimal.
 *
 * @example
 * ```ts
 * console.log(formatPercent(0.2346), formatPercent(1)); // 23.5% 100%
 * ```
 */
export function formatPercent(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return percentFormat(value);
}

/**
 * Formats a value as a percentage when `percent` is true, else with {@link formatValue}.
 *
 * @example
 * ```ts
 * console.log(formatMaybePercent(0.25, true), formatMaybePercent(0.25, false)); // 25% 0.25
 * ```
 */
export function formatMaybePercent(value: number | null | undefined, percent: boolean): string {
  return percent ? formatPercent(value) : formatValue(value);
}

/**
 * Formats a number with three significant digits for legends and scale labels.
 *
 * @example
 * ```ts
 * console.log(formatShort(0.10654), formatShort(3e-9)); // 0.107 3e-9
 * ```
 */
export function formatShort(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  return significantFigures(value, exponent3, significant3, large3);
}

/**
 * Formats a run parameter's value (a swept or set value, as in metrics.csv's parameter columns)
 * for labels and tables: text as it is, numbers to six significant figures, so that a value the
 * sweep computed as 0.30000000000000004 reads 0.3 while 0.125 stays 0.125.
 *
 * @example
 * ```ts
 * console.log(formatParameterValue(0.1 + 0.2), formatParameterValue(0.125), formatParameterValue('DNM'), formatParameterValue(2500000)); // 0.3 0.125 DNM 2,500,000
 * ```
 */
export function formatParameterValue(value: ParameterValue | null | undefined): string {
  if (value == null) return '–';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return significantFigures(value, format('.5~e'), significant6, format(',.6~r'));
}
