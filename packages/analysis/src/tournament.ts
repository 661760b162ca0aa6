/**
 * The doctrine tournament: a round-robin of doctrines, the way Axelrod's tournament pits
 * strategies against each other. Every ordered pair (A, B) of the doctrines plays in every
 * world over the replicates: the first player state (the US) follows A and the second (China)
 * follows B, each the other's rival, as the doctrine-pairs experiment sets a pair. Each world is
 * one generated scenario, with one arm per pair, run by {@link runScenario}; the doctrines are
 * then ranked by absolute welfare, relative gains and escalation, with Student-t 95% intervals.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BUILTIN_DOCTRINES, suggest } from '@chokepoint/core';
import { csvFormatRows, csvParseRows } from 'd3-dsv';
import { stringify } from 'yaml';
import { writeFileAtomic } from '@chokepoint/outputs/internal';
import { COMMAND_LINE, ScenarioError } from '@chokepoint/scenario';
import { libraryDir, listWorlds } from '@chokepoint/scenario';
import { checkCommandLinePlugins, loadPlugins } from '@chokepoint/scenario/internal';
import { runScenario, type Progress } from '@chokepoint/runner';
import { summarizeMean, type MeanSummary } from '@chokepoint/format';
import { displayName } from '@chokepoint/scenario/internal';

/**
 * Options of {@link runTournament}.
 *
 * @example
 * ```ts
 * const options: TournamentOptions = { out: 'runs/t', doctrines: ['DNM', 'NLG'], worlds: ['toy-chips'], replicates: 2, horizon: 8, workers: 1 };
 * const result = await runTournament(options);
 * // 4 ordered pairs × 2 replicates:
 * console.log(result.runs, result.players, result.scenarios.map((s) => s.scenario)); // 8 ['US', 'CN'] ['scenarios/toy-chips.yaml']
 * ```
 */
export interface TournamentOptions {
  /** The tournament directory. Must be new or empty. */
  out: string;
  /** Doctrine ids. Default: every registered doctrine (the built-ins, then the plugins'). */
  doctrines?: readonly string[];
  /** Bundled world names. Default: every world in the library's `worlds/` folder. */
  worlds?: readonly string[];
  /** The two player states: the first plays A, the second B. Default `['US', 'CN']`. */
  players?: readonly [string, string];
  /** Replicates per pair and world. Default 10. */
  replicates?: number;
  /** Steps per run. Default 40 (ten years of quarters). */
  horizon?: number;
  /** Base seed. Default `'tournament'`. */
  seed?: string;
  /** Worker threads (`RunOptions.workers` of `@chokepoint/runner`). */
  workers?: number;
  /** Plugin modules (paths relative to `cwd`), whose doctrines may enter the tournament. */
  plugins?: readonly string[];
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
  /** The scenario library. Default: the bundled `scenarios/`. */
  library?: string;
  /** Called before each world's runs start. */
  onWorld?: (info: { world: string; index: number; worlds: number; runs: number }) => void;
  /** Called after each finished run, counting over all worlds. */
  onProgress?: (progress: Progress) => void;
}

/**
 * One player's result in one run: a row of tournament.csv.
 *
 * @example
 * ```ts
 * const play = (doctrine: string, opponent: string, replicate: number, welfare: number): TournamentPlay => ({
 *   world: 'toy-chips', arm: `${doctrine}-vs-${opponent}`, replicate, seed: `t/${replicate}`, side: 'first', state: 'US',
 *   doctrine, opponent, welfare, relativeGain: 0, escalation: 0,
 * });
 * const plays = [play('DNM', 'NLG', 0, 0.9), play('NLG', 'DNM', 0, 0.96), play('DNM', 'NLG', 1, 0.92), play('NLG', 'DNM', 1, 0.98)];
 * const [welfare] = rankDoctrines(plays, ['DNM', 'NLG'], 2);
 * console.log(welfare!.entries.map((e) => `${e.rank}. ${e.doctrine} ${e.mean.toFixed(2)}`)); // ['1. NLG 0.97', '2. DNM 0.91']
 * ```
 */
export interface TournamentPlay {
  /** World name. */
  world: string;
  /** The pair's arm name, `A-vs-B`. */
  arm: string;
  /** Replicate index. */
  replicate: number;
  /** The run's seed. */
  seed: string;
  /** 'first' (plays A) or 'second' (plays B). */
  side: 'first' | 'second';
  /** The player state. */
  state: string;
  /** Its doctrine. */
  doctrine: string;
  /** The other player's doctrine. */
  opponent: string;
  /** Welfare over the run / final demand over the run: the share of its demand met, net of subsidies and switching costs. */
  welfare: number;
  /** Its welfare share minus the other player's (relative gains). */
  relativeGain: number;
  /** Its escalation index (severity of its measures in force plus its retaliations), averaged over the steps. */
  escalation: number;
}

/**
 * One criterion's ranking.
 *
 * @example
 * ```ts
 * const result = await runTournament({ out: 'runs/t', doctrines: ['DNM', 'NLG'], worlds: ['toy-chips'], replicates: 2, horizon: 8, workers: 1 });
 * const escalation: TournamentRanking = result.rankings.find((r) => r.criterion === 'escalation')!;
 * // The least escalatory doctrine first:
 * console.log(escalation.better, escalation.entries.map((e) => e.rank), escalation.entries[0]!.mean <= escalation.entries[1]!.mean); // lower [1, 2] true
 * ```
 */
export interface TournamentRanking {
  /** `welfare`, `relativeGain` or `escalation`. */
  criterion: 'welfare' | 'relativeGain' | 'escalation';
  /** Whether higher or lower ranks first. */
  better: 'higher' | 'lower';
  /** The doctrines, best first: the mean over replicates of the per-replicate score, with its 95% Student-t interval. */
  entries: Array<{ rank: number; doctrine: string } & MeanSummary>;
}

/**
 * What {@link runTournament} writes to tournament.json (and returns).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * await runTournament({ out: 'runs/t', doctrines: ['DNM', 'NLG'], worlds: ['toy-chips'], replicates: 2, horizon: 8, workers: 1 });
 * const result: TournamentResult = JSON.parse(readFileSync('runs/t/tournament.json', 'utf8'));
 * console.log(result.format, result.rankings.map((r) => r.criterion)); // chokepoint-tournament/1 ['welfare', 'relativeGain', 'escalation']
 * console.log(result.rankings.map((r) => `${r.criterion}: ${r.entries.map((e) => e.doctrine).join(' > ')}`));
 * ```
 */
export interface TournamentResult {
  /** File format tag. */
  format: 'chokepoint-tournament/1';
  /** The doctrines, in the order given. */
  doctrines: string[];
  /** The worlds. */
  worlds: string[];
  /** The player states. */
  players: [string, string];
  /** Replicates per pair and world. */
  replicates: number;
  /** Steps per run. */
  horizon: number;
  /** Base seed. */
  seed: string;
  /** Runs in all. */
  runs: number;
  /** Plugin modules, with their hashes and doctrines. */
  plugins: Array<{ path: string; hash: string; doctrines: string[] }>;
  /** Per world: the generated scenario, its run directory and plan hash. */
  scenarios: Array<{ world: string; scenario: string; runDirectory: string; plan: string }>;
  /** Per world and ordered pair: the players' mean scores over the replicates. */
  pairs: Array<{
    world: string;
    first: string;
    second: string;
    welfare: [number, number];
    escalation: [number, number];
  }>;
  /** Rankings by absolute welfare, relative gains and escalation. */
  rankings: TournamentRanking[];
  /** How a score is made, in words. */
  method: string;
  /** ISO start time (differs between runs). */
  startedAt: string;
  /** Wall time in milliseconds (differs between runs). */
  wallTimeMs: number;
}

/** The variables the tournament reads from each run. */
const VARIABLES = ['welfare', 'final_demand', 'escalation_index'];

const METHOD =
  "Every ordered pair (A, B) of doctrines plays in every world: the first player state follows A, the second B, each the other's rival; other states keep the world's doctrines. " +
  "Per run and player: welfare = its welfare summed over the steps / its final demand summed over the steps; relative gain = its welfare minus the other player's; escalation = its escalation index averaged over the steps. " +
  "A doctrine's score in a replicate is the mean over its plays (every world, opponent and side; self-play counts both sides). " +
  'The ranking uses the mean over replicates of that score, with a Student-t 95% interval (n = replicates); higher welfare and relative gains rank first, lower escalation ranks first.';

function badInput(path: string, expected: string, received: string): ScenarioError {
  return new ScenarioError([{ ...COMMAND_LINE, path, expected, received }]);
}

/**
 * Runs a doctrine tournament (see the module comment) and writes the tournament directory:
 * `tournament.json` (rankings, per-pair means, the design), `tournament.csv` (one row per run
 * and player), `scenarios/<world>.yaml` (the generated scenarios) and `runs/<world>/` (their
 * run directories). The chart is drawn by the CLI (`@chokepoint/charts`).
 *
 * @throws ScenarioError for bad input: an unknown doctrine or world, a used `out`, a bad plugin.
 *
 * @example
 * ```ts
 * const result = await runTournament({ out: 'runs/tournament', worlds: ['toy-chips'], replicates: 2, horizon: 8 });
 * for (const e of result.rankings[0]!.entries) console.log(e.rank, e.doctrine, e.mean, e.ci95);
 * // Every built-in doctrine, against every one (itself too):
 * console.log(result.doctrines.length ** 2 * 2 === result.runs); // true
 * ```
 */
export async function runTournament(options: TournamentOptions): Promise<TournamentResult> {
  const started = new Date();
  const cwd = options.cwd ?? process.cwd();
  const library = options.library ?? libraryDir();
  const pluginFiles = checkCommandLinePlugins(options.plugins ?? [], cwd);
  const plugins = await loadPlugins(pluginFiles);
  const registered = [...BUILTIN_DOCTRINES.map((d) => d.id), ...plugins.doctrines.map((d) => d.id)];
  const doctrines = [...(options.doctrines ?? registered)];
  if (doctrines.length < 1) throw badInput('--doctrines', 'at least one doctrine', 'none');
  for (const id of doctrines) {
    if (!registered.includes(id))
      throw badInput(
        '--doctrines',
        `registered doctrines (${registered.join(', ')})${suggest(id, registered)}`,
        `"${id}"`,
      );
  }
  if (new Set(doctrines).size !== doctrines.length)
    throw badInput('--doctrines', 'each doctrine once', doctrines.join(','));
  const available = listWorlds(library);
  const worlds = [...(options.worlds ?? available)];
  if (worlds.length < 1) throw badInput('--worlds', 'at least one bundled world', 'none');
  for (const world of worlds) {
    if (!available.includes(world))
      throw badInput('--worlds', `bundled worlds (${available.join(', ')})${suggest(world, available)}`, `"${world}"`);
  }
  const players: [string, string] = [options.players?.[0] ?? 'US', options.players?.[1] ?? 'CN'];
  if (players[0] === players[1]) throw badInput('--players', 'two different states', players.join(','));
  const replicates = options.replicates ?? 10;
  const horizon = options.horizon ?? 40;
  const seed = options.seed ?? 'tournament';
  const out = resolve(cwd, options.out);
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new ScenarioError(
      [],
      `${displayName(out, cwd)}: expected an empty or new directory for --out, received one that exists and is not empty (choose another --out)`,
    );
  mkdirSync(join(out, 'scenarios'), { recursive: true });

  const pairs: Array<{ arm: string; first: string; second: string }> = [];
  for (const first of doctrines)
    for (const second of doctrines) pairs.push({ arm: `${first}-vs-${second}`, first, second });
  const perWorld = pairs.length * replicates;
  const total = perWorld * worlds.length;
  const plays: TournamentPlay[] = [];
  const scenarios: TournamentResult['scenarios'] = [];
  for (const [index, world] of worlds.entries()) {
    const file = join(out, 'scenarios', `${world}.yaml`);
    writeFileAtomic(
      file,
      tournamentScenario(world, pairs, players, { replicates, horizon, seed, plugins: pluginFiles.map((p) => p.path) }),
    );
    options.onWorld?.({ world, index, worlds: worlds.length, runs: perWorld });
    const runDirectory = join(out, 'runs', world);
    const result = await runScenario(file, {
      cwd,
      library,
      out: runDirectory,
      plugins: pluginFiles.map((p) => p.absolute),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      onProgress: (p) => options.onProgress?.({ done: index * perWorld + p.done, total, skipped: 0 }),
    }).catch((error: unknown) => {
      // A player that is not a state of the world shows up in the generated file; name the flag.
      const state =
        error instanceof ScenarioError
          ? /^arms\.[^.]+\.doctrines\.(.+)$/.exec(error.diagnostics[0]?.path ?? '')?.[1]
          : undefined;
      if (state !== undefined) throw badInput('--players', `states of world ${world}`, `"${state}"`);
      throw error;
    });
    scenarios.push({
      world,
      scenario: relative(out, file),
      runDirectory: relative(out, runDirectory),
      plan: result.plan.hash,
    });
    plays.push(...readPlays(join(runDirectory, 'metrics.csv'), world, pairs, players));
  }

  const result: TournamentResult = {
    format: 'chokepoint-tournament/1',
    doctrines,
    worlds,
    players,
    replicates,
    horizon,
    seed,
    runs: total,
    plugins: plugins.modules.map((m) => ({ path: m.path, hash: m.hash, doctrines: m.doctrines })),
    scenarios,
    pairs: pairMeans(plays, worlds, pairs),
    rankings: rankDoctrines(plays, doctrines, replicates),
    method: METHOD,
    startedAt: started.toISOString(),
    wallTimeMs: Date.now() - started.getTime(),
  };
  writeFileAtomic(join(out, 'tournament.csv'), tournamentCsv(plays));
  writeFileAtomic(join(out, 'tournament.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/**
 * The scenario file of one world of a tournament: one arm per ordered pair.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('pair.yaml', tournamentScenario('toy-chips', [{ arm: 'DNM-vs-NLG', first: 'DNM', second: 'NLG' }], ['US', 'CN'], { replicates: 2, horizon: 8, seed: 's' }));
 * const { doc } = loadScenario('pair.yaml');
 * console.log(doc.name, Object.keys(doc.arms as object), doc.horizon); // tournament-toy-chips ['DNM-vs-NLG'] 8
 * ```
 */
export function tournamentScenario(
  world: string,
  pairs: ReadonlyArray<{ arm: string; first: string; second: string }>,
  players: readonly [string, string],
  settings: { replicates: number; horizon: number; seed: string; plugins?: readonly string[] },
): string {
  const [a, b] = players;
  const arms: Record<string, unknown> = {};
  for (const pair of pairs) {
    arms[pair.arm] = {
      description: `${a} ${pair.first}, ${b} ${pair.second}.`,
      doctrines: { [a]: { doctrine: pair.first, rival: b }, [b]: { doctrine: pair.second, rival: a } },
    };
  }
  const doc = {
    name: `tournament-${world}`,
    title: `Doctrine tournament on ${world}`,
    description: `Generated by chokepoint tournament: every ordered pair of ${[...new Set(pairs.map((p) => p.first))].join(', ')}, ${a} playing the first doctrine of the pair and ${b} the second.`,
    world: { ref: world },
    horizon: settings.horizon,
    arms,
    replicates: settings.replicates,
    seed: settings.seed,
    outputs: {
      metrics: [
        `state/${a}/welfare`,
        `state/${b}/welfare`,
        `state/${a}/escalation_index`,
        `state/${b}/escalation_index`,
      ],
      record: { firms: false, flows: false, states: true, policy: true },
      variables: VARIABLES,
      parquet: false,
    },
  };
  const note =
    settings.plugins !== undefined && settings.plugins.length > 0
      ? `# Plugin doctrines come from --plugin ${settings.plugins.join(' --plugin ')}\n`
      : '';
  return `# Generated by \`chokepoint tournament\`; the runs of this file are in ../runs/${world}/.\n${note}${stringify(doc, { lineWidth: 0 })}`;
}

/** Reads the plays of one world from its metrics.csv. */
function readPlays(
  csvPath: string,
  world: string,
  pairs: ReadonlyArray<{ arm: string; first: string; second: string }>,
  players: readonly [string, string],
): TournamentPlay[] {
  const rows = csvParseRows(readFileSync(csvPath, 'utf8'));
  const header = rows[0]!;
  const col = (name: string): number => header.indexOf(name);
  const [cRun, cArm, cReplicate, cSeed, cKind, cEntity, cVariable, cValue] = [
    'run_id',
    'arm',
    'replicate',
    'seed',
    'entity_kind',
    'entity',
    'variable',
    'value',
  ].map(col) as [number, number, number, number, number, number, number, number];
  interface Sums {
    arm: string;
    replicate: number;
    seed: string;
    welfare: [number, number];
    demand: [number, number];
    escalation: [number, number];
    steps: Set<string>;
  }
  const byRun = new Map<string, Sums>();
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row[cKind] !== 'state') continue;
    const side = players.indexOf(row[cEntity]!);
    if (side < 0) continue;
    let sums = byRun.get(row[cRun]!);
    if (sums === undefined) {
      sums = {
        arm: row[cArm]!,
        replicate: Number(row[cReplicate]),
        seed: row[cSeed]!,
        welfare: [0, 0],
        demand: [0, 0],
        escalation: [0, 0],
        steps: new Set(),
      };
      byRun.set(row[cRun]!, sums);
    }
    const value = Number(row[cValue]);
    const variable = row[cVariable];
    if (variable === 'welfare') sums.welfare[side] += value;
    else if (variable === 'final_demand') sums.demand[side] += value;
    else if (variable === 'escalation_index') {
      sums.escalation[side] += value;
      sums.steps.add(row[header.indexOf('step')]!);
    }
  }
  const pairOf = new Map(pairs.map((p) => [p.arm, p]));
  const plays: TournamentPlay[] = [];
  for (const sums of byRun.values()) {
    const pair = pairOf.get(sums.arm)!;
    for (const side of [0, 1] as const) {
      if (!(sums.demand[side] > 0))
        throw new ScenarioError(
          [],
          `tournament: ${players[side]} has no final demand in world ${world}; choose other --players`,
        );
    }
    const share = [sums.welfare[0] / sums.demand[0], sums.welfare[1] / sums.demand[1]] as const;
    const steps = Math.max(1, sums.steps.size);
    for (const side of [0, 1] as const) {
      plays.push({
        world,
        arm: sums.arm,
        replicate: sums.replicate,
        seed: sums.seed,
        side: side === 0 ? 'first' : 'second',
        state: players[side],
        doctrine: side === 0 ? pair.first : pair.second,
        opponent: side === 0 ? pair.second : pair.first,
        welfare: share[side],
        relativeGain: share[side] - share[1 - side]!,
        escalation: sums.escalation[side] / steps,
      });
    }
  }
  return plays;
}

function pairMeans(
  plays: readonly TournamentPlay[],
  worlds: readonly string[],
  pairs: ReadonlyArray<{ arm: string; first: string; second: string }>,
): TournamentResult['pairs'] {
  const out: TournamentResult['pairs'] = [];
  for (const world of worlds) {
    for (const pair of pairs) {
      const mine = plays.filter((p) => p.world === world && p.arm === pair.arm);
      const mean = (side: 'first' | 'second', key: 'welfare' | 'escalation'): number =>
        summarizeMean(mine.filter((p) => p.side === side).map((p) => p[key])).mean;
      out.push({
        world,
        first: pair.first,
        second: pair.second,
        welfare: [mean('first', 'welfare'), mean('second', 'welfare')],
        escalation: [mean('first', 'escalation'), mean('second', 'escalation')],
      });
    }
  }
  return out;
}

/**
 * Ranks doctrines from their plays: per replicate, a doctrine's score is the mean over its
 * plays (every world, opponent and side); the ranking uses the mean of those scores over the
 * replicates, with a Student-t 95% interval. Ties keep the order of `doctrines`.
 *
 * @example
 * ```ts
 * const play = (doctrine: string, replicate: number, welfare: number, escalation: number): TournamentPlay => ({
 *   world: 'toy-chips', arm: 'DNM-vs-NLG', replicate, seed: `s/${replicate}`, side: doctrine === 'DNM' ? 'first' : 'second',
 *   state: doctrine === 'DNM' ? 'US' : 'CN', doctrine, opponent: doctrine === 'DNM' ? 'NLG' : 'DNM', welfare, relativeGain: 0, escalation,
 * });
 * const plays = [play('DNM', 0, 0.9, 2), play('NLG', 0, 0.95, 1), play('DNM', 1, 0.92, 3), play('NLG', 1, 0.97, 1)];
 * const [welfare, , escalation] = rankDoctrines(plays, ['DNM', 'NLG'], 2);
 * console.log(welfare!.entries.map((e) => e.doctrine), escalation!.entries.map((e) => `${e.doctrine} ${e.mean}`)); // ['NLG', 'DNM'] ['NLG 1', 'DNM 2.5']
 * ```
 */
export function rankDoctrines(
  plays: readonly TournamentPlay[],
  doctrines: readonly string[],
  replicates: number,
): TournamentRanking[] {
  const criteria: Array<[TournamentRanking['criterion'], TournamentRanking['better']]> = [
    ['welfare', 'higher'],
    ['relativeGain', 'higher'],
    ['escalation', 'lower'],
  ];
  return criteria.map(([criterion, better]) => {
    const summaries = doctrines.map((doctrine) => {
      const scores: number[] = [];
      for (let r = 0; r < replicates; r++) {
        const mine = plays.filter((p) => p.doctrine === doctrine && p.replicate === r);
        if (mine.length > 0) scores.push(mine.reduce((sum, p) => sum + p[criterion], 0) / mine.length);
      }
      return { doctrine, ...summarizeMean(scores) };
    });
    const order = summaries
      .map((s, i) => i)
      .sort((i, j) => {
        const d =
          better === 'higher' ? summaries[j]!.mean - summaries[i]!.mean : summaries[i]!.mean - summaries[j]!.mean;
        return d !== 0 ? d : i - j;
      });
    return { criterion, better, entries: order.map((i, k) => ({ rank: k + 1, ...summaries[i]! })) };
  });
}

/** tournament.csv: one row per run and player. */
function tournamentCsv(plays: readonly TournamentPlay[]): string {
  const header = [
    'world',
    'arm',
    'replicate',
    'seed',
    'side',
    'state',
    'doctrine',
    'opponent',
    'welfare',
    'relative_gain',
    'escalation',
  ];
  const rows = plays.map((p) => [
    p.world,
    p.arm,
    String(p.replicate),
    p.seed,
    p.side,
    p.state,
    p.doctrine,
    p.opponent,
    String(p.welfare),
    String(p.relativeGain),
    String(p.escalation),
  ]);
  return `${csvFormatRows([header, ...rows])}\n`;
}
