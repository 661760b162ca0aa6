/**
 * The malformed-scenario corpus (test/fixtures/malformed/): every file fails validation with
 * one-line messages `file:line:col: field.path: expected X, received Y`, pinned below. Run
 * in-process for speed (with the plugin import step of `chokepoint validate`); one file also
 * goes through the real CLI for the exit code. The plugin modules the `plugin-*` cases name
 * are in the plugins/ folder.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError, validateScenarioAsync } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..');
const folder = join('test', 'fixtures', 'malformed');
const files = readdirSync(join(root, folder))
  .filter((name) => statSync(join(root, folder, name)).isFile())
  .sort();
const run = promisify(execFile);

async function messages(file: string): Promise<string[]> {
  try {
    await validateScenarioAsync(join(folder, file), { cwd: root });
  } catch (error) {
    if (error instanceof ScenarioError) return error.lines();
    throw error;
  }
  return [];
}

describe('malformed scenario corpus', () => {
  let all: Record<string, string[]> = {};
  beforeAll(async () => {
    for (const file of files) all[file] = await messages(file);
  });

  it('has at least 30 files, each rejected', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const [file, lines] of Object.entries(all)) expect(lines.length, file).toBeGreaterThan(0);
  });

  it('reports each problem on one line as file:line:col: path: expected X, received Y, at most 20 and a count of the rest', () => {
    for (const [file, lines] of Object.entries(all)) {
      expect(lines.length, file).toBeLessThanOrEqual(21);
      expect(new Set(lines).size, file).toBe(lines.length);
      lines.forEach((line, i) => {
        expect(line, file).not.toContain('\n');
        // No raw control character reaches the terminal.
        expect(line, file).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        if (i === 20)
          expect(line, file).toMatch(
            /^test\/fixtures\/malformed\/[\w.-]+: and \d+ more problems not shown \(fix the ones above and check again\)$/,
          );
        else expect(line, file).toMatch(/^test\/fixtures\/malformed\/[\w.-]+:\d+:\d+: \S.*: expected .+, received .+$/);
        expect(line, file).not.toMatch(/\n\s+at /);
      });
    }
    expect(all['many-problems.yaml']).toHaveLength(21);
    expect(all['many-problems.yaml']!.at(-1)).toContain(': and 10 more problems not shown');
  });

  it('refuses every size past its limit at the field that sets it, before allocating it', () => {
    for (const [file, flag] of [
      ['limit-replicates.yaml', '--max-runs'],
      ['limit-sweep-points.yaml', '--max-runs'],
      ['limit-horizon.yaml', '--max-steps'],
      ['limit-horizon-expression.yaml', '--max-steps'],
      ['limit-horizon-sweep.yaml', '--max-steps'],
      ['limit-synthetic-states.yaml', '--max-memory'],
      ['limit-rows.yaml', '--max-rows'],
    ] as const) {
      expect(all[file], file).toHaveLength(1);
      expect(all[file]![0], file).toContain(`(raise the limit with ${flag})`);
    }
  });

  it('reports one problem per YAML or JSON syntax error, at the mistake, not where the parser gave up', () => {
    const syntax = Object.entries(all).filter(([file]) => /^(yaml|json)-/.test(file));
    expect(syntax.length).toBeGreaterThanOrEqual(8);
    for (const [file, lines] of syntax) expect(lines, file).toHaveLength(1);
    // The opening quote or bracket of an unclosed one (yaml reports the end of the file).
    expect(all['yaml-unclosed-quote.yaml']![0]).toMatch(/:1:8: /);
    expect(all['yaml-unclosed-flow-map.yaml']![0]).toMatch(/:2:8: /);
    expect(all['yaml-bad-indent.yaml']![0]).toMatch(/:3:10: /);
    expect(all['json-unclosed.json']![0]).toMatch(/:1:1: /);
    // The misplaced dash, not the spaces before it (yaml gives three errors here).
    expect(all['yaml-list-item-indent.yaml']![0]).toMatch(/:7:4: /);
    // The stray space on line 1, not line 2 where the parser fails.
    expect(all['yaml-leading-space.yaml']![0]).toMatch(/:1:1: /);
  });

  it('gives the exact messages', () => {
    // The size of metrics.csv is an estimate that moves whenever the model records another
    // metric; the rest of each line is pinned exactly.
    const stable = Object.fromEntries(
      Object.entries(all).map(([file, lines]) => [
        file,
        lines.map((l) => l.replace(/\(\d+ GB of metrics\.csv\)/, '(N GB of metrics.csv)')),
      ]),
    );
    expect(stable).toMatchInlineSnapshot(`
      {
        "bad-arm-name.yaml": [
          "test/fixtures/malformed/bad-arm-name.yaml:5:3: arms.my arm: expected an arm name (a letter, then letters, digits, - and _), received "my arm"",
        ],
        "bad-metric.yaml": [
          "test/fixtures/malformed/bad-metric.yaml:5:13: outputs.metrics[0]: expected a state id of the world (did you mean "US"?), received "state/USA/output"",
        ],
        "control-characters.yaml": [
          "test/fixtures/malformed/control-characters.yaml:4:1: hori\\u001b[2Jzon: expected a known field, received unknown field "hori\\u001b[2Jzon"",
        ],
        "damage-out-of-range.yaml": [
          "test/fixtures/malformed/damage-out-of-range.yaml:8:33: arms.fire.set.world.firms[TSMC].damage: expected a number >= 0 and <= 1, received 1.5 [arm "fire"]",
        ],
        "dangling-doctrine-state.yaml": [
          "test/fixtures/malformed/dangling-doctrine-state.yaml:4:3: doctrines.USA: expected a state id of the world (did you mean "US"?), received "USA"",
        ],
        "dangling-edge-supplier.yaml": [
          "test/fixtures/malformed/dangling-edge-supplier.yaml:6:23: world.edges[0].supplier: expected a firm id (did you mean "fab"?) (one of fab, oem), received "fabb"",
        ],
        "dangling-measure-product.yaml": [
          "test/fixtures/malformed/dangling-measure-product.yaml:6:76: timeline[0].measure.products[0]: expected a product id (did you mean "sme"?), received "smee"",
        ],
        "dangling-product.yaml": [
          "test/fixtures/malformed/dangling-product.yaml:5:42: world.firms[0].product: expected a product id (did you mean "chip"?) (one of chip), received "chipz"",
        ],
        "dangling-set-id.yaml": [
          "test/fixtures/malformed/dangling-set-id.yaml:7:7: arms.fire.set.world.firms[TSMCC].damage: expected the id of an element of world.firms (did you mean "TSMC"?), received "TSMCC"",
        ],
        "date-without-start.yaml": [
          "test/fixtures/malformed/date-without-start.yaml:5:11: timeline[0].date: expected a step, or a scenario start date (start: YYYY-MM-DD) to use dates, received "2024-04-01"",
        ],
        "dates-out-of-order.yaml": [
          "test/fixtures/malformed/dates-out-of-order.yaml:7:71: timeline[0].measure.end: expected a date after the measure starts on "2024-01-01" (step 4), received "2023-06-01" (step 1)",
          "test/fixtures/malformed/dates-out-of-order.yaml:9:76: timeline[1].measure.announce: expected a date on or before the measure starts on "2024-01-01" (step 4), received "2025-01-01" (step 8)",
        ],
        "edge-wrong-input.yaml": [
          "test/fixtures/malformed/edge-wrong-input.yaml:6:54: world.edges[1].supplier: expected a supplier of an input of the buyer's product "phone", received "glassworks", which makes "glass"",
        ],
        "empty.yaml": [
          "test/fixtures/malformed/empty.yaml:1:1: (root): expected a mapping of scenario fields, received nothing",
        ],
        "expression-arity.yaml": [
          "test/fixtures/malformed/expression-arity.yaml:5:6: parameters.y: expected pow(…) with 2 arguments, received 1 argument in "=pow(x)"",
        ],
        "expression-assignment.yaml": [
          "test/fixtures/malformed/expression-assignment.yaml:5:6: parameters.y: expected an expression without assignment, received "=x = 3"",
        ],
        "expression-evaluate.yaml": [
          "test/fixtures/malformed/expression-evaluate.yaml:4:6: parameters.n: expected an allowed function (min, max, abs, sqrt, exp, log, log10, round, floor, ceil, sign, pow), received "evaluate" in "=evaluate("4")"",
        ],
        "expression-function-definition.yaml": [
          "test/fixtures/malformed/expression-function-definition.yaml:4:6: parameters.f: expected an expression without assignment, received "=f(x) = x"",
        ],
        "expression-implicit-multiplication.yaml": [
          "test/fixtures/malformed/expression-implicit-multiplication.yaml:5:6: parameters.y: expected an explicit operator between terms (write a * b), received two terms side by side in "=0.05 x"",
        ],
        "expression-import.yaml": [
          "test/fixtures/malformed/expression-import.yaml:4:9: parameters.evil: expected an allowed function (min, max, abs, sqrt, exp, log, log10, round, floor, ceil, sign, pow), received "import" in "=import({}, {override: true})"",
        ],
        "expression-member-access.yaml": [
          "test/fixtures/malformed/expression-member-access.yaml:5:10: parameters.steps: expected an expression without member or index access, received "=hawk.constructor"",
        ],
        "expression-out-of-range.yaml": [
          "test/fixtures/malformed/expression-out-of-range.yaml:10:33: arms.fire.set.world.firms[TSMC].damage: expected a number >= 0 and <= 1, received 1.6 (from "=damage")",
        ],
        "expression-prototype-name.yaml": [
          "test/fixtures/malformed/expression-prototype-name.yaml:4:6: parameters.y: expected a declared parameter, received unknown name "constructor" in "=constructor"",
        ],
        "expression-unknown-name.yaml": [
          "test/fixtures/malformed/expression-unknown-name.yaml:5:10: horizon: expected a declared parameter (did you mean "hawk"?), received unknown name "hawks" in "=hawks * 8"",
        ],
        "extends-cycle-a.yaml": [
          "test/fixtures/malformed/extends-cycle-b.yaml:1:10: extends: expected a scenario that does not extend itself, received a cycle test/fixtures/malformed/extends-cycle-a.yaml -> test/fixtures/malformed/extends-cycle-b.yaml -> test/fixtures/malformed/extends-cycle-a.yaml",
        ],
        "extends-cycle-b.yaml": [
          "test/fixtures/malformed/extends-cycle-a.yaml:1:10: extends: expected a scenario that does not extend itself, received a cycle test/fixtures/malformed/extends-cycle-b.yaml -> test/fixtures/malformed/extends-cycle-a.yaml -> test/fixtures/malformed/extends-cycle-b.yaml",
        ],
        "extends-missing.yaml": [
          "test/fixtures/malformed/extends-missing.yaml:1:10: extends: expected an existing scenario file, received "./base-scenario.yaml" (no such file)",
        ],
        "extends-outside.yaml": [
          "test/fixtures/malformed/extends-outside.yaml:1:10: extends: expected a path inside the scenario library or this file's folder, received "../../../package.json"",
        ],
        "horizon-zero.yaml": [
          "test/fixtures/malformed/horizon-zero.yaml:3:10: horizon: expected an integer >= 1, received 0",
        ],
        "invalid-date.yaml": [
          "test/fixtures/malformed/invalid-date.yaml:3:8: start: expected a valid calendar date YYYY-MM-DD, received "2024-02-30"",
        ],
        "invalid-utf8.yaml": [
          "test/fixtures/malformed/invalid-utf8.yaml:1:12: (file): expected UTF-8 text (save the file as UTF-8), received the byte 0xE9 at byte offset 11, which is not valid UTF-8",
        ],
        "json-unclosed.json": [
          "test/fixtures/malformed/json-unclosed.json:1:1: (json): expected valid JSON, received an unclosed { (Flow map must end with a }) [MISSING_CHAR]",
        ],
        "limit-horizon-expression.yaml": [
          "test/fixtures/malformed/limit-horizon-expression.yaml:3:10: horizon: expected at most 10000 steps (raise the limit with --max-steps), received 1000000000 (from "=1e9")",
        ],
        "limit-horizon-sweep.yaml": [
          "test/fixtures/malformed/limit-horizon-sweep.yaml:6:5: sweep.parameters.horizon: expected at most 10000 steps (raise the limit with --max-steps), received 1000000000 [arm "base", sweep point 1]",
        ],
        "limit-horizon.yaml": [
          "test/fixtures/malformed/limit-horizon.yaml:3:10: horizon: expected at most 10000 steps (raise the limit with --max-steps), received 100000000",
        ],
        "limit-replicates.yaml": [
          "test/fixtures/malformed/limit-replicates.yaml:4:13: replicates: expected a plan of at most 100000 runs (raise the limit with --max-runs), received 1.0 billion runs (1 arm × 1 sweep point × 1000000000 replicates)",
        ],
        "limit-rows.yaml": [
          "test/fixtures/malformed/limit-rows.yaml:3:10: horizon: expected a plan that writes at most 1.0 billion rows (raise the limit with --max-rows), received about 1.4 billion rows (N GB of metrics.csv) from 400 runs of 10,000 steps on average",
        ],
        "limit-step-days.yaml": [
          "test/fixtures/malformed/limit-step-days.yaml:5:15: step.days: expected a run that ends by 9999-12-31 (the last date the date column can write), received 4 steps of 1000000000 days from 2020-01-01, which end about 11 million years later",
        ],
        "limit-sweep-points.yaml": [
          "test/fixtures/malformed/limit-sweep-points.yaml:5:1: sweep: expected a plan of at most 100000 runs (raise the limit with --max-runs), received 1.0 billion runs (1 arm × 1000000000 sweep points × 1 replicate)",
        ],
        "limit-synthetic-states.yaml": [
          "test/fixtures/malformed/limit-synthetic-states.yaml:3:24: world.synthetic.states: expected a world that needs at most 8.0 GB of memory (raise the limit with --max-memory), received about 400000 TB for 100000000 states, 4 products, 100 firms, about 600 edges",
        ],
        "many-problems.yaml": [
          "test/fixtures/malformed/many-problems.yaml:4:1: unknown0: expected a known field, received unknown field "unknown0"",
          "test/fixtures/malformed/many-problems.yaml:5:1: unknown1: expected a known field, received unknown field "unknown1"",
          "test/fixtures/malformed/many-problems.yaml:6:1: unknown2: expected a known field, received unknown field "unknown2"",
          "test/fixtures/malformed/many-problems.yaml:7:1: unknown3: expected a known field, received unknown field "unknown3"",
          "test/fixtures/malformed/many-problems.yaml:8:1: unknown4: expected a known field, received unknown field "unknown4"",
          "test/fixtures/malformed/many-problems.yaml:9:1: unknown5: expected a known field, received unknown field "unknown5"",
          "test/fixtures/malformed/many-problems.yaml:10:1: unknown6: expected a known field, received unknown field "unknown6"",
          "test/fixtures/malformed/many-problems.yaml:11:1: unknown7: expected a known field, received unknown field "unknown7"",
          "test/fixtures/malformed/many-problems.yaml:12:1: unknown8: expected a known field, received unknown field "unknown8"",
          "test/fixtures/malformed/many-problems.yaml:13:1: unknown9: expected a known field, received unknown field "unknown9"",
          "test/fixtures/malformed/many-problems.yaml:14:1: unknown10: expected a known field, received unknown field "unknown10"",
          "test/fixtures/malformed/many-problems.yaml:15:1: unknown11: expected a known field, received unknown field "unknown11"",
          "test/fixtures/malformed/many-problems.yaml:16:1: unknown12: expected a known field, received unknown field "unknown12"",
          "test/fixtures/malformed/many-problems.yaml:17:1: unknown13: expected a known field, received unknown field "unknown13"",
          "test/fixtures/malformed/many-problems.yaml:18:1: unknown14: expected a known field, received unknown field "unknown14"",
          "test/fixtures/malformed/many-problems.yaml:19:1: unknown15: expected a known field, received unknown field "unknown15"",
          "test/fixtures/malformed/many-problems.yaml:20:1: unknown16: expected a known field, received unknown field "unknown16"",
          "test/fixtures/malformed/many-problems.yaml:21:1: unknown17: expected a known field, received unknown field "unknown17"",
          "test/fixtures/malformed/many-problems.yaml:22:1: unknown18: expected a known field, received unknown field "unknown18"",
          "test/fixtures/malformed/many-problems.yaml:23:1: unknown19: expected a known field, received unknown field "unknown19"",
          "test/fixtures/malformed/many-problems.yaml: and 10 more problems not shown (fix the ones above and check again)",
        ],
        "missing-title.yaml": [
          "test/fixtures/malformed/missing-title.yaml:1:1: title: expected a string, received nothing",
        ],
        "negative-capacity.yaml": [
          "test/fixtures/malformed/negative-capacity.yaml:6:54: world.firms[0].capacity: expected a number >= 0, received -5",
        ],
        "not-a-mapping.yaml": [
          "test/fixtures/malformed/not-a-mapping.yaml:1:1: (root): expected a mapping of scenario fields, received a list of 1 item",
        ],
        "outputs-unknown-variable.yaml": [
          "test/fixtures/malformed/outputs-unknown-variable.yaml:5:24: outputs.variables[1]: expected a recorded variable (listed in docs/outputs.md) (did you mean "escalation_index"?), received "escalaton_index"",
        ],
        "oversized-edges.yaml": [
          "test/fixtures/malformed/oversized-edges.yaml:3:35: world.synthetic.firms: expected a world of at most 5000000 edges (raise the limit with --max-edges), received about 6750000 edges",
        ],
        "oversized-firms.yaml": [
          "test/fixtures/malformed/oversized-firms.yaml:3:35: world.synthetic.firms: expected a world of at most 200000 firms (raise the limit with --max-firms), received 5000000 firms",
        ],
        "parameter-cycle.yaml": [
          "test/fixtures/malformed/parameter-cycle.yaml:4:6: parameters.a: expected parameters without a cycle, received a cycle a -> b -> a (from "=b + 1")",
        ],
        "plugin-bad-definition.yaml": [
          "test/fixtures/malformed/plugin-bad-definition.yaml:3:11: plugins[0]: expected doctrines[0] to be a doctrine definition (id, description, decide, vote), received "test/fixtures/malformed/plugins/not-definitions.mjs", whose doctrines[0] is "HAWK"",
        ],
        "plugin-builtin-collision.yaml": [
          "test/fixtures/malformed/plugin-builtin-collision.yaml:3:11: plugins[0]: expected an instrument type not already defined, received "tariff" from "test/fixtures/malformed/plugins/tariff-again.mjs" (a built-in instrument)",
        ],
        "plugin-missing.yaml": [
          "test/fixtures/malformed/plugin-missing.yaml:2:11: plugins[0]: expected an existing plugin module, received "./plugins/helpers-onli.ts" (no such file) (did you mean "helpers-only.ts"?)",
        ],
        "plugin-no-definitions.yaml": [
          "test/fixtures/malformed/plugin-no-definitions.yaml:4:5: plugins[0]: expected a module exporting instruments and/or doctrines (arrays of definitions from defineInstrument/defineDoctrine), received "test/fixtures/malformed/plugins/helpers-only.ts", which exports helper",
        ],
        "plugin-not-a-list.yaml": [
          "test/fixtures/malformed/plugin-not-a-list.yaml:2:10: plugins: expected a list, received "./plugins/quota.mjs"",
        ],
        "plugin-outside.yaml": [
          "test/fixtures/malformed/plugin-outside.yaml:2:11: plugins[0]: expected a path inside the scenario library or this file's folder, received "../plugins/doctrines.ts"",
        ],
        "plugin-throws.yaml": [
          "test/fixtures/malformed/plugin-throws.yaml:3:11: plugins[0]: expected a plugin module that loads, received "test/fixtures/malformed/plugins/throws.mjs", which throws Error: plugin setup failed: no licence server",
        ],
        "plugin-unknown-instrument.yaml": [
          "test/fixtures/malformed/plugin-unknown-instrument.yaml:7:22: timeline[0].measure.type: expected an instrument type (did you mean "quota"?) (one of export_control, foreign_direct_product_rule, entity_list, tariff, procurement_ban, market_access_denial, investment_screening, mineral_export_licensing, export_quota, subsidy, export_finance, data_localization, quota), received "quotta"",
        ],
        "plugin-wrong-extension.yaml": [
          "test/fixtures/malformed/plugin-wrong-extension.yaml:2:11: plugins[0]: expected a JavaScript or TypeScript module (.js, .mjs, .cjs, .ts, .mts, .cts), received "./plugins/notes.txt"",
        ],
        "replicates-fraction.yaml": [
          "test/fixtures/malformed/replicates-fraction.yaml:4:13: replicates: expected an integer >= 1, received 2.5",
        ],
        "set-bad-value.yaml": [
          "test/fixtures/malformed/set-bad-value.yaml:6:91: timeline[0].measure.licence: expected a number >= 0 and <= 1, received "high"",
        ],
        "step-and-date.yaml": [
          "test/fixtures/malformed/step-and-date.yaml:7:5: timeline[0].date: expected exactly one of step or date, received both",
        ],
        "sweep-missing-samples.yaml": [
          "test/fixtures/malformed/sweep-missing-samples.yaml:4:1: sweep.samples: expected a number of samples for the lhs design, received nothing",
        ],
        "sweep-unknown-path.yaml": [
          "test/fixtures/malformed/sweep-unknown-path.yaml:6:5: sweep.parameters.horizn: expected a path starting with a declared parameter, params., policy. or one of parameters, world, doctrines, timeline, horizon, step, start, replicates, seed, received "horizn" (did you mean "horizon"?)",
        ],
        "two-controls.yaml": [
          "test/fixtures/malformed/two-controls.yaml:6:17: arms.b.control: expected at most one control arm, received a second one ("a" is the first)",
        ],
        "typo-engine-param.yaml": [
          "test/fixtures/malformed/typo-engine-param.yaml:7:7: arms.slow.set.params.substitutionRat: expected a known field, received unknown field "substitutionRat" (did you mean "substitutionRate"?)",
        ],
        "typo-firm-field.yaml": [
          "test/fixtures/malformed/typo-firm-field.yaml:5:48: world.firms[0].capcity: expected one of id, name, state, product, capacity, inventoryDays, damage, capability, rdIntensity, origin, received unknown field "capcity" (did you mean "capacity"?)",
        ],
        "typo-step-unit.yaml": [
          "test/fixtures/malformed/typo-step-unit.yaml:3:7: step: expected one of "quarter", "month", "week", "day", "year", received "quartr" (did you mean "quarter"?)",
        ],
        "typo-top-level.yaml": [
          "test/fixtures/malformed/typo-top-level.yaml:1:1: horizon: expected an integer >= 1, received nothing",
          "test/fixtures/malformed/typo-top-level.yaml:3:1: horizn: expected a known field, received unknown field "horizn" (did you mean "horizon"?)",
        ],
        "unknown-doctrine.yaml": [
          "test/fixtures/malformed/unknown-doctrine.yaml:4:19: doctrines.US.doctrine: expected a doctrine id (did you mean "DNM"?) (one of DNM, NLG, DERISK), received "DMN"",
        ],
        "unknown-instrument.yaml": [
          "test/fixtures/malformed/unknown-instrument.yaml:6:22: timeline[0].measure.type: expected an instrument type (did you mean "export_control"?) (one of export_control, foreign_direct_product_rule, entity_list, tariff, procurement_ban, market_access_denial, investment_screening, mineral_export_licensing, export_quota, subsidy, export_finance, data_localization), received "export_contol"",
        ],
        "unknown-world.yaml": [
          "test/fixtures/malformed/unknown-world.yaml:2:15: world.ref: expected a bundled world name or a relative path (did you mean "toy-chips"?), received "toy-chip"",
        ],
        "unused-timeline.yaml": [
          "test/fixtures/malformed/unused-timeline.yaml:6:22: timeline[0].measure.type: expected an instrument type (did you mean "export_control"?) (one of export_control, foreign_direct_product_rule, entity_list, tariff, procurement_ban, market_access_denial, investment_screening, mineral_export_licensing, export_quota, subsidy, export_finance, data_localization), received "export_contol" [the top-level timeline, which every arm replaces, checked with arm "control"]",
        ],
        "wrong-type-horizon.yaml": [
          "test/fixtures/malformed/wrong-type-horizon.yaml:3:10: horizon: expected an integer >= 1, received "ten"",
        ],
        "yaml-alias-bomb.yaml": [
          "test/fixtures/malformed/yaml-alias-bomb.yaml:9:10: a5[0]: expected aliases that expand to at most 100000 values beyond those written out, received *a4, which expands to more (aliases of anchors that hold aliases multiply)",
        ],
        "yaml-bad-indent.yaml": [
          "test/fixtures/malformed/yaml-bad-indent.yaml:3:10: (yaml): expected valid YAML, received an unclosed [ (Flow sequence in block collection must be sufficiently indented and end with a ]) [BAD_INDENT]",
        ],
        "yaml-deep-block.yaml": [
          "test/fixtures/malformed/yaml-deep-block.yaml:68:129: parameters.k0.k1…(61 more): expected values nested at most 64 deep, received a mapping nested deeper",
        ],
        "yaml-deep-flow.yaml": [
          "test/fixtures/malformed/yaml-deep-flow.yaml:4:4411: (yaml): expected values nested at most 64 deep, received nesting too deep to read",
        ],
        "yaml-duplicate-key.yaml": [
          "test/fixtures/malformed/yaml-duplicate-key.yaml:4:1: (yaml): expected valid YAML, received Map keys must be unique [DUPLICATE_KEY]",
        ],
        "yaml-leading-space.yaml": [
          "test/fixtures/malformed/yaml-leading-space.yaml:1:1: (yaml): expected valid YAML, with top-level keys in column 1, received line 1 indented by 1 space, line 2 by 0",
        ],
        "yaml-list-item-indent.yaml": [
          "test/fixtures/malformed/yaml-list-item-indent.yaml:7:4: (yaml): expected valid YAML, received A block sequence may not be used as an implicit map key [BLOCK_AS_IMPLICIT_KEY]",
        ],
        "yaml-missing-colon.yaml": [
          "test/fixtures/malformed/yaml-missing-colon.yaml:3:1: (yaml): expected valid YAML, received Implicit keys need to be on a single line (is a colon missing after a key?) [MULTILINE_IMPLICIT_KEY]",
        ],
        "yaml-tab-indent.yaml": [
          "test/fixtures/malformed/yaml-tab-indent.yaml:3:1: (yaml): expected valid YAML, received Tabs are not allowed as indentation [TAB_AS_INDENT]",
        ],
        "yaml-unclosed-flow-map.yaml": [
          "test/fixtures/malformed/yaml-unclosed-flow-map.yaml:2:8: (yaml): expected valid YAML, received an unclosed { (Flow map in block collection must be sufficiently indented and end with a }) [BAD_INDENT]",
        ],
        "yaml-unclosed-quote.yaml": [
          "test/fixtures/malformed/yaml-unclosed-quote.yaml:1:8: (yaml): expected valid YAML, received an unclosed " (Missing closing "quote) [MISSING_CHAR]",
        ],
      }
    `);
  });
});

describe('the CLI on a malformed file', () => {
  it('exits with 2 and prints one line, no stack trace', async () => {
    const result = await run(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'validate',
        join(folder, 'typo-step-unit.yaml'),
      ],
      { cwd: root },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect((result as { code?: number }).code).toBe(2);
    expect(result.stderr).toBe(
      'test/fixtures/malformed/typo-step-unit.yaml:3:7: step: expected one of "quarter", "month", "week", "day", "year", received "quartr" (did you mean "quarter"?)\n',
    );
    expect(result.stdout).toBe('');
  });
});
