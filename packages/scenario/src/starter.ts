/**
 * The commented starter scenario that `chokepoint init` writes. It runs as it is (on the
 * bundled toy-chips world) and shows every part of the format.
 *
 * @param schemaPath - Path or URL of scenario.schema.json for the editor comment.
 * @param command - The command that runs chokepoint, for the "check it" comment (default `chokepoint`).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('my-scenario.yaml', starterScenario('./scenarios/scenario.schema.json'));
 * const { plan } = validateScenario('my-scenario.yaml');
 * console.log(plan.meta.title); // My first scenario
 * ```
 */
export function starterScenario(schemaPath: string, command = 'chokepoint'): string {
  return `# yaml-language-server: $schema=${schemaPath}
#
# A Chokepoint scenario. Check it:   ${command} validate THIS_FILE
#                        run it:     ${command} run THIS_FILE --workers 2
# The format is described in docs/scenarios.md; the outputs in docs/outputs.md.

title: My first scenario
description: >-
  What question does this experiment answer? Describe the arms and the metric that decides it.
sources:
  - "Cite the source of every number you set, e.g. CNAS, Common Code (2023)."

# The world: a bundled one by name ({ref: toy-chips} is scenarios/worlds/toy-chips.yaml),
# a relative path ({ref: ./my-world.yaml}), an inline world (states, products, firms, edges,
# finalDemand), or a generated one ({synthetic: {states: 3, firms: 60, products: 6}}).
world: { ref: toy-chips }

# Doctrine settings by state id: DNM or NLG, hawkishness, the rival to watch.
doctrines:
  US: { doctrine: NLG, rival: CN, hawkishness: 0.6 }
  CN: { doctrine: NLG, rival: US, hawkishness: 0.6 }

# Named values. Use them in any numeric field as "=name", or in expressions such as
# "=licence * 2" or "=max(0, 1 - licence)".
parameters:
  licence: 0.1

start: 2024-01-01   # the date of the first step (optional: enables dated measures and the date column)
step: quarter       # quarter (default), month, week, day, year or {days: n}
horizon: 16         # steps to run

# Scripted measures, each with a step (0 = from the start) or a date. Every arm gets them
# unless it sets its own timeline.
timeline: []

# Arms: named variants deep-merged over the scenario above. Effects in summary.json compare
# each arm with the control arm.
arms:
  control:
    control: true
  export-control:
    timeline:
      - date: 2024-07-01
        measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" }
  capacity-shock:
    set:                                  # values by path; [TSMC] selects the firm with that id
      world.firms[TSMC].damage: 0.5

# A sweep compares every arm at every point: a grid of values, or a random / Latin-hypercube
# sample (design: random | lhs, samples: n) over ranges {min, max}. An arm the swept value does
# not change (here control and capacity-shock) runs once, and stands for every point.
sweep:
  parameters:
    licence: [0.0, 0.5]

replicates: 4       # runs per arm and point, each with its own derived seed
seed: 1             # base seed (default: a hash of the scenario)

outputs:
  metrics:          # key metrics for summary.json: kind/entity/variable
    - state/CN/output
    - product/sme/leakage
    - world/world/welfare
`;
}
