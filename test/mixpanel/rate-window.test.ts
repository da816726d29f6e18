import { describe, expect, it } from '@jest/globals';
import { RateWindow, type Clock } from '../../src/mixpanel/rate-window.js';
import { TimeBudget } from '../../src/mixpanel/time-budget.js';

function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: 0,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('RateWindow', () => {
  it('lets 5 requests start at once, then spaces the rest a window after the ones they replace', async () => {
    const clock = fakeClock();
    const w = new RateWindow(5, 60_000, clock);
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await w.acquire();
      starts.push(clock.t);
      clock.t += 1000; // each request takes a second
    }
    expect(starts).toEqual([0, 1000, 2000, 3000, 4000, 60_000, 61_000, 62_000, 63_000, 64_000, 120_000, 121_000]);
  });

  it('serves concurrent callers in order', async () => {
    const clock = fakeClock();
    const w = new RateWindow(2, 10_000, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => w.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('reports the wait ahead', async () => {
    const clock = fakeClock();
    const w = new RateWindow(1, 60_000, clock);
    expect(w.waitTime()).toBe(0);
    await w.acquire();
    clock.t = 15_000;
    expect(w.waitTime()).toBe(45_000);
  });

  it('with a time budget, a wait that would outlast it fails at once instead of sleeping', async () => {
    const clock = fakeClock();
    const budget = new TimeBudget(30_000, () => clock.t);
    const w = new RateWindow(1, 60_000, clock, budget);
    await w.acquire();
    await expect(w.acquire()).rejects.toThrow(/waiting 60 s for the next request slot.*time budget of 30 s was used up/);
    expect(clock.sleeps).toEqual([]);
    // Within the budget, the wait happens as before.
    const roomy = new RateWindow(1, 10_000, clock, budget);
    await roomy.acquire();
    await roomy.acquire();
    expect(clock.sleeps).toEqual([10_000]);
  });
});
