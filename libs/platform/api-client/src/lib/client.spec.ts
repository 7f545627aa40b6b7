import { createApiClient } from './client.js';

describe('createApiClient', () => {
  it('fills path parameters and the query, sends the key and the JSON body, and throws ApiClientError on a non-2xx', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return url.includes('nope')
        ? new Response(JSON.stringify({ detail: 'No task', error: { code: 'FINE_TUNING_TASKS_NOT_FOUND' } }), { status: 404 })
        : new Response(JSON.stringify({ ok: true }), { status: 200 });
    }) as typeof globalThis.fetch;
    const api = createApiClient({ baseUrl: 'http://h/api/v1/', key: 'k', fetch });
    await expect(api.listTasks({ query: { limit: '5', status: 'done' } })).resolves.toEqual({ ok: true });
    await api.registerSession({ body: { session_id: 's', search_query: 'q', search_results: [{ object_id: 'a' }] } });
    await expect(api.getTask({ params: { id: 'nope' } })).rejects.toMatchObject({ name: 'ApiClientError', status: 404, body: { error: { code: 'FINE_TUNING_TASKS_NOT_FOUND' } } });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET http://h/api/v1/fine-tuning/task?limit=5&status=done',
      'POST http://h/api/v1/clickstream/session',
      'GET http://h/api/v1/fine-tuning/task/nope',
    ]);
    expect(calls[1]!.init.headers).toEqual({ accept: 'application/json', authorization: 'Bearer k', 'content-type': 'application/json' });
    expect(JSON.parse(calls[1]!.init.body as string)).toMatchObject({ session_id: 's' });
  });
});
