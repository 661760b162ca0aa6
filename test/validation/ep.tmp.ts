import { runEpisode, formatTable } from './observe.ts';
for (const name of process.argv.slice(2)) console.log(formatTable(runEpisode(name)));
