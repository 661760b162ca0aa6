import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runProvenance } from '../provenance.js';
import { pickDefaultCharts, type ChartKind, type PickChartsOptions } from '../defaultCharts.js';
import type { RunData } from '../runData.js';
import { drawChartPlan } from '../drawChartPlan.js';
import { createSvgDocument } from './createSvgDocument.js';
import { checkMetricSelection } from './metricSelection.js';
import { readRunDirectory } from './readRunDirectory.js';
import { renderPng } from './renderPng.js';
import { writeFileAtomic } from '@chokepoint/outputs';

/**
 * A chart drawn for a run, with the files written for it.
 *
 * @example
 * ```ts
 * const charts: RenderedChart[] = await renderRunCharts('runs/qs', { formats: ['svg'] });
 * const forest = charts.find((c) => c.kind === 'effect-forest')!;
 * console.log(forest.id, forest.files, forest.svg.startsWith('<svg')); // effect-sizes ['runs/qs/charts/effect-sizes.svg'] true
 * ```
 */
export interface RenderedChart {
  /** File-safe id, the file name stem. */
  id: string;
  /** Kind of chart. */
  kind: ChartKind;
  /** Chart title. */
  title: string;
  /** Figure caption. */
  caption: string;
  /** Standalone SVG text. */
  svg: string;
  /** Paths written (SVG and PNG). */
  files: string[];
}

/**
 * Options of {@link renderRunCharts}.
 *
 * @example
 * ```ts
 * const run = await readRunDirectory('runs/qs', { chartRowsOnly: true });
 * const options: RenderRunChartsOptions = { run, formats: ['png'], scale: 1, maxTimeSeries: 1, maxPerArm: 1 };
 * const charts = await renderRunCharts('runs/qs', options);
 * console.log(charts.every((c) => c.files.length === 1 && c.files[0]!.endsWith('.png'))); // true
 * ```
 */
export interface RenderRunChartsOptions extends PickChartsOptions {
  /** Formats to write. Default both: `['svg', 'png']`. */
  formats?: readonly ('svg' | 'png')[];
  /** PNG pixels per SVG px. Default 2. */
  scale?: number;
  /** The run's data, when already read (saves reading metrics.csv twice). */
  run?: RunData;
}

/**
 * Draws the default charts of a run directory (see `pickDefaultCharts`), plus a time series of
 * each of `metrics` (in `arms`), and writes each as `charts/<id>.svg` and `charts/<id>.png`
 * (DejaVu Sans bundled), every file atomically. Returns the charts, which `writeReport` can
 * reuse. An unknown metric or arm throws a `RunSelectionError` before anything is written.
 *
 * This is what `chokepoint chart RUN_DIR` and `chokepoint run` call.
 *
 * @example
 * ```ts
 * const charts = await renderRunCharts('runs/qs', { maxTimeSeries: 1, maxPerArm: 1 });
 * console.log(charts.flatMap((c) => c.files).slice(0, 2)); // ['runs/qs/charts/time-series-state-cn-output.svg', 'runs/qs/charts/time-series-state-cn-output.png']
 * ```
 */
export async function renderRunCharts(runDir: string, options: RenderRunChartsOptions = {}): Promise<RenderedChart[]> {
  const run =
    options.run ??
    (await readRunDirectory(runDir, { chartRowsOnly: true, ...(options.metrics ? { metrics: options.metrics } : {}) }));
  if (options.metrics?.length || options.arms?.length)
    await checkMetricSelection(runDir, { metrics: options.metrics ?? [], arms: options.arms ?? [] }, run);
  const formats = options.formats ?? ['svg', 'png'];
  const chartDir = join(runDir, 'charts');
  await mkdir(chartDir, { recursive: true });
  const document = createSvgDocument();
  const provenance = runProvenance(run);
  const rendered: RenderedChart[] = [];
  for (const plan of pickDefaultCharts(run, options)) {
    const { svg } = drawChartPlan(plan, { provenance, document });
    const files: string[] = [];
    if (formats.includes('svg')) {
      const path = join(chartDir, `${plan.id}.svg`);
      await writeFileAtomic(path, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
      files.push(path);
    }
    if (formats.includes('png')) {
      const path = join(chartDir, `${plan.id}.png`);
      await writeFileAtomic(path, renderPng(svg, { scale: options.scale ?? 2 }));
      files.push(path);
    }
    rendered.push({ id: plan.id, kind: plan.kind, title: plan.title, caption: plan.caption, svg, files });
  }
  return rendered;
}
