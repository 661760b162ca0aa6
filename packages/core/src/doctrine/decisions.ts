import { parseMeasure } from '../policy/fields.js';
import type { DecisionContext, Measure } from '../policy/types.js';
import type { MeasureSpec } from '../spec.js';
import type { World } from '../world.js';
import { isDecisionStep, previousDecisionStep } from './rounds.js';

/**
 * Phase 1, policy decisions. Scripted measures need no decision: they are in
 * force between their `start` and `end`. A scripted measure naming an
 * alliance is put to its vote on its start step. Then, on the first step of
 * each decision round (`decisionDays`, see {@link isDecisionStep}), each state,
 * in index order, applies its doctrine to what it observes: the measures that
 * came into force or ended since the last round, capabilities, and relative gains.
 * Everything a doctrine adopts is in force from this step on.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DNM', rival: 'CN', hawkishness: 1 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * decidePolicies(world); // phase 1 of step(): every state's doctrine decides
 * console.log(world.policy.measures.map((m) => `${m.origin} ${m.type}`)); // ['doctrine subsidy']
 * ```
 */
export function decidePolicies(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const t = world.step;
  policy.stateRetaliations.fill(0);
  policy.stateRetaliationsSuffered.fill(0);
  policy.stateSwitchingCost.fill(0);
  const round = isDecisionStep(world);
  // A round observes what came into force or ended since the round before (the last step, at quarterly steps).
  const since = round ? previousDecisionStep(world) : t - 1;
  const started = policy.measures.filter((m) => m.start >= since && m.start < t);
  const ended = policy.measures.filter((m) => m.end >= since && m.end < t);
  const context = decisionContext(world, started, ended);
  for (const m of policy.measures.filter((m) => m.start === t && m.origin === 'script' && m.alliance >= 0)) {
    holdVote(world, context, m.alliance, m, m.spec);
  }
  if (!round) return; // doctrines decide once a round (decisionDays), not once a step
  for (let s = 0; s < world.stateIds.length; s++) {
    const doctrine = policy.doctrines.get(policy.stateDoctrine[s]!)!;
    doctrine.decide(world, s, context);
  }
}

function decisionContext(world: World, started: Measure[], ended: Measure[]): DecisionContext {
  const policy = world.policy;
  const t = world.step;
  const context: DecisionContext = {
    rng: world.rng.stream('policy'),
    started,
    ended,
    adopt(spec, origin, options = {}) {
      const measure = parseMeasure(world, { ...spec, start: t }, ['measures', policy.measures.length], origin, {
        ...options,
        defaultId: freshId(world, spec.type),
      });
      policy.measures.push(measure);
      return measure;
    },
    lift(measure) {
      if (measure.end > t) measure.end = t;
    },
    propose(alliance, spec) {
      const proposal = parseMeasure(world, { ...spec, start: t }, ['proposal'], 'alliance', { defaultId: 'proposal' });
      return holdVote(world, context, alliance, proposal, spec);
    },
  };
  return context;
}

/**
 * One member, one vote; consensus passes. If the vote passes, every other
 * member adopts the measure as its own; if it fails, the proposer's own
 * measure stands alone.
 */
function holdVote(
  world: World,
  context: DecisionContext,
  alliance: number,
  proposal: Measure,
  spec: MeasureSpec,
): boolean {
  const policy = world.policy;
  const record = policy.alliances[alliance]!;
  record.votes++;
  let passed = true;
  for (const member of record.members) {
    if (member === proposal.issuer) continue;
    const yes = policy.doctrines.get(policy.stateDoctrine[member]!)!.vote(world, member, proposal);
    if (!yes) {
      record.defections++;
      passed = false;
    }
  }
  if (!passed) return false;
  record.passed++;
  for (const member of record.members) {
    if (member === proposal.issuer) continue;
    const { id: _id, alliance: _alliance, start: _start, end, announce: _announce, ...fields } = spec;
    context.adopt({ ...fields, ...(end === undefined ? {} : { end }), issuer: world.stateIds[member]! }, 'alliance', {
      targets: proposal.targets,
    });
  }
  return true;
}

/** `<type>-<n>` with the smallest n ≥ measure count + 1 that no measure uses yet (scripted ids may follow the same pattern). */
function freshId(world: World, type: string): string {
  const used = new Set(world.policy.measures.map((m) => m.id));
  let n = world.policy.measures.length + 1;
  while (used.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}
