/**
 * A check as written in `policies/checks/<id>.yaml`. The JSON Schema `schemas/check.schema.json`
 * validates the same shape; docs/check-language.md explains it for policy authors.
 */
import type { SliceName } from '../state/org-state.js';

export type Level = 'L1' | 'L2' | 'L3';
export const LEVELS: readonly Level[] = ['L1', 'L2', 'L3'];

export type Severity = 'critical' | 'high' | 'medium' | 'low';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** A framework's id, as its folder under policies/frameworks names it (data, not a fixed list). */
export type FrameworkId = string;

/** Control ids by framework, in display form (`AC-6(1)`, `CC6.1`, `"5.4"`). */
export type FrameworkMap = Partial<Record<FrameworkId, string[]>>;

export type Status = 'pass' | 'fail' | 'manual' | 'not_applicable' | 'error' | 'excepted';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'manual', 'not_applicable', 'error', 'excepted'];

/** An ISO 8601 duration, literally or from a parameter. */
export type DurationExpr = string | { param: string };

/** A scalar literal in a policy. */
export type Literal = string | number | boolean | null;

/**
 * A value a predicate compares against. Paths start with `$.` (the state root, where each slice
 * name is its data), `$name.` (an item bound with `as:`), or nothing (the current item).
 */
export type ValueExpr =
  | Literal
  | Literal[]
  | { param: string }
  | { ref: string; plus?: DurationExpr; minus?: DurationExpr }
  | { now: true; plus?: DurationExpr; minus?: DurationExpr }
  | SelectExpr
  | CountExpr;

/** The items of a collection that `where` keeps (or one field of each, `pluck`). */
export interface SelectExpr {
  select: string;
  where?: Predicate;
  pluck?: string;
}

/** How many items `where` keeps, or how many distinct values of the `distinct` field they hold. */
export interface CountExpr {
  count: string;
  where?: Predicate;
  distinct?: string;
}

/** The operators, by the argument each takes. A test names exactly one. */
export interface OperatorArgs {
  exists: boolean;
  /**
   * Two-valued: true where the source gave the path (any value, null included), false where it did
   * not. Only `true`, and only where its falseness can push a result toward fail, never toward
   * pass (the loader checks the placement: src/policy/supplied-placement.ts).
   */
  supplied: true;
  eq: ValueExpr;
  ne: ValueExpr;
  in: ValueExpr;
  notIn: ValueExpr;
  intersects: ValueExpr;
  gt: ValueExpr;
  gte: ValueExpr;
  lt: ValueExpr;
  lte: ValueExpr;
  olderThan: ValueExpr;
  newerThan: ValueExpr;
  before: ValueExpr;
  after: ValueExpr;
  matches: string;
  domainIn: ValueExpr;
  /** The one operator of the nested map applied to the length of a list. */
  size: OperatorMap;
  some: Predicate;
  every: Predicate;
  none: Predicate;
}

export type OperatorName = keyof OperatorArgs;

/** One operator and its argument (the schema allows exactly one key). */
export type OperatorMap = Partial<OperatorArgs>;

/**
 * One comparison: the value at `path` (or a computed `value`) and one operator. Field names are
 * never keys, so no word of the language can shadow a field of the state.
 */
export type Test = ({ path: string; value?: never } | { value: ValueExpr; path?: never }) & OperatorMap;

/**
 * A part decided only where the coverage condition holds: `then`'s truth (true without `then`)
 * where `decideIf` is true, unknown where it is false (the result names `because`) or unknown (it
 * names what is absent).
 */
export interface DecideIf {
  decideIf: Predicate;
  then?: Predicate;
  because: string;
}

/** `all` is the language's one "and"; `any` its "or"; `not` keeps unknown unknown. */
export type Predicate =
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | DecideIf
  | Test;

/**
 * How a per-resource finding names the resource. Paths are relative to the item; a list of paths
 * makes a composite id (`[projectId, name]`: a property in two projects is two resources), its
 * parts joined by `/`.
 */
export interface ResourceSpec {
  type: string;
  id: string | string[];
  name?: string;
}

export interface AssertRule {
  assert: Predicate;
}
export interface EachRule {
  each: string;
  as?: string;
  where?: Predicate;
  assert: Predicate;
  resource: ResourceSpec;
}
export interface CountRule {
  count: string;
  where?: Predicate;
  atMost?: ValueExpr;
  atLeast?: ValueExpr;
  resource: ResourceSpec;
}
/**
 * The share of a collection (the population) that `where` keeps, as `count` counts them. A
 * population narrower than the whole collection is a selection: `share: { select: C, where: P }`.
 */
export interface ShareRule {
  share: string | { select: string; where: Predicate };
  where: Predicate;
  atMost: ValueExpr;
  resource: ResourceSpec;
}
/** Several rules, all of which must hold; the worst status wins. */
export interface AllRule {
  all: Rule[];
}
export type Rule = AssertRule | EachRule | CountRule | ShareRule | AllRule;

/**
 * `requires` entries: a slice that must be readable, a set of which one suffices, or a slice read
 * when usable and otherwise seen as unknown data (it never blocks the check by itself).
 */
export type Requirement = SliceName | { anyOf: SliceName[] } | { optional: SliceName };

export type ParamValue = string | number | boolean | string[];

/**
 * Bounds of one parameter, by its type: numbers take `min`/`max`, durations (ISO 8601 strings)
 * `minDuration`/`maxDuration`, lists `minItems`/`maxItems`. Both ends are inclusive.
 */
export interface ParamBounds {
  min?: number;
  max?: number;
  minDuration?: string;
  maxDuration?: string;
  minItems?: number;
  maxItems?: number;
}

export interface CheckCase {
  name: string;
  /** Slice name -> data; slices not named are missing. */
  state: Partial<Record<SliceName, unknown>>;
  /** The scanner's own credential, as the collector declares it in `organization.scanner`. */
  scanner?: { serviceAccount: string; orgRole?: 'owner' | 'admin' | 'billing_admin' | 'member' };
  /** Override the read status of named slices, e.g. `{ members: forbidden }`. */
  sliceStatus?: Partial<Record<SliceName, 'missing' | 'forbidden' | 'error'>>;
  now?: string;
  params?: Record<string, ParamValue>;
  expect: Exclude<Status, 'excepted'>;
  /** Ids of the resources expected to be reported as offending, in any order. */
  expectResources?: string[];
  /** Text the result's message must contain (what a person reads: a reason, a count). */
  expectMessage?: string;
  /** Ids of the resources expected to be listed as exempted, in any order. */
  expectExempted?: string[];
}

/**
 * A resource a check declares it does not judge, applied by the engine and listed in the result
 * with the reason (never dropped silently). `scannerServiceAccount`: the service account the state
 * names as the scanner's own credential (`organization.scanner.serviceAccount`), matched against the
 * ids of `service_account` resources.
 */
export interface ExemptDeclaration {
  resource: 'scannerServiceAccount';
  reason: string;
}

/**
 * What the report adds to a check's failing findings, declared by the check (data), applied after
 * evaluation by the feature that owns it. `offboarding` (src/offboard/annotate.ts): each failing
 * finding of `resourceTypes` names a person to offboard and gains the `offboard plan` command;
 * with `overdue`, also how long past the removal window the person still has access, from the
 * observed field `endField` and the duration parameter `windowParam`.
 */
export interface FindingAnnotations {
  offboarding?: {
    resourceTypes: string[];
    overdue?: { endField: string; windowParam: string };
  };
}

export interface Check {
  id: string;
  title: string;
  level: Level;
  severity: Severity;
  section: string;
  source: 'guide' | 'runbook';
  description: string;
  rationale: string;
  remediation: string;
  /** The assessed mappings: what this check demonstrates. Matrices and OSCAL roll up these alone. */
  frameworks: FrameworkMap;
  /** The hardening guide's own citations for the section, kept as the guide gives them. */
  guideFrameworks?: FrameworkMap;
  /** Why the assessed mappings differ from the guide's (poor fits named and explained). */
  mappingNote?: string;
  notes?: string;
  requires: Requirement[];
  params?: Record<string, ParamValue>;
  /** Bounds of each parameter: a config override outside them is refused. */
  paramBounds?: Record<string, ParamBounds>;
  exempt?: ExemptDeclaration[];
  annotate?: FindingAnnotations;
  rule: Rule;
  cases: CheckCase[];
}
