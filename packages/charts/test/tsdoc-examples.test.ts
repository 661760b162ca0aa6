import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as charts from '@chokepoint/charts';
import * as chartsNode from '@chokepoint/charts/node';
import { runScenario } from '@chokepoint/runner';
import { afterAll } from 'vitest';
import { describeTsdocExamples, repoRoot, type Workdir } from '../../../test/support/tsdoc-examples.js';

/*
 * The TSDoc examples run, as mathjs's do (test/support/tsdoc-examples.ts). Every export
 * of both entries of @chokepoint/charts has a TSDoc comment with an `@example`; each
 * ```ts block is type-checked with every export of its entry in scope and the fixture
 * (the first example of the browser entry's `@packageDocumentation` comment: a document
 * and the parsed run runs/qs) before it, then run in a child process, each in its own
 * working directory holding runs/qs, a short run of scenarios/quickstart.yaml made once here.
 */
let made: Promise<string> | undefined;
const temp = mkdtempSync(join(tmpdir(), 'chokepoint-charts-tsdoc-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const workdir: Workdir = {
  prepare: async () => ({
    'runs/qs': await (made ??= runScenario(join(repoRoot, 'scenarios/quickstart.yaml'), {
      out: join(temp, 'qs'),
      set: ['replicates=2', 'horizon=8'],
      workers: 1,
      // Every firm's rows, as `run --detail`: the examples of reading firm rows need some.
      detail: true,
    }).then((r) => r.out)),
  }),
};
const modules = {
  '@chokepoint/charts': 'packages/charts/src/index.ts',
  '@chokepoint/charts/node': 'packages/charts/src/node/index.ts',
};
const lib = ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];

describeTsdocExamples({
  name: '@chokepoint/charts',
  entry: 'packages/charts/src/index.ts',
  module: charts,
  fixture: /\bconst document\b/,
  lib,
  modules,
  minExports: 90,
  workdir,
});

describeTsdocExamples({
  name: '@chokepoint/charts/node',
  entry: 'packages/charts/src/node/index.ts',
  coveredBy: 'packages/charts/src/index.ts',
  module: chartsNode,
  lib,
  modules,
  minExports: 15,
  workdir,
});
