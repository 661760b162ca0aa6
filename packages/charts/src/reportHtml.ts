import type { ArmShortfall, DifferenceSummary, SummaryAttribution, SummaryEffect } from '@chokepoint/format';
import { formatParameterValue, formatPercent, formatValue } from './format.js';
import { describeVariable, metricLabel, parseMetricName } from './metricInfo.js';
import { sweepPointParameters } from './defaultCharts.js';
import type { RunData } from './runData.js';

import { chartFontFamily } from './style.js';

/**
 * A drawn chart as the report embeds it.
 *
 * @example
 * ```ts
 * const svg = serializeSvg(tournamentChart({ rankings: [] }, {}, createSvgDocument()));
 * const chart: ReportChart = { id: 'tournament', title: 'Tournament', caption: 'No rankings yet.', svg };
 * const html = buildReportHtml({ run: { rows: [], parameterNames: [] }, charts: [chart] });
 * console.log(html.includes('id="tournament"'), html.includes('No rankings yet.')); // true true
 * ```
 */
export interface ReportChart {
  /** File-safe id; the figure's anchor. */
  id: string;
  /** Chart title. */
  title: string;
  /** Figure caption. */
  caption: string;
  /** Standalone SVG text. */
  svg: string;
}

/**
 * Input of {@link buildReportHtml}.
 *
 * @example
 * ```ts
 * const input: ReportInput = { run: await readRunDirectory('runs/qs'), charts: [], maxManifestRuns: 2, fontFaceCss: '@font-face{font-family:Example}' };
 * const html = buildReportHtml(input);
 * console.log(html.includes('@font-face{font-family:Example}')); // true
 * ```
 */
export interface ReportInput {
  /** The run's data. */
  run: RunData;
  /** The charts, in order. */
  charts: readonly ReportChart[];
  /** Extra CSS placed first, e.g. an `@font-face` rule with the font as a data URL. */
  fontFaceCss?: string;
  /** At most this many runs are listed in the manifest section. Default 200. */
  maxManifestRuns?: number;
}

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * ```ts
 * console.log(escapeHtml(`<b class="x">Tom's & Jerry's</b>`)); // &lt;b class=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/b&gt;
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Turns standalone SVG text into markup for inline use in HTML: no XML declaration, no namespace URL.
 *
 * @example
 * ```ts
 * console.log(inlineSvg('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"></svg>')); // <svg width="10"></svg>
 * ```
 */
export function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#FAFAF8;color:#222;font:15px/1.5 ${chartFontFamily.replace(/'/g, '"')}}
main{max-width:1000px;margin:0 auto;padding:24px 28px 64px;background:#FFF;min-height:100vh}
h1{font-size:26px;line-height:1.25;margin:8px 0 4px}
h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid #DDD}
h3{font-size:15px;margin:20px 0 6px}
p.meta{color:#666;margin:0 0 16px;font-size:13px}
nav ol{columns:2;font-size:13.5px;padding-left:20px}
a{color:#0060A0}
table{border-collapse:collapse;font-size:13px;width:100%}
.table-scroll{overflow-x:auto;max-width:100%;margin:8px 0 12px;-webkit-overflow-scrolling:touch}
p,li,figcaption,h1,h2,h3,summary,.note{overflow-wrap:anywhere}
th,td{padding:4px 8px;border-bottom:1px solid #E6E6E6;text-align:left;vertical-align:top}
th{background:#F3F3F1;font-weight:bold}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.significant td{background:#FFF8E6}
p.warning{background:#FFF1E6;border-left:4px solid #D55E00;padding:8px 12px;font-size:14px}
figure{margin:24px 0;page-break-inside:avoid;break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto;border:1px solid #EEE}
figcaption{font-size:13px;color:#444;margin-top:6px}
pre{background:#F6F6F4;border:1px solid #E6E6E6;padding:10px;overflow:auto;font-size:12px;line-height:1.4;max-height:480px}
details summary{cursor:pointer;font-size:13.5px;margin:8px 0}
.sources li{margin-bottom:4px}
.url{word-break:break-all;color:#555}
.note{color:#666;font-size:13px}
.paths code{white-space:normal;overflow-wrap:anywhere}
td.significant{background:#FFF4D6}
.paths li{margin:4px 0}
@media (max-width:640px){main{padding:16px 12px 48px}nav ol{columns:1}h1{font-size:22px}th,td{padding:4px 6px}}
@media print{body{background:#FFF}main{padding:0}pre{max-height:none}.table-scroll{overflow:visible}}
`;

/**
 * Builds the self-contained HTML report of a run: title, description and sources of the
 * scenario, the run design and parameters, key metrics and effect sizes as tables, every
 * chart as inline SVG with a caption, and the manifest. The page loads nothing: no script,
 * no stylesheet, no font and no image from elsewhere; URLs in sources are shown as text.
 *
 * @example
 * ```ts
 * const run = await readRunDirectory('runs/qs');
 * const svg = serializeSvg(effectForestChart(run.summary!, {}, createSvgDocument()));
 * const html = buildReportHtml({ run, charts: [{ id: 'effect-sizes', title: 'Effects', caption: '…', svg }] });
 * console.log(html.startsWith('<!doctype html>'), html.includes('<script')); // true false
 * ```
 */
export function buildReportHtml(input: ReportInput): string {
  const { run, charts } = input;
  const summary = run.summary;
  const manifest = run.manifest;
  const scenarioName = summary?.scenario ?? run.rows[0]?.scenario ?? 'scenario';
  const title = summary?.title ?? run.scenario?.title ?? scenarioName;
  const description = summary?.description ?? run.scenario?.description;
  const sources = (summary?.sources as string[] | undefined)?.map(String) ?? run.scenario?.sources ?? [];
  const arms = [...new Set(run.rows.map((r) => r.arm))];
  const points = new Set(run.rows.map((r) => r.point));
  const replicates = new Set(run.rows.map((r) => r.replicate));
  let minStep = Infinity;
  let maxStep = -Infinity;
  for (const r of run.rows) {
    if (r.step < minStep) minStep = r.step;
    if (r.step > maxStep) maxStep = r.step;
  }
  const firstDate = run.rows.find((r) => r.date)?.date;
  const lastDate = [...run.rows].reverse().find((r) => r.date)?.date;
  const parts: string[] = [];
  const h = escapeHtml;

  parts.push(
    `<header><p class="meta">Chokepoint report · scenario <strong>${h(scenarioName)}</strong>${manifest?.startedAt ? ` · run started ${h(String(manifest.startedAt))}` : ''}</p>`,
  );
  parts.push(`<h1>${h(title)}</h1>`);
  if (description) for (const paragraph of description.split(/\n\s*\n/)) parts.push(`<p>${h(paragraph.trim())}</p>`);
  for (const warning of manifest?.warnings ?? [])
    parts.push(`<p class="warning"><strong>Warning:</strong> ${h(warning)}</p>`);
  parts.push('</header>');

  const sections: [string, string][] = [
    ['sources', 'Sources'],
    ['design', 'Run design and parameters'],
    ['results', 'Key metrics and effect sizes'],
    ...(summary?.shortfalls !== undefined || largeEffects(summary).length > 0
      ? [['paths', 'Where the effects come from'] as [string, string]]
      : []),
    ['charts', 'Charts'],
    ['manifest', 'Manifest'],
  ];
  parts.push(
    `<nav aria-label="Contents"><ol>${sections.map(([id, label]) => `<li><a href="#${id}">${h(label)}</a></li>`).join('')}${charts
      .map((c) => `<li><a href="#${h(c.id)}">${h(c.title)}</a></li>`)
      .join('')}</ol></nav>`,
  );

  parts.push('<section id="sources"><h2>Sources</h2>');
  parts.push(
    sources.length > 0
      ? `<ol class="sources">${sources.map((s) => `<li>${linkFreeText(s)}</li>`).join('')}</ol>`
      : '<p class="note">The scenario lists no sources.</p>',
  );
  parts.push('</section>');

  parts.push('<section id="design"><h2>Run design and parameters</h2><table><tbody>');
  const designRows: [string, string][] = [
    ['Arms', arms.map((a) => (a === summary?.control ? `${a} (control)` : a)).join(', ') || '–'],
    ['Sweep points', String(points.size)],
    ['Replicates per arm and point', String(replicates.size)],
    [
      'Steps',
      Number.isFinite(minStep) ? `${minStep}–${maxStep}${firstDate ? ` (${firstDate} to ${lastDate})` : ''}` : '–',
    ],
    ['Runs', String(manifest?.runs?.length ?? new Set(run.rows.map((r) => r.runId)).size)],
    ['Base seed', manifest?.seed !== undefined ? String(manifest.seed) : '–'],
    ['Statistic for summaries', summary?.statistic ? `${summary.statistic} value of each run` : '–'],
  ];
  parts.push(designRows.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${h(v)}</td></tr>`).join(''));
  parts.push('</tbody></table>');
  for (const s of summary?.shared ?? []) {
    parts.push(
      `<p class="note">Arm <strong>${h(s.arm)}</strong> ignores the swept parameter${s.parameters.length === 1 ? '' : 's'} ${h(s.parameters.join(', '))}: it was run at only ${s.points} of the ${new Set(summary!.metrics.map((m) => m.point)).size} sweep points, and its results there stand for the others (marked "runs of" a point in the tables below).</p>`,
    );
  }
  const parameters = collectParameters(run);
  if (parameters.length > 0) {
    parts.push('<h3>Parameters</h3><table><thead><tr><th>Parameter</th><th>Values</th></tr></thead><tbody>');
    parts.push(
      parameters.map(([name, values]) => `<tr><td><code>${h(name)}</code></td><td>${h(values)}</td></tr>`).join(''),
    );
    parts.push('</tbody></table>');
  } else {
    parts.push('<p class="note">No parameters were swept or overridden.</p>');
  }
  if (run.scenarioText) {
    parts.push(
      `<details><summary>Resolved scenario (scenario.yaml)</summary><pre>${h(run.scenarioText)}</pre></details>`,
    );
  }
  parts.push('</section>');

  parts.push('<section id="results"><h2>Key metrics and effect sizes</h2>');
  parts.push(reportResultsHtml(run));
  parts.push('</section>');

  const paths = reportShortfallsHtml(run);
  if (paths !== '') parts.push(paths);

  parts.push('<section id="charts"><h2>Charts</h2>');
  charts.forEach((chart, i) => {
    parts.push(
      `<figure id="${h(chart.id)}">${inlineSvg(chart.svg)}<figcaption><strong>Figure ${i + 1}.</strong> ${h(chart.caption)}</figcaption></figure>`,
    );
  });
  if (charts.length === 0) parts.push('<p class="note">No charts: the run recorded none of the metrics they need.</p>');
  parts.push('</section>');

  parts.push('<section id="manifest"><h2>Manifest</h2>');
  if (manifest) {
    const facts: [string, unknown][] = [
      ['Tool', `${manifest.tool ?? 'chokepoint'} ${manifest.version ?? ''}`.trim()],
      ['Commit', manifest.commit ?? '–'],
      ['Scenario file', manifest.scenario?.path ?? '–'],
      ['Scenario hash', manifest.scenario?.hash ?? '–'],
      ['Base seed', manifest.seed ?? '–'],
      ['Started', manifest.startedAt ?? '–'],
      ['Wall time', manifest.wallTimeMs !== undefined ? `${(manifest.wallTimeMs / 1000).toFixed(1)} s` : '–'],
      ['Workers', manifest.workers ?? '–'],
      ['Shard', manifest.shard == null ? 'none' : JSON.stringify(manifest.shard)],
      [
        'Platform',
        manifest.platform
          ? Object.entries(manifest.platform)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(', ')
          : '–',
      ],
    ];
    parts.push(
      `<table><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${h(String(v))}</td></tr>`).join('')}</tbody></table>`,
    );
    const maxRuns = input.maxManifestRuns ?? 200;
    const shown = {
      ...manifest,
      scenario: manifest.scenario
        ? { ...manifest.scenario, text: manifest.scenario.text !== undefined ? '(shown above)' : undefined }
        : undefined,
    } as Record<string, unknown>;
    const runs = manifest.runs ?? [];
    if (runs.length > maxRuns)
      shown.runs = [...runs.slice(0, maxRuns), `… ${runs.length - maxRuns} more runs in manifest.json`];
    parts.push(
      `<details><summary>Full manifest (manifest.json)</summary><pre>${h(JSON.stringify(shown, null, 2))}</pre></details>`,
    );
  } else {
    parts.push('<p class="note">No manifest.json in this run directory.</p>');
  }
  parts.push('</section>');
  parts.push(
    `<footer><p class="note">Made by chokepoint${manifest?.version ? ` ${h(manifest.version)}` : ''}. This page is self-contained: it loads nothing from elsewhere.</p></footer>`,
  );

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)} — Chokepoint report</title>`,
    `<style>${input.fontFaceCss ?? ''}${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    // Every table scrolls sideways inside its own box, so a wide one never widens the page (phones).
    ...parts.map((part) =>
      part.replace(/<table\b/g, '<div class="table-scroll"><table').replace(/<\/table>/g, '</table></div>'),
    ),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The report's "Key metrics and effect sizes" as HTML (the content of its `results` section,
 * without the heading): the measures each arm adopted, the key metrics by arm (n, mean, SD,
 * 95% CI, replicates needed), the effect sizes against the control arm (difference, Welch 95%
 * CI, relative), and, when summary.json has them, effects over time and what drives each
 * effect. {@link buildReportHtml} places it in the report; the browser playground shows it
 * after a run. `run.rows` may be empty: sweep points are then named from `summary.points`.
 *
 * @example
 * ```ts
 * const html = reportResultsHtml({ rows: [], parameterNames: [], summary });
 * console.log(html.includes('<table class="metrics">'), html.includes('<table class="effects">')); // true true
 * ```
 */
export function reportResultsHtml(run: RunData): string {
  const summary = run.summary;
  const h = escapeHtml;
  const { parameterCells, pointHeads } = pointNaming(run);
  const parts: string[] = [];
  parts.push(...measuresTable(summary));
  if (summary && summary.metrics.length > 0) {
    const showPoint = new Set(summary.metrics.map((m) => m.point)).size > 1;
    parts.push(`<h3>Key metrics by arm (${h(summary.statistic ?? 'final')} value, across replicates)</h3>`);
    const advised = summary.metrics.some((m) => m.replicateAdvice !== undefined);
    parts.push(
      `<table class="metrics"><thead><tr><th>Metric</th><th>Arm</th>${showPoint ? pointHeads : ''}<th>n</th><th>Mean</th><th>SD</th><th>95% CI</th>${advised ? '<th title="Replicates after which the coefficient of variation is stable (Lorscheid et al. 2012)">Replicates needed</th>' : ''}</tr></thead><tbody>`,
    );
    for (const m of summary.metrics) {
      const f = valueFormatter(m.metric);
      const advice = m.replicateAdvice;
      const needed = advice === undefined ? '–' : advice.needed !== null ? String(advice.needed) : `&gt; ${m.n}`;
      const interval = m.deterministic ? DETERMINISTIC_METRIC : m.ci95 ? `${f(m.ci95[0])} to ${f(m.ci95[1])}` : '–';
      parts.push(
        `<tr><td title="${h(m.metric)}">${h(metricLabel(m.metric))}</td><td>${h(m.arm)}</td>${showPoint ? parameterCells(m.point, m.sharedWith) : ''}<td class="num">${m.n}</td><td class="num">${f(m.mean)}</td><td class="num">${m.deterministic ? '0' : m.sd === null ? '–' : f(m.sd)}</td><td class="num">${interval}</td>${advised ? `<td class="num">${needed}</td>` : ''}</tr>`,
      );
    }
    parts.push('</tbody></table>');
    if (advised)
      parts.push(
        '<p class="note">Replicates needed: the number after which the coefficient of variation of the metric across replicates changes by less than 5% of its final value per added replicate, over at least 3 replicates (Lorscheid et al. 2012); "&gt; n": not yet stable with the n replicates run.</p>',
      );
  }
  if (summary && summary.effects.length > 0) {
    const showPoint = new Set(summary.effects.map((e) => e.point)).size > 1;
    parts.push('<h3>Effect sizes against the control arm</h3>');
    parts.push(
      `<table class="effects"><thead><tr><th>Metric</th><th>Arm</th><th>Control</th>${showPoint ? pointHeads : ''}<th>Difference</th><th>95% CI</th><th>Relative</th></tr></thead><tbody>`,
    );
    for (const e of summary.effects) {
      const f = differenceFormatter(e.metric);
      const significant = !e.deterministic && e.ci95 != null && (e.ci95[0] > 0 || e.ci95[1] < 0);
      const interval = e.deterministic ? DETERMINISTIC_DIFFERENCE : e.ci95 ? `${f(e.ci95[0])} to ${f(e.ci95[1])}` : '–';
      parts.push(
        `<tr${significant ? ' class="significant"' : ''}><td title="${h(e.metric)}">${h(metricLabel(e.metric))}</td><td>${h(e.arm)}</td><td>${h(e.control)}</td>${showPoint ? parameterCells(e.point) : ''}<td class="num">${f(e.difference)}</td><td class="num">${interval}</td><td class="num">${e.relative == null ? '–' : formatPercent(e.relative)}</td></tr>`,
      );
    }
    const exact = summary.effects.some((e) => e.deterministic)
      ? ` "${DETERMINISTIC_DIFFERENCE}": every replicate of both arms gave the same value, so the difference is exact and not tested (it is not highlighted).`
      : '';
    parts.push(
      `</tbody></table><p class="note">Highlighted rows: the 95% confidence interval of the difference (Welch's t) excludes zero.${exact} Differences of shares are in percentage points (pp); relative effects are in % of the control mean.</p>`,
    );
    parts.push(...effectsOverTimeTable(summary, showPoint ? pointHeads : '', showPoint ? parameterCells : undefined));
    parts.push(...attributionTable(summary, showPoint ? pointHeads : '', showPoint ? parameterCells : undefined));
  } else {
    parts.push(
      `<p class="note">${summary ? 'No effect sizes: the scenario has no control arm or no treatment arm.' : 'No summary.json in this run directory.'}</p>`,
    );
  }
  return parts.join('\n');
}

/**
 * The report's "Where the effects come from" as HTML: the whole `paths` section, heading
 * included, or '' when the report has none (summary.json has no `shortfalls` and no effect on a
 * firm or state key metric of 5% or more). For each such effect, the shortage paths of
 * replicate 0 of the treatment arm at the step the entity fell furthest short of its orders,
 * beside the control arm's. {@link buildReportHtml} places it in the report; the browser
 * playground shows it after a run. `run.rows` may be empty.
 *
 * @example
 * ```ts
 * const html = reportShortfallsHtml({ rows: [], parameterNames: [], summary });
 * console.log(html.startsWith('<section id="paths"><h2>Where the effects come from</h2>')); // true
 * console.log(reportShortfallsHtml({ rows: [], parameterNames: [] }) === ''); // true
 * ```
 */
export function reportShortfallsHtml(run: RunData): string {
  return shortfallSection(run.summary, pointNaming(run).pointLabel).join('\n');
}

/** How the report's tables name a run's sweep points: by their parameter values, one column per swept parameter. */
function pointNaming(run: RunData): {
  pointLabel: (point: number) => string;
  parameterCells: (point: number, sharedWith?: number) => string;
  pointHeads: string;
} {
  const h = escapeHtml;
  const pointParameters = sweepPointParameters(run);
  const parameterHeads = run.parameterNames.map((name) => `<th>${h(name.replace(/^params\./, ''))}</th>`).join('');
  const pointLabel = (point: number): string =>
    run.parameterNames.length > 0
      ? run.parameterNames
          .map(
            (name) => `${name.replace(/^params\./, '')} = ${formatParameterValue(pointParameters.get(point)?.[name])}`,
          )
          .join(', ')
      : String(point);
  // An arm that ignores the swept parameters ran at one point; its other points say whose runs they show.
  const parameterCells = (point: number, sharedWith?: number) => {
    const note = sharedWith === undefined ? '' : ` (runs of ${h(pointLabel(sharedWith))})`;
    if (run.parameterNames.length === 0) return `<td class="num">${point}${note}</td>`;
    return run.parameterNames
      .map(
        (name, i) =>
          `<td class="num">${h(formatParameterValue(pointParameters.get(point)?.[name]))}${i === run.parameterNames.length - 1 ? note : ''}</td>`,
      )
      .join('');
  };
  const pointHeads = run.parameterNames.length > 0 ? parameterHeads : '<th>Point</th>';
  return { pointLabel, parameterCells, pointHeads };
}

/**
 * "Effects over time": for each effect, the statistics over the run the scenario asked for
 * (summary.json's `statistics`): the peak deviation from the control and when, and the
 * differences of the cumulative and discounted sums, each with its Welch interval.
 */
function effectsOverTimeTable(
  summary: NonNullable<RunData['summary']>,
  pointHeads: string,
  parameterCells: ((point: number) => string) | undefined,
): string[] {
  const chosen = (summary.statistics ?? []).filter(
    (s): s is 'peak' | 'cumulative' | 'discounted' => s === 'peak' || s === 'cumulative' || s === 'discounted',
  );
  const rows = summary.effects.filter((e) => chosen.some((s) => e[s] !== undefined));
  if (chosen.length === 0 || rows.length === 0) return [];
  const h = escapeHtml;
  const heads: Record<(typeof chosen)[number], string> = {
    peak: '<th>Peak difference</th><th>When</th><th>95% CI</th>',
    cumulative: '<th>Cumulative difference</th><th>95% CI</th><th>Relative</th>',
    discounted: `<th>Discounted (${formatPercent(summary.discountRate ?? 0)} a year)</th><th>95% CI</th>`,
  };
  const out = ['<h3>Effects over time</h3>'];
  out.push(
    `<table class="effects-over-time"><thead><tr><th>Metric</th><th>Arm</th>${pointHeads}${chosen.map((s) => heads[s]).join('')}</tr></thead><tbody>`,
  );
  for (const e of rows) {
    const f = differenceFormatter(e.metric);
    const interval = (d: DifferenceSummary | undefined): string =>
      d === undefined
        ? '–'
        : d.deterministic
          ? DETERMINISTIC_DIFFERENCE
          : d.ci95
            ? `${f(d.ci95[0])} to ${f(d.ci95[1])}`
            : '–';
    const cells = chosen.map((s) => {
      const d = e[s];
      const value = d === undefined ? '–' : f(d.difference);
      if (s === 'peak') {
        const peak = e.peak;
        return `<td class="num">${value}</td><td>${h(peak?.date || (peak?.step !== undefined ? `step ${peak.step}` : '–'))}</td><td class="num">${interval(d)}</td>`;
      }
      if (s === 'cumulative')
        return `<td class="num">${value}</td><td class="num">${interval(d)}</td><td class="num">${d?.relative == null ? '–' : formatPercent(d.relative)}</td>`;
      return `<td class="num">${value}</td><td class="num">${interval(d)}</td>`;
    });
    out.push(
      `<tr><td title="${h(e.metric)}">${h(metricLabel(e.metric))}</td><td>${h(e.arm)}</td>${parameterCells?.(e.point) ?? ''}${cells.join('')}</tr>`,
    );
  }
  out.push(
    '</tbody></table><p class="note">Peak: the step at which the treatment\'s mean path is furthest from the control\'s, and the Welch interval of the difference there (not widened for having picked the largest). Cumulative: the difference of the metric summed over every step of the run (for a flow such as output, what was lost or gained in all); discounted: the same with each step discounted to the start. A finding read only at the final step can hide a large early effect that has since faded: compare the columns.</p>',
  );
  return out;
}

/**
 * "What drives each effect": for each effect, the share each mechanism switched off by the
 * scenario's `ablation:` carries (summary.json's `attribution`), with its interval.
 */
function attributionTable(
  summary: NonNullable<RunData['summary']>,
  pointHeads: string,
  parameterCells: ((point: number) => string) | undefined,
): string[] {
  const attribution = summary.attribution ?? [];
  if (attribution.length === 0) return [];
  const h = escapeHtml;
  const mechanisms = [...new Set(attribution.map((a) => a.mechanism))];
  const rows = new Map<string, SummaryAttribution[]>();
  for (const a of attribution) {
    const key = `${a.arm}|${a.point}|${a.metric}`;
    rows.set(key, [...(rows.get(key) ?? []), a]);
  }
  const out = ['<h3>What drives each effect</h3>'];
  out.push(
    `<table class="attribution"><thead><tr><th>Metric</th><th>Arm</th>${pointHeads}<th>Effect</th>${mechanisms.map((m) => `<th>${h(m)}</th>`).join('')}</tr></thead><tbody>`,
  );
  for (const list of rows.values()) {
    const first = list[0]!;
    const f = differenceFormatter(first.metric);
    const cells = mechanisms.map((m) => {
      const a = list.find((x) => x.mechanism === m);
      if (a === undefined) return '<td class="num">–</td>';
      const share = a.share == null ? '–' : formatPercent(a.share);
      const interval = a.carried.deterministic
        ? 'exact'
        : a.carried.ci95
          ? `${f(a.carried.ci95[0])} to ${f(a.carried.ci95[1])}`
          : '–';
      const significant =
        !a.carried.deterministic && a.carried.ci95 != null && (a.carried.ci95[0] > 0 || a.carried.ci95[1] < 0);
      return `<td class="num${significant ? ' significant' : ''}" title="carries ${h(f(a.carried.difference))} (95% CI ${h(interval)}); the effect without ${h(m)}: ${h(f(a.effectWithout))}">${share}</td>`;
    });
    out.push(
      `<tr><td title="${h(first.metric)}">${h(metricLabel(first.metric))}</td><td>${h(first.arm)}</td>${parameterCells?.(first.point) ?? ''}<td class="num">${f(first.effect)}</td>${cells.join('')}</tr>`,
    );
  }
  out.push(
    '</tbody></table><p class="note">Each mechanism column is the share of the effect that mechanism carries: the effect minus the effect with the mechanism switched off in both the treatment and the control arm (same seeds, replicate by replicate), over the effect. 100% means the effect vanishes without it; 0%, that it does not depend on it; a negative share, that the mechanism works against the effect. Shares need not add to 100%: mechanisms interact. Highlighted: the 95% interval of the part carried excludes zero; the cell\'s tooltip gives the part carried, its interval and the effect without the mechanism.</p>',
  );
  return out;
}

/** An effect this large (relative to the control mean) on a firm or state gets its shortage path shown. */
const LARGE_EFFECT = 0.05;

/** The effects on firm and state key metrics of at least {@link LARGE_EFFECT}, largest first. */
function largeEffects(summary: RunData['summary']): SummaryEffect[] {
  return (summary?.effects ?? [])
    .filter((e) => /^(firm|state)\//.test(e.metric) && e.relative != null && Math.abs(e.relative) >= LARGE_EFFECT)
    .sort((a, b) => Math.abs(b.relative!) - Math.abs(a.relative!));
}

/**
 * "Where the effects come from": for each large effect on a firm or state key metric, the
 * shortage paths of replicate 0 of the treatment arm (summary.json's `shortfalls`) at the step
 * the entity fell furthest short of its orders, beside the control arm's.
 */
function shortfallSection(summary: RunData['summary'], pointLabel: (point: number) => string): string[] {
  const effects = largeEffects(summary);
  if (summary === undefined || (effects.length === 0 && summary.shortfalls === undefined)) return [];
  const h = escapeHtml;
  const out: string[] = ['<section id="paths"><h2>Where the effects come from</h2>'];
  out.push(
    `<p class="note">For each effect of ${formatPercent(LARGE_EFFECT)} or more on a firm or state, replicate 0 of the arm was followed step by step: at the step the firm (or the state's firms, by value) fell furthest short of its orders, each short firm's binding input is traced up the supply chain, following at each link the supplier that delivered least of what it was ordered. "compound_semis 41%" means the firm had 41% of the compound semiconductors its orders needed; "closed" names the supplier states whose trade in that input was blocked or refused a licence then, their share of the firm's baseline supply, and the measures in force on that trade.</p>`,
  );
  if (effects.length === 0) {
    out.push(
      `<p class="note">No effect on a firm or state key metric reached ${formatPercent(LARGE_EFFECT)} of its control mean.</p></section>`,
    );
    return out;
  }
  // The point whose runs an arm × point has (an arm that ignores the swept parameters ran at one).
  const runsAt = (arm: string, point: number, metric: string): number =>
    summary.metrics.find((m) => m.arm === arm && m.point === point && m.metric === metric)?.sharedWith ?? point;
  const showPoint = new Set(summary.effects.map((e) => e.point)).size > 1;
  const seen = new Set<string>();
  const pathList = (record: ArmShortfall): string =>
    `<ol class="paths">${record.firms.map((f) => `<li><strong>${h(f.firm)}</strong> made ${formatPercent(1 - f.lostShare)} of its orders: <code>${h(f.path)}</code></li>`).join('')}</ol>`;
  const when = (record: ArmShortfall): string =>
    record.date === '' ? `step ${record.step}` : `the step ending ${h(record.date)} (step ${record.step})`;
  const name = (entity: string): string => {
    const [kind, id] = entity.split('/') as [string, string];
    return kind === 'state' ? `state ${id}` : id;
  };
  for (const e of effects) {
    const entity = e.metric.split('/').slice(0, 2).join('/');
    const key = `${e.arm}|${e.point}|${entity}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const find = (arm: string): ArmShortfall | undefined => {
      const point = runsAt(arm, e.point, e.metric);
      return summary.shortfalls?.find((s) => s.arm === arm && s.point === point && s.entity === entity);
    };
    const treated = find(e.arm);
    const control = find(e.control);
    out.push(`<h3>${h(name(entity))} under ${h(e.arm)}${showPoint ? ` (${h(pointLabel(e.point))})` : ''}</h3>`);
    out.push(`<p>Effect on ${h(metricLabel(e.metric))}: ${formatPercent(e.relative!)} of the control mean.</p>`);
    if (treated === undefined) {
      out.push(
        `<p>In replicate 0 of ${h(e.arm)}, ${entity.startsWith('state/') ? `every firm of ${h(name(entity))}` : h(name(entity))} made at least 99% of its orders at every step: the effect does not come from short inputs. Look at its orders (buyers lost or gained), prices and trade flows.</p>`,
      );
    } else {
      out.push(
        `<p>In replicate 0 of ${h(e.arm)}, the largest shortfall came in ${when(treated)}: ${formatPercent(treated.lostShare)} of its orders${entity.startsWith('state/') ? ' (by value)' : ''} not made.</p>`,
      );
      out.push(pathList(treated));
    }
    if (control === undefined)
      out.push(`<p class="note">In the control arm (${h(e.control)}) it was never more than 1% short.</p>`);
    else
      out.push(
        `<p class="note">In the control arm (${h(e.control)}) its largest shortfall, ${formatPercent(control.lostShare)} of orders, came in ${when(control)}:</p>${pathList(control)}`,
      );
  }
  out.push('</section>');
  return out;
}

/**
 * The table of the measures each arm adopted (summary.json's `measures`): runs with measures,
 * measures per run, and counts by origin, instrument type and issuer.
 */
function measuresTable(summary: RunData['summary']): string[] {
  const measures = summary?.measures;
  if (measures === undefined || measures.length === 0) return [];
  const h = escapeHtml;
  const showPoint = new Set(measures.map((m) => m.point)).size > 1;
  const counts = (byName: Record<string, number>): string =>
    Object.entries(byName)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || '–';
  const rows = measures.map((m) => {
    const arm = m.arm === summary!.control ? `${m.arm} (control)` : m.arm;
    return `<tr><td>${h(arm)}</td>${showPoint ? `<td class="num">${m.point}</td>` : ''}<td class="num">${m.runsWithMeasures} of ${m.runs}</td><td class="num">${formatValue(m.runs > 0 ? m.adopted / m.runs : 0)}</td><td>${h(counts(m.byOrigin))}</td><td>${h(counts(m.byType))}</td><td>${h(counts(m.byIssuer))}</td></tr>`;
  });
  return [
    '<h3>Measures adopted, by arm (all replicates)</h3>',
    `<table class="measures"><thead><tr><th>Arm</th>${showPoint ? '<th>Point</th>' : ''}<th>Runs with measures</th><th>Measures per run</th><th>By origin</th><th>By instrument</th><th>By issuer</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '<p class="note">Origin: script (the scenario\'s timeline), doctrine (adopted by a state\'s doctrine), alliance (an alliance vote) or retaliation (an answer to another measure). measures.csv lists every measure of every run, with its targets, products and dates.</p>',
  ];
}

/** What the report prints in place of a confidence interval when every replicate is identical. */
const DETERMINISTIC_METRIC = 'deterministic: all replicates identical';
/** What it prints in place of the interval of a difference between two deterministic arms. */
const DETERMINISTIC_DIFFERENCE = 'deterministic difference';

/** Formats values of a metric: shares as percentages, others as numbers. */
function valueFormatter(metric: string): (v: number) => string {
  const { entityKind, variable } = parseMetricName(metric);
  return describeVariable(variable, entityKind).percent ? formatPercent : formatValue;
}

/** Formats differences of a metric: shares in percentage points, others as numbers. */
function differenceFormatter(metric: string): (v: number) => string {
  const { entityKind, variable } = parseMetricName(metric);
  return describeVariable(variable, entityKind).percent ? (v) => `${formatValue(v * 100)} pp` : formatValue;
}

/** Escapes a source citation; URLs stay plain text (not links) so the page references nothing outside. */
function linkFreeText(text: string): string {
  return escapeHtml(text).replace(/(https?:\/\/\S+)/g, '<span class="url">$1</span>');
}

/** Every parameter of the runs, with its distinct values (swept columns first, then manifest parameters). */
function collectParameters(run: RunData): [string, string][] {
  // Distinct values by their exact text; numbers are formatted (to significant figures) only for display.
  const values = new Map<string, Map<string, unknown>>();
  const add = (name: string, value: unknown) => {
    if (!values.has(name)) values.set(name, new Map());
    values.get(name)!.set(typeof value === 'string' ? value : JSON.stringify(value), value);
  };
  const seenRuns = new Set<string>();
  for (const row of run.rows) {
    if (seenRuns.has(row.runId)) continue;
    seenRuns.add(row.runId);
    for (const name of run.parameterNames) add(name, row.parameters[name]);
  }
  for (const r of run.manifest?.runs ?? [])
    for (const [name, value] of Object.entries(r.parameters ?? {})) add(name, value);
  return [...values.entries()].map(([name, distinct]) => {
    const list = [...distinct.values()];
    if (list.every((v) => typeof v === 'number')) (list as number[]).sort((a, b) => a - b);
    const shown = list.map((v) =>
      typeof v === 'string' || typeof v === 'number' ? formatParameterValue(v) : JSON.stringify(v),
    );
    return [
      name,
      shown.length > 20 ? `${shown.slice(0, 20).join(', ')}, … (${shown.length} values)` : shown.join(', '),
    ];
  });
}
