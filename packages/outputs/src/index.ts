/**
 * `@chokepoint/outputs`: writes a Chokepoint run directory (docs/outputs.md): metrics.csv and
 * metrics.parquet from the runs' part files, measures.csv, summary.json (means, intervals,
 * effects against the control, statistics over time, attribution), manifest.json and the
 * replicate advice, each written atomically (to a temporary file, then renamed).
 *
 * @packageDocumentation
 */
export { MEASURE_COLUMNS, measureRows, measureWarnings } from './measures.js';
export { VERSION } from './outputs.js';
// summary.json and the measures it tallies are built in @chokepoint/format (the browser playground builds them too).
export { MeasureTally, adoptedMeasures, buildSummary, type SummaryLayout } from '@chokepoint/format';
export { writeFileAtomic } from './atomic.js';
