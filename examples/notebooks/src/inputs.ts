/*
 * Small form controls for the notebooks: sliders, segmented choices, checkboxes, a
 * panel that groups them, and a YAML editor. Each is an element with a `value` that
 * emits `input` events, which is all Notebook Kit's `view()` needs. They replace
 * Observable Inputs, which the Notebook Kit runtime loads from a CDN: these notebooks
 * must work offline.
 */

/** An element that Notebook Kit's `view()` can observe. */
export type Control<T> = HTMLElement & { readonly value: T };

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function withValue<T, E extends HTMLElement>(node: E, get: () => T): E & { readonly value: T } {
  Object.defineProperty(node, 'value', { get, enumerable: true });
  return node as E & { readonly value: T };
}

/** Options of {@link slider}. */
export interface SliderOptions {
  /** Label above the slider. */
  label: string;
  /** Form name of the range input (tests find controls by it). */
  name: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** How the current value is shown. Default: the number. */
  format?: (value: number) => string;
  /** A short note under the slider; a function of the value to update it live. */
  note?: string | ((value: number) => string);
}

/** A labelled range slider with its value shown beside it. */
export function slider(options: SliderOptions): Control<number> {
  const id = nextId(options.name);
  const format = options.format ?? ((v: number) => String(v));
  const input = element('input', {
    type: 'range',
    id,
    name: options.name,
    min: String(options.min),
    max: String(options.max),
    step: String(options.step),
    value: String(options.value),
  });
  input.value = String(options.value);
  const output = element('output', { for: id }, format(options.value));
  const note = element('div', { class: 'cp-note' });
  const update = () => {
    output.textContent = format(input.valueAsNumber);
    if (options.note !== undefined)
      note.textContent = typeof options.note === 'function' ? options.note(input.valueAsNumber) : options.note;
  };
  input.addEventListener('input', update);
  update();
  const root = element(
    'div',
    { class: 'cp-control cp-slider' },
    element('label', { for: id }, options.label),
    element('div', { class: 'cp-slider-row' }, input, output),
  );
  if (options.note !== undefined) root.append(note);
  return withValue(root, () => input.valueAsNumber);
}

/** One option of a {@link choice} or {@link checkboxes}. */
export interface Option {
  value: string;
  label: string;
  /** A tooltip. */
  title?: string;
}

/** A segmented control: one of a few options, as radio buttons. */
export function choice(options: {
  label: string;
  name: string;
  options: Option[];
  value: string;
  note?: string;
}): Control<string> {
  const name = nextId(options.name);
  const buttons = options.options.map((o) => {
    const input = element('input', { type: 'radio', name, value: o.value, 'data-name': options.name });
    input.checked = o.value === options.value;
    return element('label', o.title ? { title: o.title } : {}, input, element('span', {}, o.label));
  });
  const root = element(
    'fieldset',
    { class: 'cp-control cp-choice' },
    element('legend', {}, options.label),
    element('div', { class: 'cp-segments', role: 'radiogroup' }, ...buttons),
  );
  if (options.note) root.append(element('div', { class: 'cp-note' }, options.note));
  return withValue(root, () => root.querySelector<HTMLInputElement>('input:checked')?.value ?? options.value);
}

/** A group of checkboxes; its value is the list of checked values. */
export function checkboxes(options: {
  label: string;
  name: string;
  options: Option[];
  value: string[];
  note?: string;
}): Control<string[]> {
  const boxes = options.options.map((o) => {
    const input = element('input', { type: 'checkbox', name: options.name, value: o.value });
    input.checked = options.value.includes(o.value);
    return element('label', o.title ? { title: o.title } : {}, input, element('span', {}, o.label));
  });
  const root = element(
    'fieldset',
    { class: 'cp-control cp-checkboxes' },
    element('legend', {}, options.label),
    element('div', { class: 'cp-boxes' }, ...boxes),
  );
  if (options.note) root.append(element('div', { class: 'cp-note' }, options.note));
  return withValue(root, () => [...root.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value));
}

/** A single checkbox; its value is true when checked. */
export function toggle(options: { label: string; name: string; value: boolean; note?: string }): Control<boolean> {
  const input = element('input', { type: 'checkbox', name: options.name });
  input.checked = options.value;
  const root = element(
    'div',
    { class: 'cp-control cp-toggle' },
    element('label', {}, input, element('span', {}, options.label)),
  );
  if (options.note) root.append(element('div', { class: 'cp-note' }, options.note));
  return withValue(root, () => input.checked);
}

/**
 * A panel of controls under a heading; its value is an object with each control's
 * value under its key, and it emits `input` whenever one of them changes.
 */
export function panel<T extends Record<string, Control<unknown>>>(
  title: string,
  controls: T,
): Control<{ [K in keyof T]: T[K]['value'] }> {
  const root = element(
    'form',
    { class: 'cp-panel', 'aria-label': title },
    element('div', { class: 'cp-panel-title' }, title),
    element('div', { class: 'cp-panel-body' }, ...Object.values(controls)),
  );
  root.addEventListener('submit', (event) => event.preventDefault());
  // Checkboxes and radios also fire `change`; `input` is enough and fires once per edit.
  return withValue(
    root,
    () =>
      Object.fromEntries(Object.entries(controls).map(([key, control]) => [key, control.value])) as {
        [K in keyof T]: T[K]['value'];
      },
  );
}

/** A code editor for YAML: a textarea with line numbers, and lines that can be marked as wrong. */
export interface YamlEditor extends Control<string> {
  /** Marks these (1-based) line numbers as having an error; an empty list clears the marks. */
  markErrors(lines: number[]): void;
  /** Replaces the text and emits `input`. */
  setText(text: string): void;
}

/** A YAML editor (see {@link YamlEditor}). */
export function yamlEditor(options: { value: string; label: string; rows?: number }): YamlEditor {
  const id = nextId('yaml');
  const textarea = element('textarea', {
    id,
    name: 'scenario',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    wrap: 'off',
    rows: String(options.rows ?? 28),
  });
  textarea.value = options.value;
  const gutter = element('div', { class: 'cp-gutter', 'aria-hidden': 'true' });
  let errorLines = new Set<number>();
  const renderGutter = () => {
    const count = textarea.value.split('\n').length;
    if (gutter.childElementCount !== count) {
      gutter.replaceChildren(...Array.from({ length: count }, (_, i) => element('div', {}, String(i + 1))));
    }
    [...gutter.children].forEach((line, i) => line.classList.toggle('cp-error-line', errorLines.has(i + 1)));
  };
  textarea.addEventListener('input', renderGutter);
  textarea.addEventListener('scroll', () => (gutter.scrollTop = textarea.scrollTop));
  // Tab indents by two spaces instead of leaving the editor.
  textarea.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || event.shiftKey) return;
    event.preventDefault();
    textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
  renderGutter();
  const root = element(
    'div',
    { class: 'cp-editor' },
    element('label', { for: id, class: 'cp-editor-label' }, options.label),
    element('div', { class: 'cp-editor-body' }, gutter, textarea),
  );
  const editor = withValue(root, () => textarea.value) as unknown as YamlEditor;
  editor.markErrors = (lines) => {
    errorLines = new Set(lines);
    renderGutter();
  };
  editor.setText = (text) => {
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return editor;
}

/** A button that calls `onClick`. */
export function button(label: string, onClick: () => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const node = element('button', { type: 'button', class: 'cp-button', ...attributes }, label);
  node.addEventListener('click', onClick);
  return node;
}
