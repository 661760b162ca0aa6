import * as core from '@chokepoint/core';
import { describeTsdocExamples } from '../../../test/support/tsdoc-examples.js';

/*
 * The TSDoc examples run, as mathjs's do (test/support/tsdoc-examples.ts). Every export
 * of the core has a TSDoc comment with an `@example`; each ```ts block is type-checked
 * and run in this thread with every export in scope and the fixture world `spec`
 * defined (the first example of the `@packageDocumentation` comment in src/index.ts).
 */
describeTsdocExamples({
  name: '@chokepoint/core',
  entry: 'packages/core/src/index.ts',
  module: core,
  fixture: /\bconst spec\b/,
  minExports: 100,
});
