import { formatBytes, formatCount, type PlanBudget } from '@chokepoint/scenario';

/*
 * How large a plan the page runs. The page keeps every run's rows of metrics.csv in memory
 * (for the download), so the plan's budget (`buildPlan`'s estimate of the rows and bytes of
 * metrics.csv it writes, and the memory one run needs) decides: a plan up to
 * CONFIRM_BYTES runs at once; up to MAX_BYTES, after the user confirms; above it, or with a
 * run larger than MAX_RUN_MEMORY, not in the page: the message says how to make it smaller or
 * to run it with the CLI.
 */

/** Bytes of metrics.csv above which the page asks before it runs a plan (250 MB). */
export const CONFIRM_BYTES = 250e6;
/** Bytes of metrics.csv above which the page refuses a plan (1 GB): a browser tab holds a few GB at most. */
export const MAX_BYTES = 1e9;
/** Memory one run may need in a worker (1 GB). */
export const MAX_RUN_MEMORY = 1e9;

/** What the page does with a plan of this size. */
export type SizeVerdict = { kind: 'ok' } | { kind: 'confirm'; message: string } | { kind: 'refuse'; message: string };

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The plan's size, in words: `about 31 MB of metrics.csv (282,624 rows from 32 runs of 24 steps)`. */
export function sizeText(budget: PlanBudget): string {
  const steps = budget.runs > 0 ? Math.round(budget.steps / budget.runs) : 0;
  return `about ${formatBytes(budget.csvBytes)} of metrics.csv (${formatCount(budget.rows)} rows from ${plural(budget.runs, 'run')} of ${plural(steps, 'step')})`;
}

/** How to make a plan smaller, or where to run it instead. */
function remedy(path: string): string {
  return (
    'To run it here, make it smaller: fewer replicates, a smaller sweep (fewer points or parameters), ' +
    'a shorter horizon, or fewer variables recorded (outputs.variables). ' +
    `Or run it with the command line, which writes to disk as it goes: chokepoint run ${path}`
  );
}

/** Runs at once, asks first, or refuses: by the budget of a plan of the file at `path`. */
export function sizeVerdict(budget: PlanBudget | undefined, path: string): SizeVerdict {
  if (budget === undefined) return { kind: 'ok' };
  if (budget.memoryPerRun > MAX_RUN_MEMORY)
    return {
      kind: 'refuse',
      message: `Too large for the browser: a run of this plan needs about ${formatBytes(budget.memoryPerRun)} of memory, more than the ${formatBytes(MAX_RUN_MEMORY)} a worker of this page may use. ${remedy(path)}`,
    };
  if (budget.csvBytes > MAX_BYTES)
    return {
      kind: 'refuse',
      message: `Too large for the browser: this plan writes ${sizeText(budget)}, more than the ${formatBytes(MAX_BYTES)} this page keeps in memory. ${remedy(path)}`,
    };
  if (budget.csvBytes > CONFIRM_BYTES)
    return {
      kind: 'confirm',
      message: `A large plan: it writes ${sizeText(budget)}, which this page keeps in memory until you leave it; the browser may slow down or run out of memory. ${remedy(path)}`,
    };
  return { kind: 'ok' };
}
