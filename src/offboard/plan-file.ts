import ajvModule from 'ajv';
import { InputError } from '../core/errors.js';
import { relevantErrors, describeError } from '../core/schema-validator.js';
import { loadStructuredFile, readStructuredText } from '../core/structured-file.js';
import { sha256 } from '../state/load-state.js';
import { OFFBOARD_SCHEMA_VERSION, PLAN_KIND, type OffboardPlan } from './plan.js';
import type { PlanReference } from './verification.js';

// NodeNext sees ajv's CommonJS default export as a namespace.
const Ajv = ajvModule as unknown as typeof ajvModule.default;

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const access = { type: 'object', required: ['projectId', 'role', 'via'], properties: { projectId: str, role: str, via: { enum: ['direct', 'team', 'default', 'unknown'] } } };

/**
 * The parts of a plan that verification reads, so that a hand-edited or foreign file is refused with
 * its position instead of breaking the comparison. The full shape is `OffboardPlan` (src/offboard/plan.ts).
 */
const PLAN_SHAPE = {
  type: 'object',
  required: ['kind', 'schemaVersion', 'generatedAt', 'organization', 'state', 'people'],
  properties: {
    kind: { const: PLAN_KIND },
    schemaVersion: { const: OFFBOARD_SCHEMA_VERSION },
    generatedAt: { type: 'string', format: 'date-time' },
    organization: { type: 'object', required: ['id'], properties: { id: str } },
    state: { type: 'object', required: ['sha256'], properties: { sha256: str } },
    people: {
      type: 'array',
      items: {
        type: 'object',
        required: ['email', 'member', 'projects', 'defaultAccess', 'teams', 'dataViews', 'serviceAccounts', 'scim', 'activity'],
        properties: {
          email: str,
          name: strOrNull,
          member: { anyOf: [{ type: 'null' }, { type: 'object', required: ['status', 'orgRole'], properties: { status: str, orgRole: strOrNull, userId: strOrNull } }] },
          projects: { type: 'array', items: access },
          defaultAccess: { type: 'array', items: access },
          teams: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: str } } },
          dataViews: { type: 'array', items: { type: 'object', required: ['projectId', 'dataViewId', 'dataViewName', 'via'] } },
          serviceAccounts: { type: 'array', items: { type: 'object', required: ['id', 'username', 'active', 'newOwner'] } },
          scim: { anyOf: [{ type: 'null' }, { type: 'object', required: ['userName', 'active'] }] },
          activity: { type: 'object', required: ['lastActive'], properties: { lastActive: strOrNull } },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false, validateFormats: false });
const validatePlan = ajv.compile(PLAN_SHAPE);

/** Loads a plan written by `offboard plan` (exit 2 with file:line:col when it is not one). */
export function loadPlanFile(file: string, displayName = file): { plan: OffboardPlan; ref: PlanReference } {
  const text = readStructuredText(file);
  const source = loadStructuredFile(file, text);
  if (!validatePlan(source.data)) {
    throw new InputError(relevantErrors(validatePlan.errors ?? []).map((e) => ({
      file,
      ...(source.locate(e.instancePath) ?? {}),
      pointer: e.instancePath || '/',
      message: e.keyword === 'const' && e.instancePath === '/kind' ? `not an offboarding plan (kind must be "${PLAN_KIND}")` : describeError(e),
    })));
  }
  const plan = source.data as unknown as OffboardPlan;
  return { plan, ref: { file: displayName, sha256: sha256(text), generatedAt: plan.generatedAt, stateSha256: plan.state.sha256 } };
}
