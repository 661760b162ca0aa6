import { join, relative, resolve, sep } from 'node:path';
import { atCommandLine, ScenarioError } from '@chokepoint/scenario';
import { renderMetricCharts, renderRunCharts } from '@chokepoint/charts/node';
import { asBadInput, collect, commaList } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint chart runs/quickstart-2026-11-22T10-00-00
  $ chokepoint chart runs/qs --metric state/CN/output
  $ chokepoint chart runs/qs --metric firm/Samsung-Mobile/output --arms control,aligned --out samsung.png

Without --metric, writes charts/*.svg and charts/*.png into the run directory, choosing the charts
by the metrics it holds (time series with replicate bands, effect sizes, doctrine share,
escalation, trade flows, supply network, market shares, sweep heatmaps). With --metric
KIND/ENTITY/VARIABLE (repeatable), draws that metric by arm with 95% confidence bands (a panel per
sweep point for a sweep) into charts/, or into --out (.svg or .png). An unknown metric or arm is
an error that lists the nearest valid names.`;

/** `chokepoint chart`: {@link RegisterCommand}. */
export const registerChart: RegisterCommand = (program, io, cwd) => {
  program
    .command('chart')
    .description('render the charts of a run directory (charts/*.svg and charts/*.png), or one metric of it')
    .argument('<dir>', 'run directory')
    .option(
      '-m, --metric <kind/entity/variable>',
      'draw this metric by arm, e.g. state/CN/output (repeatable)',
      collect,
    )
    .option('--arms <a,b>', 'only these arms, in this order (with --metric)', commaList)
    .option('-o, --out <file>', 'write the --metric chart to this .svg or .png file instead of charts/')
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, opts: { metric?: string[]; arms?: string[]; out?: string }) => {
      const runDir = resolve(cwd, dir);
      if (opts.metric === undefined) {
        for (const flag of ['out', 'arms'] as const) {
          if (opts[flag] !== undefined)
            throw new ScenarioError(
              [],
              atCommandLine(
                `--${flag}: expected it with --metric KIND/ENTITY/VARIABLE (it applies to that chart), received --${flag} alone`,
              ),
            );
        }
        const charts = await asBadInput(() => renderRunCharts(runDir), cwd);
        io.stderr(`${charts.length} chart${charts.length === 1 ? '' : 's'} written to ${join(dir, 'charts')}${sep}\n`);
        io.stdout(`${join(dir, 'charts')}\n`);
        return;
      }
      // Checked here too, so that the message quotes the file as typed.
      if (opts.out !== undefined && !/\.(svg|png)$/i.test(opts.out))
        throw new ScenarioError(
          [],
          atCommandLine(`--out: expected a file name ending in .svg or .png, received ${JSON.stringify(opts.out)}`),
        );
      const out = opts.out !== undefined ? resolve(cwd, opts.out) : undefined;
      const charts = await asBadInput(
        () =>
          renderMetricCharts(runDir, {
            metrics: opts.metric!,
            ...(opts.arms ? { arms: opts.arms } : {}),
            ...(out !== undefined ? { out } : {}),
          }),
        cwd,
      );
      for (const chart of charts)
        for (const file of chart.files)
          io.stdout(`${relative(cwd, file).startsWith('..') ? file : relative(cwd, file)}\n`);
    });
};
