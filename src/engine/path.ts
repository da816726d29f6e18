/**
 * Dotted paths into the state and its items. `$.x` starts at the state root (slice name -> data),
 * `$name.x` at an item bound with `as: name`, anything else at the current item. Stepping through an
 * array maps over its elements and flattens, so `$.members.email` is every member's email.
 */
export interface Scope {
  root: Record<string, unknown>;
  vars: Record<string, unknown>;
  item: unknown;
}

const MISSING = Symbol('missing');

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      const v = step(element, key);
      if (v === MISSING) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) {
    return (value as Record<string, unknown>)[key];
  }
  return MISSING;
}

export interface ParsedPath {
  start: 'root' | 'var' | 'item';
  name: string;
  keys: string[];
}

// Paths come from policies: a few hundred distinct strings, each resolved millions of times at
// scale. Split them once (a pure function of the string, so a process-wide cache is safe).
const parsed = new Map<string, ParsedPath>();

/** A path split into its start and keys (cached: a pure function of the string). */
export function parsePath(path: string): ParsedPath {
  let p = parsed.get(path);
  if (p) return p;
  const parts = path.split('.');
  if (parts[0] === '$') p = { start: 'root', name: '', keys: parts.slice(1) };
  else if (parts[0]?.startsWith('$')) p = { start: 'var', name: parts[0].slice(1), keys: parts.slice(1) };
  else p = { start: 'item', name: '', keys: parts };
  parsed.set(path, p);
  return p;
}

/** The value at `path`, or undefined when any step is absent. null is a value (e.g. "never expires"). */
export function resolvePath(path: string, scope: Scope): unknown {
  const p = parsePath(path);
  let current: unknown;
  if (p.start === 'root') {
    current = scope.root;
  } else if (p.start === 'var') {
    if (!Object.prototype.hasOwnProperty.call(scope.vars, p.name)) return undefined;
    current = scope.vars[p.name];
  } else {
    current = scope.item;
  }
  for (const key of p.keys) {
    if (current === undefined || current === null) return undefined;
    const next = step(current, key);
    if (next === MISSING) return undefined;
    current = next;
  }
  return current;
}

/**
 * A resolver for one path, its steps settled once: `compilePath(p)(scope)` is `resolvePath(p, scope)`.
 * Used by the compiled predicates (compile-predicate.ts), which resolve the same few paths for
 * every item of a collection.
 */
export function compilePath(path: string): (scope: Scope) => unknown {
  const p = parsePath(path);
  const keys = p.keys;
  const start = (scope: Scope): unknown => {
    if (p.start === 'root') return scope.root;
    if (p.start === 'var') return Object.prototype.hasOwnProperty.call(scope.vars, p.name) ? scope.vars[p.name] : MISSING;
    return scope.item;
  };
  return (scope) => {
    let current = start(scope);
    if (current === MISSING) return undefined;
    for (let i = 0; i < keys.length; i++) {
      if (current === undefined || current === null) return undefined;
      const next = step(current, keys[i]!);
      if (next === MISSING) return undefined;
      current = next;
    }
    return current;
  };
}
