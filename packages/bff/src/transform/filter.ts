import jsonLogic from 'json-logic-js';
import type { EndpointFilter } from '../model.ts';

/**
 * An endpoint's payload filter: a JSON Logic rule (jsonlogic.com) of the subset below, evaluated
 * by json-logic-js before the transformation. docs/transformations.md "Filters" says why JSON
 * Logic, and why this runs in the server's process: its cost is bounded by the limits here.
 */
export const FILTER_LIMITS = {
  /** The rule's JSON text. */
  maxBytes: 8192,
  /** Operators and values in all: every one is evaluated at most once per message. */
  maxNodes: 100,
  /** Operators inside operators. */
  maxDepth: 8,
  /** A string value written in the rule. */
  maxString: 256,
  /** The items of an `in` list, and the operands of `and` / `or`. */
  maxItems: 100,
  /** A field's path: its length, and its dotted segments. */
  maxPath: 256,
  maxSegments: 16,
  /**
   * An array of the payload compared whole (`in`, `==`) is kept only up to this many primitive
   * items of at most `maxString` characters; a bigger one, or an object, is "present" but equal
   * to nothing, so no comparison converts more than 64 KiB of the payload to text.
   */
  maxArrayItems: 256,
} as const;

const LOGIC = ['and', 'or'] as const;
const COMPARISONS = ['==', '!=', '===', '!==', '<', '<=', '>', '>='] as const;
/** Every operator a filter may use; JSON Logic's others (map, reduce, cat, …) are refused. */
export const FILTER_OPERATORS = [...LOGIC, '!', '!!', ...COMPARISONS, 'in', 'missing', 'var'] as const;

/** Segments that would reach JavaScript's object machinery rather than the payload's fields. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

export interface FilterProblem {
  /** Where in the rule, from its root: `['and', 1, '==', 0, 'var']`. */
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * What is wrong with `value` as a filter: nothing (an empty list), or each problem with where it
 * is. Walks at most {@link FILTER_LIMITS.maxNodes} nodes, so a huge rule costs no more than a small one.
 */
export function filterProblems(value: unknown): FilterProblem[] {
  const text = JSON.stringify(value) ?? '';
  if (Buffer.byteLength(text) > FILTER_LIMITS.maxBytes) {
    return [problem([], `must be at most ${FILTER_LIMITS.maxBytes} bytes of JSON`, 'value_error.filter.size')];
  }
  const problems: FilterProblem[] = [];
  let nodes = 0;
  const count = (loc: (string | number)[]) => {
    nodes += 1;
    if (nodes === FILTER_LIMITS.maxNodes + 1)
      problems.push(
        problem(loc, `has more than ${FILTER_LIMITS.maxNodes} operators and values`, 'value_error.filter.size'),
      );
    return nodes <= FILTER_LIMITS.maxNodes;
  };

  /** A rule that answers true or false: logic, a comparison, `in`, `missing`. */
  const rule = (node: unknown, loc: (string | number)[], depth: number): void => {
    if (!count(loc)) return;
    if (depth > FILTER_LIMITS.maxDepth) {
      problems.push(
        problem(loc, `nests more than ${FILTER_LIMITS.maxDepth} operators deep`, 'value_error.filter.depth'),
      );
      return;
    }
    const op = operatorOf(node, loc, problems);
    if (!op) return;
    const args = (node as Record<string, unknown>)[op];
    const at = [...loc, op];
    if (op === 'and' || op === 'or') {
      if (!Array.isArray(args) || args.length < 1 || args.length > FILTER_LIMITS.maxItems) {
        problems.push(
          problem(at, `takes a list of 1 to ${FILTER_LIMITS.maxItems} rules`, 'value_error.filter.arguments'),
        );
        return;
      }
      for (const [i, arg] of args.entries()) rule(arg, [...at, i], depth + 1);
    } else if (op === '!' || op === '!!') {
      const [arg, extra] = Array.isArray(args) ? args : [args];
      if (Array.isArray(args) && (args.length !== 1 || extra !== undefined)) {
        problems.push(problem(at, 'takes one rule', 'value_error.filter.arguments'));
        return;
      }
      // `!!` of a field is its truthiness: allowed on a field, as JSON Logic writes "is set".
      if (op === '!!' && isVar(arg)) operand(arg, Array.isArray(args) ? [...at, 0] : at);
      else rule(arg, Array.isArray(args) ? [...at, 0] : at, depth + 1);
    } else if (op === 'missing') {
      const paths = Array.isArray(args) ? args : [args];
      if (paths.length < 1 || paths.length > FILTER_LIMITS.maxItems) {
        problems.push(problem(at, `takes 1 to ${FILTER_LIMITS.maxItems} field paths`, 'value_error.filter.arguments'));
        return;
      }
      for (const [i, p] of paths.entries()) path(p, Array.isArray(args) ? [...at, i] : at);
    } else if (op === 'in') {
      if (!Array.isArray(args) || args.length !== 2) {
        problems.push(problem(at, 'takes two operands: a value and a list or a text', 'value_error.filter.arguments'));
        return;
      }
      operand(args[0], [...at, 0]);
      const list = args[1];
      if (Array.isArray(list)) {
        if (list.length > FILTER_LIMITS.maxItems)
          problems.push(
            problem([...at, 1], `may list at most ${FILTER_LIMITS.maxItems} values`, 'value_error.filter.arguments'),
          );
        else for (const [i, item] of list.entries()) literal(item, [...at, 1, i]);
      } else operand(list, [...at, 1]);
    } else if (op === 'var') {
      problems.push(
        problem(
          at,
          'a field alone is not a rule: compare it, or write {"!!": {"var": …}}',
          'value_error.filter.operator',
        ),
      );
    } else {
      // A comparison: two operands, each a field or a value.
      if (!Array.isArray(args) || args.length !== 2) {
        problems.push(problem(at, 'takes two operands', 'value_error.filter.arguments'));
        return;
      }
      for (const [i, arg] of args.entries()) operand(arg, [...at, i]);
    }
  };

  /** A comparison's operand: a field (`{"var": path}`) or a value. */
  const operand = (node: unknown, loc: (string | number)[]) => {
    if (isVar(node)) {
      if (!count(loc)) return;
      const args = node.var;
      const [p, fallback, extra] = Array.isArray(args) ? args : [args];
      if (Array.isArray(args) && (args.length < 1 || args.length > 2 || extra !== undefined)) {
        problems.push(
          problem(
            [...loc, 'var'],
            'takes a field path and, optionally, a default value',
            'value_error.filter.arguments',
          ),
        );
        return;
      }
      path(p, Array.isArray(args) ? [...loc, 'var', 0] : [...loc, 'var']);
      if (fallback !== undefined) literal(fallback, [...loc, 'var', 1]);
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      // A rule where a value belongs is refused whatever its operator: none of its arguments
      // would be walked (counted, bounded, its operators checked) were it let through.
      problems.push(problem(loc, 'must be a field ({"var": "path"}) or a value', 'value_error.filter.operand'));
    } else literal(node, loc);
  };

  const literal = (node: unknown, loc: (string | number)[]) => {
    if (!count(loc)) return;
    if (node === null || typeof node === 'boolean') return;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) problems.push(problem(loc, 'must be a finite number', 'value_error.filter.value'));
      return;
    }
    if (typeof node === 'string') {
      if (node.length > FILTER_LIMITS.maxString)
        problems.push(
          problem(loc, `must be at most ${FILTER_LIMITS.maxString} characters`, 'value_error.filter.value'),
        );
      return;
    }
    problems.push(problem(loc, 'must be a string, a number, true, false or null', 'value_error.filter.value'));
  };

  const path = (node: unknown, loc: (string | number)[]) => {
    if (typeof node !== 'string' || node.length === 0 || node.length > FILTER_LIMITS.maxPath) {
      problems.push(
        problem(loc, `must be a field path of 1 to ${FILTER_LIMITS.maxPath} characters`, 'value_error.filter.path'),
      );
      return;
    }
    const segments = node.split('.');
    if (segments.length > FILTER_LIMITS.maxSegments || segments.some((s) => s === ''))
      problems.push(
        problem(
          loc,
          `must be at most ${FILTER_LIMITS.maxSegments} dotted names, none empty`,
          'value_error.filter.path',
        ),
      );
    else if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s)))
      problems.push(
        problem(
          loc,
          'must name fields of the payload (not __proto__, constructor or prototype)',
          'value_error.filter.path',
        ),
      );
  };

  rule(value, [], 1);
  return problems;
}

function problem(loc: (string | number)[], msg: string, type: string): FilterProblem {
  return { loc, msg, type };
}

const isVar = (node: unknown): node is { var: unknown } =>
  node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 1 && 'var' in node;

/** The operator of a one-key object, or null with the problem said. */
function operatorOf(
  node: unknown,
  loc: (string | number)[],
  problems: FilterProblem[],
): (typeof FILTER_OPERATORS)[number] | null {
  const keys = node !== null && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : null;
  if (keys?.length !== 1) {
    problems.push(problem(loc, 'must be a rule: an object with one operator', 'value_error.filter.rule'));
    return null;
  }
  const op = keys[0] as string;
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    problems.push(
      problem(
        loc,
        `uses the operator "${op.slice(0, 40)}", which filters do not support (they support ${FILTER_OPERATORS.join(' ')})`,
        'value_error.filter.operator',
      ),
    );
    return null;
  }
  return op as (typeof FILTER_OPERATORS)[number];
}

/** Each filter's paths as their segments, shorter first, found once per filter object (a worker's batch shares its endpoint's). */
const pathsCache = new WeakMap<EndpointFilter, string[][]>();
function pathsOfFilter(filter: EndpointFilter): string[][] {
  const known = pathsCache.get(filter);
  if (known) return known;
  const paths = [...pathsOf(filter, new Set())].map((p) => p.split('.')).sort((a, b) => a.length - b.length);
  pathsCache.set(filter, paths);
  return paths;
}

/** The field paths a valid filter reads (`var`'s and `missing`'s). */
function pathsOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) pathsOf(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [op, args] of Object.entries(node)) {
      if (op === 'var') into.add(String(Array.isArray(args) ? args[0] : args));
      else if (op === 'missing') for (const p of Array.isArray(args) ? args : [args]) into.add(String(p));
      else pathsOf(args, into);
    }
  }
  return into;
}

/**
 * An object of the projection: no prototype, so a path such as `toString` finds nothing the
 * payload does not have, and what a comparison converts it to is short.
 */
const PROJECTED: object = Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: () => '[object Object]' } }),
);
const blank = (): Record<string, unknown> => Object.create(PROJECTED);

/** What a comparison sees of a payload value that is not a primitive or a small list of them. */
const OPAQUE = Object.freeze(blank());

/**
 * The part of `payload` the filter reads, as json-logic-js will walk it: only the fields it names,
 * found as the payload's own properties, each primitive as it is, a small list of primitives as
 * it is, anything bigger {@link OPAQUE}. So what the rule costs depends on the rule, not on the payload.
 */
function project(payload: unknown, paths: string[][]): Record<string, unknown> {
  const root = blank();
  // Shorter paths first: a list kept whole already holds what a longer path into it reads
  // (`tags.0`), and a longer path into an object replaces its opaque stand-in with the fields it needs.
  next: for (const segments of paths) {
    let at: unknown = payload;
    for (const s of segments) {
      if (at === null || typeof at !== 'object' || !Object.hasOwn(at, s)) continue next;
      at = (at as Record<string, unknown>)[s];
    }
    let into = root;
    for (const s of segments.slice(0, -1)) {
      const there = into[s];
      if (Array.isArray(there)) continue next;
      if (there === undefined || there === OPAQUE) into[s] = blank();
      into = into[s] as Record<string, unknown>;
    }
    into[segments.at(-1) as string] = leaf(at);
  }
  return root;
}

function leaf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (
    Array.isArray(value) &&
    value.length <= FILTER_LIMITS.maxArrayItems &&
    value.every(
      (v) => v === null || (typeof v !== 'object' && (typeof v !== 'string' || v.length <= FILTER_LIMITS.maxString)),
    )
  )
    return value;
  return OPAQUE;
}

/**
 * Whether a message with `payload` (parsed) passes `filter` (valid, as {@link filterProblems}
 * checks it): JSON Logic's truthiness of the rule's value. Pure, never throws: a rule that cannot
 * be evaluated does not pass. The dry run and the delivery worker both call it.
 */
export function filterPasses(filter: EndpointFilter, payload: unknown): boolean {
  // json-logic-js runs every operator it knows (map, reduce, log, …): only a rule checked here
  // is handed to it, whatever reached the store.
  if (!checked(filter)) return false;
  try {
    return jsonLogic.truthy(jsonLogic.apply(filter as jsonLogic.RulesLogic, project(payload, pathsOfFilter(filter))));
  } catch {
    return false;
  }
}

/** Whether a filter is valid, found once per filter object (a worker's batch shares its endpoint's). */
const validity = new WeakMap<EndpointFilter, boolean>();
function checked(filter: EndpointFilter): boolean {
  let valid = validity.get(filter);
  if (valid === undefined) {
    valid = filterProblems(filter).length === 0;
    validity.set(filter, valid);
  }
  return valid;
}

/** {@link filterPasses} of a payload as JSON text (as messages hold it); text that is not JSON does not pass. */
export function filterPassesJson(filter: EndpointFilter, payloadJson: string): boolean {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch {
    return false;
  }
  return filterPasses(filter, payload);
}

/** The attempt log's words for a message the filter stopped. */
export const FILTERED_OUT = "Filtered out by the endpoint's filter: nothing was sent";
