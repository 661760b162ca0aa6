import { relative } from 'node:path';
import { libraryDir, listScenarios } from '@chokepoint/scenario';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint list
  $ chokepoint list --json`;

/** `chokepoint list`: {@link RegisterCommand}. */
export const registerList: RegisterCommand = (program, io, cwd) => {
  program
    .command('list')
    .description('list the bundled scenarios with their titles')
    .option('--json', 'as JSON')
    .addHelpText('after', EXAMPLES)
    .action((opts: { json?: boolean }) => {
      const library = libraryDir();
      const entries = listScenarios(library);
      if (opts.json) {
        io.stdout(
          `${JSON.stringify(
            entries.map((e) => ({ path: relative(cwd, e.file) || e.file, title: e.title })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const paths = entries.map((e) => (relative(cwd, e.file).startsWith('..') ? e.file : relative(cwd, e.file)));
      const width = Math.max(0, ...paths.map((p) => p.length));
      entries.forEach((e, i) => io.stdout(`${paths[i]!.padEnd(width)}  ${e.title}\n`));
    });
};
