import { format } from 'd3';

const small = format('.4~r');
const large = format(',.0f');
const percentFormat = format('.1~%');

/**
 * Formats a number for tooltips and tables: four significant digits below 1000,
 * whole numbers with thousands separators above, and '–' for a missing value.
 *
 * @example
 * ```ts
 * console.log(formatValue(0.012345), formatValue(12345.6), formatValue(null)); // 0.01235 12,346 –
 * ```
 */
export function formatValue(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  return Math.abs(value) >= 1000 ? large(value) : small(value);
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

const short = format('.3~r');

/**
 * Formats a number with three significant digits for legends and scale labels.
 *
 * @example
 * ```ts
 * formatShort(0.10654); // '0.107'
 * ```
 */
export function formatShort(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  return Math.abs(value) >= 1000 ? large(value) : short(value);
}
