/**
 * @packageDocumentation
 * Node side of `@chokepoint/charts`: a linkedom document for the charts, PNG output with the
 * bundled DejaVu Sans, and the run-directory functions that the CLI calls — `renderRunCharts`
 * (charts/*.svg and *.png) and `writeReport` (report.html). Everything in the browser entry is
 * re-exported here too.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding runs/qs,
 * a short run of the quickstart (`chokepoint run scenarios/quickstart.yaml --out runs/qs --set
 * replicates=2 --set horizon=8`).
 */
export * from '../index.js';
export { createSvgDocument } from './createSvgDocument.js';
export { bundledFontFiles, bundledFontFamily } from './fonts.js';
export { rasterizeSvg, renderPng, type PngOptions, type RasterImage } from './renderPng.js';
export { readRunDirectory, type ReadRunOptions } from './readRunDirectory.js';
export { renderRunCharts, type RenderedChart, type RenderRunChartsOptions } from './renderRunCharts.js';
export { renderMetricCharts, type RenderMetricChartsOptions } from './renderMetricCharts.js';
export { checkMetricSelection, RunSelectionError, type MetricSelection } from './metricSelection.js';
export { writeReport, type WriteReportOptions } from './writeReport.js';
export { buildReportHtml, escapeHtml, inlineSvg, type ReportChart, type ReportInput } from '../reportHtml.js';
