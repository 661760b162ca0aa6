import { axisBottom, axisLeft, type AxisDomain, type AxisScale } from 'd3';
import { gridColour, inkColour, mutedInkColour } from './palette.js';
import { fontSizes, type SvgSelection } from './style.js';

/** Options of {@link drawBottomAxis} and {@link drawLeftAxis}. */
export interface AxisOptions<D> {
  /** Axis title, with its unit; '' for none (e.g. on inner panels of small multiples). */
  label: string;
  /** Formats tick values. */
  tickFormat?: (value: D, index: number) => string;
  /** Approximate number of ticks, or explicit tick values. */
  ticks?: number | D[];
  /** Length of grid lines drawn across the plot at each tick; 0 or absent for none. */
  gridLength?: number;
  /** Distance of the axis title from the axis line, in px. */
  labelOffset?: number;
}

function styleAxis(axisGroup: SvgSelection): void {
  axisGroup.attr('font-family', null).attr('font-size', fontSizes.tick).attr('color', inkColour);
  axisGroup.selectAll('.tick text').attr('fill', mutedInkColour);
  axisGroup.selectAll('.domain').attr('stroke', inkColour);
  axisGroup.selectAll('.tick line').attr('stroke', inkColour);
}

/**
 * Draws an x axis at the bottom of a plot (its group already translated to the plot's
 * bottom-left corner), with an axis title, optional vertical grid lines, and class `x-axis`.
 */
export function drawBottomAxis<D extends AxisDomain>(
  parent: SvgSelection,
  scale: AxisScale<D>,
  width: number,
  options: AxisOptions<D>,
): SvgSelection {
  const axis = axisBottom(scale).tickSizeOuter(0);
  if (Array.isArray(options.ticks)) axis.tickValues(options.ticks);
  else if (options.ticks !== undefined) axis.ticks(options.ticks);
  if (options.tickFormat) axis.tickFormat(options.tickFormat);
  const group = parent.append('g').attr('class', 'x-axis');
  group.call(axis);
  styleAxis(group);
  if (options.gridLength) {
    group
      .selectAll('.tick')
      .insert('line', ':first-child')
      .attr('class', 'grid-line')
      .attr('y1', 0)
      .attr('y2', -options.gridLength)
      .attr('stroke', gridColour);
  }
  if (!options.label) return group;
  group
    .append('text')
    .attr('class', 'axis-label x-label')
    .attr('x', width / 2)
    .attr('y', options.labelOffset ?? 38)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('fill', inkColour)
    .text(options.label);
  return group;
}

/**
 * Draws a y axis on the left of a plot (its group already translated to the plot's
 * top-left corner), with a rotated axis title, optional horizontal grid lines, and class `y-axis`.
 */
export function drawLeftAxis<D extends AxisDomain>(
  parent: SvgSelection,
  scale: AxisScale<D>,
  height: number,
  options: AxisOptions<D>,
): SvgSelection {
  const axis = axisLeft(scale).tickSizeOuter(0);
  if (Array.isArray(options.ticks)) axis.tickValues(options.ticks);
  else if (options.ticks !== undefined) axis.ticks(options.ticks);
  if (options.tickFormat) axis.tickFormat(options.tickFormat);
  const group = parent.append('g').attr('class', 'y-axis');
  group.call(axis);
  styleAxis(group);
  if (options.gridLength) {
    group
      .selectAll('.tick')
      .insert('line', ':first-child')
      .attr('class', 'grid-line')
      .attr('x1', 0)
      .attr('x2', options.gridLength)
      .attr('stroke', gridColour);
  }
  if (!options.label) return group;
  group
    .append('text')
    .attr('class', 'axis-label y-label')
    .attr('transform', `translate(${-(options.labelOffset ?? 48)},${height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('fill', inkColour)
    .text(options.label);
  return group;
}
