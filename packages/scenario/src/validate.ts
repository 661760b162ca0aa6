import { loadScenario, type LoadedScenario, type LoadOptions } from './load.js';
import { buildPlan, type PlanOptions, type RunPlan } from './plan.js';

/** What a valid scenario expands to. */
export interface ValidationResult {
  /** The loaded scenario. */
  scenario: LoadedScenario;
  /** Its plan (every arm × point checked as {@link buildPlan} does). */
  plan: RunPlan;
}

/**
 * Checks a scenario file completely, as `chokepoint validate` does: syntax, schema,
 * `extends`, the world reference, expressions, and each configuration through
 * `createWorld`, without running anything.
 *
 * @throws ScenarioError listing the problems (one line each).
 *
 * @example
 * ```ts
 * const { plan } = validateScenario('scenarios/quickstart.yaml');
 * plan.meta.runs.length; // arms × points × replicates
 * ```
 */
export function validateScenario(file: string, options: LoadOptions & PlanOptions = {}): ValidationResult {
  const scenario = loadScenario(file, options);
  const plan = buildPlan(scenario, options);
  return { scenario, plan };
}
