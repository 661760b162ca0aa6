import { area, extent, format as d3format, scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, orderKeys, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatPercent } from './format.js';
import { dnmColour, inkColour, nlgColour } from './palette.js';
import { fontSizes } from './style.js';
import { summarizeReplicates, type ReplicateObservation, type StepSummary } from './summarizeReplicates.js';

/**
 * Options of {@link doctrineShareChart}.
 *
 * @example
 * ```ts
 * const options: DoctrineShareOptions = { armOrder: ['fab-fire', 'control'], shareOf: 'player states', xLabel: 'Quarter' };
 * const svg = doctrineShareChart(parsed.rows.filter((r) => r.variable === 'doctrine_dnm'), options, document);
 * console.log([...svg.querySelectorAll('g.doctrine-panel')].map((g) => g.getAttribute('data-arm'))); // ['fab-fire', 'control', 'us-only', 'aligned']
 * ```
 */
export interface DoctrineShareOptions extends ChartOptions {
  /** Order of the arms (one panel each). */
  armOrder?: readonly string[];
  /** The x-axis title. Default 'Step (quarters)'. */
  xLabel?: string;
  /** What a share is of, for the y-axis title. Default 'states'. */
  shareOf?: string;
}

/**
 * Draws the share of states under each doctrine over time as a stacked area: DNM
 * (digital neo-mercantilism) at the bottom, NLG (neoliberal globalization) above,
 * one panel per arm, averaged over replicates.
 *
 * Input rows are either state `doctrine_dnm` rows (1 = DNM, 0 = NLG; the mean over states
 * and replicates is the share) or world `dnm_share` rows. Each step has a hover target whose
 * `<title>` gives both shares.
 *
 * Marks: `g.doctrine-panel[data-arm]` with `path.doctrine-area.dnm` and `.nlg`, `rect.step-target`.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.variable === 'doctrine_dnm');
 * const svg = doctrineShareChart(rows, {}, document);
 * console.log(svg.querySelectorAll('g.doctrine-panel').length, svg.querySelectorAll('path.doctrine-area.dnm').length); // 4 4
 * ```
 */
export function doctrineShareChart(
  rows: readonly ReplicateObservation[],
  options: DoctrineShareOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const summaries = summarizeReplicates(rows);
  const arms = orderKeys([...new Set(summaries.map((s) => s.series))], options.armOrder);
  const columns = Math.min(arms.length, 3) || 1;
  const panelRows = Math.ceil(arms.length / columns) || 1;
  const height = options.height ?? 180 + panelRows * 190;
  const shareOf = options.shareOf ?? 'states';
  const frame = createChartFrame(doc, {
    kind: 'doctrine-share-chart',
    width,
    height,
    title: options.title ?? 'Doctrine share over time',
    subtitle:
      options.subtitle ?? `Share of ${shareOf} following each doctrine, mean across replicates; one panel per arm`,
    description: `Stacked area charts of the share of ${shareOf} under DNM and NLG by step, for ${arms.length} arm(s): ${arms.join(', ')}.`,
    legend: [
      { label: 'DNM (digital neo-mercantilism)', colour: dnmColour },
      { label: 'NLG (neoliberal globalization)', colour: nlgColour },
    ],
    legendTitle: 'Doctrine',
  });
  const margin = { top: frame.top + 22, right: 20, bottom: 56, left: 74 };
  const gapX = 22;
  const gapY = 44;
  const panelWidth = (width - margin.left - margin.right - gapX * (columns - 1)) / columns;
  const panelHeight = (height - margin.top - margin.bottom - gapY * (panelRows - 1)) / panelRows;
  const [firstStep = 0, lastStep = 1] = extent(summaries, (s) => s.step) as [number | undefined, number | undefined];
  const x = scaleLinear()
    .domain([firstStep, lastStep === firstStep ? firstStep + 1 : lastStep])
    .range([0, panelWidth]);
  const y = scaleLinear().domain([0, 1]).range([panelHeight, 0]);
  const percentTick = d3format('.0%');
  if (arms.length === 0) {
    noDataNote(
      frame.svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`),
      width - margin.left - margin.right,
      200,
    );
    return frame.svg.node()!;
  }
  arms.forEach((arm, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const panel = frame.svg
      .append('g')
      .attr('class', 'doctrine-panel')
      .attr('data-arm', arm)
      .attr(
        'transform',
        `translate(${margin.left + col * (panelWidth + gapX)},${margin.top + row * (panelHeight + gapY)})`,
      );
    panel
      .append('text')
      .attr('class', 'panel-title')
      .attr('x', 0)
      .attr('y', -8)
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(arm);
    const marks = panel.append('g').attr('class', 'marks');
    const points = summaries
      .filter((s) => s.series === arm)
      .map((s) => ({ ...s, mean: Math.max(0, Math.min(1, s.mean)) }));
    drawLeftAxis(panel, y, panelHeight, {
      label: col === 0 ? `Share of ${shareOf} (%)` : '',
      ticks: [0, 0.25, 0.5, 0.75, 1] as number[],
      tickFormat: (v) => (col === 0 ? percentTick(v as number) : ''),
      labelOffset: 48,
    });
    drawBottomAxis(panel.append('g').attr('transform', `translate(0,${panelHeight})`), x, panelWidth, {
      label: row === panelRows - 1 ? (options.xLabel ?? 'Step (quarters)') : '',
      ticks: x.ticks(Math.max(2, Math.round(panelWidth / 60))).filter(Number.isInteger),
      tickFormat: (v) => String(v),
    });
    const dnmArea = area<StepSummary>()
      .x((s) => x(s.step))
      .y0(panelHeight)
      .y1((s) => y(s.mean));
    const nlgArea = area<StepSummary>()
      .x((s) => x(s.step))
      .y0((s) => y(s.mean))
      .y1(0);
    marks
      .append('path')
      .attr('class', 'doctrine-area dnm')
      .attr('d', dnmArea(points) ?? '')
      .attr('fill', dnmColour)
      .attr('fill-opacity', 0.85)
      .append('title')
      .text(`${arm}: DNM share`);
    marks
      .append('path')
      .attr('class', 'doctrine-area nlg')
      .attr('d', nlgArea(points) ?? '')
      .attr('fill', nlgColour)
      .attr('fill-opacity', 0.85)
      .append('title')
      .text(`${arm}: NLG share`);
    const stepWidth = points.length > 1 ? panelWidth / (points.length - 1) : panelWidth;
    panel
      .append('g')
      .attr('class', 'step-targets')
      .selectAll('rect')
      .data(points)
      .join('rect')
      .attr('class', 'step-target')
      .attr('x', (s) => Math.max(0, x(s.step) - stepWidth / 2))
      .attr('width', stepWidth)
      .attr('y', 0)
      .attr('height', panelHeight)
      .attr('fill', '#FFFFFF')
      .attr('fill-opacity', 0)
      .append('title')
      .text(
        (s) =>
          `${arm} · step ${s.step}${s.date ? ` (${s.date})` : ''}: DNM ${formatPercent(s.mean)}, NLG ${formatPercent(1 - s.mean)}`,
      );
  });
  return frame.svg.node()!;
}
