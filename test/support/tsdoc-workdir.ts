/**
 * The working directory the examples of the run-directory packages (format, scenario, outputs,
 * runner, analysis) run in: copies of scenarios/ and examples/embed/, a node_modules link, and
 * a short run of the quickstart in runs/qs (2 replicates of 8 quarters) and a small Sobol sweep
 * in runs/sobol of sobol.yaml ({@link SOBOL_SCENARIO}), made once per test file. Every one of those packages' exports is in scope: an example may use the packages
 * below its own without importing them, as readers of the reference do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as analysis from '@chokepoint/analysis';
import * as format from '@chokepoint/format';
import * as outputs from '@chokepoint/outputs';
import * as runner from '@chokepoint/runner';
import * as scenario from '@chokepoint/scenario';
import { afterAll } from 'vitest';
import { repoRoot, type TsdocOptions, type Workdir } from './tsdoc-examples.js';

/** A Sobol sweep of two parameters: the scenario of runs/sobol. */
export const SOBOL_SCENARIO = `
title: Licence and substitution
world: { ref: toy-chips }
parameters: { licence: 0.1 }
horizon: 6
timeline:
  - { step: 1, measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" } }
sweep:
  method: sobol
  samples: 4
  parameters:
    licence: { min: 0, max: 1 }
    params.substitutionRate: { min: 0.05, max: 0.5 }
replicates: 2
outputs: { metrics: [state/CN/output, world/world/welfare] }
`;

/** The packages' entry points, from the repository root, by import specifier. */
export const RUN_PACKAGES: Readonly<Record<string, string>> = {
  '@chokepoint/format': 'packages/format/src/index.ts',
  '@chokepoint/scenario': 'packages/scenario/src/index.ts',
  '@chokepoint/outputs': 'packages/outputs/src/index.ts',
  '@chokepoint/runner': 'packages/runner/src/index.ts',
  '@chokepoint/analysis': 'packages/analysis/src/index.ts',
};

const namespaces: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'packages/format/src/index.ts': format,
  'packages/scenario/src/index.ts': scenario,
  'packages/outputs/src/index.ts': outputs,
  'packages/runner/src/index.ts': runner,
  'packages/analysis/src/index.ts': analysis,
};

/** The options of one package's examples: its entry, with every other run package in scope. */
export function runPackageExamples(name: string, options: { setup?: boolean; minExports: number }): TsdocOptions {
  const entry = RUN_PACKAGES[name]!;
  const scope = Object.fromEntries(Object.entries(namespaces).filter(([e]) => e !== entry));
  return {
    name,
    entry,
    module: namespaces[entry]!,
    scope,
    minExports: options.minExports,
    modules: RUN_PACKAGES,
    workdir: runWorkdir(options.setup === true),
  };
}

/** The working directory (see the file comment); `setup`: the package documentation's examples run first there. */
export function runWorkdir(setup: boolean): Workdir {
  const temp = mkdtempSync(join(tmpdir(), 'chokepoint-tsdoc-runs-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  return {
    setup,
    files: { scenarios: 'scenarios', 'examples/embed': 'examples/embed' },
    links: { node_modules: 'node_modules' },
    prepare: async () => {
      const sobol = join(temp, 'sobol.yaml');
      writeFileSync(sobol, SOBOL_SCENARIO);
      return {
        'runs/qs': (
          await runner.runScenario(join(repoRoot, 'scenarios/quickstart.yaml'), {
            out: join(temp, 'qs'),
            set: ['replicates=2', 'horizon=8'],
            workers: 1,
          })
        ).out,
        'sobol.yaml': sobol,
        'runs/sobol': (await runner.runScenario(sobol, { out: join(temp, 'sobol'), workers: 1 })).out,
      };
    },
  };
}
