/**
 * Where the scanner's secrets come from: the environment, or a file named by path. Never from a
 * command-line flag, because flags land in shell history, process listings and CI logs.
 * Error messages here name variables and files, never their values.
 */
import { statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap } from 'yaml';
import { InputError, UsageError } from '../core/errors.js';
import { readInputText } from '../core/structured-file.js';

export const ENV_USERNAME = 'MIXPANEL_SERVICE_ACCOUNT_USERNAME';
export const ENV_SECRET = 'MIXPANEL_SERVICE_ACCOUNT_SECRET';
export const ENV_SCIM_TOKEN = 'MIXPANEL_SCIM_TOKEN';

export interface ServiceAccountCredentials {
  username: string;
  secret: string;
  /** Where they came from, for messages: "environment" or the file path. */
  origin: string;
}

export interface Secrets {
  serviceAccount: ServiceAccountCredentials;
  scimToken?: string;
  /** Things worth telling the user (e.g. a credentials file others can read). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/**
 * Reads `{ username, secret }` from a YAML or JSON file. Parse errors report only a position:
 * YAML and JSON parsers quote the offending text, which could be the secret.
 */
export function readCredentialsFile(file: string): { username: string; secret: string; warnings: string[] } {
  const text = readInputText(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const pos = counter.linePos(doc.errors[0]!.pos[0]);
    throw InputError.at(file, 'credentials file is not valid YAML or JSON', pos.line, pos.col);
  }
  if (!isMap(doc.contents)) throw InputError.at(file, 'credentials file must be a mapping with "username" and "secret"', 1, 1);
  const data = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  const known = new Set(['username', 'secret']);
  for (const key of Object.keys(data)) {
    if (!known.has(key)) throw InputError.at(file, `unknown key "${key}" in credentials file (expected "username" and "secret")`);
  }
  const username = typeof data.username === 'string' ? nonEmpty(data.username) : undefined;
  const secret = typeof data.secret === 'string' ? nonEmpty(data.secret) : undefined;
  if (username === undefined) throw InputError.at(file, 'credentials file lacks a non-empty string "username"');
  if (secret === undefined) throw InputError.at(file, 'credentials file lacks a non-empty string "secret"');
  const warnings: string[] = [];
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    warnings.push(`credentials file ${file} can be read by other users; restrict it with chmod 600`);
  }
  return { username, secret, warnings };
}

/**
 * A variable that is set but blank is refused, not read as "absent": an empty secret cannot be
 * redacted (every text contains it) and usually means a CI secret that failed to expand.
 */
function refuseBlank(env: Env, name: string, hint: string): void {
  const v = env[name];
  if (v !== undefined && v.trim() === '') throw new UsageError(`${name} is set but empty; ${hint}`);
}

/**
 * The scanner's secrets. A credentials file, when named, wins over the environment (it is the
 * more explicit choice); the SCIM token comes from the environment alone.
 */
export function loadSecrets(opts: { credentialsFile?: string; env?: Env }): Secrets {
  const env = opts.env ?? process.env;
  refuseBlank(env, ENV_SCIM_TOKEN, 'give the SCIM token, or unset the variable to skip SCIM');
  if (opts.credentialsFile === undefined) {
    refuseBlank(env, ENV_SECRET, 'give the service account\'s secret, or pass --credentials-file FILE');
    refuseBlank(env, ENV_USERNAME, 'give the service account\'s username, or pass --credentials-file FILE');
  }
  const scimToken = nonEmpty(env[ENV_SCIM_TOKEN]);
  if (opts.credentialsFile !== undefined) {
    const { username, secret, warnings } = readCredentialsFile(opts.credentialsFile);
    return { serviceAccount: { username, secret, origin: opts.credentialsFile }, warnings, ...(scimToken ? { scimToken } : {}) };
  }
  const username = nonEmpty(env[ENV_USERNAME]);
  const secret = nonEmpty(env[ENV_SECRET]);
  if (username === undefined || secret === undefined) {
    const missing = [username === undefined ? ENV_USERNAME : undefined, secret === undefined ? ENV_SECRET : undefined].filter(Boolean);
    throw new UsageError(
      `no service-account credentials: set ${missing.join(' and ')} in the environment, or pass --credentials-file FILE ` +
        '(a YAML or JSON file with "username" and "secret"). The service account needs the organization Owner or Admin role.',
    );
  }
  return { serviceAccount: { username, secret, origin: 'environment' }, warnings: [], ...(scimToken ? { scimToken } : {}) };
}
