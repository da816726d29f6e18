/**
 * Enumerated option values are matched without regard to case (`--level l1`, `--fail-on High`)
 * and then stored in their canonical spelling, so the rest of the code sees one form. yargs runs
 * `coerce` before it checks `choices`, so an unknown value is still refused with the choices listed.
 */
export function anyCase<T extends string>(choices: readonly T[]): { choices: T[]; coerce: (v: unknown) => unknown } {
  return {
    choices: [...choices],
    coerce: (v: unknown) => {
      if (typeof v !== 'string') return v;
      return choices.find((c) => c.toLowerCase() === v.toLowerCase()) ?? v;
    },
  };
}
