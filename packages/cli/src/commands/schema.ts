import { resolve } from 'node:path';
import { scenarioJsonSchema } from '@chokepoint/scenario';
import { writeNamed } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint schema > scenario.schema.json
  $ chokepoint schema --world --out world.schema.json

Add "# yaml-language-server: $schema=path/to/scenario.schema.json" at the top of a YAML
scenario so editors autocomplete and check it.`;

/** `chokepoint schema`: {@link RegisterCommand}. */
export const registerSchema: RegisterCommand = (program, io, cwd) => {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of scenario files')
    .option('--world', 'the schema of world files instead')
    .option('-o, --out <file>', 'write it to a file')
    .addHelpText('after', EXAMPLES)
    .action((opts: { world?: boolean; out?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema(opts.world ? 'world' : 'scenario'), null, 2)}\n`;
      if (opts.out) {
        writeNamed(resolve(cwd, opts.out), text);
        io.stderr(`wrote ${opts.out}\n`);
      } else io.stdout(text);
    });
};
