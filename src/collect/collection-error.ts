/**
 * Collection could not produce a state at all: /api/app/me could not be read (credentials rejected,
 * no region answered) and no attested organization lets the run go on. Exit 3, "scan incomplete",
 * like any unreadable source, with the reason for people.
 */
import { ExitError } from '../core/errors.js';

export class CollectionError extends ExitError {
  constructor(reason: string) {
    super(`nothing collected: ${reason}`, 3);
  }
}

