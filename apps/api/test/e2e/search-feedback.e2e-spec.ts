/**
 * @jest-environment <rootDir>/../../tools/jest/onnx-environment.js
 */
// Improve on the fly: with feedback on for a collection, clicks on a lower-ranked result of a
// query (posted through the 0.0.1 events route with the search_id) move it up for that query at
// the next search; with feedback off, the same clicks change nothing. The feedback store is the
// MongoDB one, fed by the API's click path as in main.ts.
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { TOPICS, startSearchApi, type SearchHarness } from './search-setup.js';

jest.setTimeout(180_000);

const QUERY = 'a musical instrument with strings';
const ITEMS = TOPICS.map(([id, text]) => ({ id, text }));

let h: SearchHarness;
beforeAll(async () => {
  h = await startSearchApi('search_feedback');
});
afterAll(async () => {
  await h?.close();
});

const ids = async (collection: string): Promise<{ search_id: string; order: string[] }> => {
  const res = await h.http.post('/api/v1/search').send({ collection, query: QUERY, k: 5 }).expect(200);
  return { search_id: res.body.search_id, order: res.body.results.map((r: { object_id: string }) => r.object_id) };
};

/** Sessions in which a user searches and clicks `target`. */
async function clickSessions(collection: string, target: string, sessions: number): Promise<void> {
  for (let i = 0; i < sessions; i++) {
    const { search_id, order } = await ids(collection);
    expect(order).toContain(target);
    await h.http.post('/api/v1/clickstream/session/events').send({ session_id: search_id, events: [{ event_id: randomUUID(), object_id: target }] }).expect(200);
  }
}

describe('query-time feedback, switched per collection', () => {
  it('validates the feedback setting on create and on PUT /collections/{name}/feedback, naming the field', async () => {
    const bad = await h.http.post('/api/v1/collections').send({ name: 'fb_bad', feedback: 'yes' }).expect(422);
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(['feedback']);
    const badSetting = await h.http.post('/api/v1/collections').send({ name: 'fb_bad', feedback: { enabled: true, weight: -1 } }).expect(422);
    expect(JSON.stringify(badSetting.body.error)).toContain('feedback.weight');
    await h.http.get('/api/v1/collections/fb_bad').expect(404);

    await h.http.post('/api/v1/collections').send({ name: 'fb_on', fields_to_embed: ['text'] }).expect(201);
    await h.http.post('/api/v1/collections').send({ name: 'fb_off', fields_to_embed: ['text'] }).expect(201);
    const unknown = await h.http.put('/api/v1/collections/fb_on/feedback').send({ enabled: true, wieght: 2 }).expect(422);
    expect(JSON.stringify(unknown.body.error)).toContain('feedback.wieght');
    expect((await h.http.put('/api/v1/collections/fb_on/feedback').send({ enabled: 'on' }).expect(422)).body.error.details.issues[0].field).toBe('feedback.enabled');
    await h.http.put('/api/v1/collections/nope/feedback').send({ enabled: true }).expect(404);
    // Rejected requests stored nothing: feedback is still off by default.
    expect((await h.http.get('/api/v1/collections/fb_on').expect(200)).body.feedback).toBeUndefined();

    const on = await h.http.put('/api/v1/collections/fb_on/feedback').send({ enabled: true, weight: 2 }).expect(200);
    expect(on.body).toMatchObject({ name: 'fb_on', feedback: { enabled: true, settings: { weight: 2 } } });
  });

  it('moves a clicked lower-ranked result up with feedback on, and not with it off', async () => {
    for (const c of ['fb_on', 'fb_off']) await h.http.post(`/api/v1/collections/${c}/items`).send(ITEMS).expect(200, { upserted: ITEMS.length });
    const before = await ids('fb_on');
    expect((await ids('fb_off')).order).toEqual(before.order);
    const target = before.order[3]!;

    await clickSessions('fb_on', target, 6);
    await clickSessions('fb_off', target, 6);

    const on = (await ids('fb_on')).order;
    const off = (await ids('fb_off')).order;
    expect(on.indexOf(target)).toBeLessThan(3);
    expect(off).toEqual(before.order);

    // Switched off again, the engine's order comes back.
    await h.http.put('/api/v1/collections/fb_on/feedback').send({ enabled: false }).expect(200);
    expect((await ids('fb_on')).order).toEqual(before.order);
  });
});
