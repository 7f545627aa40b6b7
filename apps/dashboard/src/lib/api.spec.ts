import { ApiError, createApi, explain, probeAccess, withQuery } from './api';

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe('createApi', () => {
  it('sends the key as a bearer token and the query without empty values', async () => {
    const { fn, calls } = fakeFetch(200, { ok: 1 });
    expect(await createApi('k-1', fn).get('/deployments', { collection: 'docs', skip: undefined })).toEqual({ ok: 1 });
    expect(calls[0]!.url).toBe('/api/v1/deployments?collection=docs');
    expect((calls[0]!.init.headers as Record<string, string>)['authorization']).toBe('Bearer k-1');
  });

  it('sends no authorization header without a key, and JSON bodies on POST', async () => {
    const { fn, calls } = fakeFetch(200, {});
    await createApi(undefined, fn).post('/deployments/rollback', { collection: 'docs' });
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['authorization']).toBeUndefined();
    expect([calls[0]!.init.method, headers['content-type'], calls[0]!.init.body]).toEqual(['POST', 'application/json', '{"collection":"docs"}']);
  });

  it("rejects with the API's error code and message", async () => {
    const { fn } = fakeFetch(404, { error: { code: 'SEARCH_COLLECTION_NOT_FOUND', message: 'no collection "x"' } });
    const error = await createApi('k', fn).get('/collections/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'SEARCH_COLLECTION_NOT_FOUND', message: 'no collection "x"' });
  });
});

describe('withQuery', () => {
  it('encodes values and leaves out empty ones', () => {
    expect([withQuery('/m', { collection: 'a b', from: '', n: 0 }), withQuery('/m')]).toEqual(['/m?collection=a+b&n=0', '/m']);
  });
});

describe('probeAccess', () => {
  it('tells admin, limited and open keys apart by GET /keys, and throws a 401', async () => {
    expect(await probeAccess(createApi('k', fakeFetch(200, []).fn))).toBe('admin');
    expect(await probeAccess(createApi('k', fakeFetch(403, { error: { code: 'API_KEY_SCOPE', message: 'x' } }).fn))).toBe('limited');
    expect(await probeAccess(createApi(undefined, fakeFetch(404, { error: { code: 'HTTP_NOT_FOUND', message: 'x' } }).fn))).toBe('open');
    await expect(probeAccess(createApi(undefined, fakeFetch(401, { error: { code: 'API_KEY_MISSING', message: 'x' } }).fn))).rejects.toMatchObject({ status: 401 });
  });
});

describe('explain', () => {
  it('says what to do for 401, 403 and 503', () => {
    expect(explain(new ApiError(401, 'A', 'm'))).toMatch(/valid key/);
    expect(explain(new ApiError(403, 'A', 'm'))).toMatch(/read or admin scope/);
    expect(explain(new ApiError(503, 'A', 'm'))).toMatch(/unavailable/);
    expect(explain(new ApiError(422, 'BAD', 'from must be ISO'))).toBe('422 BAD: from must be ISO');
    expect(explain(new TypeError('Failed to fetch'))).toMatch(/could not be reached: Failed to fetch/);
  });
});
