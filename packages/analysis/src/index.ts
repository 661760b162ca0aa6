/**
 * `@chokepoint/analysis`: analyses of Chokepoint runs. Sensitivity analysis of a swept run
 * directory (Morris elementary effects, Sobol indices: {@link analyzeSensitivity}),
 * calibration of structural parameters on validation targets by approximate Bayesian
 * computation ({@link runCalibration}), and doctrine tournaments ({@link runTournament}).
 * docs/sensitivity.md and docs/calibration.md describe them.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding copies
 * of the repository's scenarios/, a short run of the quickstart in runs/qs, and the Sobol sweep
 * below, of sobol.yaml, in runs/sobol.
 *
 * @example
 * A Sobol sweep of two parameters, to analyse with {@link analyzeSensitivity}:
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { runScenario } from '@chokepoint/runner';
 * writeFileSync('sweep.yaml', `
 * title: Licence and substitution
 * world: { ref: toy-chips }
 * parameters: { licence: 0.1 }
 * horizon: 6
 * timeline:
 *   - { step: 1, measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" } }
 * sweep:
 *   method: sobol
 *   samples: 4
 *   parameters:
 *     licence: { min: 0, max: 1 }
 *     params.substitutionRate: { min: 0.05, max: 0.5 }
 * replicates: 2
 * outputs: { metrics: [state/CN/output, world/world/welfare] }
 * `);
 * const { plan } = await runScenario('sweep.yaml', { out: 'runs/sweep', workers: 1 });
 * console.log(plan.runs.length); // 32
 * ```
 *
 * @packageDocumentation
 */
export * from './calibrate/index.js';
export * from './sensitivity/index.js';
export {
  rankDoctrines,
  runTournament,
  tournamentScenario,
  type TournamentOptions,
  type TournamentPlay,
  type TournamentRanking,
  type TournamentResult,
} from './tournament.js';
