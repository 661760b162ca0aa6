import { inkColour } from './palette.js';
import { fontSizes, type SvgSelection } from './style.js';
import { estimateTextWidth } from './textWidth.js';

/** How a legend entry's key is drawn. */
export type LegendSymbol = 'line' | 'band' | 'rect' | 'circle' | 'triangle' | 'ring' | 'dashed';

/** One entry of a legend. */
export interface LegendItem {
  /** Label text. */
  label: string;
  /** Colour of the key. */
  colour: string;
  /** Shape of the key. Default 'rect'. */
  symbol?: LegendSymbol;
}

const SWATCH = 18;
const ROW_HEIGHT = 18;

/**
 * Draws legend entries in rows that wrap at `maxWidth`, and returns the height used.
 * Each entry is a `g.legend-item` with a key shape and a `text` label.
 */
export function drawLegend(
  group: SvgSelection,
  items: readonly LegendItem[],
  layout: { x: number; y: number; maxWidth: number; title?: string | undefined },
): number {
  let x = layout.x;
  let row = 0;
  const size = fontSizes.legend;
  if (layout.title) {
    group
      .append('text')
      .attr('class', 'legend-title')
      .attr('x', x)
      .attr('y', layout.y + 13)
      .attr('font-size', size)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(`${layout.title}:`);
    x += estimateTextWidth(`${layout.title}:`, size, true) + 10;
  }
  const start = x;
  for (const item of items) {
    const itemWidth = SWATCH + 6 + estimateTextWidth(item.label, size) + 16;
    if (x > start && x + itemWidth > layout.x + layout.maxWidth) {
      row++;
      x = start;
    }
    const y = layout.y + row * ROW_HEIGHT;
    const entry = group.append('g').attr('class', 'legend-item').attr('transform', `translate(${x},${y})`);
    drawSymbol(entry, item);
    entry
      .append('text')
      .attr('x', SWATCH + 6)
      .attr('y', 13)
      .attr('font-size', size)
      .attr('fill', inkColour)
      .text(item.label);
    x += itemWidth;
  }
  return (row + 1) * ROW_HEIGHT;
}

function drawSymbol(entry: SvgSelection, item: LegendItem): void {
  const c = item.colour;
  switch (item.symbol ?? 'rect') {
    case 'line':
      entry
        .append('line')
        .attr('x1', 0)
        .attr('x2', SWATCH)
        .attr('y1', 9)
        .attr('y2', 9)
        .attr('stroke', c)
        .attr('stroke-width', 2.5);
      break;
    case 'dashed':
      entry
        .append('line')
        .attr('x1', 0)
        .attr('x2', SWATCH)
        .attr('y1', 9)
        .attr('y2', 9)
        .attr('stroke', c)
        .attr('stroke-width', 1.5)
        .attr('stroke-dasharray', '4 3');
      break;
    case 'band':
      entry
        .append('rect')
        .attr('x', 0)
        .attr('y', 3)
        .attr('width', SWATCH)
        .attr('height', 12)
        .attr('fill', c)
        .attr('fill-opacity', 0.2);
      entry
        .append('line')
        .attr('x1', 0)
        .attr('x2', SWATCH)
        .attr('y1', 9)
        .attr('y2', 9)
        .attr('stroke', c)
        .attr('stroke-width', 2.5);
      break;
    case 'circle':
      entry
        .append('circle')
        .attr('cx', SWATCH / 2)
        .attr('cy', 9)
        .attr('r', 5.5)
        .attr('fill', c)
        .attr('stroke', '#FFFFFF')
        .attr('stroke-width', 0.8);
      break;
    case 'ring':
      entry
        .append('circle')
        .attr('cx', SWATCH / 2)
        .attr('cy', 9)
        .attr('r', 5.5)
        .attr('fill', '#FFFFFF')
        .attr('stroke', c)
        .attr('stroke-width', 2.5);
      break;
    case 'triangle':
      entry
        .append('path')
        .attr('d', trianglePath(SWATCH / 2, 9, 6))
        .attr('fill', c);
      break;
    default:
      entry
        .append('rect')
        .attr('x', 2)
        .attr('y', 3)
        .attr('width', SWATCH - 4)
        .attr('height', 12)
        .attr('fill', c);
  }
}

/** Path of a downward-pointing triangle centred at (x, y) with half-width `r`. */
export function trianglePath(x: number, y: number, r: number): string {
  return `M${x - r},${y - r * 0.8}L${x + r},${y - r * 0.8}L${x},${y + r * 0.9}Z`;
}
