import { ScenarioError, formatBudget, validateScenarioAsync } from '@chokepoint/scenario';
import { addLimitOptions, collect, limitsFrom } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint validate scenarios/quickstart.yaml
  $ chokepoint validate scenarios/*.yaml --set replicates=2

Each problem is printed on one line as file:line:col: field.path: expected X, received Y.
Exits with 2 when a file has problems.`;

/** `chokepoint validate`: {@link RegisterCommand}. */
export const registerValidate: RegisterCommand = (program, io, cwd) => {
  addLimitOptions(
    program
      .command('validate')
      .description('check scenario files without running them')
      .argument('<files...>', 'scenario files')
      .option('--set <path=value>', 'set a value by path before checking (repeatable)', collect),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const problems: string[] = [];
      for (const file of files) {
        try {
          const limits = limitsFrom(opts);
          const { plan, scenario } = await validateScenarioAsync(file, {
            cwd,
            set: (opts.set as string[] | undefined) ?? [],
            limits,
          });
          const m = plan.meta;
          const shared = (m.shared ?? [])
            .map(
              (s) =>
                `; arm "${s.arm}" ignores ${s.parameters.join(', ')} and runs at ${s.points} of the ${m.points.length} points`,
            )
            .join('');
          const budget = m.budget !== undefined ? `; this plan ${formatBudget(m.budget)}` : '';
          io.stdout(
            `${scenario.display}: ok (${m.arms.length} arm${m.arms.length === 1 ? '' : 's'} × ${m.points.length} point${m.points.length === 1 ? '' : 's'} × ${m.replicates} replicate${m.replicates === 1 ? '' : 's'} = ${m.runs.length} runs${shared})${budget}\n`,
          );
          for (const note of m.notes ?? []) io.stderr(`note: ${note}\n`);
        } catch (error) {
          if (!(error instanceof ScenarioError)) throw error;
          problems.push(...error.lines());
        }
      }
      if (problems.length > 0) throw new ScenarioError([], problems.join('\n'));
    });
};
