import { show, type Operator } from './operator.js';

/** The domain of an email address (after its last `@`) is one of the listed domains. */
export const domainIn: Operator = {
  test(observed, arg) {
    if (!Array.isArray(arg)) return 'unknown';
    // Not a string: unknown (wrong type). A string without `@` is no email of these domains: false.
    if (typeof observed !== 'string') return 'unknown';
    if (!observed.includes('@')) return false;
    const domain = observed.slice(observed.lastIndexOf('@') + 1).toLowerCase();
    return arg.some((d) => typeof d === 'string' && d.toLowerCase() === domain);
  },
  describe: (arg) => `email domain one of ${show(arg)}`,
};
