import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pickDefaultCharts, type PickChartsOptions } from '../defaultCharts.js';
import { runProvenance } from '../provenance.js';
import { buildReportHtml, type ReportChart } from '../reportHtml.js';
import type { RunData } from '../runData.js';
import { drawChartPlan } from '../drawChartPlan.js';
import { createSvgDocument } from './createSvgDocument.js';
import { bundledFontFiles } from './fonts.js';
import { checkMetricSelection } from './metricSelection.js';
import { readRunDirectory } from './readRunDirectory.js';
import { writeFileAtomic } from '@chokepoint/outputs';

/**
 * Options of {@link writeReport}.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const options: WriteReportOptions = { fileName: 'short-report.html', maxTimeSeries: 1, embedFont: false };
 * const path = await writeReport('runs/qs', options);
 * console.log(path, readFileSync(path, 'utf8').includes('@font-face')); // runs/qs/short-report.html false
 * ```
 */
export interface WriteReportOptions extends PickChartsOptions {
  /** Charts already drawn (e.g. the result of `renderRunCharts`); drawn afresh when absent. */
  charts?: readonly ReportChart[];
  /** The run's data, when already read. */
  run?: RunData;
  /**
   * Embed DejaVu Sans (regular and bold, about 1.4 MB as base64) so the page looks the same
   * everywhere. Default false: the page uses a system-safe font stack
   * (DejaVu Sans, Verdana, sans-serif) and stays small.
   */
  embedFont?: boolean;
  /** File name inside the run directory. Default `report.html`. */
  fileName?: string;
}

/**
 * Writes a self-contained `report.html` into a run directory, atomically, and returns its
 * path: the scenario's title, description and sources, the run design and parameters,
 * key metrics and effect sizes, every chart as inline SVG, and the manifest. The page
 * references no URL outside itself and needs no script.
 *
 * This is what `chokepoint report RUN_DIR` and `chokepoint run` call.
 *
 * @example
 * ```ts
 * const runDir = 'runs/qs';
 * const charts = await renderRunCharts(runDir, { formats: ['svg'] });
 * const path = await writeReport(runDir, { charts });
 * console.log(`Report: ${path}`); // Report: runs/qs/report.html
 * ```
 */
export async function writeReport(runDir: string, options: WriteReportOptions = {}): Promise<string> {
  const run =
    options.run ??
    (await readRunDirectory(runDir, { chartRowsOnly: true, ...(options.metrics ? { metrics: options.metrics } : {}) }));
  if (!options.charts && (options.metrics?.length || options.arms?.length))
    await checkMetricSelection(runDir, { metrics: options.metrics ?? [], arms: options.arms ?? [] }, run);
  let charts = options.charts;
  if (!charts) {
    const document = createSvgDocument();
    const provenance = runProvenance(run);
    charts = pickDefaultCharts(run, options).map((plan) => {
      const { id, title, caption, svg } = drawChartPlan(plan, { provenance, document });
      return { id, title, caption, svg };
    });
  }
  const fontFaceCss = options.embedFont ? await embeddedFontCss() : undefined;
  const html = buildReportHtml({ run, charts, ...(fontFaceCss ? { fontFaceCss } : {}) });
  const path = join(runDir, options.fileName ?? 'report.html');
  await writeFileAtomic(path, html);
  return path;
}

async function embeddedFontCss(): Promise<string> {
  const [regular, bold] = bundledFontFiles();
  const face = async (file: string, weight: string) =>
    `@font-face{font-family:"DejaVu Sans";font-weight:${weight};font-style:normal;src:url(data:font/ttf;base64,${(await readFile(file)).toString('base64')}) format("truetype")}`;
  return (await face(regular!, 'normal')) + (await face(bold!, 'bold'));
}
