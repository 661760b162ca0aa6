import { isAbsolute, relative, resolve } from 'pathe';
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { locate, setOrigin, type Origin, type Source } from './origins.js';
import { type Diagnostic } from './diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { formatSegments, type Segment } from './paths.js';
import { scenarioFiles } from './files.js';

/** Line and column of a node path in a source, using the deepest node that exists. */
export function positionOf(origin: Origin, options: { atKey?: boolean } = {}): { line: number; col: number } {
  const { source } = origin;
  if (source.doc === undefined || source.lineCounter === undefined) return source.fixed ?? { line: 1, col: 1 };
  let node: unknown = source.doc.contents;
  let keyNode: YamlNode | undefined;
  let found = 0;
  for (const segment of origin.path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      keyNode = pair.key as YamlNode;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      keyNode = undefined;
      node = node.items[segment];
    } else break;
    found++;
  }
  const complete = found === origin.path.length;
  // A missing field is reported at the key of its parent, an unknown key at itself.
  // Collections (a list of firms, a mapping) are shown at their key, which names them.
  const collection = isMap(node) || isSeq(node);
  const target =
    (!complete || options.atKey || collection) && keyNode !== undefined
      ? keyNode
      : (node as YamlNode | null)?.range
        ? (node as YamlNode)
        : keyNode;
  const offset = target?.range?.[0] ?? 0;
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** The raw value of a node path in a source (for messages such as `received 1.2 (from "=x*2")`). */
export function rawValueAt(origin: Origin): unknown {
  const doc = origin.source.doc;
  if (doc === undefined) return undefined;
  const node = doc.getIn(origin.path as Segment[], true);
  return isScalar(node) ? node.value : undefined;
}

/**
 * A diagnostic for the value at `path` inside `root`, traced back to its source. When the
 * value was written as an `=expression`, the received text says so.
 */
export function diagnosticAt(
  root: unknown,
  path: readonly Segment[],
  expected: string,
  received: string,
  options: { atKey?: boolean; fallback?: Origin } = {},
): Diagnostic {
  const origin = locate(root, path) ?? options.fallback;
  if (origin === undefined)
    return { file: '(scenario)', line: 1, col: 1, path: formatSegments(path), expected, received };
  return diagnosticAtOrigin(origin, expected, received, options);
}

/** A diagnostic at a known origin. */
export function diagnosticAtOrigin(
  origin: Origin,
  expected: string,
  received: string,
  options: { atKey?: boolean } = {},
): Diagnostic {
  const { line, col } = positionOf(origin, options);
  const raw = rawValueAt(origin);
  const from = typeof raw === 'string' && raw.startsWith('=') && !received.includes(raw) ? ` (from "${raw}")` : '';
  return {
    file: origin.source.name,
    line,
    col,
    path: formatSegments(origin.path),
    expected,
    received: received + from,
  };
}

/** The display name of a file: relative to the working directory when inside it. */
export function displayName(path: string, cwd = scenarioFiles().cwd()): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The result of reading a source file. */
export interface LoadedSource {
  /** The source, for tracing. */
  source: Source;
  /** The document as plain data with origins recorded; undefined when the file is empty. */
  value: unknown;
  /** The first YAML syntax problem, if any (later ones are usually the same mistake seen again). */
  diagnostics: Diagnostic[];
}

/**
 * Reads a YAML or JSON file and converts it to plain data, recording the origin of every
 * mapping and list. JSON is parsed as YAML (JSON is a subset of YAML 1.2), so both get
 * line:col positions.
 *
 * @throws Error with `code: 'ENOENT'` (from the file system) when the file cannot be read.
 */
export function readSource(path: string, cwd = scenarioFiles().cwd()): LoadedSource {
  const absolute = resolve(cwd, path);
  const name = displayName(absolute, cwd);
  const bytes = scenarioFiles().readFile(absolute);
  let text: string;
  try {
    // The byte-order mark is kept (as Node's readFileSync(…, 'utf8') keeps it): the file's hash is of its text.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const source: Source = { name, path: absolute, text: lossy };
    return { source, value: undefined, diagnostics: [invalidUtf8(bytes, lossy, name)] };
  }
  return parseSource(text, name, absolute);
}

/**
 * Where a file stops being UTF-8: the first U+FFFD of the lossy decoding that the file does
 * not spell out itself (as the bytes EF BF BD), located by line, column and byte offset.
 */
function invalidUtf8(bytes: Uint8Array, lossy: string, name: string): Diagnostic {
  let at = lossy.indexOf('\uFFFD');
  let offset = 0;
  while (at >= 0) {
    offset = new TextEncoder().encode(lossy.slice(0, at)).length;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    at = lossy.indexOf('\uFFFD', at + 1);
  }
  const before = lossy.slice(0, Math.max(0, at));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    file: name,
    line,
    col,
    path: '(file)',
    expected: 'UTF-8 text (save the file as UTF-8)',
    received: `the byte 0x${byte} at byte offset ${offset}, which is not valid UTF-8`,
  };
}

/**
 * The most values the aliases (`*name`) of a file may add when they are expanded, beyond
 * ten times the values written out: more is an alias bomb (anchors of aliases of anchors)
 * that would take minutes and gigabytes to expand.
 */
const ALIAS_EXPANSION_BUDGET = 100_000;

/** The deepest a value may be nested: deeper is a mistake, and would exhaust the stack of every later step. */
const MAX_NESTING = 64;

/** Parses source text (see {@link readSource}). */
export function parseSource(text: string, name: string, path?: string): LoadedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const source: Source = path === undefined ? { name, text, doc, lineCounter } : { name, path, text, doc, lineCounter };
  const diagnostics: Diagnostic[] = [];
  // Only the first syntax error: the ones after it are usually the parser losing its footing
  // on the same mistake (a misplaced list item gives three).
  const error = doc.errors[0];
  if (error !== undefined) {
    const json = /\.json$/i.test(path ?? name);
    const what = json ? '(json)' : '(yaml)';
    const expected = json ? 'valid JSON' : 'valid YAML';
    if (error.code === 'RESOURCE_EXHAUSTION') {
      // The parser ran out of stack: collections nested thousands deep.
      const pos = lineCounter.linePos(error.pos[0]);
      diagnostics.push({
        file: name,
        line: pos.line,
        col: pos.col,
        path: what,
        expected: `values nested at most ${MAX_NESTING} deep`,
        received: 'nesting too deep to read',
      });
      return { source, value: undefined, diagnostics };
    }
    const message = error.message.split('\n')[0]!.replace(/:$/, '').trim();
    const indented = indentedFirstLine(text, lineCounter.linePos(error.pos[0]).line);
    if (indented !== undefined) {
      diagnostics.push({
        file: name,
        line: indented.line,
        col: 1,
        path: what,
        expected: `${expected}, with top-level keys in column 1`,
        received: indented.received,
      });
      return { source, value: undefined, diagnostics };
    }
    const { offset, before, after } = syntaxErrorSite(doc, text, error.pos[0], message);
    const pos = lineCounter.linePos(offset);
    diagnostics.push({
      file: name,
      line: pos.line,
      col: pos.col,
      path: what,
      expected,
      received: `${before}${message}${after} [${error.code}]`,
    });
    return { source, value: undefined, diagnostics };
  }
  const context: ConversionContext = {
    resolveAlias: anchorResolver(doc),
    source,
    diagnostics,
    budget: ALIAS_EXPANSION_BUDGET + 10 * countNodes(doc),
    expanding: undefined,
  };
  try {
    const value = toAnnotated(doc.contents, context, [], 0);
    return { source, value, diagnostics };
  } catch (error) {
    if (!(error instanceof AliasBomb)) throw error;
    const pos = lineCounter.linePos(error.alias.range?.[0] ?? 0);
    const problem: Diagnostic = {
      file: name,
      line: pos.line,
      col: pos.col,
      path: formatSegments(error.path),
      expected: `aliases that expand to at most ${ALIAS_EXPANSION_BUDGET} values beyond those written out`,
      received: `*${error.alias.source}, which expands to more (aliases of anchors that hold aliases multiply)`,
    };
    return { source, value: undefined, diagnostics: [problem] };
  }
}

/**
 * A first line indented deeper than a later line where the parser failed: the mistake is the
 * indentation of the first line (one stray space gives an error at line 2, then hundreds of
 * schema errors if the parse goes on). Comments, blank lines and document markers are skipped.
 */
function indentedFirstLine(text: string, errorLine: number): { line: number; received: string } | undefined {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^(---|\.\.\.|%)/.test(l));
  if (first < 0 || first + 1 >= errorLine) return undefined;
  const indent = /^ */.exec(lines[first]!)![0].length;
  const errorIndent = /^ */.exec(lines[errorLine - 1] ?? '')![0].length;
  if (indent === 0 || errorIndent >= indent) return undefined;
  return {
    line: first + 1,
    received: `line ${first + 1} indented by ${indent} space${indent === 1 ? '' : 's'}, line ${errorLine} by ${errorIndent}`,
  };
}

/** The number of nodes in a document. */
function countNodes(doc: Document.Parsed): number {
  let count = 0;
  visit(doc, {
    Node() {
      count++;
    },
  });
  return count;
}

/** Thrown when the aliases of a file expand past their budget. */
class AliasBomb extends Error {
  constructor(
    readonly alias: Alias,
    readonly path: Segment[],
  ) {
    super('alias expansion budget exceeded');
  }
}

/** What {@link toAnnotated} carries down the tree. */
interface ConversionContext {
  resolveAlias: (alias: Alias) => unknown;
  source: Source;
  diagnostics: Diagnostic[];
  /** Values left to create. */
  budget: number;
  /** The outermost alias being expanded, and its path (where an alias bomb is reported). */
  expanding: { alias: Alias; path: Segment[] } | undefined;
}

/**
 * Where a syntax error's real mistake is. The parser reports an unclosed quote or flow
 * collection (`"text`, `{a: 1`, `[1, 2`) where it gave up, at the end of the file or on a
 * later line; the mistake is the opening `"`, `{` or `[`, so the error moves there. Any other
 * error that points at indentation moves to the first character after the spaces, and a key
 * whose colon is missing says so.
 */
function syntaxErrorSite(
  doc: Document.Parsed,
  text: string,
  at: number,
  message: string,
): { offset: number; before: string; after: string } {
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  const flow = /^Flow (map|sequence)\b.*end with an? ([}\]])/.exec(message);
  if (quote !== undefined || flow !== null) {
    let opening: number | undefined;
    visit(doc, {
      Node(_, node) {
        const range = (node as YamlNode).range;
        if (range === undefined || range === null || range[0] >= at || range[1] < at) return;
        const opens =
          quote !== undefined
            ? isScalar(node) && node.type === (quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE')
            : (flow![1] === 'map' ? isMap(node) : isSeq(node)) && (node as { flow?: boolean }).flow === true;
        // The innermost candidate starts last.
        if (opens && (opening === undefined || range[0] > opening)) opening = range[0];
      },
    });
    if (opening !== undefined)
      return { offset: opening, before: `an unclosed ${quote ?? (flow![1] === 'map' ? '{' : '[')} (`, after: ')' };
  }
  let offset = at;
  while (text[offset] === ' ') offset++;
  if (text[offset] === '\n' || offset >= text.length) offset = at;
  // A key on a line without its colon runs into the next line, or stands alone.
  const colon = /^Implicit (keys need to be on a single line|map keys need to be followed by map values)/.test(message);
  return { offset, before: '', after: colon ? ' (is a colon missing after a key?)' : '' };
}

/**
 * Resolves aliases through an index of anchors built once (yaml's `Alias.resolve` walks the
 * whole document per alias, which is slow for worlds with many aliases). An alias refers to
 * the last anchor of its name before it.
 */
function anchorResolver(doc: Document.Parsed): (alias: Alias) => unknown {
  const anchors = new Map<string, Array<{ offset: number; node: YamlNode }>>();
  visit(doc, {
    Node(_, node) {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor !== undefined && !isAlias(node)) {
        const list = anchors.get(anchor) ?? [];
        list.push({ offset: node.range?.[0] ?? 0, node });
        anchors.set(anchor, list);
      }
    },
  });
  return (alias) => {
    const list = anchors.get(alias.source) ?? [];
    const at = alias.range?.[0] ?? Infinity;
    let found: YamlNode | undefined;
    for (const entry of list) if (entry.offset < at) found = entry.node;
    return found ?? alias.resolve(doc);
  };
}

function toAnnotated(node: unknown, context: ConversionContext, path: Segment[], depth: number): unknown {
  if (node === null || node === undefined) return undefined;
  if (--context.budget < 0) {
    const at = context.expanding ?? (isAlias(node) ? { alias: node, path } : undefined);
    if (at !== undefined) throw new AliasBomb(at.alias, at.path);
  }
  if (isAlias(node)) {
    const outermost = context.expanding === undefined;
    if (outermost) context.expanding = { alias: node, path };
    try {
      return toAnnotated(context.resolveAlias(node), context, path, depth);
    } finally {
      if (outermost) context.expanding = undefined;
    }
  }
  if (isScalar(node)) return node.value;
  if (!isSeq(node) && !isMap(node)) return undefined;
  const { source, diagnostics } = context;
  if (depth >= MAX_NESTING) {
    const pos = source.lineCounter!.linePos(node.range?.[0] ?? 0);
    // The path is cut: its 64 segments would fill the screen.
    const shown =
      path.length > 4 ? `${formatSegments(path.slice(0, 3))}…(${path.length - 3} more)` : formatSegments(path);
    diagnostics.push({
      file: source.name,
      line: pos.line,
      col: pos.col,
      path: shown,
      expected: `values nested at most ${MAX_NESTING} deep`,
      received: `a ${isSeq(node) ? 'list' : 'mapping'} nested deeper`,
    });
    return undefined;
  }
  if (isSeq(node)) {
    const list = node.items.map((item, i) => toAnnotated(item, context, [...path, i], depth + 1));
    setOrigin(list, { source, path });
    return list;
  }
  const object: Record<string, unknown> = {};
  for (const pair of node.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? keyNode.value : keyNode;
    if (key === null || typeof key === 'object') {
      const pos = source.lineCounter!.linePos((keyNode as YamlNode | null)?.range?.[0] ?? 0);
      diagnostics.push({
        file: source.name,
        line: pos.line,
        col: pos.col,
        path: formatSegments(path),
        expected: 'a plain key',
        received: describeValue(key),
      });
      continue;
    }
    const name = String(key);
    Object.defineProperty(object, name, {
      value: toAnnotated(pair.value, context, [...path, name], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  setOrigin(object, { source, path });
  return object;
}

export {
  cloneWithOrigin,
  getOrigin,
  locate,
  originOfKey,
  setKeyOrigin,
  setOrigin,
  type Origin,
  type Source,
} from './origins.js';
