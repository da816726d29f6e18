import Handlebars from 'handlebars';
import { InputError } from '../core/errors.js';
import { plainLine } from '../core/text-safety.js';

/** What a notice template can use. Every key is always present (null when not given). */
export interface NoticeValues {
  name: string;
  email: string;
  /** Calendar date of the removal (YYYY-MM-DD). */
  date: string;
  ticket: string;
  /** Why: "the completion of the engagement", a contract end... */
  reason: string;
  /** Who now looks after the person's dashboards and reports. */
  newOwner: string | null;
  /** Whom to contact if the removal was a mistake. */
  disputeContact: string | null;
  disputeDays: number;
  /** The last day of the dispute window (YYYY-MM-DD). */
  disputeUntil: string;
}

/**
 * Every value as one plain line: no control characters, no line breaks (they would let a value start
 * a new header line, "Bcc: ...", when the notice is piped into a mail program), no direction overrides.
 */
export function sanitizeValues(v: NoticeValues): NoticeValues {
  const clean = (s: string | null) => (s === null ? null : plainLine(s));
  return {
    ...v,
    name: plainLine(v.name),
    email: plainLine(v.email),
    ticket: plainLine(v.ticket),
    reason: plainLine(v.reason),
    newOwner: clean(v.newOwner),
    disputeContact: clean(v.disputeContact),
  };
}

/** Handlebars reports "Parse error on line N" and strict-mode misses as "... - N:C". */
function position(message: string): { line?: number; column?: number } {
  const parse = /on line (\d+)/.exec(message);
  if (parse) return { line: Number(parse[1]) };
  const at = / - (\d+):(\d+)$/.exec(message.split('\n')[0] ?? '');
  return at ? { line: Number(at[1]), column: Number(at[2]) + 1 } : {};
}

function templateError(file: string, err: unknown): InputError {
  const message = (err as Error).message;
  const { line, column } = position(message);
  // A parse error's last line says what the parser met ("got 'EOF'"); other errors fit on their first line.
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  const got = /got '([^']+)'$/.exec(lines.at(-1) ?? '')?.[1];
  const what = /^Parse error/.test(message)
    ? got === 'EOF' ? 'the template ends inside a block (a {{#...}} without its {{/...}})' : `unexpected ${got ?? 'syntax'}`
    : (lines[0] ?? message).replace(/ - \d+:\d+$/, '');
  return InputError.at(file, `notice template: ${what}`, line, column);
}

/**
 * Renders a plain-text notice. Templates are compiled without HTML escaping (a plain-text mail
 * must not show `&amp;`), in strict mode (an unknown name is an error, not a silent blank), and
 * with only the built-in helpers. Values are data: Handlebars never evaluates text it inserts, so a
 * name written like `{{...}}` comes out literally.
 */
export function renderNotice(source: string, file: string, values: NoticeValues): string {
  const hbs = Handlebars.create();
  let render: Handlebars.TemplateDelegate<NoticeValues>;
  try {
    render = hbs.compile<NoticeValues>(source, { noEscape: true, strict: true, knownHelpersOnly: true });
    const text = render(sanitizeValues(values), { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    return text.endsWith('\n') ? text : `${text}\n`;
  } catch (err) {
    throw templateError(file, err);
  }
}
