/**
 * A `select` some of whose items could not be judged (their `where` was unknown): the items
 * definitely in, and those possibly in. Membership in it is three-valued per value: in the definite
 * part, true; only in the possible part, unknown; in neither, false. So one unlabeled project no
 * longer hides a real crossing elsewhere, and a value the uncertain items could hold is never
 * passed as absent. Operators that cannot reason per item (size, comparisons) see it as unknown.
 */
export class PartialSelection {
  constructor(
    readonly definite: readonly unknown[],
    readonly possible: readonly unknown[],
  ) {}

  /** As a finding records it: both parts, named. */
  toJSON(): { definitely: readonly unknown[]; possibly: readonly unknown[] } {
    return { definitely: this.definite, possibly: this.possible };
  }
}

/** A value a list operator cannot read yet: absent, or a selection some of whose items are unjudged. */
export function undetermined(observed: unknown): boolean {
  return observed === undefined || observed instanceof PartialSelection;
}
