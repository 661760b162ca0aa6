/**
 * Approximate advance widths of DejaVu Sans (and Verdana, which it resembles), in em.
 * Node has no layout engine, so labels are measured with this table, not the DOM.
 */
const NARROW = new Set([..."iljI.,:;'|!()[]{} "]);
const WIDE = new Set([...'mwMW%@']);

/**
 * Estimates the rendered width of a text in DejaVu Sans, in px. Errs a little wide,
 * so that margins computed from it do not clip.
 *
 * @example
 * ```ts
 * console.log(estimateTextWidth('Output', 12).toFixed(1), estimateTextWidth('Output', 12, true) > estimateTextWidth('Output', 12)); // 45.2 true
 * ```
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.34;
    else if (WIDE.has(ch)) em += 0.92;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else if (ch >= '0' && ch <= '9') em += 0.64;
    else em += 0.61;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

/**
 * Breaks a text into lines that fit `maxWidth` px at `fontSize`, at spaces.
 *
 * @example
 * ```ts
 * wrapText('a long subtitle that needs two lines', 11, 120); // ['a long subtitle that', 'needs two lines']
 * ```
 */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && estimateTextWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Shortens a label to fit `maxWidth` px, ending it with an ellipsis when cut. */
export function truncateText(text: string, fontSize: number, maxWidth: number, bold = false): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && estimateTextWidth(`${cut}…`, fontSize, bold) > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}
