/**
 * A key metric that can produce no rows is an error at validate time, located, with what the
 * world does record: never a silent gap in summary.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError, validateScenario } from '@chokepoint/scenario';

const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-key-metrics-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The problems `validate` reports for a scenario with these key metrics and outputs.record. */
function problems(world: string, metrics: string[], record = ''): string[] {
  const file = join(tmp, 'study.yaml');
  writeFileSync(
    file,
    `title: t\nworld: ${world}\nhorizon: 2\noutputs:\n  metrics:\n${metrics.map((m) => `    - ${m}\n`).join('')}${record ? `  record: ${record}\n` : ''}`,
  );
  try {
    validateScenario(file, { cwd: tmp });
  } catch (error) {
    if (error instanceof ScenarioError) return error.lines();
    throw error;
  }
  return [];
}

describe('key metrics that would have no rows', () => {
  const toy = '{ ref: toy-chips }';

  it('pass when the runs record them, flows that search may open included', () => {
    // US makes phones (Apple), NL buys them (final demand): a route may open though none runs yet.
    expect(
      problems(toy, [
        'firm/TSMC/output',
        'state_product/NL:phone/capability',
        'flow/US>NL:phone/trade_value',
        'product/sme/leakage',
        'firm/TSMC/origin_content:US',
      ]),
    ).toEqual([]);
  });

  it('are errors when outputs.record leaves them out', () => {
    expect(
      problems(
        toy,
        ['state/CN/output', 'firm/TSMC/output', 'flow/NL>CN:sme/trade_value'],
        '{ states: false, firms: false, flows: false }',
      ),
    ).toEqual([
      'study.yaml:6:7: outputs.metrics[0]: expected a metric the runs record (outputs.record.states is false), received "state/CN/output"',
      'study.yaml:7:7: outputs.metrics[1]: expected a metric the runs record (outputs.record.firms is false), received "firm/TSMC/output"',
      'study.yaml:8:7: outputs.metrics[2]: expected a metric the runs record (outputs.record.flows is false), received "flow/NL>CN:sme/trade_value"',
    ]);
  });

  it('are errors when the policy layer is off, and not once outputs.record.policy turns it on', () => {
    const synthetic = '{ synthetic: { states: 2, firms: 12, products: 3, seed: 1 } }';
    expect(problems(synthetic, ['product/p0/leakage'])).toEqual([
      'study.yaml:6:7: outputs.metrics[0]: expected a metric the runs record; the policy layer is off in this world, as no state sets a doctrine or rival and no measure or alliance is set (set outputs.record.policy: true to record its metrics), received "product/p0/leakage"',
    ]);
    expect(problems(synthetic, ['product/p0/leakage'], '{ policy: true }')).toEqual([]);
  });

  it('are errors when the world never has such a row, with the rows it has', () => {
    expect(
      problems(toy, [
        'firm/GalliumCN/inventory_days',
        'state_product/NL:chip/capability',
        'flow/NL>CN:gallium/trade_value',
        'flow/US>JP:sme/trade_value',
      ]),
    ).toEqual([
      // A raw-material maker has no inputs, so no inventory cover.
      'study.yaml:6:7: outputs.metrics[0]: expected a variable firm GalliumCN has rows of (output, demand, shortage, revenue, price, value_added, capacity, backlog, capacity_under_construction, origin_content:US, origin_content:CN, origin_content:JP, origin_content:NL, origin_content:TW), received "firm/GalliumCN/inventory_days"',
      'study.yaml:7:7: outputs.metrics[1]: expected a state_product the world has rows of: no firm of NL makes chip and nothing in NL buys it (NL:gallium, NL:phone, NL:sme, CN:chip and 15 more), received "state_product/NL:chip/capability"',
      'study.yaml:8:7: outputs.metrics[2]: expected a flow the world can have: no firm of NL makes gallium (gallium flows: CN>CN:gallium, CN>JP:gallium, CN>NL:gallium, CN>TW:gallium and 5 more), received "flow/NL>CN:gallium/trade_value"',
      // No chipmaker in Japan: nothing there buys chipmaking equipment.
      'study.yaml:9:7: outputs.metrics[3]: expected a flow the world can have: nothing in JP buys sme (sme flows: JP>CN:sme, JP>TW:sme, JP>US:sme, NL>CN:sme and 5 more), received "flow/US>JP:sme/trade_value"',
    ]);
  });

  describe('per-bloc state variables', () => {
    // toy-chips with two standards blocs, one body, and norm alignment (docs/ODD.md §7.20).
    const blocs =
      '{ blocs: [{ id: west, members: [US, JP, NL] }, { id: east, members: [CN] }], bodies: [{ id: 5g, sepShare: { west: 0.6, east: 0.4 } }] }';

    /** The problems `validate` reports for toy-chips with `world` patched in, these key metrics and outputs.variables. */
    function blocProblems(world: string, metrics: string[], variables: string[] = []): string[] {
      const file = join(tmp, 'blocs.yaml');
      const lines = [
        'title: t',
        'world: { ref: toy-chips }',
        'horizon: 2',
        'arms:',
        `  a: { world: ${world} }`,
        'outputs:',
        ...(variables.length > 0 ? [`  variables: [${variables.join(', ')}]`] : []),
        '  metrics:',
        ...metrics.map((m) => `    - ${m}`),
      ];
      writeFileSync(file, `${lines.join('\n')}\n`);
      try {
        validateScenario(file, { cwd: tmp });
      } catch (error) {
        if (error instanceof ScenarioError) return error.lines();
        throw error;
      }
      return [];
    }

    it('alignment:BLOC is a key metric and an outputs.variables entry in a world with alignment, as adoption:BODY:BLOC is', () => {
      expect(
        blocProblems(
          `{ standards: ${blocs}, alignment: {} }`,
          ['state/TW/alignment:east', 'state/TW/alignment:west', 'state/TW/adoption:5g:east'],
          ['alignment:east', 'alignment:west', 'adoption:5g:east'],
        ),
      ).toEqual([]);
    });

    it('alignment:BLOC is an error in a world without alignment, and a bloc the world lacks is named with those it has', () => {
      expect(blocProblems(`{ standards: ${blocs} }`, ['state/TW/alignment:east'])).toEqual([
        `blocs.yaml:8:7: outputs.metrics[0]: expected a state variable of the world (alignment:BLOC needs the world's alignment, docs/ODD.md §7.20), received "state/TW/alignment:east"`,
      ]);
      expect(blocProblems(`{ standards: ${blocs}, alignment: {} }`, ['state/TW/alignment:north'])).toEqual([
        `blocs.yaml:8:7: outputs.metrics[0]: expected a variable state TW has rows of (output, shortage, final_demand, final_demand_met, exports, imports, tariff_revenue, value_added, cpi, welfare, doctrine_dnm, hawkishness, measures_in_force, restricted_trade, escalation_index, tension, retaliations, subsidy_paid, export_finance, investment, switching_cost, licences_pending, licences_granted, licences_denied, backlog, adoption:5g:west, adoption:5g:east, alignment:west, alignment:east) (did you mean "alignment:west"?), received "state/TW/alignment:north"`,
      ]);
    });

    it('outputs.variables names a family with an id, not a misspelt one', () => {
      expect(
        blocProblems(`{ standards: ${blocs}, alignment: {} }`, ['state/TW/alignment:east'], ['alignement:east']).join(
          '\n',
        ),
      ).toMatch(
        /outputs\.variables\[0\]: expected a recorded variable \(listed in docs\/outputs\.md\).*received "alignement:east"/,
      );
    });
  });
});
