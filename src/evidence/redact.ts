/**
 * The command line recorded in an evidence manifest, minus secrets. Secrets are meant to come from
 * the environment or a file, never a flag; this is the second line of defence for when someone
 * passes one anyway: the value of any option whose name looks secret is replaced, and so is the
 * user-info part of any URL.
 */

export const REDACTED = '[redacted]';

const SECRET_NAME = /secret|token|passw|pwd|credential|api[-_]?key|auth|bearer|private[-_]?key|cookie|session/i;

function redactUrlUserInfo(token: string): string {
  return token.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s]*@/g, `$1${REDACTED}@`);
}

export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const long = /^(--?[^=\s]+)=(.*)$/s.exec(token);
    if (long && SECRET_NAME.test(long[1]!)) {
      out.push(`${long[1]}=${REDACTED}`);
      continue;
    }
    if (/^--?[^=\s]+$/.test(token) && SECRET_NAME.test(token) && !/^--no-/.test(token)) {
      out.push(token);
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        out.push(REDACTED);
        i++;
      }
      continue;
    }
    out.push(redactUrlUserInfo(token));
  }
  return out;
}
