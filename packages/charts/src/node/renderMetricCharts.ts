import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stampProvenance } from '../chartFrame.js';
import { metricChartPlans } from '../defaultCharts.js';
import { runProvenance } from '../provenance.js';
import { serializeSvg } from '../serializeSvg.js';
import { createSvgDocument } from './createSvgDocument.js';
import { checkMetricSelection, RunSelectionError } from './metricSelection.js';
import { readRunDirectory } from './readRunDirectory.js';
import { renderPng } from './renderPng.js';
import type { RenderedChart } from './renderRunCharts.js';
import { writeFileAtomic } from '@chokepoint/outputs';

/**
 * Options of {@link renderMetricCharts}.
 *
 * @example
 * ```ts
 * const options: RenderMetricChartsOptions = { metrics: ['state/CN/output'], arms: ['control', 'aligned'], out: 'cn-output.png', scale: 1 };
 * const [chart] = await renderMetricCharts('runs/qs', options);
 * console.log(chart!.files); // ['cn-output.png']
 * ```
 */
export interface RenderMetricChartsOptions {
  /** Metrics `kind/entity/variable`, any the run recorded (firm ones too). */
  metrics: readonly string[];
  /** Only these arms, in this order. Default: every arm. */
  arms?: readonly string[];
  /** Write the one chart to this file (.svg or .png, by its extension) instead of `charts/`. */
  out?: string;
  /** Formats written into `charts/` (without `out`). Default both. */
  formats?: readonly ('svg' | 'png')[];
  /** PNG pixels per SVG px. Default 2. */
  scale?: number;
  /** Width in px. Default 720. */
  width?: number;
}

/**
 * Draws a time series of each selected metric of a run directory, by arm with 95% confidence
 * bands (a panel per sweep point for a sweep), in the run's colours, signed with its provenance,
 * and writes it as `charts/<id>.svg` and `.png`, or to `out`. A selection that does not fit the
 * run (unknown metric or arm, an `out` that is not .svg or .png, `out` with several metrics)
 * throws a `RunSelectionError` naming the valid choices, before anything is written.
 *
 * This is what `chokepoint chart RUN_DIR --metric KIND/ENTITY/VAR` calls.
 *
 * @example
 * ```ts
 * const charts = await renderMetricCharts('runs/qs', { metrics: ['state/TW/output'], formats: ['svg'] });
 * console.log(charts.map((c) => c.files)); // [['runs/qs/charts/time-series-state-tw-output.svg']]
 * ```
 */
export async function renderMetricCharts(runDir: string, options: RenderMetricChartsOptions): Promise<RenderedChart[]> {
  if (options.out !== undefined && options.metrics.length !== 1) {
    throw new RunSelectionError(
      '--out',
      `expected one --metric with --out (a file holds one chart), received ${options.metrics.length} metrics`,
    );
  }
  await checkMetricSelection(runDir, {
    metrics: options.metrics,
    ...(options.arms ? { arms: options.arms } : {}),
    ...(options.out !== undefined ? { out: options.out } : {}),
  });
  const run = await readRunDirectory(runDir, { chartRowsOnly: true, metrics: options.metrics });
  const document = createSvgDocument();
  const provenance = runProvenance(run);
  const rendered: RenderedChart[] = [];
  for (const plan of metricChartPlans(run, options.metrics, {
    ...(options.arms ? { arms: options.arms } : {}),
    ...(options.width ? { width: options.width } : {}),
  })) {
    const element = plan.render(document);
    if (provenance !== undefined) stampProvenance(element, provenance);
    const svg = serializeSvg(element);
    const targets: { path: string; format: 'svg' | 'png' }[] =
      options.out !== undefined
        ? [{ path: options.out, format: /\.png$/i.test(options.out) ? 'png' : 'svg' }]
        : (options.formats ?? ['svg', 'png']).map((format) => ({
            path: join(runDir, 'charts', `${plan.id}.${format}`),
            format,
          }));
    for (const { path, format } of targets) {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(
        path,
        format === 'png'
          ? renderPng(svg, { scale: options.scale ?? 2 })
          : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`,
      );
    }
    rendered.push({
      id: plan.id,
      kind: plan.kind,
      title: plan.title,
      caption: plan.caption,
      svg,
      files: targets.map((t) => t.path),
    });
  }
  return rendered;
}
