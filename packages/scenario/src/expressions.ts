import { mathjsNumber } from './mathjs.js';
import type { MathNode, MathJsInstance } from 'mathjs';

/**
 * The safe expression language of scenario files: a subset of mathjs.
 *
 * A string that starts with `=` is an expression, e.g. `"=hawk * 0.4"` or
 * `"=max(0, 1 - damage)"`. It may use numbers, `true`/`false`, the parameters declared in
 * `parameters:`, the constants `pi` and `e`, the operators `+ - * / ^ %` (and unary `-`, `+`),
 * comparisons `< <= > >= == !=`, `and`/`or`/`not`, the conditional `a ? b : c`, parentheses,
 * and the functions below. Everything else (assignment, function definition, member or index
 * access, strings, matrices, ranges, units, `import`, `evaluate`, unknown names, two terms side
 * by side such as `2hawk`, a function given the wrong number of arguments) is rejected before
 * anything is evaluated.
 *
 * @example
 * ```ts
 * console.log(EXPRESSION_FUNCTIONS.includes('sqrt'), EXPRESSION_FUNCTIONS.includes('import')); // true false
 * console.log(compileExpression('=sqrt(x) + log10(100)', new Set(['x'])).evaluate({ x: 9 })); // 5
 * ```
 */
export const EXPRESSION_FUNCTIONS: readonly string[] = [
  'min',
  'max',
  'abs',
  'sqrt',
  'exp',
  'log',
  'log10',
  'round',
  'floor',
  'ceil',
  'sign',
  'pow',
];

/**
 * Named constants allowed in expressions (unless a parameter has the same name).
 *
 * @example
 * ```ts
 * console.log(Object.keys(EXPRESSION_CONSTANTS)); // ['pi', 'e']
 * console.log(compileExpression('=round(pi * 100)', new Set()).evaluate({})); // 314
 * console.log(compileExpression('=e', new Set(['e'])).evaluate({ e: 2 })); // 2
 * ```
 */
export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });

const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'mod',
  'unaryMinus',
  'unaryPlus',
  'smaller',
  'larger',
  'smallerEq',
  'largerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
]);

let instance: MathJsInstance | undefined;

/**
 * The mathjs number-only build, loaded on first use: scenarios without expressions never pay
 * for it, and its CommonJS build loads several times faster than the ES modules.
 */
function math(): MathJsInstance {
  if (instance === undefined) {
    const mathjs = mathjsNumber();
    // Number-only and `predictable`: sqrt(-1) is NaN, never a complex number or a matrix.
    instance = mathjs.create(mathjs.all, { predictable: true });
  }
  return instance;
}

/**
 * A checked, compiled expression.
 *
 * @example
 * ```ts
 * const share: Expression = compileExpression('=min(1, hawk * 2)', new Set(['hawk', 'base']));
 * console.log(share.text, share.names, share.evaluate({ hawk: 0.3 })); // min(1, hawk * 2) ['hawk'] 0.6
 * ```
 */
export interface Expression {
  /** The source text, without the leading `=`. */
  readonly text: string;
  /** The parameter names it reads. */
  readonly names: readonly string[];
  /** Evaluates it with parameter values. */
  evaluate(scope: Readonly<Record<string, number | boolean>>): number | boolean;
}

/**
 * Why an expression was rejected: the expected and received parts of the message.
 *
 * @example
 * ```ts
 * try {
 *   compileExpression('=hawk + dove', new Set(['hawk']));
 * } catch (e) {
 *   if (e instanceof ExpressionError) console.log(e.received); // unknown name "dove" in "=hawk + dove"
 * }
 * ```
 */
export class ExpressionError extends Error {
  /** What was expected. */
  readonly expected: string;
  /** What was found. */
  readonly received: string;
  /** Creates the error. */
  constructor(expected: string, received: string) {
    super(`expected ${expected}, received ${received}`);
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Whether a value is an expression string (`"=..."`).
 *
 * @example
 * ```ts
 * console.log(isExpression('=hawk * 0.4'), isExpression('hawk'), isExpression(0.4)); // true false false
 * ```
 */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/**
 * Parses an expression once, checks every node of its syntax tree against the allow-list,
 * then compiles it.
 *
 * @param text - The expression, with or without the leading `=`.
 * @param known - The parameter names it may use.
 * @throws ExpressionError naming what is not allowed.
 *
 * @example
 * ```ts
 * const e = compileExpression('=hawk * 0.4 + max(0, base)', new Set(['hawk', 'base']));
 * console.log(e.evaluate({ hawk: 0.5, base: 1 })); // 1.2
 * try {
 *   compileExpression('=import({}, {})', new Set());
 * } catch (error) {
 *   console.log((error as ExpressionError).received); // "import" in "=import({}, {})"
 * }
 * ```
 */
export function compileExpression(text: string, known: ReadonlySet<string>): Expression {
  const body = text.startsWith('=') ? text.slice(1) : text;
  const shown = quote(body);
  if (body.trim() === '') throw new ExpressionError('an expression after "="', 'an empty expression "="');
  let root: MathNode;
  try {
    root = math().parse(body);
  } catch (error) {
    throw new ExpressionError('a valid expression', `${shown} (${(error as Error).message})`);
  }
  const names = new Set<string>();
  let compiled: ReturnType<MathNode['compile']>;
  try {
    check(root, known, names, shown);
    compiled = root.compile();
  } catch (error) {
    // A syntax tree deep enough to exhaust the stack (thousands of nested terms) is refused, not a crash.
    if (error instanceof RangeError)
      throw new ExpressionError(
        'an expression of reasonable size',
        `one too long or too deeply nested to check (${body.length} characters): ${shown}`,
      );
    throw error;
  }
  return {
    text: body,
    names: [...names],
    evaluate(scope) {
      const values = new Map<string, unknown>();
      for (const [name, value] of Object.entries(EXPRESSION_CONSTANTS)) values.set(name, value);
      for (const [name, value] of Object.entries(scope)) values.set(name, value);
      let result: unknown;
      try {
        result = compiled.evaluate(values);
      } catch (error) {
        throw new ExpressionError('an expression that evaluates', `${(error as Error).message} in ${shown}`);
      }
      if (typeof result === 'boolean') return result;
      if (typeof result !== 'number' || !Number.isFinite(result)) {
        const kind =
          typeof result === 'number'
            ? String(result)
            : article(
                typeof result === 'object' && result !== null
                  ? ((result as { type?: string }).type ?? 'value')
                  : typeof result,
              );
        throw new ExpressionError('a finite real number', `${kind} from ${shown}`);
      }
      return result;
    },
  };
}

function check(node: MathNode, known: ReadonlySet<string>, names: Set<string>, shown: string): void {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const value = n.value;
      if (typeof value !== 'number' && typeof value !== 'boolean')
        throw new ExpressionError('numbers, parameters and operators only', `a ${typeof value} constant in ${shown}`);
      return;
    }
    case 'SymbolNode': {
      const name = n.name as string;
      if (known.has(name)) names.add(name);
      else if (!Object.hasOwn(EXPRESSION_CONSTANTS, name))
        throw new ExpressionError(
          `a declared parameter${nearest(name, [...known])}`,
          `unknown name "${name}" in ${shown}`,
        );
      return;
    }
    case 'ParenthesisNode':
      return check(n.content as MathNode, known, names, shown);
    case 'OperatorNode': {
      if (!OPERATORS.has(n.fn as string))
        throw new ExpressionError(
          'arithmetic, comparison and logical operators only',
          `operator "${n.op as string}" in ${shown}`,
        );
      // mathjs reads "0.05 pi" or "(1)(2)" as a product; a forgotten operator must not multiply silently.
      if (n.implicit === true)
        throw new ExpressionError(
          'an explicit operator between terms (write a * b)',
          `two terms side by side in ${shown}`,
        );
      for (const arg of n.args as MathNode[]) check(arg, known, names, shown);
      return;
    }
    case 'ConditionalNode':
      check(n.condition as MathNode, known, names, shown);
      check(n.trueExpr as MathNode, known, names, shown);
      return check(n.falseExpr as MathNode, known, names, shown);
    case 'RelationalNode':
      for (const arg of n.params as MathNode[]) check(arg, known, names, shown);
      return;
    case 'FunctionNode': {
      const fn = n.fn as MathNode & { name?: string };
      if (fn.type !== 'SymbolNode' || !EXPRESSION_FUNCTIONS.includes(fn.name!)) {
        const name = fn.type === 'SymbolNode' ? fn.name! : fn.toString();
        throw new ExpressionError(
          `an allowed function (${EXPRESSION_FUNCTIONS.join(', ')})${nearest(name, EXPRESSION_FUNCTIONS)}`,
          `"${name}" in ${shown}`,
        );
      }
      const args = n.args as MathNode[];
      const [least, most] = ARITY[fn.name!]!;
      if (args.length < least || args.length > most) {
        const count = least === most ? `${least}` : most === Infinity ? `at least ${least}` : `${least} or ${most}`;
        throw new ExpressionError(
          `${fn.name}(…) with ${count} argument${count === '1' ? '' : 's'}`,
          `${args.length} argument${args.length === 1 ? '' : 's'} in ${shown}`,
        );
      }
      for (const arg of args) check(arg, known, names, shown);
      return;
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new ExpressionError('an expression without assignment', shown);
    case 'AccessorNode':
    case 'IndexNode':
      throw new ExpressionError('an expression without member or index access', shown);
    default:
      throw new ExpressionError(
        'numbers, parameters, operators and allowed functions only',
        `${article(node.type.replace(/Node$/, '').toLowerCase())} in ${shown}`,
      );
  }
}

/** How many arguments each allowed function takes: [least, most]. */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  sign: [1, 1],
  pow: [2, 2],
};

/** The expression as messages show it: `"=…"`, cut to 60 characters so an error stays one short line. */
function quote(body: string): string {
  return `"=${body.length > 60 ? `${body.slice(0, 57)}…` : body}"`;
}

function article(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function nearest(name: string, candidates: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(name.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * What is wrong with a declared parameter: a bad expression, or a dependency cycle.
 *
 * @example
 * ```ts
 * const { problem } = evaluateParameters({ hawk: 0.5, damage: '=hawk * 0.4 + dove' });
 * const p: ParameterProblem = problem!;
 * console.log(p.name, p.received); // damage unknown name "dove" in "=hawk * 0.4 + dove"
 * ```
 */
export interface ParameterProblem {
  /** The parameter's name. */
  name: string;
  /** What was expected. */
  expected: string;
  /** What was found. */
  received: string;
}

/**
 * Evaluates declared parameters in dependency order. Literals are taken as they are;
 * expressions are compiled with the allow-list and evaluated once their inputs are known.
 *
 * @returns The values, or the first problem (a bad expression or a dependency cycle).
 *
 * @example
 * ```ts
 * console.log(evaluateParameters({ hawk: 0.5, damage: '=hawk * 0.4', total: '=damage + hawk' })); // { values: { hawk: 0.5, damage: 0.2, total: 0.7 } }
 * console.log(evaluateParameters({ a: '=b', b: '=a' })); // { problem: { name: 'a', expected: 'parameters without a cycle', received: 'a cycle a -> b -> a' } }
 * ```
 */
export function evaluateParameters(
  parameters: Readonly<Record<string, unknown>>,
):
  | { values: Record<string, number | boolean>; problem?: undefined }
  | { values?: undefined; problem: ParameterProblem } {
  const known = new Set(Object.keys(parameters));
  const compiled = new Map<string, Expression>();
  for (const [name, value] of Object.entries(parameters)) {
    if (isExpression(value)) {
      try {
        compiled.set(name, compileExpression(value, known));
      } catch (error) {
        if (error instanceof ExpressionError)
          return { problem: { name, expected: error.expected, received: error.received } };
        throw error;
      }
    }
  }
  const values: Record<string, number | boolean> = {};
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): ParameterProblem | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      return { name: cycle[0]!, expected: 'parameters without a cycle', received: `a cycle ${cycle.join(' -> ')}` };
    }
    state.set(name, 'visiting');
    const expression = compiled.get(name);
    if (expression !== undefined) {
      for (const dependency of expression.names) {
        const problem = visit(dependency, [...trail, name]);
        if (problem) return problem;
      }
      try {
        values[name] = expression.evaluate(values);
      } catch (error) {
        if (error instanceof ExpressionError) return { name, expected: error.expected, received: error.received };
        throw error;
      }
    } else {
      const value = parameters[name];
      if (typeof value !== 'number' && typeof value !== 'boolean')
        return { name, expected: 'a number, true/false or an "=expression"', received: JSON.stringify(value) };
      values[name] = value;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(parameters)) {
    const problem = visit(name, []);
    if (problem) return { problem };
  }
  // Keep the declaration order.
  const ordered: Record<string, number | boolean> = {};
  for (const name of Object.keys(parameters)) ordered[name] = values[name]!;
  return { values: ordered };
}
