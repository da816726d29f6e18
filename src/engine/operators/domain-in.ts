import { show, type Operator } from './operator.js';

/** The domain of an email address (after its last `@`) is one of the listed domains. */
export const domainIn: Operator = {
  apply(observed, arg) {
    const expected = `email domain one of ${show(arg)}`;
    if (!Array.isArray(arg)) return { truth: 'unknown', expected };
    if (typeof observed !== 'string' || !observed.includes('@')) return { truth: false, expected };
    const domain = observed.slice(observed.lastIndexOf('@') + 1).toLowerCase();
    return { truth: arg.some((d) => typeof d === 'string' && d.toLowerCase() === domain), expected };
  },
};
