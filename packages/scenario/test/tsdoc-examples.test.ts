import { describeTsdocExamples } from '../../../test/support/tsdoc-examples.js';
import { runPackageExamples } from '../../../test/support/tsdoc-workdir.js';

/*
 * The TSDoc examples of @chokepoint/scenario run, as mathjs's do (test/support/tsdoc-examples.ts):
 * every export has a doc comment with an `@example`; each ```ts block is type-checked and
 * run with the exports of every run package in scope, in a copy of a working directory
 * holding scenarios/, examples/embed/ and a short quickstart run in runs/qs
 * (test/support/tsdoc-workdir.ts).
 */
describeTsdocExamples(runPackageExamples('@chokepoint/scenario', { setup: true, minExports: 60 }));
