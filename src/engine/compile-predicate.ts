/**
 * Compiles a predicate as written in a policy into its node tree (node.ts): the kind of each node,
 * its operators and their literal arguments are settled once instead of being looked up again for
 * each of a million items. Each position in the policy gets its own node, even when YAML aliases
 * make two positions the same object, so that a node's memory of its last evaluation is its own.
 */
import type { OperatorMap, Predicate, ValueExpr } from '../language/check.js';
import { compileValue, describeValue, type CompiledValue } from './compile-value.js';
import { FieldNode, ScalarStep } from './field-node.js';
import { DecideNode } from './decide-node.js';
import { isDecideIf } from './decide-shape.js';
import { AndNode, NotNode, OrNode } from './logic-nodes.js';
import type { OpStep, PredNode, ValueFn } from './node.js';
import { isScalarOperator, SCALAR_OPERATORS } from './operators/index.js';
import { compilePath } from './path.js';
import { isQuantifier, QuantifierStep } from './quantifier-step.js';
import { SizeStep } from './size-step.js';
import { SuppliedNode } from './operators/supplied.js';

/**
 * Thrown for a shape the language does not have (an unknown operator, an old-syntax predicate): the
 * loader refuses them with their position, so this guards only code that builds checks itself.
 */
export class PolicyShapeError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueFn(compiled: CompiledValue): ValueFn {
  if (compiled.literal) {
    const value = compiled.value;
    return () => value;
  }
  return compiled.get;
}

function compileStep(name: string, arg: unknown): OpStep {
  if (isQuantifier(name)) return new QuantifierStep(name, arg as Predicate, compilePredicate(arg as Predicate));
  if (name === 'size') return new SizeStep(compileOperator(arg as OperatorMap));
  if (!isScalarOperator(name)) throw new PolicyShapeError(`unknown operator "${name}"`);
  const op = SCALAR_OPERATORS[name];
  if (op.raw) return new ScalarStep(name, op, arg, undefined);
  const value = compileValue(arg as ValueExpr, compilePredicate);
  return value.literal ? new ScalarStep(name, op, value.value, undefined) : new ScalarStep(name, op, undefined, value.get);
}

/** The one operator of a map (the schema allows exactly one; several are a shape error). */
export function compileOperator(ops: OperatorMap): OpStep {
  const entries = Object.entries(ops);
  if (entries.length !== 1) throw new PolicyShapeError(`a test names exactly one operator, not ${entries.length}: ${entries.map(([n]) => n).join(', ')}`);
  const [name, arg] = entries[0]!;
  return compileStep(name, arg);
}

/** The operator keys of a test: everything but the subject (`path` or `value`). */
function operatorsOf(test: Record<string, unknown>): OperatorMap {
  const ops: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(test)) if (k !== 'path' && k !== 'value') ops[k] = v;
  return ops as OperatorMap;
}

export function compilePredicate(pred: Predicate): PredNode {
  if ('all' in pred && Array.isArray(pred.all)) return new AndNode(pred.all.map(compilePredicate));
  if ('any' in pred && Array.isArray(pred.any)) return new OrNode(pred.any.map(compilePredicate));
  if ('not' in pred && isObject(pred.not)) return new NotNode(compilePredicate(pred.not as Predicate));
  if (isDecideIf(pred)) return new DecideNode(compilePredicate(pred.decideIf), pred.then && compilePredicate(pred.then), pred.because);
  const test = pred as Record<string, unknown>;
  if ('supplied' in test) return compileSupplied(test);
  if (typeof test.path === 'string') {
    const get = compilePath(test.path);
    return new FieldNode(test.path, (ctx) => get(ctx.scope), compileOperator(operatorsOf(test)));
  }
  if ('value' in test) {
    const value = test.value as ValueExpr;
    return new FieldNode(describeValue(value), valueFn(compileValue(value, compilePredicate)), compileOperator(operatorsOf(test)));
  }
  // The loader refuses any other shape (old syntax included) with its position in the file.
  throw new PolicyShapeError(`not a predicate: ${JSON.stringify(pred).slice(0, 80)}`);
}

/**
 * `{ path: X, supplied: true }` reads whether the path was given, not its value: a node of its own.
 * The loader refuses every other spelling with its position; this guards code that builds checks.
 */
function compileSupplied(test: Record<string, unknown>): PredNode {
  const others = Object.keys(test).filter((k) => k !== 'path' && k !== 'supplied');
  if (test.supplied !== true) throw new PolicyShapeError('`supplied` takes only true: a test that holds where data is absent could let missing data pass');
  if (typeof test.path !== 'string') throw new PolicyShapeError('`supplied` tests a path: { path: X, supplied: true }');
  if (others.length > 0) throw new PolicyShapeError(`a test names exactly one operator, not supplied and ${others.join(', ')}`);
  return new SuppliedNode(test.path);
}

export { compileValue };
