import { MlflowRequestError, MlflowUnavailableError } from '../errors.js';
import { createMlflowClient } from './client.js';

type Answer = { status: number; body: unknown } | Error;

/** A fetch that answers from a script and records the requests. */
function scripted(answers: Answer[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: String(init.method), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const next = answers.shift();
    if (!next) throw new Error('no scripted answer left');
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next.body), { status: next.status });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('MLflow client', () => {
  it('posts JSON to /api/2.0/mlflow and returns the answer', async () => {
    const s = scripted([{ status: 200, body: { experiment_id: '7' } }]);
    const api = createMlflowClient({ trackingUri: 'http://mlflow:5000/', fetch: s.fetch });
    expect(await api.createExperiment('ns/it-a', { 'es.kind': 'iteration' })).toBe('7');
    expect(s.calls).toEqual([
      { url: 'http://mlflow:5000/api/2.0/mlflow/experiments/create', method: 'POST', body: { name: 'ns/it-a', tags: [{ key: 'es.kind', value: 'iteration' }] } },
    ]);
  });

  it('sends GET arguments as a query string and maps RESOURCE_DOES_NOT_EXIST to null', async () => {
    const s = scripted([{ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such experiment' } }]);
    const api = createMlflowClient({ trackingUri: 'http://mlflow:5000', fetch: s.fetch });
    expect(await api.getExperimentByName('ns/a b')).toBeNull();
    expect(s.calls[0]?.url).toBe('http://mlflow:5000/api/2.0/mlflow/experiments/get-by-name?experiment_name=ns%2Fa+b');
  });

  it('throws MLFLOW_REQUEST_FAILED with MLflow’s code on a 4xx, without retrying', async () => {
    const s = scripted([{ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Changing param values is not allowed' } }]);
    const api = createMlflowClient({ trackingUri: 'http://mlflow:5000', fetch: s.fetch });
    const error = await api.logParam('r1', 'es.record', '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowRequestError);
    expect((error as MlflowRequestError).mlflowCode).toBe('INVALID_PARAMETER_VALUE');
    expect(s.calls).toHaveLength(1);
  });

  it('retries network failures and 5xx answers, then gives up with MLFLOW_UNAVAILABLE', async () => {
    const ok = scripted([new Error('ECONNRESET'), { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'database is locked' } }, { status: 200, body: {} }]);
    await createMlflowClient({ trackingUri: 'http://mlflow:5000', fetch: ok.fetch, attempts: 3 }).deleteRun('r1');
    expect(ok.calls).toHaveLength(3);

    const down = scripted([new Error('ECONNREFUSED'), new Error('ECONNREFUSED')]);
    const error = await createMlflowClient({ trackingUri: 'http://mlflow:5000', fetch: down.fetch, attempts: 2 })
      .deleteRun('r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowUnavailableError);
    expect((error as Error).message).toContain('2 attempts failed, the last with ECONNREFUSED');
  });

  it('follows page tokens through a search', async () => {
    const s = scripted([
      { status: 200, body: { experiments: [{ experiment_id: '1', name: 'ns/a', lifecycle_stage: 'active' }], next_page_token: 't2' } },
      { status: 200, body: { experiments: [{ experiment_id: '2', name: 'ns/b', lifecycle_stage: 'active' }] } },
    ]);
    const api = createMlflowClient({ trackingUri: 'http://mlflow:5000', fetch: s.fetch });
    expect((await api.searchExperiments("ns/o'k%", 'ALL')).map((e) => e.name)).toEqual(['ns/a', 'ns/b']);
    expect(s.calls.map((c) => c.body)).toEqual([
      { filter: "name LIKE 'ns/o''k%'", view_type: 'ALL', max_results: 1000 },
      { filter: "name LIKE 'ns/o''k%'", view_type: 'ALL', max_results: 1000, page_token: 't2' },
    ]);
  });
});
