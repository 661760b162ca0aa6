import type { HeatmapCell } from './sweepHeatmapChart.js';
import type { TidyRow } from './types.js';

/**
 * Reduces the rows of one metric to heatmap cells over two axes, each cell the mean
 * across the runs that fall in it at one step (default: each run's last step).
 *
 * @param rows Rows of one metric.
 * @param xOf The x value of a row, e.g. `(r) => r.parameters['params.substitutionRate']`.
 * @param yOf The y value of a row, e.g. a second parameter, or the arm.
 * @example
 * ```ts
 * const cells = sweepGrid(rows, (r) => r.parameters['params.a']!, (r) => r.parameters['params.b']!);
 * ```
 */
export function sweepGrid(
  rows: readonly TidyRow[],
  xOf: (row: TidyRow) => number | string,
  yOf: (row: TidyRow) => number | string,
  step?: number,
): HeatmapCell[] {
  const lastStep = new Map<string, number>();
  if (step === undefined) for (const r of rows) lastStep.set(r.runId, Math.max(lastStep.get(r.runId) ?? -Infinity, r.step));
  const cells = new Map<string, HeatmapCell & { sum: number; count: number }>();
  for (const r of rows) {
    if ((step === undefined ? lastStep.get(r.runId) : step) !== r.step || !Number.isFinite(r.value)) continue;
    const x = xOf(r);
    const y = yOf(r);
    const key = `${typeof x}:${x}\u0000${typeof y}:${y}`;
    const cell = cells.get(key) ?? { x, y, value: 0, sum: 0, count: 0 };
    cell.sum += r.value;
    cell.count++;
    cells.set(key, cell);
  }
  return [...cells.values()].map(({ x, y, sum, count }) => ({ x, y, value: sum / count, n: count }));
}
