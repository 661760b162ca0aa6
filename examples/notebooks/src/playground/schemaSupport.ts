import { autocompletion } from '@codemirror/autocomplete';
import { yamlLanguage } from '@codemirror/lang-yaml';
import type { Extension } from '@codemirror/state';
import { hoverTooltip } from '@codemirror/view';
import { stateExtensions } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import scenarioSchema from '../../../../scenarios/scenario.schema.json';

/*
 * Completion and hover docs from scenarios/scenario.schema.json (codemirror-json-schema).
 * The errors come from the scenario language itself (check.ts), not from the schema.
 * main.ts imports this module lazily: it is a third of the page's code.
 */

/** The editor extensions: the schema, key and value completion, and hover docs. */
export function schemaExtensions(): Extension[] {
  return [
    stateExtensions(scenarioSchema as Parameters<typeof stateExtensions>[0]),
    yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
    autocompletion(),
    hoverTooltip(yamlSchemaHover()),
  ];
}
