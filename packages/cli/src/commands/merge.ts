import { join, relative, sep } from 'node:path';
import { mergeRuns } from '@chokepoint/runner';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint run big.yaml --out runs/part1 --shard 1/2
  $ chokepoint run big.yaml --out runs/part2 --shard 2/2
  $ chokepoint merge runs/part1 runs/part2 --out runs/big
  $ chokepoint merge runs/sweep/part-{1..8} --out runs/sweep/merged --resubmit runs/sweep/shards.sbatch

The merged data files are byte-identical to an unsharded run's. When runs are missing, nothing
is written: each failed shard is named with the command that reruns it, and the exit code is 2.`;

/** `chokepoint merge`: {@link RegisterCommand}. */
export const registerMerge: RegisterCommand = (program, io, cwd) => {
  const me = io.command ?? 'chokepoint';
  program
    .command('merge')
    .description('join shard directories (run --shard i/N) into one run directory')
    .argument('<dirs...>', 'shard directories')
    .requiredOption('-o, --out <dir>', 'the merged run directory')
    .option(
      '--resubmit <script>',
      'the Slurm array script of the shards (from `chokepoint slurm`): failed shards are also reported as `sbatch --array=… SCRIPT`',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (dirs: string[], opts: { out: string; resubmit?: string }) => {
      const { out, plan, warnings } = await mergeRuns(dirs, {
        out: opts.out,
        cwd,
        command: me,
        ...(opts.resubmit !== undefined ? { resubmit: opts.resubmit } : {}),
      });
      for (const warning of warnings)
        io.stderr(`warning: ${warning}
`);
      const shown = relative(cwd, out).startsWith('..') ? out : relative(cwd, out) || '.';
      io.stderr(
        `merged ${plan.runs.length} runs from ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'} into ${shown}${sep}\n`,
      );
      io.stdout(`${shown}\n`);
    });
};
