import { NOW, startApi, type Harness } from './setup.js';

const session = (id: string, extra: Record<string, unknown> = {}) => ({
  session_id: id,
  search_query: 'blue shoes',
  search_results: [{ object_id: 'a' }, { object_id: 'b' }, { object_id: 'c' }],
  ...extra,
});

describe('clickstream rules and bad input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi('rules', { maxResultsPerSession: 5, maxEventsPerRequest: 3, maxMetaBytes: 64 }, 4096);
  });
  afterAll(() => h.close());

  const expectError = (body: { detail: string; error: { code: string; details: Record<string, unknown> }; response: { statusCode: number } }, code: string) => {
    expect(body.error.code).toBe(code);
    expect(typeof body.detail).toBe('string');
  };

  describe('POST /clickstream/session', () => {
    it('re-posting an identical session is a no-op 200; different content is 409 naming the fields', async () => {
      await h.http.post('/api/v1/clickstream/session').send(session('dup', { created_at: NOW })).expect(200);
      await h.http.post('/api/v1/clickstream/session').send(session('dup', { created_at: NOW })).expect(200);
      const res = await h.http.post('/api/v1/clickstream/session').send(session('dup', { created_at: NOW, search_query: 'red' })).expect(409);
      expectError(res.body, 'CLICKSTREAM_SESSION_CONFLICT');
      expect(res.body.error.details.fields).toEqual(['search_query']);
      const batch = await h.http.get('/api/v1/clickstream/internal/batch').expect(200);
      expect(batch.body.session_count).toBe(1);
    });

    it('names every invalid field with 422', async () => {
      const res = await h.http
        .post('/api/v1/clickstream/session')
        .send({ session_id: 7, search_results: [{ object_id: '' }, { rank: 'x', object_id: 'y' }, 'z'], created_at: 'now', user_id: '' })
        .expect(422);
      expectError(res.body, 'CLICKSTREAM_VALIDATION');
      const fields = (res.body.error.details.issues as { field: string }[]).map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['session_id', 'search_query', 'search_results.0.object_id', 'search_results.1.rank', 'search_results.2', 'created_at', 'user_id']));
    });

    it('keeps the first occurrence of an object shown twice on one page (0.0.1 clients post such pages)', async () => {
      const shown = [{ object_id: 'a', meta: { t: 1 } }, { object_id: 'b' }, { object_id: 'a', meta: { t: 2 } }, { object_id: 'c' }];
      await h.http.post('/api/v1/clickstream/session').send(session('dups', { search_results: shown })).expect(200);
      const read = await h.http.get('/api/v1/clickstream/session').query({ session_id: 'dups' }).expect(200);
      expect(read.body.search_results).toEqual([
        { object_id: 'a', rank: 1, meta: { t: 1 } },
        { object_id: 'b', rank: 2, meta: null },
        { object_id: 'c', rank: 4, meta: null },
      ]);
      // The identical re-post is recognised, and clicks on the kept objects count.
      await h.http.post('/api/v1/clickstream/session').send(session('dups', { search_results: shown })).expect(200);
      await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'dups', events: [{ event_id: 'e1', object_id: 'a' }] }).expect(200);
    });

    it('rejects timestamps outside the window with 400', async () => {
      const old = await h.http.post('/api/v1/clickstream/session').send(session('old', { created_at: NOW - 43201 })).expect(400);
      expectError(old.body, 'CLICKSTREAM_INVALID_TIMESTAMP');
      expect(old.body.detail).toContain('Invalid utc timestamp');
      await h.http.post('/api/v1/clickstream/session').send(session('future', { created_at: NOW + 301 })).expect(400);
      await h.http.post('/api/v1/clickstream/session').send(session('edge', { created_at: NOW + 300 })).expect(200);
    });

    it('enforces size limits with 413', async () => {
      const many = Array.from({ length: 6 }, (_, i) => ({ object_id: `o${i}` }));
      const res = await h.http.post('/api/v1/clickstream/session').send(session('big', { search_results: many })).expect(413);
      expectError(res.body, 'CLICKSTREAM_LIMIT_EXCEEDED');
      expect(res.body.error.details).toMatchObject({ field: 'search_results', limit: 5, actual: 6 });
      const meta = await h.http.post('/api/v1/clickstream/session').send(session('meta', { search_meta: { blob: 'x'.repeat(100) } })).expect(413);
      expect(meta.body.error.details.field).toBe('search_meta');
      const body = await h.http.post('/api/v1/clickstream/session').send(session('body', { search_query: 'q'.repeat(5000) })).expect(413);
      expectError(body.body, 'HTTP_BODY_TOO_LARGE');
    });

    it('rejects malformed JSON and non-object bodies', async () => {
      const res = await h.http.post('/api/v1/clickstream/session').set('content-type', 'application/json').send('{"session_id":').expect(400);
      expectError(res.body, 'HTTP_BODY_INVALID_JSON');
      const arr = await h.http.post('/api/v1/clickstream/session').send([1, 2]).expect(422);
      expect(arr.body.error.details.issues[0].field).toBe('body');
    });
  });

  describe('POST /clickstream/session/events', () => {
    beforeAll(async () => {
      await h.http.post('/api/v1/clickstream/session').send(session('ev', { created_at: NOW - 100 })).expect(200);
    });

    it('404 for an unknown session', async () => {
      const res = await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'nope', events: [{ event_id: 'e', object_id: 'a' }] }).expect(404);
      expectError(res.body, 'CLICKSTREAM_SESSION_NOT_FOUND');
    });

    it('400 for an object not among the results', async () => {
      const res = await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'ev', events: [{ event_id: 'e', object_id: 'zzz' }] }).expect(400);
      expectError(res.body, 'CLICKSTREAM_UNKNOWN_OBJECT');
      expect(res.body.error.details.object_ids).toEqual(['zzz']);
    });

    it('ignores a repeated (session_id, event_id) so clients may retry', async () => {
      const body = { session_id: 'ev', events: [{ event_id: 'e1', object_id: 'a', created_at: NOW - 50 }] };
      await h.http.post('/api/v1/clickstream/session/events').send(body).expect(200);
      await h.http.post('/api/v1/clickstream/session/events').send(body).expect(200);
      const got = await h.http.get('/api/v1/clickstream/session').query({ session_id: 'ev' }).expect(200);
      expect(got.body.events).toHaveLength(1);
    });

    it('rejects an event before its session, bad types, and too many events', async () => {
      const early = await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'ev', events: [{ event_id: 'e2', object_id: 'a', created_at: NOW - 1000 }] }).expect(400);
      expect(early.body.error.details.field).toBe('events.0.created_at');
      const bad = await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'ev', events: [{ event_id: 3, object_id: 'a', event_type: '' }] }).expect(422);
      expect((bad.body.error.details.issues as { field: string }[]).map((i) => i.field)).toEqual(['events.0.event_type', 'events.0.event_id']);
      await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'ev' }).expect(422);
      const many = Array.from({ length: 4 }, (_, i) => ({ event_id: `m${i}`, object_id: 'a' }));
      await h.http.post('/api/v1/clickstream/session/events').send({ session_id: 'ev', events: many }).expect(413);
    });
  });

  describe('other endpoints', () => {
    it('GET /clickstream/session: 422 without id, 404 unknown', async () => {
      await h.http.get('/api/v1/clickstream/session').expect(422);
      const res = await h.http.get('/api/v1/clickstream/session').query({ session_id: 'ghost' }).expect(404);
      expect(res.body.detail).toBe('Session with id=ghost not found; register it first with POST /clickstream/session.');
    });

    it('POST /clickstream/session/irrelevant: 422 and 404', async () => {
      await h.http.post('/api/v1/clickstream/session/irrelevant').send({}).expect(422);
      await h.http.post('/api/v1/clickstream/session/irrelevant').send({ session_id: 'ghost' }).expect(404);
    });

    it('POST /clickstream/session/results appends pages with continuing ranks', async () => {
      await h.http.post('/api/v1/clickstream/session').send(session('paged', { created_at: NOW })).expect(200);
      const res = await h.http.post('/api/v1/clickstream/session/results').send({ session_id: 'paged', search_results: [{ object_id: 'd' }, { object_id: 'a' }] }).expect(200);
      expect(res.body).toEqual({ added: 1, total: 4 });
      const got = await h.http.get('/api/v1/clickstream/session').query({ session_id: 'paged' }).expect(200);
      expect(got.body.search_results.map((r: { object_id: string; rank: number }) => [r.object_id, r.rank])).toEqual([
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 4],
      ]);
      // Re-posting the original session is still a no-op.
      await h.http.post('/api/v1/clickstream/session').send(session('paged', { created_at: NOW })).expect(200);
      await h.http.post('/api/v1/clickstream/session/results').send({ session_id: 'ghost', search_results: [{ object_id: 'x' }] }).expect(404);
      await h.http.post('/api/v1/clickstream/session/results').send({ session_id: 'paged', search_results: [] }).expect(422);
      const over = await h.http.post('/api/v1/clickstream/session/results').send({ session_id: 'paged', search_results: [{ object_id: 'e' }, { object_id: 'f' }] }).expect(413);
      expect(over.body.error.details).toMatchObject({ limit: 5, actual: 6 });
    });

    it('batch endpoints validate their query', async () => {
      await h.http.get('/api/v1/clickstream/internal/batch/sessions').expect(422);
      const res = await h.http.get('/api/v1/clickstream/internal/batch/sessions').query({ batch_id: 'b', after_number: -1, limit: 'ten' }).expect(422);
      expect((res.body.error.details.issues as { field: string }[]).map((i) => i.field)).toEqual(['after_number', 'limit']);
      const unknown = await h.http.get('/api/v1/clickstream/internal/batch/sessions').query({ batch_id: '0123456789abcdef01234567' }).expect(200);
      expect(unknown.body).toEqual({ batch_id: '0123456789abcdef01234567', last_number: null, sessions: [] });
      await h.http.get('/api/v1/clickstream/internal/batch').query({ batch_id: 'not-a-batch' }).expect(404);
      await h.http.post('/api/v1/clickstream/internal/batch/release').send({ release_id: '' }).expect(422);
    });

    it('unknown routes use the same error shape', async () => {
      const res = await h.http.get('/api/v1/nowhere').expect(404);
      expect(res.body).toMatchObject({ error: { code: 'HTTP_ROUTE_NOT_FOUND' }, request: { method: 'GET', url: '/api/v1/nowhere' }, response: { statusCode: 404 } });
    });

    it('readiness pings the database', async () => {
      await h.http.get('/api/v1/health/ready').expect(200, { status: 'ready' });
    });
  });
});
