import type { Operator } from './operator.js';

const compiled = new Map<string, RegExp>();

export const matches: Operator = {
  raw: true,
  apply(observed, arg) {
    const source = String(arg);
    let re = compiled.get(source);
    if (!re) {
      re = new RegExp(source, 'u');
      compiled.set(source, re);
    }
    const expected = `matches /${source}/`;
    if (typeof observed !== 'string') return { truth: false, expected };
    return { truth: re.test(observed), expected };
  },
};
