import { NOW, startApi, type Harness } from './setup.js';

/** Replays what an EmbeddingStudio 0.0.1 client does, checking every status and shape. */
describe('0.0.1 client flow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi('v001');
  });
  afterAll(() => h.close());

  it('ping', async () => {
    await h.http.get('/api/v1/ping').expect(200, {});
  });

  it('registers sessions with result meta, pushes clicks, releases and pages through the batch', async () => {
    const sessions = Array.from({ length: 5 }, (_, i) => ({
      session_id: `s${i}`,
      search_query: `query ${i}`,
      search_results: [
        { object_id: `doc-${i}-a`, meta: { file: `a${i}.jpg`, bucket: 'images' } },
        { object_id: `doc-${i}-b`, meta: { file: `b${i}.jpg`, bucket: 'images' } },
      ],
      search_meta: { device: 'web' },
      user_id: 'user-1',
      created_at: NOW - 60,
    }));
    for (const s of sessions) {
      const res = await h.http.post('/api/v1/clickstream/session').send(s).expect(200);
      expect(res.body).toBeNull();
    }
    for (const s of sessions.slice(0, 3)) {
      await h.http
        .post('/api/v1/clickstream/session/events')
        .send({ session_id: s.session_id, events: [{ event_id: `${s.session_id}-e1`, object_id: s.search_results[1]!.object_id, created_at: NOW - 30 }] })
        .expect(200, 'null');
    }
    await h.http.post('/api/v1/clickstream/session/irrelevant').send({ session_id: 's4' }).expect(200, 'null');

    const got = await h.http.get('/api/v1/clickstream/session').query({ session_id: 's0' }).expect(200);
    expect(got.body).toEqual({
      session_id: 's0',
      search_query: 'query 0',
      search_results: [
        { object_id: 'doc-0-a', rank: 1, meta: { file: 'a0.jpg', bucket: 'images' } },
        { object_id: 'doc-0-b', rank: 2, meta: { file: 'b0.jpg', bucket: 'images' } },
      ],
      search_meta: { device: 'web' },
      user_id: 'user-1',
      created_at: NOW - 60,
      is_irrelevant: false,
      events: [{ event_id: 's0-e1', session_id: 's0', object_id: 'doc-0-b', event_type: 'click', created_at: NOW - 30, meta: null }],
    });

    const release = await h.http.post('/api/v1/clickstream/internal/batch/release').send({ release_id: 'task-1' }).expect(200);
    expect(release.body).toEqual({ release_id: 'task-1', batch_id: expect.stringMatching(/^[0-9a-f]{24}$/), released_at: NOW });
    const batchId = release.body.batch_id as string;
    // Idempotent by release_id.
    await h.http.post('/api/v1/clickstream/internal/batch/release').send({ release_id: 'task-1' }).expect(200, release.body);

    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await h.http
        .get('/api/v1/clickstream/internal/batch/sessions')
        .query({ batch_id: batchId, after_number: after, limit: 2, events_limit: 100 })
        .expect(200);
      expect(page.body.batch_id).toBe(batchId);
      if (page.body.sessions.length === 0) {
        expect(page.body.last_number).toBeNull();
        break;
      }
      for (const s of page.body.sessions) {
        expect(Object.keys(s).sort()).toEqual(
          ['created_at', 'events', 'is_irrelevant', 'search_meta', 'search_query', 'search_results', 'session_id', 'session_number', 'user_id'].sort(),
        );
        seen.push(s.session_id);
      }
      expect(page.body.last_number).toBe(page.body.sessions.at(-1).session_number);
      after = page.body.last_number;
    }
    expect(seen).toEqual(['s0', 's1', 's2', 's3', 's4']);

    const summary = await h.http.get('/api/v1/clickstream/internal/batch').query({ batch_id: batchId }).expect(200);
    expect(summary.body).toMatchObject({
      batch_id: batchId,
      status: 'released',
      session_counter: 5,
      session_count: 5,
      sessions_with_clicks: 3,
      sessions_without_clicks: 2,
      release_id: 'task-1',
      released_at: NOW,
      created_at: NOW,
    });

    // No collecting batch until the next session; then a new one opens.
    await h.http.post('/api/v1/clickstream/internal/batch/release').send({ release_id: 'task-2' }).expect(404);
    await h.http.get('/api/v1/clickstream/internal/batch').expect(404);
    await h.http.post('/api/v1/clickstream/session').send({ session_id: 's-next', search_query: 'q', search_results: [{ object_id: 'x' }] }).expect(200);
    const current = await h.http.get('/api/v1/clickstream/internal/batch').expect(200);
    expect(current.body).toMatchObject({ status: 'collecting', session_count: 1, session_counter: 1, release_id: null });
    expect(current.body.batch_id).not.toBe(batchId);
  });
});
