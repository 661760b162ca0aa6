import { completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, type Text } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import {
  drawChartPlan,
  pickDefaultCharts,
  reportResultsHtml,
  reportShortfallsHtml,
  timeSeriesChart,
  type ChartPlan,
} from '@chokepoint/charts';
import { formatBytes, type RunPlan } from '@chokepoint/scenario';
import { fitWidth, redrawable } from '../charts.ts';
import { parseProblem, type Problem } from './check.ts';
import { checkInWorker } from './checker.ts';
import { LIBRARY_FILES, scenarioMenu } from './library.ts';
import { chartRunData, planOutputs, type PlanOutputs } from './outputs.ts';
import { CancelledError, runPlan, type PlanRun } from './runPlan.ts';
import type { KeyRow } from './simulateRun.ts';
import { sizeVerdict, type SizeVerdict } from './sizeGuard.ts';
import { decodeState, saveState, storedState, type PlaygroundState } from './state.ts';

/*
 * The playground: a scenario file in the CLI's format in a CodeMirror editor, checked as
 * you type (the scenario language's own located errors), a menu of the bundled scenarios,
 * a Run button that runs the plan in workers (after a size check), a chart of a key metric
 * by arm, the report's tables of key metrics and effects, its "Where the effects come from"
 * and its charts (those `pickDefaultCharts` plans, drawn by `drawChartPlan` as the CLI draws
 * them), and the CLI's metrics.csv and summary.json to download.
 */

/** The scenario the page opens with, when neither the link nor local storage holds one. */
export const DEFAULT_PATH = 'scenarios/quickstart.yaml';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The editor range of a problem in the edited file; problems elsewhere go at the top. */
export function problemRange(problem: Problem, path: string, doc: Text): { from: number; to: number } {
  if (problem.file !== path || problem.line < 1 || problem.line > doc.lines) return { from: 0, to: 0 };
  const line = doc.line(problem.line);
  const from = Math.min(line.from + Math.max(0, problem.col - 1), line.to);
  const token = /^[^\s,}\]]*/.exec(doc.sliceString(from, line.to))![0].length;
  return { from, to: from + token };
}

function toDiagnostic(problem: Problem, path: string, doc: Text, severity: 'error' | 'warning'): Diagnostic {
  const here = problem.file === path && problem.line > 0;
  return { ...problemRange(problem, path, doc), severity, message: here ? problem.message : problem.text };
}

/** Where the page starts: the link's state, else the one kept in local storage, else the quickstart. */
async function initialState(): Promise<PlaygroundState> {
  return (
    (await decodeState(location.hash)) ??
    storedState() ?? { path: DEFAULT_PATH, text: LIBRARY_FILES[DEFAULT_PATH] ?? '' }
  );
}

function finalsTable(rows: readonly KeyRow[], metric: string, seriesOf: (r: KeyRow) => string): HTMLTableElement {
  const table = element('table', { class: 'cp-table pg-finals' });
  table.innerHTML = '<thead><tr><th>Arm</th><th>Final value (mean of replicates)</th><th>Runs</th></tr></thead>';
  const body = element('tbody');
  const last = new Map<string, number>();
  for (const r of rows) if (r.metric === metric) last.set(seriesOf(r), Math.max(last.get(seriesOf(r)) ?? 0, r.step));
  const sums = new Map<string, { row: KeyRow; sum: number; n: number }>();
  for (const r of rows) {
    if (r.metric !== metric || r.step !== last.get(seriesOf(r))) continue;
    const s = sums.get(seriesOf(r)) ?? { row: r, sum: 0, n: 0 };
    s.sum += r.value;
    s.n += 1;
    sums.set(seriesOf(r), s);
  }
  for (const [series, { row, sum, n }] of sums) {
    const mean = sum / n;
    const tr = element('tr', { 'data-arm': row.arm, 'data-point': String(row.point), 'data-value': String(mean) });
    tr.append(
      element('td', {}, series),
      element('td', { class: 'cp-num' }, mean.toPrecision(6)),
      element('td', { class: 'cp-num' }, String(n)),
    );
    body.append(tr);
  }
  table.append(body);
  return table;
}

/** Builds the playground and returns its root element. */
export function playground(): HTMLElement {
  const root = element('div', { class: 'pg-playground' });

  // The menu of bundled scenarios.
  const menu = element('select', { name: 'scenario', 'aria-label': 'Bundled scenario' });
  menu.append(element('option', { value: '' }, 'Load a bundled scenario…'));
  for (const { group, entries } of scenarioMenu()) {
    const optgroup = element('optgroup', { label: group });
    for (const e of entries) optgroup.append(element('option', { value: e.path }, e.label));
    menu.append(optgroup);
  }
  const fileLabel = element('code', { class: 'pg-file' });
  const toolbar = element('div', { class: 'pg-toolbar' });
  toolbar.append(menu, fileLabel);

  const editorHost = element('div', { class: 'pg-editor' });
  const summary = element('p', { class: 'pg-summary', role: 'status', 'aria-live': 'polite' }, 'Checking…');
  const problemList = element('ul', { class: 'pg-problems' });

  const runButton = element('button', { type: 'button', 'data-action': 'run', disabled: '' }, 'Run');
  const cancelButton = element('button', { type: 'button', 'data-action': 'cancel', hidden: '' }, 'Cancel');
  const progress = element('progress', { class: 'pg-progress', max: '1', value: '0', hidden: '' });
  const status = element('span', { class: 'pg-status', role: 'status' });
  const runBar = element('div', { class: 'pg-runbar' });
  runBar.append(runButton, cancelButton, progress, status);
  // The size check: a plan too large for the page is refused, a large one asks first.
  const sizeNote = element('p', { class: 'pg-size', role: 'alert', hidden: '' });
  const confirmBox = element('div', { class: 'pg-confirm', hidden: '' });
  const runAnyway = element('button', { type: 'button', 'data-action': 'run-anyway' }, 'Run anyway');
  const notNow = element('button', { type: 'button', 'data-action': 'not-now' }, 'Not now');
  confirmBox.append(runAnyway, notNow);
  const downloads = element('div', { class: 'pg-downloads' });

  const metricSelect = element('select', { name: 'metric', 'aria-label': 'Key metric' });
  const metricLabel = element('label', { class: 'pg-metric', hidden: '' }, 'Key metric ');
  metricLabel.append(metricSelect);
  const results = element('div', { class: 'pg-results' });
  const report = element('section', { class: 'pg-report', 'aria-label': 'Key metrics and effect sizes' });
  root.append(
    toolbar,
    editorHost,
    summary,
    problemList,
    sizeNote,
    runBar,
    confirmBox,
    downloads,
    metricLabel,
    results,
    report,
  );

  let path = DEFAULT_PATH;
  let plan: RunPlan | undefined;
  let verdict: SizeVerdict = { kind: 'ok' };
  let running: PlanRun | undefined;
  let last: { plan: RunPlan; outputs: PlanOutputs } | undefined;
  let downloadUrls: string[] = [];

  /** Shows what the size check says of the plan (nothing for a plan of ordinary size). */
  const showVerdict = () => {
    confirmBox.hidden = true;
    sizeNote.hidden = verdict.kind === 'ok';
    sizeNote.textContent = verdict.kind === 'ok' ? '' : verdict.message;
    sizeNote.classList.toggle('pg-refused', verdict.kind === 'refuse');
  };

  const showProblems = (problems: Problem[], notes: Problem[], view: EditorView) => {
    problemList.replaceChildren();
    for (const [p, kind] of [
      ...problems.map((p) => [p, 'error'] as const),
      ...notes.map((p) => [p, 'warning'] as const),
    ]) {
      const item = element('li', { class: `pg-${kind}` });
      const jump = element('button', { type: 'button', class: 'pg-jump' }, p.text);
      jump.addEventListener('click', () => {
        const { from } = problemRange(p, path, view.state.doc);
        view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
        view.focus();
      });
      item.append(jump);
      problemList.append(item);
    }
  };

  const lint = linter(
    async (view) => {
      const doc = view.state.doc;
      const text = doc.toString();
      void saveState({ path, text });
      const checked = await checkInWorker(path, text);
      // An edit while the worker checked: CodeMirror drops these diagnostics, and so does the page.
      if (view.state.doc !== doc) return [];
      if (!checked.ok) {
        plan = undefined;
        verdict = { kind: 'ok' };
        showVerdict();
        summary.textContent = `${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}`;
        summary.className = 'pg-summary pg-invalid';
        runButton.disabled = true;
        showProblems(checked.problems, [], view);
        return checked.problems.map((p) => toDiagnostic(p, path, doc, 'error'));
      }
      plan = checked.plan;
      verdict = sizeVerdict(plan.meta.budget, path);
      showVerdict();
      summary.textContent = checked.summary;
      summary.className = 'pg-summary pg-valid';
      runButton.disabled = running !== undefined || verdict.kind === 'refuse';
      const notes = (plan.meta.notes ?? []).map((n) => parseProblem(n, path));
      showProblems([], notes, view);
      return notes.map((p) => toDiagnostic(p, path, doc, 'warning'));
    },
    { delay: 300 },
  );

  const schemaSupport = new Compartment();
  const view = new EditorView({
    parent: editorHost,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
        yaml(),
        // Completion and hover docs from the JSON Schema, once schemaSupport.ts has loaded.
        schemaSupport.of([]),
        syntaxHighlighting(defaultHighlightStyle),
        EditorView.lineWrapping,
        // An edit outdates the plan: no run until the new text is checked.
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          plan = undefined;
          runButton.disabled = true;
          confirmBox.hidden = true;
          summary.textContent = 'Checking…';
          summary.className = 'pg-summary';
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'Scenario file (YAML)' }),
        lintGutter(),
        lint,
      ],
    }),
  });

  const load = (state: PlaygroundState) => {
    path = state.path;
    fileLabel.textContent = path;
    menu.value = '';
    if (running === undefined) status.textContent = '';
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: state.text } });
    forceLinting(view);
  };
  menu.addEventListener('change', () => {
    const chosen = menu.value;
    if (chosen !== '' && LIBRARY_FILES[chosen] !== undefined) load({ path: chosen, text: LIBRARY_FILES[chosen] });
  });

  const draw = () => {
    if (last === undefined) return;
    const metric = metricSelect.value;
    const manyPoints = last.plan.meta.points.length > 1;
    const seriesOf = (r: KeyRow) => (manyPoints ? `${r.arm} · point ${r.point}` : r.arm);
    const rows = last.outputs.keyRows.filter((r) => r.metric === metric);
    const control = last.plan.meta.control;
    // Drawn at the column's width, and again when it changes (a phone turned), from these rows.
    const chart = redrawable(() => {
      const width = fitWidth(720);
      return timeSeriesChart(rows, {
        title: metric,
        xLabel: 'Step',
        seriesOf,
        control,
        width,
        height: Math.round(Math.min(340, Math.max(260, width * 0.8))),
      });
    });
    const figure = element('figure', { class: 'cp-figure' });
    figure.append(chart);
    results.replaceChildren(figure, finalsTable(last.outputs.keyRows, metric, seriesOf));
  };

  /**
   * The report's sections after a run, computed by the report's own functions: its tables of key
   * metrics and effect sizes, "Where the effects come from", and its charts, every chart
   * `pickDefaultCharts` plans for the run in the report's order, drawn at the column's width.
   */
  const drawReport = () => {
    if (last === undefined) return;
    const run = chartRunData(last.plan.meta, last.outputs);
    const tables = element('div', { class: 'pg-report-tables' });
    tables.innerHTML = reportResultsHtml({ ...run, rows: [] });
    const paths = element('div', { class: 'pg-paths' });
    paths.innerHTML = reportShortfallsHtml(run);
    // The plans at one width, kept until the column's width changes.
    let planned: { width: number; plans: ChartPlan[] } | undefined;
    const plansAt = (width: number): ChartPlan[] => {
      if (planned?.width !== width) planned = { width, plans: pickDefaultCharts(run, { width }) };
      return planned.plans;
    };
    const charts = element('section', { class: 'pg-charts', 'aria-label': 'Charts' });
    charts.append(element('h2', {}, 'Charts'));
    plansAt(fitWidth(720)).forEach((plan, i) => {
      const figure = element('figure', { class: 'cp-figure pg-chart', 'data-chart': plan.id, 'data-kind': plan.kind });
      const caption = element('figcaption');
      caption.append(element('strong', {}, `Figure ${i + 1}.`), ` ${plan.caption}`);
      figure.append(
        redrawable(() => drawChartPlan(plansAt(fitWidth(720))[i] ?? plan).element),
        caption,
      );
      charts.append(figure);
    });
    if (charts.childElementCount === 1)
      charts.append(element('p', { class: 'note' }, 'No charts: the run recorded none of the metrics they need.'));
    report.replaceChildren(element('h2', {}, 'Key metrics and effect sizes'), tables, paths, charts);
  };

  /** Links to download metrics.csv and summary.json, byte-identical to what `chokepoint run` writes. */
  const offerDownloads = (outputs: PlanOutputs) => {
    for (const url of downloadUrls) URL.revokeObjectURL(url);
    const csv = URL.createObjectURL(new Blob(outputs.metricsCsv as BlobPart[], { type: 'text/csv' }));
    const json = URL.createObjectURL(new Blob([outputs.summaryJson], { type: 'application/json' }));
    downloadUrls = [csv, json];
    downloads.replaceChildren(
      element(
        'a',
        { href: csv, download: 'metrics.csv', 'data-file': 'metrics.csv' },
        `Download metrics.csv (${formatBytes(outputs.metricsCsvBytes)})`,
      ),
      element('a', { href: json, download: 'summary.json', 'data-file': 'summary.json' }, 'Download summary.json'),
    );
  };
  metricSelect.addEventListener('change', draw);

  const stop = () => {
    running = undefined;
    cancelButton.hidden = true;
    runButton.disabled = plan === undefined || verdict.kind === 'refuse';
  };
  const start = () => {
    if (plan === undefined || running !== undefined || verdict.kind === 'refuse') return;
    const thisPlan = plan;
    const started = performance.now();
    confirmBox.hidden = true;
    runButton.disabled = true;
    cancelButton.hidden = false;
    status.classList.remove('pg-run-error');
    progress.hidden = false;
    // `?workers=N` in the page's address sets how many workers run the plan.
    const workers = Number(new URLSearchParams(location.search).get('workers'));
    running = runPlan(thisPlan, {
      ...(Number.isInteger(workers) && workers >= 1 ? { workers } : {}),
      onProgress: (done, total) => {
        progress.max = total;
        progress.value = done;
        status.textContent = `${done} / ${total} runs`;
      },
    });
    running.result.then(
      (result) => {
        stop();
        const outputs = planOutputs(thisPlan.meta, result.parts);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        status.textContent = `${result.runs} runs in ${seconds} s on ${result.workers} worker${result.workers === 1 ? '' : 's'}`;
        last = { plan: thisPlan, outputs };
        offerDownloads(outputs);
        const previous = metricSelect.value;
        metricSelect.replaceChildren(...thisPlan.meta.keyMetrics.map((k) => element('option', { value: k }, k)));
        if (thisPlan.meta.keyMetrics.includes(previous)) metricSelect.value = previous;
        metricLabel.hidden = false;
        draw();
        drawReport();
      },
      (error: unknown) => {
        stop();
        progress.hidden = true;
        status.textContent = error instanceof CancelledError ? 'Cancelled.' : String(error);
        status.classList.toggle('pg-run-error', !(error instanceof CancelledError));
      },
    );
  };
  runButton.addEventListener('click', () => {
    if (plan === undefined || running !== undefined) return;
    // A large plan runs only once the user has read its size and confirmed.
    if (verdict.kind === 'confirm') {
      confirmBox.hidden = false;
      runAnyway.focus();
    } else start();
  });
  runAnyway.addEventListener('click', start);
  notNow.addEventListener('click', () => {
    confirmBox.hidden = true;
  });
  cancelButton.addEventListener('click', () => running?.cancel());

  void initialState().then(load);
  void import('./schemaSupport.ts').then(({ schemaExtensions }) =>
    view.dispatch({ effects: schemaSupport.reconfigure(schemaExtensions()) }),
  );
  return root;
}
