import type { Operator } from './operator.js';

const compiled = new Map<string, RegExp>();

function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'u');
    compiled.set(source, re);
  }
  return re;
}

export const matches: Operator = {
  raw: true,
  test(observed, arg) {
    const re = regex(String(arg));
    if (typeof observed !== 'string') return false;
    return re.test(observed);
  },
  apply(observed, arg, ctx) {
    return { truth: matches.test(observed, arg, ctx), expected: `matches /${String(arg)}/` };
  },
};
