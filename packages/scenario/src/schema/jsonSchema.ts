import { z } from 'zod';
import { inlineWorldSchema } from './world.js';
import { scenarioSchema } from './scenario.js';

/**
 * The JSON Schema (draft 2020-12) of scenario files, for editors: with
 * `# yaml-language-server: $schema=…/scenario.schema.json` at the top of a YAML file, or
 * `"$schema"` in a JSON file, editors autocomplete and check fields.
 *
 * @param what - `scenario` (default) or `world` (a world file for `world: {ref: …}`).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const schema = scenarioJsonSchema();
 * console.log(schema.$schema, schema.title); // https://json-schema.org/draft/2020-12/schema Chokepoint scenario
 * writeFileSync('scenario.schema.json', JSON.stringify(schema, null, 2));
 * ```
 */
export function scenarioJsonSchema(what: 'scenario' | 'world' = 'scenario'): Record<string, unknown> {
  const schema = z.toJSONSchema(what === 'scenario' ? scenarioSchema : inlineWorldSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io: 'input',
  }) as Record<string, unknown>;
  // A file that `extends` another may leave out required fields (the CLI checks them after
  // merging), so the editor schema does not require any top-level field.
  const { $schema, required, ...rest } = schema;
  return {
    $schema,
    title: what === 'scenario' ? 'Chokepoint scenario' : 'Chokepoint world',
    ...rest,
    ...(what === 'world' && required !== undefined ? { required } : {}),
  };
}
