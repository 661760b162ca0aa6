import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The repository documents the notebooks cite, rendered to pages of the build (dist/docs/),
 * so that a student can follow a link to docs/ODD.md §7.7 offline. vite.config.ts emits them
 * at build time and serves them in dev. Markdown is rendered with markdown-it, which Notebook
 * Kit depends on (resolved from the kit, as the fonts are). Headings get ids (`s7-7` for
 * "7.7 Doctrines"), and so do the rows of a table whose first cell names a mechanism
 * (`tit-for-tat-retaliation`), so links can point at a section or a row.
 */

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = join(root, '..', '..');

/** The documents built into pages: the repository file and the page it becomes, relative to dist/. */
export const DOC_PAGES = [
  { source: 'docs/ODD.md', page: 'docs/ODD.html', title: 'ODD protocol' },
  { source: 'docs/mechanisms.md', page: 'docs/mechanisms.html', title: 'Mechanisms and claims' },
  { source: 'docs/sensitivity.md', page: 'docs/sensitivity.html', title: 'Sensitivity analysis (command line)' },
] as const;

/** The images a document shows (relative paths beside it in docs/), copied into the build next to its page. */
export function docImages(doc: (typeof DOC_PAGES)[number]): Array<{ fileName: string; source: Uint8Array }> {
  const text = readFileSync(join(repository, doc.source), 'utf8');
  const names = new Set(
    [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((src) => !/^[a-z]+:|^\//.test(src) && !src.includes('..')),
  );
  return [...names].map((name) => ({ fileName: `docs/${name}`, source: readFileSync(join(repository, 'docs', name)) }));
}

interface Token {
  type: string;
  tag: string;
  content: string;
  attrSet(name: string, value: string): void;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
interface MarkdownIt {
  parse(src: string, env: object): Token[];
  renderer: { render(tokens: Token[], options: object, env: object): string };
  options: object;
}

function markdownIt(): MarkdownIt {
  const kit = realpathSync(join(root, 'node_modules/@observablehq/notebook-kit/package.json'));
  const MarkdownIt = createRequire(kit)('markdown-it') as new (options: object) => MarkdownIt;
  return new MarkdownIt({ html: true, linkify: false, typographer: false });
}

/** The id of a heading or a table row: `s7-7` for "7.7 Doctrines", else a slug of the text up to a bracket or colon. */
export function anchorOf(text: string): string {
  const section = /^(\d+(?:\.\d+)*)\.?\s/.exec(text);
  if (section) return `s${section[1]!.replaceAll('.', '-')}`;
  return text
    .split(/[(:`]/)[0]!
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Where a relative link of a document goes in the build: a built page, or nowhere (plain text). */
function rewriteLink(href: string): string | null {
  if (/^[a-z]+:|^#/.test(href)) return href;
  const [path, fragment] = href.split('#');
  const name = path!.split('/').at(-1)!;
  const built = DOC_PAGES.find((d) => d.source.endsWith(`/${name}`));
  if (built) return `./${built.page.split('/').at(-1)}${fragment ? `#${fragment}` : ''}`;
  return null; // a repository file the build does not include
}

/** Renders one document to a standalone page of the build. */
export function renderDocPage(doc: (typeof DOC_PAGES)[number]): string {
  const md = markdownIt();
  const source = readFileSync(join(repository, doc.source), 'utf8');
  const tokens = md.parse(source, {});
  const text = (inline: Token | undefined) => (inline?.children ?? []).map((c) => c.content).join('');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') token.attrSet('id', anchorOf(text(tokens[i + 1])));
    // A table row's id names its first cell.
    if (token.type === 'tr_open' && tokens[i + 1]?.type === 'td_open')
      token.attrSet('id', anchorOf(text(tokens[i + 2])));
    if (token.type === 'inline') {
      const children = token.children ?? [];
      for (let j = 0; j < children.length; j++) {
        const child = children[j]!;
        if (child.type !== 'link_open') continue;
        const href = rewriteLink(child.attrGet('href') ?? '');
        if (href !== null) child.attrSet('href', href);
        else {
          // Not in the build: keep the link's text, and say which repository file it is.
          const close = children.findIndex((c, k) => k > j && c.type === 'link_close');
          const target = `docs/${(child.attrGet('href') ?? '').replace(/^\.\//, '')}`;
          Object.assign(child, {
            type: 'html_inline',
            content: `<span class="cp-repo-file" title="${target} in the repository">`,
          });
          if (close > 0) Object.assign(children[close]!, { type: 'html_inline', content: '</span>' });
        }
      }
    }
  }
  const body = md.renderer.render(tokens, md.options, {});
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="icon" href="data:,">
    <title>${doc.title} — Chokepoint notebooks</title>
    <style>
      body { font: 16px/1.55 Georgia, 'Source Serif 4', serif; color: #1b1e23; margin: 0 auto; padding: 1rem 1.2rem 3rem; max-width: 52rem; }
      nav { font: 14px/1.4 system-ui, sans-serif; margin-bottom: 1.5rem; display: flex; gap: 1rem; flex-wrap: wrap; }
      h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.25; }
      code { font: 0.86em/1.4 ui-monospace, 'Spline Sans Mono', monospace; background: #f3f4f6; padding: 0 0.2em; border-radius: 3px; }
      pre { overflow-x: auto; background: #f3f4f6; padding: 0.6rem 0.8rem; border-radius: 6px; }
      pre code { background: none; padding: 0; }
      table { border-collapse: collapse; display: block; overflow-x: auto; font-size: 14px; }
      th, td { border-bottom: 1px solid #dde1e6; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
      :target { background: #fff6d6; }
      img { max-width: 100%; height: auto; }
      .cp-source-note { font: 13px/1.4 system-ui, sans-serif; color: #5b6270; }
    </style>
  </head>
  <body>
    <nav><a href="../index.html">← Chokepoint notebooks</a>${DOC_PAGES.map((d) => `<a href="./${d.page.split('/').at(-1)}">${d.title}</a>`).join('')}</nav>
    <p class="cp-source-note">This page is <code>${doc.source}</code> of the Chokepoint repository, rendered for the notebooks.</p>
    <main>
${body}
    </main>
  </body>
</html>
`;
}
