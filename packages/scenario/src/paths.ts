/**
 * Field paths inside a scenario: `world.firms[TSMC].damage`, `params.substitutionRate`,
 * `timeline[0].measure.licence`. They address values for `--set`, `arms.<name>.set` and
 * `sweep.parameters`.
 */

/**
 * One resolved step of a path: a mapping key or a list index.
 *
 * @example
 * ```ts
 * // world.firms[TSMC].damage, once TSMC is known to be the fourth firm:
 * const resolved: Segment[] = ['world', 'firms', 3, 'damage'];
 * console.log(resolved.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1)); // world.firms[3].damage
 * ```
 */
export type Segment = string | number;

/**
 * One written step of a path: a key, a list index, or `[id]`, the list element with that `id`.
 *
 * @example
 * ```ts
 * const selectors: Selector[] = parsePath('world.firms[TSMC].damage');
 * console.log(selectors.filter((s) => typeof s === 'object')); // [{ id: 'TSMC' }]
 * ```
 */
export type Selector = string | number | { id: string };

/**
 * Top-level scenario keys. A path that starts with `params.` or `policy.` is short for
 * `world.params.` and `world.policy.`; one that starts with a declared parameter's name is
 * short for `parameters.<name>`.
 */
export const SCENARIO_KEYS = [
  '$schema',
  'extends',
  'plugins',
  'name',
  'title',
  'description',
  'sources',
  'parameters',
  'world',
  'doctrines',
  'timeline',
  'horizon',
  'step',
  'start',
  'arms',
  'sweep',
  'ablation',
  'replicates',
  'seed',
  'outputs',
] as const;

/**
 * Parses a path such as `world.firms[TSMC].damage` or `timeline[0].measure.licence`.
 * A bracket holding digits is a list index; any other bracket selects the list element
 * whose `id` is its content (quote it, `firms["a.b"]`, if it has dots or brackets).
 *
 * @throws Error with a short reason when the path is malformed.
 *
 * @example
 * ```ts
 * console.log(parsePath('world.firms[TSMC].damage')); // ['world', 'firms', { id: 'TSMC' }, 'damage']
 * console.log(parsePath('timeline[0].step')); // ['timeline', 0, 'step']
 * ```
 */
export function parsePath(text: string): Selector[] {
  const out: Selector[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`a path like world.firms[TSMC].damage (${why})`);
  };
  if (text.length === 0) fail('empty');
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text[i + 1] === '"' ? text.indexOf('"]', i + 2) + 1 : text.indexOf(']', i);
      if (close <= 0) fail('unclosed [');
      let inner = text.slice(i + 1, close);
      if (inner.startsWith('"')) inner = inner.slice(1, -1);
      else if (/^\d+$/.test(inner)) {
        out.push(Number(inner));
        i = close + 1;
        if (text[i] === '.') i++;
        continue;
      }
      if (inner === '') fail('empty []');
      out.push({ id: inner });
      i = close + 1;
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    const key = text.slice(i, j);
    if (key === '') fail('empty key');
    out.push(key);
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) fail('ends with a dot');
    }
  }
  return out;
}

/**
 * Formats a resolved path as `a.b[3].c`, or `(root)` when empty.
 *
 * @example
 * ```ts
 * formatSegments(['world', 'firms', 3, 'damage']); // 'world.firms[3].damage'
 * ```
 */
export function formatSegments(path: ReadonlyArray<Segment | Selector>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'object') out += `[${part.id}]`;
    else if (out === '') out = part;
    else out += `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Expands the shorthands of a written path: `params.x` → `world.params.x`, `policy.x` →
 * `world.policy.x`, and `<parameter>` → `parameters.<parameter>` for a declared parameter.
 *
 * @example
 * ```ts
 * expandShorthand(['params', 'substitutionRate'], new Set()); // ['world', 'params', 'substitutionRate']
 * expandShorthand(['hawk'], new Set(['hawk']));                 // ['parameters', 'hawk']
 * ```
 */
export function expandShorthand(path: Selector[], parameterNames: ReadonlySet<string>): Selector[] {
  const head = path[0];
  if (head === 'params' || head === 'policy') return ['world', ...path];
  if (typeof head === 'string' && path.length === 1 && parameterNames.has(head)) return ['parameters', head];
  return path;
}
