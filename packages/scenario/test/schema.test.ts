import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listScenarios, scenarioJsonSchema } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');

describe('JSON Schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  it('is valid draft 2020-12 and is the committed scenarios/*.schema.json', () => {
    for (const what of ['scenario', 'world'] as const) {
      const schema = scenarioJsonSchema(what);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      expect(`${JSON.stringify(schema, null, 2)}\n`).toBe(
        readFileSync(join(root, 'scenarios', `${what}.schema.json`), 'utf8'),
      );
    }
  });

  it('accepts the bundled scenarios and worlds, and rejects mistakes', () => {
    const validate = ajv.compile(scenarioJsonSchema('scenario'));
    for (const entry of listScenarios()) {
      expect(
        validate(parse(readFileSync(entry.file, 'utf8'))),
        `${entry.path}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
    const world = ajv.compile(scenarioJsonSchema('world'));
    expect(
      world(parse(readFileSync(join(root, 'scenarios', 'worlds', 'toy-chips.yaml'), 'utf8'))),
      JSON.stringify(world.errors),
    ).toBe(true);
    expect(validate({ title: 'x', world: { ref: 'toy-chips' }, horizon: 'ten' })).toBe(false);
    expect(validate({ title: 'x', world: { ref: 'toy-chips' }, horizon: 4, horizn: 4 })).toBe(false);
    expect(validate({ title: 'x', world: { ref: 'toy-chips' }, horizon: '=steps * 2' })).toBe(true);
  });

  it('documents fields for editors', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { description?: string }> };
    expect(schema.properties.horizon!.description).toBe('Number of steps to run.');
    expect(Object.keys(schema.properties)).toContain('sweep');
  });
});
