import { afterAll, describe, expect, it } from 'vitest';
import { serializeSvg, timeSeriesChart } from '../src/index.js';
import { bundledFontFiles, createSvgDocument, rasterizeSvg, renderPng } from '../src/node/index.js';
import { removeFixtureRuns } from './fixtures/makeFixtureRun.js';
import { fixtureRows } from './helpers.js';

afterAll(removeFixtureRuns);

/** Number of dark pixels (all channels below 110) in a rectangle of an RGBA image. */
function darkPixels(image: { pixels: Buffer; width: number }, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      if (image.pixels[i]! < 110 && image.pixels[i + 1]! < 110 && image.pixels[i + 2]! < 110) count++;
    }
  }
  return count;
}

describe('PNG output', () => {
  const { rows } = fixtureRows({ replicates: 3, steps: 6 });
  const svg = serializeSvg(
    timeSeriesChart(
      rows.filter((r) => r.entityKind === 'world' && r.variable === 'output'),
      { title: 'World output', yLabel: 'World output' },
      createSvgDocument(),
    ),
  );

  it('finds the bundled DejaVu Sans files', () => {
    const files = bundledFontFiles();
    expect(files[0]).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
    expect(files).toHaveLength(4);
  });

  it('draws text with the bundled font and none without it', () => {
    const withFont = rasterizeSvg(svg, { scale: 2 });
    const withoutFont = rasterizeSvg(svg, { scale: 2, fonts: false });
    expect(withFont.width).toBe(1440);
    expect(withFont.height).toBe(840);
    expect(Buffer.compare(withFont.png, withoutFont.png)).not.toBe(0);
    // The title is drawn at x = 16, baseline y = 24 (in SVG px), 15 px bold: at scale 2 it fills this box.
    const titleWithFont = darkPixels(withFont, 30, 18, 260, 52);
    const titleWithoutFont = darkPixels(withoutFont, 30, 18, 260, 52);
    expect(titleWithFont).toBeGreaterThan(400);
    expect(titleWithoutFont).toBe(0);
  });

  it('writes a PNG file with a white background', () => {
    const png = renderPng(svg, { scale: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = rasterizeSvg(svg, { scale: 1 });
    expect([...image.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });
});
