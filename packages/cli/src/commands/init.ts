import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ScenarioError, libraryDir, starterScenario } from '@chokepoint/scenario';
import { writeNamed } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint init                  # writes scenario.yaml
  $ chokepoint init my-study.yaml`;

/** `chokepoint init`: {@link RegisterCommand}. */
export const registerInit: RegisterCommand = (program, io, cwd) => {
  const me = io.command ?? 'chokepoint';
  program
    .command('init')
    .description('write a commented starter scenario')
    .argument('[file]', 'the file to write', 'scenario.yaml')
    .option('-f, --force', 'overwrite an existing file')
    .addHelpText('after', EXAMPLES)
    .action((file: string, opts: { force?: boolean }) => {
      const target = resolve(cwd, file);
      if (existsSync(target) && !opts.force)
        throw new ScenarioError([], `${file}: exists; pass --force to overwrite it`);
      const schema = join(libraryDir(), 'scenario.schema.json');
      const rel = relative(dirname(target), schema).split(sep).join('/');
      writeNamed(target, starterScenario(existsSync(schema) ? (rel.startsWith('.') ? rel : `./${rel}`) : schema, me));
      io.stderr(`wrote ${file}; check it with: ${me} validate ${file}\n`);
      io.stdout(`${file}\n`);
    });
};
