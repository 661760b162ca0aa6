import { meanAndInterval } from './summarizeReplicates.js';
import type { HeatmapCell } from './sweepHeatmapChart.js';
import type { TidyRow } from './types.js';

/**
 * Reduces the rows of one metric to heatmap cells over two axes, each cell the mean
 * across the runs that fall in it at one step (default: each run's last step), with the 95%
 * confidence interval of that mean (Student's t; NaN with fewer than two runs). Cells come in
 * the order of the rows (a run's rows are in sweep-point order, the scenario file's order).
 *
 * @param rows Rows of one metric.
 * @param xOf The x value of a row, e.g. `(r) => r.parameters['params.substitutionRate']`.
 * @param yOf The y value of a row, e.g. a second parameter, or the arm.
 * @example
 * ```ts
 * // Welfare at the last step of four runs of a 2 × 2 sweep:
 * const row = (a: number, b: number, value: number): TidyRow => ({
 *   runId: `base/${2 * a + b}/0`, scenario: 's', arm: 'base', point: 2 * a + b, replicate: 0, seed: '1', step: 4, date: '',
 *   entityKind: 'world', entity: 'world', variable: 'welfare', value, parameters: { 'params.a': a, 'params.b': b },
 * });
 * const rows = [row(0, 0, 10), row(0, 1, 12), row(1, 0, 14), row(1, 1, 16)];
 * const cells = sweepGrid(rows, (r) => r.parameters['params.a']!, (r) => r.parameters['params.b']!);
 * console.log(cells.map((c) => `${c.x},${c.y}: ${c.value}`), Number.isNaN(cells[0]!.ciLow)); // ['0,0: 10', '0,1: 12', '1,0: 14', '1,1: 16'] true
 * const svg = sweepHeatmapChart(cells, { xLabel: 'params.a', yLabel: 'params.b', valueLabel: 'welfare' }, document);
 * // By arm, over the quickstart's replicates:
 * const cnOutput = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output');
 * console.log(sweepGrid(cnOutput, (r) => r.arm, () => 'CN output').map((c) => `${c.x} n=${c.n}`)); // ['control n=2', 'us-only n=2', 'aligned n=2', 'fab-fire n=2']
 * ```
 */
export function sweepGrid(
  rows: readonly TidyRow[],
  xOf: (row: TidyRow) => number | string,
  yOf: (row: TidyRow) => number | string,
  step?: number,
): HeatmapCell[] {
  const lastStep = new Map<string, number>();
  if (step === undefined)
    for (const r of rows) lastStep.set(r.runId, Math.max(lastStep.get(r.runId) ?? -Infinity, r.step));
  const cells = new Map<string, { x: number | string; y: number | string; values: number[] }>();
  for (const r of rows) {
    if ((step === undefined ? lastStep.get(r.runId) : step) !== r.step || !Number.isFinite(r.value)) continue;
    const x = xOf(r);
    const y = yOf(r);
    const key = `${typeof x}:${x}\u0000${typeof y}:${y}`;
    const cell = cells.get(key) ?? { x, y, values: [] };
    cell.values.push(r.value);
    cells.set(key, cell);
  }
  return [...cells.values()].map(({ x, y, values }) => {
    const { mean, n, ciLow, ciHigh } = meanAndInterval(values);
    return { x, y, value: mean, n, ciLow, ciHigh };
  });
}
