import type { RunSummary } from '@chokepoint/format';
import type { ScenarioInfo } from './scenarioInfo.js';
import type { RunManifest, SensitivityData, TidyRow } from './types.js';

/**
 * Everything read from one run directory, as the chart picker and the report use it.
 * In Node, `readRunDirectory` of `@chokepoint/charts/node` reads it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const run: RunData = {
 *   rows: parsed.rows,
 *   parameterNames: parsed.parameterNames,
 *   summary,
 *   scenario: extractScenarioInfo(readFileSync('runs/qs/scenario.yaml', 'utf8')),
 * };
 * console.log(pickDefaultCharts(run).length > 5, run.scenario!.title); // true Quickstart: unilateral vs aligned controls on chipmaking equipment
 * ```
 */
export interface RunData {
  /** Tidy metric rows (by default without firm rows, which can be many). */
  rows: TidyRow[];
  /** Swept-parameter columns of metrics.csv, e.g. `params.substitutionRate`. */
  parameterNames: string[];
  /** summary.json, when present. */
  summary?: RunSummary;
  /** manifest.json, when present. */
  manifest?: RunManifest;
  /** Title, description and sources from scenario.yaml (or the manifest's scenario text). */
  scenario?: ScenarioInfo;
  /** The resolved scenario text (scenario.yaml), for the report. */
  scenarioText?: string;
  /** sensitivity.json (written by `chokepoint sensitivity`), when present. */
  sensitivity?: SensitivityData;
}
