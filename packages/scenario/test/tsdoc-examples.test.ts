import * as scenario from '@chokepoint/scenario';
import { describeTsdocExamples } from '../../../test/support/tsdoc-examples.js';

/*
 * The TSDoc examples run, as mathjs's do (test/support/tsdoc-examples.ts). Every export
 * of @chokepoint/scenario has a TSDoc comment with an `@example`; each ```ts block is
 * type-checked with every export in scope, then run in a child process, each in its own
 * copy of a working directory holding the repository's scenarios/ and examples/embed/ (a
 * plugin and a scenario using it, whose `@chokepoint/core` import resolves through a
 * node_modules link) and what the `@packageDocumentation` examples made there (runs/qs,
 * runs/sobol), as that comment says.
 */
describeTsdocExamples({
  name: '@chokepoint/scenario',
  entry: 'packages/scenario/src/index.ts',
  module: scenario,
  minExports: 100,
  modules: { '@chokepoint/scenario': 'packages/scenario/src/index.ts' },
  workdir: {
    setup: true,
    files: { scenarios: 'scenarios', 'examples/embed': 'examples/embed' },
    links: { node_modules: 'node_modules' },
  },
});
