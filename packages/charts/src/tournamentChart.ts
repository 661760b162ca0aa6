import { max, min, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { formatPercent, formatValue } from './format.js';
import { categoricalColours, dnmColour, inkColour, mutedInkColour, neutralGrey, nlgColour } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth } from './textWidth.js';

/**
 * One criterion's ranking, as in tournament.json of `chokepoint tournament`.
 *
 * @example
 * ```ts
 * const ranking: TournamentChartRanking = {
 *   criterion: 'escalation', better: 'lower',
 *   entries: [{ rank: 1, doctrine: 'NLG', mean: 0.3, ci95: [0.2, 0.4] }, { rank: 2, doctrine: 'DNM', mean: 1.1, ci95: null }],
 * };
 * const svg = tournamentChart({ rankings: [ranking] }, {}, document);
 * console.log(svg.querySelectorAll('g.tournament-row').length, svg.querySelectorAll('line.score-ci').length); // 2 1
 * ```
 */
export interface TournamentChartRanking {
  /** `welfare`, `relativeGain`, `escalation` (or another criterion, labelled by its name). */
  criterion: string;
  /** Whether higher or lower ranks first. */
  better: 'higher' | 'lower';
  /** The doctrines, best first. */
  entries: ReadonlyArray<{ rank: number; doctrine: string; mean: number; ci95: readonly [number, number] | null }>;
}

/**
 * Input of {@link tournamentChart}: the `rankings` of tournament.json, and what the tournament covered.
 *
 * @example
 * ```ts
 * const welfare: TournamentChartRanking = { criterion: 'welfare', better: 'higher', entries: [{ rank: 1, doctrine: 'DNM', mean: 0.92, ci95: [0.9, 0.94] }] };
 * const data: TournamentChartData = { rankings: [welfare], doctrines: ['NLG', 'DNM'], worlds: ['toy-chips'], replicates: 10, runs: 80 };
 * const svg = tournamentChart(data, {}, document);
 * // The legend lists the doctrines in the order given:
 * console.log([...svg.querySelectorAll('g.legend text')].map((t) => t.textContent)); // ['Doctrine:', 'NLG', 'DNM']
 * ```
 */
export interface TournamentChartData {
  /** One ranking per criterion; each becomes a panel. */
  rankings: readonly TournamentChartRanking[];
  /** The doctrines, in legend order. Default: as first ranked. */
  doctrines?: readonly string[];
  /** Worlds played, for the subtitle. */
  worlds?: readonly string[];
  /** Replicates, for the subtitle. */
  replicates?: number;
  /** Runs in all, for the subtitle. */
  runs?: number;
}

const PANELS: Record<string, { title: string; axis: string; format: (v: number) => string }> = {
  welfare: {
    title: 'Absolute welfare',
    axis: 'Share of own final demand met, net of subsidies and switching costs (%)',
    format: formatPercent,
  },
  relativeGain: {
    title: 'Relative gains',
    axis: "Own welfare share minus the rival's (percentage points)",
    format: (v) => `${formatValue(Math.round(v * 1e6) / 1e4)} pp`,
  },
  escalation: { title: 'Escalation', axis: 'Own escalation index, mean over the steps', format: formatValue },
};

/**
 * Draws the rankings of a doctrine tournament: one panel per criterion (absolute welfare,
 * relative gains, escalation), each listing the doctrines best first with a dot at the mean
 * score and a whisker over its 95% confidence interval. A doctrine keeps its colour across
 * the panels (DNM and NLG in the colours of the other charts).
 *
 * Marks: `g.tournament-panel` (per criterion, `data-criterion`), `g.tournament-row` (with
 * `circle.score`, `line.score-ci`, `text.doctrine-label` and a `<title>` with the numbers), `g.x-axis`.
 *
 * @example
 * ```ts
 * // tournament: the content of tournament.json (`chokepoint tournament`), e.g.
 * const tournament: TournamentChartData = {
 *   rankings: [
 *     { criterion: 'welfare', better: 'higher', entries: [{ rank: 1, doctrine: 'NLG', mean: 0.95, ci95: [0.94, 0.96] }, { rank: 2, doctrine: 'DNM', mean: 0.9, ci95: [0.88, 0.92] }] },
 *     { criterion: 'escalation', better: 'lower', entries: [{ rank: 1, doctrine: 'NLG', mean: 0.2, ci95: [0.1, 0.3] }, { rank: 2, doctrine: 'DNM', mean: 1.4, ci95: [1.1, 1.7] }] },
 *   ],
 * };
 * const svg = tournamentChart(tournament, {}, document);
 * console.log([...svg.querySelectorAll('g.tournament-panel')].map((g) => g.getAttribute('data-criterion'))); // ['welfare', 'escalation']
 * ```
 */
export function tournamentChart(
  data: TournamentChartData,
  options: ChartOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const doctrines = [
    ...new Set([...(data.doctrines ?? []), ...data.rankings.flatMap((r) => r.entries.map((e) => e.doctrine))]),
  ];
  // DNM and NLG keep their colours from the other charts; the others take the rest of the palette.
  const rest = categoricalColours.filter((c) => c !== dnmColour && c !== nlgColour);
  const others = doctrines.filter((d) => d !== 'DNM' && d !== 'NLG');
  const colourOf = (d: string): string =>
    d === 'DNM' ? dnmColour : d === 'NLG' ? nlgColour : (rest[others.indexOf(d) % rest.length] ?? neutralGrey);
  const covered = [
    data.worlds && data.worlds.length > 0 ? `worlds: ${data.worlds.join(', ')}` : '',
    data.replicates !== undefined ? `${data.replicates} replicates` : '',
    data.runs !== undefined ? `${data.runs} runs` : '',
  ].filter((s) => s !== '');
  const frame = createChartFrame(doc, {
    kind: 'tournament-chart',
    width,
    height: options.height ?? 400,
    title: options.title ?? 'Doctrine tournament: every ordered pair of doctrines',
    subtitle:
      options.subtitle ??
      `Best first in each panel. Dots: mean over replicates of a doctrine's score over all its plays; whiskers: 95% confidence interval (Student's t).${covered.length > 0 ? ` ${covered.join('; ')}.` : ''}`,
    description: `Rankings of ${doctrines.length} doctrines by ${data.rankings.map((r) => PANELS[r.criterion]?.title ?? r.criterion).join(', ')}, with 95% confidence intervals.`,
    legend: doctrines.map((d) => ({ label: d, colour: colourOf(d), symbol: 'rect' as const })),
    legendTitle: 'Doctrine',
  });
  const labelWidth = Math.max(60, (max(doctrines, (d) => estimateTextWidth(`10. ${d}`, fontSizes.tick)) ?? 40) + 12);
  const margin = { left: 16 + labelWidth, right: 28 };
  const plotWidth = width - margin.left - margin.right;
  const rowHeight = 22;
  const panelGap = 64;
  let y = frame.top + 6;
  if (data.rankings.length === 0 || doctrines.length === 0) {
    const plot = frame.svg.append('g').attr('transform', `translate(${margin.left},${y})`);
    noDataNote(plot, plotWidth, 200);
    setFrameHeight(frame, Math.max(260, y + 240));
    return frame.svg.node()!;
  }
  for (const ranking of data.rankings) {
    const panel = PANELS[ranking.criterion] ?? {
      title: ranking.criterion,
      axis: ranking.criterion,
      format: formatValue,
    };
    const group = frame.svg
      .append('g')
      .attr('class', 'tournament-panel')
      .attr('data-criterion', ranking.criterion)
      .attr('transform', `translate(${margin.left},${y})`);
    group
      .append('text')
      .attr('class', 'panel-title')
      .attr('x', -labelWidth)
      .attr('y', 0)
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(`${panel.title} (${ranking.better} ranks first)`);
    const top = 10;
    const height = ranking.entries.length * rowHeight;
    const lows = ranking.entries.map((e) => e.ci95?.[0] ?? e.mean);
    const highs = ranking.entries.map((e) => e.ci95?.[1] ?? e.mean);
    let lo = min(lows) ?? 0;
    let hi = max(highs) ?? 1;
    if (ranking.criterion !== 'welfare') {
      lo = Math.min(0, lo);
      hi = Math.max(0, hi);
    }
    const pad = (hi - lo) * 0.08 || Math.max(Math.abs(hi) * 0.05, 0.01);
    // Scores that cannot be negative (welfare shares, escalation) keep the axis at or above 0.
    const floor = lo >= 0 && ranking.criterion !== 'relativeGain' ? Math.max(0, lo - pad) : lo - pad;
    const x = scaleLinear()
      .domain([floor, hi + pad])
      .nice(6)
      .range([0, plotWidth]);
    const format = panel.format;
    drawBottomAxis(group.append('g').attr('transform', `translate(0,${top + height})`), x, plotWidth, {
      label: panel.axis,
      ticks: 6,
      tickFormat: (v) => format(v as number),
      gridLength: height,
    });
    if (x.domain()[0]! < 0 && x.domain()[1]! > 0) {
      group
        .append('line')
        .attr('class', 'zero-line')
        .attr('x1', x(0))
        .attr('x2', x(0))
        .attr('y1', top)
        .attr('y2', top + height)
        .attr('stroke', neutralGrey)
        .attr('stroke-dasharray', '4 3');
    }
    ranking.entries.forEach((entry, i) => {
      const cy = top + i * rowHeight + rowHeight / 2;
      const colour = colourOf(entry.doctrine);
      const row = group
        .append('g')
        .attr('class', 'tournament-row')
        .attr('data-doctrine', entry.doctrine)
        .attr('data-rank', entry.rank);
      row
        .append('title')
        .text(
          `${panel.title}: ${entry.rank}. ${entry.doctrine}, mean ${format(entry.mean)}${entry.ci95 ? ` (95% CI ${format(entry.ci95[0])} to ${format(entry.ci95[1])})` : ''}`,
        );
      row
        .append('text')
        .attr('class', 'doctrine-label')
        .attr('x', -labelWidth)
        .attr('y', cy + 4)
        .attr('font-size', fontSizes.tick)
        .attr('fill', mutedInkColour)
        .text(`${entry.rank}. ${entry.doctrine}`);
      if (entry.ci95) {
        row
          .append('line')
          .attr('class', 'score-ci')
          .attr('x1', x(entry.ci95[0]))
          .attr('x2', x(entry.ci95[1]))
          .attr('y1', cy)
          .attr('y2', cy)
          .attr('stroke', colour)
          .attr('stroke-width', 2);
      }
      row
        .append('circle')
        .attr('class', 'score')
        .attr('cx', x(entry.mean))
        .attr('cy', cy)
        .attr('r', 5)
        .attr('fill', colour)
        .attr('stroke', '#FFFFFF')
        .attr('stroke-width', 1);
    });
    y += top + height + panelGap;
  }
  setFrameHeight(frame, Math.max(260, y - panelGap + 60));
  return frame.svg.node()!;
}
