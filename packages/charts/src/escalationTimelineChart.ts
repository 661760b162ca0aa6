import { curveStepAfter, extent, line, max, scaleLinear, scaleSqrt } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import {
  createChartFrame,
  noDataNote,
  orderKeys,
  resolveDocument,
  setFrameHeight,
  type ChartOptions,
} from './chartFrame.js';
import { formatValue } from './format.js';
import { trianglePath } from './legend.js';
import { colourScale, gridColour, inkColour, neutralGrey } from './palette.js';
import { fontSizes } from './style.js';
import { summarizeReplicates, type ReplicateObservation, type StepSummary } from './summarizeReplicates.js';

/**
 * A state row of `measures_in_force` or `retaliations` (other variables are ignored).
 *
 * @example
 * ```ts
 * const rows: EscalationObservation[] = [
 *   { arm: 'control', step: 1, entity: 'US', variable: 'measures_in_force', value: 1 },
 *   { arm: 'control', step: 2, entity: 'US', variable: 'measures_in_force', value: 2 },
 *   { arm: 'control', step: 2, entity: 'CN', variable: 'retaliations', value: 1 },
 * ];
 * const svg = escalationTimelineChart(rows, {}, document);
 * console.log(svg.querySelectorAll('g.state-lane').length, svg.querySelectorAll('path.retaliation-marker').length); // 2 1
 * ```
 */
export interface EscalationObservation extends ReplicateObservation {
  /** State id. */
  entity: string;
  /** `measures_in_force` or `retaliations`. */
  variable: string;
}

/**
 * Options of {@link escalationTimelineChart}.
 *
 * @example
 * ```ts
 * const options: EscalationTimelineOptions = { control: 'control', armOrder: ['us-only', 'aligned'], stateOrder: ['CN', 'US'], title: 'Escalation' };
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && (r.variable === 'measures_in_force' || r.variable === 'retaliations'));
 * const svg = escalationTimelineChart(rows, options, document);
 * console.log([...svg.querySelectorAll('g.state-lane')].map((g) => g.getAttribute('data-state'))); // ['CN', 'US', 'JP', 'NL', 'TW']
 * ```
 */
export interface EscalationTimelineOptions extends ChartOptions {
  /** Order of the arms. */
  armOrder?: readonly string[];
  /** The control arm, drawn in black. */
  control?: string | null;
  /** Order of the states (one lane each). */
  stateOrder?: readonly string[];
  /** The x-axis title. Default 'Step (quarters)'. */
  xLabel?: string;
}

const STRIP_ROW = 11;

/**
 * Draws an escalation timeline: one lane per state, with a step line per arm of the
 * measures it has in force (mean across replicates) and a triangle at each step where it
 * retaliated, sized by the mean number of retaliation events per run.
 *
 * Marks: `g.state-lane[data-state]`, `path.measures-line[data-arm]`, `path.retaliation-marker`,
 * `circle.measures-point` (hover targets), each with a `<title>` giving the numbers.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && (r.variable === 'measures_in_force' || r.variable === 'retaliations'));
 * const svg = escalationTimelineChart(rows, { control: 'control' }, document);
 * console.log(svg.querySelectorAll('g.state-lane').length, svg.querySelectorAll('path.measures-line').length); // 5 20
 * ```
 */
export function escalationTimelineChart(
  rows: readonly EscalationObservation[],
  options: EscalationTimelineOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const key = (r: EscalationObservation) => `${r.entity}\u0000${r.arm}`;
  const measures = summarizeReplicates(
    rows.filter((r) => r.variable === 'measures_in_force'),
    { seriesOf: key },
  );
  const retaliations = summarizeReplicates(
    rows.filter((r) => r.variable === 'retaliations'),
    { seriesOf: key },
  );
  const states = orderKeys([...new Set(rows.map((r) => r.entity))], options.stateOrder);
  const arms = orderKeys([...new Set(rows.map((r) => r.arm))], options.armOrder);
  const colourOf = options.palette?.arm ?? colourScale(arms, options.control);
  const frame = createChartFrame(doc, {
    kind: 'escalation-timeline-chart',
    width,
    height: options.height ?? 400,
    title: options.title ?? 'Escalation timeline',
    subtitle:
      options.subtitle ??
      'Policy measures in force by state (mean across replicates); triangles mark retaliation, sized by mean events per run',
    description: `Timeline of measures in force and retaliation events for ${states.length} state(s) (${states.join(', ')}) in ${arms.length} arm(s) (${arms.join(', ')}).`,
    legend: [
      ...arms.map((arm) => ({ label: arm, colour: colourOf(arm), symbol: 'line' as const })),
      { label: 'retaliation', colour: neutralGrey, symbol: 'triangle' as const },
    ],
    legendTitle: 'Arm',
  });
  const stripHeight = Math.max(14, STRIP_ROW * arms.length + 3);
  const laneHeight = 64;
  const laneGap = 16;
  const margin = { top: frame.top + 4, right: 24, bottom: 54, left: 104 };
  const lanesHeight = states.length * (stripHeight + laneHeight) + Math.max(0, states.length - 1) * laneGap;
  const height = options.height ?? Math.max(240, margin.top + lanesHeight + margin.bottom);
  setFrameHeight(frame, height);
  const plotWidth = width - margin.left - margin.right;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (states.length === 0) {
    noDataNote(plot, plotWidth, height - margin.top - margin.bottom);
    return frame.svg.node()!;
  }
  const [firstStep = 0, lastStep = 1] = extent(rows, (r) => r.step) as [number | undefined, number | undefined];
  const x = scaleLinear()
    .domain([firstStep, lastStep === firstStep ? firstStep + 1 : lastStep])
    .range([0, plotWidth]);
  const maxMeasures = Math.max(1, max(measures, (s) => s.mean) ?? 1);
  const y = scaleLinear().domain([0, maxMeasures]).nice(3).range([laneHeight, 0]);
  const markerSize = scaleSqrt()
    .domain([0, Math.max(1, max(retaliations, (s) => s.mean) ?? 1)])
    .range([0, 6.5]);
  const seriesOf = (list: StepSummary[], state: string, arm: string) =>
    list.filter((s) => s.series === `${state}\u0000${arm}`);

  plot
    .append('text')
    .attr('class', 'axis-label y-label')
    .attr('transform', `translate(${-34},${lanesHeight / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('fill', inkColour)
    .text('Measures in force (count)');
  states.forEach((state, i) => {
    const laneTop = i * (stripHeight + laneHeight + laneGap);
    const lane = plot
      .append('g')
      .attr('class', 'state-lane')
      .attr('data-state', state)
      .attr('transform', `translate(0,${laneTop})`);
    lane
      .append('text')
      .attr('class', 'state-label')
      .attr('x', -margin.left + 16)
      .attr('y', stripHeight + laneHeight / 2 + 5)
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(state);
    lane
      .append('rect')
      .attr('class', 'retaliation-strip')
      .attr('x', 0)
      .attr('y', 0)
      .attr('width', plotWidth)
      .attr('height', stripHeight - 3)
      .attr('fill', '#F6F6F6');
    const body = lane.append('g').attr('transform', `translate(0,${stripHeight})`);
    drawLeftAxis(body, y, laneHeight, {
      label: '',
      ticks: y.ticks(2).filter(Number.isInteger),
      tickFormat: (v) => String(v),
      gridLength: plotWidth,
      labelOffset: 30,
    });
    const isLast = i === states.length - 1;
    const xAxis = drawBottomAxis(body.append('g').attr('transform', `translate(0,${laneHeight})`), x, plotWidth, {
      label: isLast ? (options.xLabel ?? 'Step (quarters)') : '',
      ticks: x.ticks(Math.min(10, Math.round(plotWidth / 70))).filter(Number.isInteger),
      tickFormat: (v) => (isLast ? String(v) : ''),
    });
    if (!isLast) xAxis.selectAll('.tick line').attr('stroke', gridColour);
    const stepLine = line<StepSummary>()
      .curve(curveStepAfter)
      .x((s) => x(s.step))
      .y((s) => y(s.mean));
    arms.forEach((arm, a) => {
      const colour = colourOf(arm);
      const series = seriesOf(measures, state, arm);
      if (series.length > 0) {
        body
          .append('path')
          .attr('class', 'measures-line')
          .attr('data-arm', arm)
          .attr('d', stepLine(series) ?? '')
          .attr('fill', 'none')
          .attr('stroke', colour)
          .attr('stroke-width', 1.8)
          .append('title')
          .text(`${state} · ${arm}: up to ${formatValue(max(series, (s) => s.mean))} measures in force (mean)`);
        body
          .append('g')
          .attr('class', 'measures-points')
          .selectAll('circle')
          .data(series)
          .join('circle')
          .attr('class', 'measures-point')
          .attr('cx', (s) => x(s.step))
          .attr('cy', (s) => y(s.mean))
          .attr('r', 3.5)
          .attr('fill', colour)
          .attr('fill-opacity', 0)
          .append('title')
          .text(
            (s) => `${state} · ${arm} · step ${s.step}: ${formatValue(s.mean)} measures in force (mean of ${s.n} runs)`,
          );
      }
      const events = seriesOf(retaliations, state, arm).filter((s) => s.mean > 0);
      lane
        .append('g')
        .attr('class', 'retaliations')
        .selectAll('path')
        .data(events)
        .join('path')
        .attr('class', 'retaliation-marker')
        .attr('data-arm', arm)
        .attr('d', (s) => trianglePath(x(s.step), 1 + STRIP_ROW * a + STRIP_ROW / 2, Math.max(2.5, markerSize(s.mean))))
        .attr('fill', colour)
        .attr('fill-opacity', 0.9)
        .append('title')
        .text(
          (s) =>
            `${state} · ${arm} · step ${s.step}: ${formatValue(s.mean)} retaliation events per run (mean of ${s.n} runs)`,
        );
    });
  });
  return frame.svg.node()!;
}
