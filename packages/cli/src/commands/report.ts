import { relative, resolve } from 'node:path';
import { atCommandLine, ScenarioError } from '@chokepoint/scenario';
import { collect, commaList, renderReport } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint report runs/quickstart-2026-11-22T10-00-00
  $ chokepoint report runs/qs --metric state/TW/output --metric firm/TSMC/output

Writes a self-contained report.html (no external URL): title, description, sources, parameters,
effect sizes, every chart and the manifest; --metric (repeatable, with --arms) adds a time series
of any recorded metric. Prints "Report: <path>".`;

/** `chokepoint report`: {@link RegisterCommand}. */
export const registerReport: RegisterCommand = (program, io, cwd) => {
  program
    .command('report')
    .description('write the self-contained report.html of a run directory (and its charts)')
    .argument('<dir>', 'run directory')
    .option(
      '-m, --metric <kind/entity/variable>',
      'add a time series of this metric, e.g. firm/TSMC/output (repeatable)',
      collect,
    )
    .option('--arms <a,b>', 'only these arms in the --metric charts', commaList)
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, opts: { metric?: string[]; arms?: string[] }) => {
      if (opts.arms !== undefined && opts.metric === undefined) {
        throw new ScenarioError(
          [],
          atCommandLine(
            '--arms: expected it with --metric KIND/ENTITY/VARIABLE (it applies to those charts), received --arms alone',
          ),
        );
      }
      const report = await renderReport(resolve(cwd, dir), cwd, {
        ...(opts.metric ? { metrics: opts.metric } : {}),
        ...(opts.arms ? { arms: opts.arms } : {}),
      });
      io.stdout(`Report: ${relative(cwd, report).startsWith('..') ? report : relative(cwd, report)}\n`);
    });
};
