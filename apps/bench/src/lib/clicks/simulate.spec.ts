import { createRng } from '@embedding-studio/random';
import { CLICK_SETTINGS } from '@embedding-studio/click-simulation';
import { logThroughClickstream } from './clickstream-log.js';
import { clicksPerDoc, countClicks, randomiseClicks, simulateSessions, toClickstreamRequests } from './simulate.js';
import type { ShownQuery, SimulatedSession } from './simulate.js';

const pool: ShownQuery[] = [
  { id: 'q1', text: 'alpha', shown: ['a', 'b', 'c', 'd'], relevant: new Set(['a']) },
  { id: 'q2', text: 'beta', shown: ['c', 'd', 'e', 'f'], relevant: new Set(['e', 'zz']) },
  { id: 'q3', text: 'gamma', shown: ['f', 'g', 'h', 'i'], relevant: new Set() },
];

const sim = (budget: number, seed = 1): SimulatedSession[] =>
  simulateSessions({ budget, pool, clickModel: CLICK_SETTINGS.S1, queryRng: createRng(`q${seed}`), clickRng: createRng(`c${seed}`) });

describe('simulateSessions', () => {
  it('picks queries with the query generator and shows their list', () => {
    const picks = [2, 0, 0, 1];
    let i = 0;
    const out = simulateSessions({
      budget: 4,
      pool,
      clickModel: CLICK_SETTINGS.S1,
      queryRng: { int: (n) => (expect(n).toBe(3), picks[i++] as number) },
      clickRng: { next: () => 0.999 }, // nothing examined
      idPrefix: 'x',
      startTime: 100,
    });
    expect(out.map((s) => s.queryId)).toEqual(['q3', 'q1', 'q1', 'q2']);
    expect(out.map((s) => s.sessionId)).toEqual(['x-1', 'x-2', 'x-3', 'x-4']);
    expect(out.map((s) => s.createdAt)).toEqual([100, 101, 102, 103]);
    expect(out[3]?.shown).toEqual(['c', 'd', 'e', 'f']);
    expect(countClicks(out)).toBe(0);
  });

  it('is reproducible, and a smaller budget is a prefix of a larger one', () => {
    expect(sim(50)).toEqual(sim(50));
    expect(sim(300).slice(0, 50)).toEqual(sim(50));
    expect(sim(300, 2)).not.toEqual(sim(300, 1));
  });

  it('samples queries uniformly', () => {
    const counts = new Map<string, number>();
    for (const s of sim(30_000)) counts.set(s.queryId, (counts.get(s.queryId) ?? 0) + 1);
    for (const c of counts.values()) expect(Math.abs(c / 30_000 - 1 / 3)).toBeLessThan(0.015);
  });

  it('rejects an empty pool and a bad budget', () => {
    expect(() => simulateSessions({ budget: 1, pool: [], clickModel: CLICK_SETTINGS.S1, queryRng: createRng(1), clickRng: createRng(2) })).toThrow(
      /click pool is empty/,
    );
    expect(() => sim(-1)).toThrow(/budget/);
  });
});

describe('randomiseClicks (C-rand)', () => {
  it('keeps every session and its click count, moves clicks to random shown positions', () => {
    const original = sim(2000);
    const random = randomiseClicks(original, createRng(9));
    expect(random).toHaveLength(original.length);
    random.forEach((s, i) => {
      const o = original[i] as SimulatedSession;
      expect(s.sessionId).toBe(o.sessionId);
      expect(s.clicked).toHaveLength(o.clicked.length);
      expect(new Set(s.clicked).size).toBe(s.clicked.length);
      for (const p of s.clicked) expect(p >= 0 && p < s.shown.length).toBe(true);
    });
    expect(countClicks(random)).toBe(countClicks(original));
    // under S1 position 0 of q1 (relevant, exam 0.68) is clicked far more than uniform; after randomising it is ~uniform
    const share = (log: SimulatedSession[]) => {
      const q1 = log.filter((s) => s.queryId === 'q1' && s.clicked.length === 1);
      return q1.filter((s) => s.clicked[0] === 0).length / q1.length;
    };
    expect(share(original)).toBeGreaterThan(0.8);
    expect(Math.abs(share(random) - 0.25)).toBeLessThan(0.06);
  });
});

describe('clickstream requests and logging', () => {
  const s: SimulatedSession = { sessionId: 's-1', queryId: 'q1', queryText: 'alpha', shown: ['a', 'b', 'c'], clicked: [0, 2], createdAt: 50 };

  it('builds a session body with 1-based ranks and one click event per clicked position', () => {
    const req = toClickstreamRequests(s);
    expect(req.session).toMatchObject({
      session_id: 's-1',
      search_query: 'alpha',
      search_results: [
        { object_id: 'a', rank: 1, meta: null },
        { object_id: 'b', rank: 2, meta: null },
        { object_id: 'c', rank: 3, meta: null },
      ],
      is_irrelevant: false,
    });
    expect(req.events).toEqual({
      session_id: 's-1',
      events: [
        { event_id: 's-1-click-1', object_id: 'a', event_type: 'click', created_at: 50, meta: null },
        { event_id: 's-1-click-2', object_id: 'c', event_type: 'click', created_at: 50, meta: null },
      ],
    });
    expect(toClickstreamRequests({ ...s, clicked: [] }).events).toBeNull();
  });

  it('sends sessions through the clickstream service and reads them back as SessionWithEvents', async () => {
    const log = [s, { ...s, sessionId: 's-2', clicked: [], createdAt: 51 }, { ...s, sessionId: 's-3', clicked: [1], createdAt: 52 }];
    const back = await logThroughClickstream(log, 'rel-1');
    expect(back.map((x) => x.session_id)).toEqual(['s-1', 's-2', 's-3']);
    expect(back.map((x) => x.session_number)).toEqual([1, 2, 3]);
    expect(back[0]?.events.map((e) => e.object_id)).toEqual(['a', 'c']);
    expect(back[1]?.events).toEqual([]);
    expect(back[2]?.search_results.map((r) => r.object_id)).toEqual(['a', 'b', 'c']);
    expect(clicksPerDoc(back)).toEqual(new Map([['a', 1], ['c', 1], ['b', 1]]));
  });
});
