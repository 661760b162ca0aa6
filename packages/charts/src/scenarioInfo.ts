/**
 * The parts of a scenario file the report shows.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const info: ScenarioInfo = extractScenarioInfo(readFileSync('runs/qs/scenario.yaml', 'utf8'));
 * console.log(info.title, info.sources.length); // Quickstart: unilateral vs aligned controls on chipmaking equipment 2
 * ```
 */
export interface ScenarioInfo {
  /** Scenario title. */
  title?: string;
  /** Scenario description. */
  description?: string;
  /** Citations for the scenario's numbers, one string each. */
  sources: string[];
}

/**
 * Reads `title`, `description` and `sources` from the text of a scenario file (YAML or JSON)
 * without a YAML library: top-level plain, quoted and block (`|`, `>`) scalars, and a
 * `sources` list of scalars or of mappings (whose fields are joined, e.g.
 * 'Author (2023). Title. url'). Anything it cannot read is left out, never guessed.
 *
 * @example
 * ```ts
 * const { title, sources } = extractScenarioInfo('title: Quickstart\nsources:\n  - "CSIS (2022)"\n');
 * console.log(title, sources); // Quickstart ['CSIS (2022)']
 * ```
 */
export function extractScenarioInfo(text: string): ScenarioInfo {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      return {
        ...(typeof parsed.title === 'string' ? { title: parsed.title } : {}),
        ...(typeof parsed.description === 'string' ? { description: parsed.description } : {}),
        sources: Array.isArray(parsed.sources) ? parsed.sources.map(sourceToText).filter(Boolean) : [],
      };
    } catch {
      return { sources: [] };
    }
  }
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const info: ScenarioInfo = { sources: [] };
  for (let i = 0; i < lines.length; i++) {
    const match = /^(title|description|sources):(.*)$/.exec(lines[i]!);
    if (!match) continue;
    const key = match[1]!;
    const rest = stripComment(match[2]!).trim();
    const block = collectIndented(lines, i + 1);
    if (key === 'sources') {
      info.sources = rest.startsWith('[') ? splitFlowSequence(rest) : parseSequence(block);
    } else {
      const value = rest === '' && block.length > 0 ? foldPlain(block) : scalar(rest, block);
      if (value) info[key as 'title' | 'description'] = value;
    }
  }
  return info;
}

/** The lines after a key that are indented (or blank), without their common indentation. */
function collectIndented(lines: string[], start: number): string[] {
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s/.test(line) || /^-\s/.test(line)) out.push(line);
    else break;
  }
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  const indent = Math.min(...out.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return out.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
}

function stripComment(text: string): string {
  if (/^\s*["']/.test(text)) return text;
  const hash = text.search(/\s#/);
  return hash >= 0 ? text.slice(0, hash) : text;
}

function scalar(rest: string, block: string[]): string {
  if (rest.startsWith('|') || rest.startsWith('>')) {
    const body = block.map((l) => l.replace(/\s+$/, ''));
    if (rest.startsWith('|')) return body.join('\n').trim();
    return body
      .join('\n')
      .split(/\n\s*\n/)
      .map((paragraph) =>
        paragraph
          .split('\n')
          .map((l) => l.trim())
          .join(' '),
      )
      .join('\n\n')
      .trim();
  }
  return unquote(rest);
}

function foldPlain(block: string[]): string {
  return block
    .map((l) => l.trim())
    .join(' ')
    .trim();
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

function splitFlowSequence(text: string): string[] {
  const inner = text.replace(/^\[/, '').replace(/\]\s*$/, '');
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of inner) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) items.push(current);
  return items.map(unquote).filter(Boolean);
}

function parseSequence(block: string[]): string[] {
  const items: string[][] = [];
  for (const line of block) {
    if (/^-(\s|$)/.test(line)) items.push([line.replace(/^-\s?/, '')]);
    else if (items.length > 0) items[items.length - 1]!.push(line.replace(/^ {2}/, ''));
  }
  return items
    .map((item) => {
      const first = item[0]!;
      if (/^[A-Za-z_][\w-]*:(\s|$)/.test(first)) {
        const fields: Record<string, string> = {};
        let lastKey = '';
        for (const line of item) {
          const field = /^\s*([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
          if (field && !line.startsWith('    ')) {
            lastKey = field[1]!;
            fields[lastKey] = unquote(stripComment(field[2]!));
          } else if (lastKey) {
            fields[lastKey] = `${fields[lastKey]} ${line.trim()}`.trim();
          }
        }
        return sourceToText(fields);
      }
      return unquote(stripComment(item.map((l) => l.trim()).join(' ')));
    })
    .filter(Boolean);
}

/**
 * Turns a source entry (a string, or an object such as `{ author, year, title, url }`)
 * into one line of text.
 *
 * @example
 * ```ts
 * console.log(sourceToText({ author: 'CNAS', year: 2023, title: 'Common Code', url: 'https://www.cnas.org' })); // CNAS (2023). Common Code. https://www.cnas.org
 * console.log(sourceToText('CSIS (2022)')); // CSIS (2022)
 * ```
 */
export function sourceToText(source: unknown): string {
  if (typeof source === 'string') return source;
  if (source && typeof source === 'object') {
    const fields = source as Record<string, unknown>;
    const known = ['author', 'authors', 'year', 'title', 'publisher', 'org', 'date', 'url', 'note', 'accessed'];
    const parts: string[] = [];
    const author = fields.author ?? fields.authors ?? fields.org;
    if (author)
      parts.push(
        `${Array.isArray(author) ? author.join(', ') : String(author)}${fields.year ? ` (${String(fields.year)})` : ''}.`,
      );
    else if (fields.year) parts.push(`(${String(fields.year)}).`);
    if (fields.title) parts.push(`${String(fields.title)}.`);
    if (fields.publisher) parts.push(`${String(fields.publisher)}.`);
    if (fields.date) parts.push(`${String(fields.date)}.`);
    for (const [key, value] of Object.entries(fields)) {
      if (!known.includes(key) && value != null && typeof value !== 'object') parts.push(`${key}: ${String(value)}.`);
    }
    if (fields.note) parts.push(`${String(fields.note)}.`);
    if (fields.url) parts.push(String(fields.url));
    return parts.join(' ').replace(/\.\./g, '.').trim();
  }
  return source == null ? '' : String(source);
}
