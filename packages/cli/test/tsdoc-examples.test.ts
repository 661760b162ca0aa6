import * as cli from '@chokepoint/cli';
import { describeTsdocExamples } from '../../../test/support/tsdoc-examples.js';

/*
 * The TSDoc examples run, as mathjs's do (test/support/tsdoc-examples.ts). Every export
 * of @chokepoint/cli has a TSDoc comment with an `@example`; each ```ts block is
 * type-checked with every export in scope (with the DOM library, which the chart sources
 * it reaches declare), then run in a child process, each in its own working directory
 * holding a copy of the repository's scenarios/.
 */
describeTsdocExamples({
  name: '@chokepoint/cli',
  entry: 'packages/cli/src/index.ts',
  module: cli,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  modules: { '@chokepoint/cli': 'packages/cli/src/index.ts' },
  minExports: 5,
  workdir: { setup: true, files: { scenarios: 'scenarios' } },
});
