import {
  buildPlan,
  loadMathjs,
  loadScenario,
  memoryFiles,
  ScenarioError,
  useScenarioFiles,
  type RunPlan,
} from '@chokepoint/scenario';
import { LIBRARY_FILES } from './library.ts';

/*
 * Checks a scenario file as the CLI does: loads it with the bundled library held in
 * memory (the edited text in place of the file at its path) and plans it, so the editor
 * shows the CLI's own located errors and the plan's size.
 */

/** The working directory the in-memory files live under; diagnostics name files relative to it. */
export const CWD = '/repo';

/** One located problem. */
export interface Problem {
  /** The file, relative to the repository root, e.g. `scenarios/quickstart.yaml`. */
  file: string;
  /** 1-based line; 0 when the problem has no location. */
  line: number;
  /** 1-based column; 0 when the problem has no location. */
  col: number;
  /** `path: expected …, received …`, or the error's message. */
  message: string;
  /** The CLI's line: `file:line:col: path: expected …, received …`. */
  text: string;
}

/** A checked scenario: its plan, or its problems. */
export type Checked = { ok: true; plan: RunPlan; summary: string } | { ok: false; problems: Problem[] };

let mathjs: Promise<unknown> | undefined;

/** Loads mathjs once (the scenario language's expressions need it before planning). */
export function ready(): Promise<unknown> {
  return (mathjs ??= loadMathjs());
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `4 arms × 1 point × 8 replicates = 32 runs` (shared arms run fewer points, so the runs are counted). */
export function planSummary(plan: RunPlan): string {
  const { arms, points, replicates, runs } = plan.meta;
  const steps = plan.configs[0]?.steps;
  return (
    `${plural(arms.length, 'arm')} × ${plural(points.length, 'point')} × ${plural(replicates, 'replicate')} = ` +
    `${plural(runs.length, 'run')}` +
    (steps === undefined ? '' : ` of ${plural(steps, 'step')}`)
  );
}

/** Parses one of `ScenarioError.lines()`: `file:line:col: message`, or a message with no location. */
export function parseProblem(text: string, fallbackFile: string): Problem {
  const match = /^(.*?):(\d+):(\d+): (.*)$/s.exec(text);
  if (match === null) return { file: fallbackFile, line: 0, col: 0, message: text, text };
  return { file: match[1]!, line: Number(match[2]), col: Number(match[3]), message: match[4]!, text };
}

/**
 * Loads and plans the scenario at `path` (from the repository root) with `text` as its
 * content. Call {@link ready} first.
 */
export function checkScenario(path: string, text: string): Checked {
  useScenarioFiles(memoryFiles({ ...LIBRARY_FILES, [path]: text }, { cwd: CWD, library: `${CWD}/scenarios` }));
  try {
    const plan = buildPlan(loadScenario(path));
    return { ok: true, plan, summary: planSummary(plan) };
  } catch (error) {
    if (error instanceof ScenarioError) return { ok: false, problems: error.lines().map((l) => parseProblem(l, path)) };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ file: path, line: 0, col: 0, message, text: message }] };
  } finally {
    useScenarioFiles();
  }
}
