import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { collectLexicon, lexiconOrder } from '../../src/collect/collectors/lexicon.js';
import type { CollectEvent } from '../../src/collect/events.js';
import { RateWindow, type Clock } from '../../src/mixpanel/rate-window.js';
import type { Project } from '../../src/state/org-state.js';
import { fixtureOrg } from '../support/fake-mixpanel/index.js';
import { fixtureHandlers, fixtureProjects, specHandler, testClient, testContext } from './support/msw-fixture.js';

const org = fixtureOrg();
const server = setupServer(...fixtureHandlers(org));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A clock that jumps instead of sleeping, and remembers the waits. */
function jumpClock(): Clock & { waits: number[] } {
  let t = 0;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms) => { waits.push(ms); t += ms; } };
}

describe('lexicon collector', () => {
  it('reads every project\'s schemas with hidden/dropped flags; an entity\'s flags reach its properties', async () => {
    const slice = await collectLexicon(testContext(org), { maxProjects: 10, window: new RateWindow(5, 60_000, jumpClock()) });
    expect(slice.status).toBe('ok');
    expect(slice.data).toEqual([
      { projectId: '3001', entity: 'event:Signed Up', name: 'email', hidden: true, dropped: false },
      { projectId: '3001', entity: 'event:Signed Up', name: 'plan', hidden: false, dropped: false },
      { projectId: '3001', entity: 'profile:User', name: '$email', hidden: false, dropped: false },
      { projectId: '3001', entity: 'profile:User', name: 'phone', hidden: false, dropped: true },
      { projectId: '3101', entity: 'event:Purchase', name: 'card_last4', hidden: false, dropped: true },
      { projectId: '3101', entity: 'event:Purchase', name: 'amount', hidden: false, dropped: true },
    ]);
  });

  it('stays within 5 requests per minute: the sixth project waits for the window', async () => {
    const projects: Project[] = Array.from({ length: 7 }, (_, i) => ({ id: String(3001 + (i % 2)), name: `p${i}`, region: 'US', environment: null, sensitive: false }));
    const clock = jumpClock();
    const t = testClient();
    const slice = await collectLexicon(testContext(org, t, projects), { maxProjects: 10, window: new RateWindow(5, 60_000, clock) });
    expect(slice.status).toBe('ok');
    expect(clock.waits).toEqual([60_000]);
    expect(t.events.filter((e: CollectEvent) => e.type === 'wait')).toEqual([{ type: 'wait', slice: 'lexicon', ms: 60_000, why: 'Lexicon API limit of 5 requests per minute' }]);
  });

  it('bounded: reads sensitive and production projects first, and marks the slice missing with how to lift the bound', async () => {
    const projects = fixtureProjects(org);
    projects[3]!.sensitive = true;                // 3102
    projects[2]!.environment = 'production';      // 3101
    expect(lexiconOrder(projects).map((p) => p.id)).toEqual(['3102', '3101', '3001', '3002']);
    const slice = await collectLexicon(testContext(org, testClient(), projects), { maxProjects: 2, window: new RateWindow(5, 60_000, jumpClock()) });
    expect(slice.status).toBe('missing');
    expect(slice.reason).toBe('Lexicon read for 2 of 4 projects (bounded by --lexicon-projects 2); reading all takes about 1 minute at 5 requests per minute: raise the bound to evaluate');
    expect(new Set(slice.data!.map((p) => p.projectId))).toEqual(new Set(['3101']));
  });

  it('0 turns it off without a request', async () => {
    const t = testClient();
    const slice = await collectLexicon(testContext(org, t), { maxProjects: 0, window: new RateWindow(5, 60_000, jumpClock()) });
    expect(t.events.filter((e) => e.type === 'response')).toEqual([]);
    expect(slice.status).toBe('missing');
    expect(slice.reason).toBe('Lexicon collection is turned off (--lexicon-projects 0)');
  });

  it('a 429 storm is retried with the server\'s Retry-After', async () => {
    let calls = 0;
    server.use(specHandler('lexicon-schemas', 'list-all-schemas-for-project', 'US', () => {
      calls++;
      return calls <= 2
        ? HttpResponse.json({ status: 'error', error: 'rate limited' }, { status: 429, headers: { 'Retry-After': '60' } })
        : HttpResponse.json({ status: 'ok', results: [] });
    }));
    const t = testClient();
    const projects = fixtureProjects(org).slice(0, 1);
    const slice = await collectLexicon(testContext(org, t, projects), { maxProjects: 5, window: new RateWindow(5, 60_000, jumpClock()) });
    expect(slice.status).toBe('ok');
    expect(t.events.filter((e) => e.type === 'retry').map((e) => (e as { delayMs: number }).delayMs)).toEqual([60_000, 60_000]);
  });

  it('a 403 is forbidden, with what was read before kept', async () => {
    server.use(specHandler('lexicon-schemas', 'list-all-schemas-for-project', 'EU', () => HttpResponse.json({ status: 'error', error: 'no' }, { status: 403 })));
    const slice = await collectLexicon(testContext(org), { maxProjects: 10, window: new RateWindow(5, 60_000, jumpClock()) });
    expect(slice.status).toBe('forbidden');
    expect(slice.reason).toMatch(/^this service account lacks the owner\/admin role needed for reading the Lexicon schemas of project 3101 .*\(Lexicon of 2 of 4 projects read before\)$/);
    expect(slice.data).toHaveLength(4);
  });
});
