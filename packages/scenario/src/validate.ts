import { loadScenario, type LoadedScenario, type LoadOptions } from './load.js';
import { buildPlan, type PlanOptions, type RunPlan } from './plan.js';
import { loadPlugins, type LoadedPlugins } from './plugins.js';

/**
 * What a valid scenario expands to.
 *
 * @example
 * ```ts
 * const result: ValidationResult = validateScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] });
 * console.log(result.scenario.name, result.plan.meta.runs.length, result.plugins.modules); // quickstart 8 []
 * ```
 */
export interface ValidationResult {
  /** The loaded scenario. */
  scenario: LoadedScenario;
  /** Its plan (every arm × point checked as {@link buildPlan} does). */
  plan: RunPlan;
  /** Its imported plugin modules (none from {@link validateScenario} without `options.loadedPlugins`). */
  plugins: LoadedPlugins;
}

/**
 * Checks a scenario file completely, as `chokepoint validate` does: syntax, schema,
 * `extends`, the world reference, expressions, and each configuration through
 * `createWorld`, without running anything. It cannot import plugin modules (that is
 * asynchronous): for a scenario with `plugins:`, use {@link validateScenarioAsync}, or pass
 * `options.loadedPlugins` from {@link loadPlugins}.
 *
 * @throws ScenarioError listing the problems (one line each).
 *
 * @example
 * ```ts
 * const { plan } = validateScenario('scenarios/quickstart.yaml');
 * // 4 arms × 1 point × 8 replicates:
 * console.log(plan.meta.runs.length); // 32
 * ```
 */
export function validateScenario(file: string, options: LoadOptions & PlanOptions = {}): ValidationResult {
  const scenario = loadScenario(file, options);
  const plan = buildPlan(scenario, options);
  return { scenario, plan, plugins: options.loadedPlugins ?? { instruments: [], doctrines: [], modules: [] } };
}

/**
 * {@link validateScenario}, importing the scenario's plugin modules first (and checking
 * what they export), as `chokepoint validate` does.
 *
 * @throws ScenarioError listing the problems (one line each).
 *
 * @example
 * ```ts
 * // digital-services-tax.yaml has `plugins: [./custom-instrument.ts]`.
 * const { plan, plugins } = await validateScenarioAsync('examples/embed/digital-services-tax.yaml');
 * console.log(plugins.modules[0]!.instruments, plan.meta.arms); // ['digital_services_tax'] ['open', 'taxed']
 * ```
 */
export async function validateScenarioAsync(
  file: string,
  options: LoadOptions & PlanOptions = {},
): Promise<ValidationResult> {
  const scenario = loadScenario(file, options);
  const plugins = await loadPlugins(scenario.plugins);
  const plan = buildPlan(scenario, { ...options, loadedPlugins: plugins });
  return { scenario, plan, plugins };
}
