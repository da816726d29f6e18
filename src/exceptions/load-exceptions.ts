import { InputError, type InputProblem } from '../core/errors.js';
import { shift } from '../core/duration.js';
import { assertValid } from '../core/schema-validator.js';
import { loadStructuredFile, readStructuredText } from '../core/structured-file.js';
import { sha256 } from '../state/load-state.js';
import { DEFAULT_MAX_EXCEPTION_DURATION, endInstant, startInstant, type ExceptionSet, type ExceptionsFile } from './exception.js';

/**
 * Loads an exceptions file (YAML or JSON) and checks what the schema cannot: unique ids, real
 * dates, `expires` after `created`, and a lifetime within `maxDuration` (config
 * `exceptions.maxDuration`). Every problem comes with file:line:col; any problem is exit 2, because
 * a scan that silently ignored a malformed risk acceptance would report the wrong posture.
 */
export function loadExceptionsFile(file: string, maxDuration: string = DEFAULT_MAX_EXCEPTION_DURATION): ExceptionSet {
  const text = readStructuredText(file);
  const source = loadStructuredFile(file, text);
  const data = assertValid<ExceptionsFile>('exceptions', source);
  const problems: InputProblem[] = [];
  const at = (pointer: string, message: string) => problems.push({ file, ...(source.locate(pointer) ?? {}), pointer, message });
  const seen = new Map<string, number>();
  data.exceptions.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) at(`/exceptions/${i}/id`, `duplicate exception id "${e.id}" (first used by entry ${first + 1})`);
    else seen.set(e.id, i);
    const created = startInstant(e.created);
    const ends = endInstant(e.expires);
    if (Number.isNaN(created)) at(`/exceptions/${i}/created`, `"${e.created}" is not a real date`);
    if (Number.isNaN(ends)) at(`/exceptions/${i}/expires`, `"${e.expires}" is not a real date`);
    if (Number.isNaN(created) || Number.isNaN(ends)) return;
    if (ends <= created) at(`/exceptions/${i}/expires`, `expires ${e.expires} is not after created ${e.created}`);
    else if (ends > shift(created, maxDuration, 1)) {
      at(`/exceptions/${i}/expires`, `expires ${e.expires} is more than ${maxDuration} after created ${e.created} (the limit is exceptions.maxDuration in the config)`);
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return { entries: data.exceptions, sha256: sha256(text) };
}
