/**
 * `@chokepoint/outputs`: writes a Chokepoint run directory (docs/outputs.md): metrics.csv and
 * metrics.parquet from the runs' part files, measures.csv, summary.json (means, intervals,
 * effects against the control, statistics over time, attribution), manifest.json and the
 * replicate advice, each written atomically (to a temporary file, then renamed).
 *
 * @packageDocumentation
 */
export { MEASURE_COLUMNS, MeasureTally, adoptedMeasures, measureRows, measureWarnings } from './measures.js';
export { VERSION, buildSummary, type SummaryLayout } from './outputs.js';
export { writeFileAtomic } from './atomic.js';
