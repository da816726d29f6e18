/**
 * What is saved, `scan --state` loads (src/state/loadable-state.ts): a slice the loader would refuse
 * becomes `error` with the reason, and a snapshot over the loader's size limit gives up its largest
 * slice until it fits. Each saved form is written and loaded back through the loader itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MAX_INPUT_BYTES } from '../../src/core/structured-file.js';
import { loadStateFile, serializeState } from '../../src/state/load-state.js';
import { loadableSlices, serializeLoadable } from '../../src/state/loadable-state.js';
import type { AuditEvent, OrgState } from '../../src/state/org-state.js';
import { tempDir } from '../support/run-cli.js';

const AT = '2026-05-01T00:00:00Z';

function event(i: number, payload?: Record<string, unknown>): AuditEvent {
  return { id: `evt-${i}`, created: AT, type: 'session.logged_in', userEmail: 'a@small.example', userId: null, projectId: null, entityName: null, ...(payload ? { payload } : {}) };
}

function state(events: AuditEvent[], username = 'svc'): OrgState {
  return {
    schemaVersion: '1.1',
    generatedAt: AT,
    generator: { name: 'mixpanel-hardening', version: 'test' },
    organization: { id: '42', name: 'Small Co', region: 'US' },
    slices: {
      serviceAccounts: {
        status: 'ok', provenance: { source: 'api', collectedAt: AT },
        data: [{ id: '7', username, created: AT, expires: null, lastUsed: null, projects: [] }],
      },
      auditLog: {
        status: 'ok', provenance: { source: 'audit-log', collectedAt: AT },
        data: { window: { start: '2026-04-01T00:00:00Z', end: AT }, events },
      },
    },
  };
}

function deep(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

/** Writes what the saver produced and loads it with the loader `scan --state` uses. */
function reload(content: string): OrgState {
  const file = join(tempDir('mph-loadable-'), 'state.json');
  writeFileSync(file, content);
  return loadStateFile(file).state;
}

describe('slices the loader would refuse', () => {
  it('keeps a state the loader takes as it is', () => {
    const s = state([event(1)]);
    expect(loadableSlices(s)).toEqual({ state: s, replaced: [] });
  });

  it('makes a slice whose payload nests beyond the limit an error, and the saved snapshot loads', () => {
    // 97 levels inside the payload: with state, slices, auditLog, data, events, the event and the
    // payload itself the snapshot is 104 deep, over the loader's 100.
    const s = state([event(1), event(2, deep(97))]);
    const { state: kept, replaced } = loadableSlices(s);
    expect(replaced).toEqual(['auditLog']);
    expect(kept.slices.auditLog).toEqual({ status: 'error', provenance: { source: 'audit-log', collectedAt: AT }, reason: expect.stringMatching(/nested more than 100 levels/) });
    expect(kept.slices.serviceAccounts).toBe(s.slices.serviceAccounts);
    expect(() => reload(serializeState(s))).toThrow(/nested more than 100 levels/);
    expect(reload(serializeState(kept)).slices.auditLog?.status).toBe('error');
  });

  it('agrees with the loader at the boundary: what it keeps loads, what it drops the loader refuses', () => {
    const seen = new Set<boolean>();
    for (const levels of [92, 93, 94, 95, 96]) {
      const s = state([event(1, deep(levels))]);
      const kept = loadableSlices(s).replaced.length === 0;
      seen.add(kept);
      let loads = true;
      try {
        reload(serializeState(s));
      } catch {
        loads = false;
      }
      expect({ levels, kept }).toEqual({ levels, kept: loads });
    }
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('makes a slice with a value outside the schema an error naming where, never quoting it', () => {
    const s = state([event(1)], 'u'.repeat(256));
    const { state: kept, replaced } = loadableSlices(s);
    expect(replaced).toEqual(['serviceAccounts']);
    const reason = kept.slices.serviceAccounts?.reason ?? '';
    expect(reason).toMatch(/\/data\/0\/username must NOT have more than 255 characters/);
    expect(reason).not.toContain('uuuu');
    expect(reload(serializeState(kept)).slices.auditLog?.status).toBe('ok');
  });
});

describe('the size limit', () => {
  it('is the loader\'s own', () => {
    expect(MAX_INPUT_BYTES).toBe(256 * 1024 * 1024);
  });

  it('drops the largest slice with the reason when the snapshot is over it, and the rest is saved', () => {
    const events = Array.from({ length: 400 }, (_, i) => event(i));
    const full = serializeState(state(events));
    const limit = Math.floor(Buffer.byteLength(full) / 2);
    const { state: kept, content, replaced } = serializeLoadable(state(events), limit);
    expect(replaced).toEqual(['auditLog']);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(limit);
    expect(kept.slices.auditLog?.reason).toMatch(new RegExp(`would be ${Buffer.byteLength(full)} bytes, above the ${limit}-byte limit .*shorter --audit-window`));
    expect(kept.slices.serviceAccounts?.status).toBe('ok');
    const loaded = reload(content);
    expect(loaded).toEqual(kept);
  });

  it('changes nothing when the snapshot fits', () => {
    const s = state([event(1)]);
    const r = serializeLoadable(s);
    expect(r.replaced).toEqual([]);
    expect(r.state).toBe(s);
    expect(r.content).toBe(serializeState(s));
  });
});
