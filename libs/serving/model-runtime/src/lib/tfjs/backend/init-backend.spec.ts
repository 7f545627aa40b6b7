import { hasErrorCode } from '@embedding-studio/errors';
import {
  initTfjsBackend,
  parseTfjsBackendName,
  type TfjsBackendEngine,
  type TfjsBackendImporters,
  type TfjsWasmModule,
} from './init-backend.js';

/** A stand-in for the tfjs engine: a backend can be selected once a package "registered" it. */
function fakeEngine(initiallyRegistered: string[] = ['cpu']) {
  const registered = new Set(initiallyRegistered);
  const state = { current: 'cpu', setCalls: [] as string[] };
  const engine: TfjsBackendEngine = {
    async setBackend(name) {
      state.setCalls.push(name);
      if (!registered.has(name)) return false;
      state.current = name;
      return true;
    },
    getBackend: () => state.current,
    ready: async () => undefined,
  };
  return { engine, state, register: (name: string) => registered.add(name) };
}

function notInstalled(pkg: string): () => Promise<never> {
  return async () => {
    throw Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/main.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  };
}

function fakeWasm(onLoad: () => void = () => undefined) {
  const calls = { paths: [] as Array<string | Record<string, string>>, threads: [] as number[], loads: 0 };
  const mod: TfjsWasmModule = {
    setWasmPaths: (p) => void calls.paths.push(p),
    setThreadsCount: (n) => void calls.threads.push(n),
  };
  const importer = async (): Promise<TfjsWasmModule> => {
    calls.loads++;
    onLoad();
    return mod;
  };
  return { importer, calls };
}

describe('initTfjsBackend (injected importers)', () => {
  it('falls back tensorflow-gpu → tensorflow → wasm, recording why each failed', async () => {
    const { engine, register } = fakeEngine();
    const wasm = fakeWasm(() => register('wasm'));
    const importers: TfjsBackendImporters = {
      'tensorflow-gpu': notInstalled('@tensorflow/tfjs-node-gpu'),
      tensorflow: async () => {
        throw new Error('libtensorflow.so.2: cannot open shared object file');
      },
      wasm: wasm.importer,
    };
    const result = await initTfjsBackend({ engine, importers, wasmPaths: '/opt/wasm/' });
    expect(result).toEqual({
      backend: 'wasm',
      engineBackend: 'wasm',
      tried: [
        { name: 'tensorflow-gpu', ok: false, error: "not installed (Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app/main.js)" },
        { name: 'tensorflow', ok: false, error: 'libtensorflow.so.2: cannot open shared object file' },
        { name: 'wasm', ok: true },
      ],
    });
    expect(wasm.calls.paths).toEqual(['/opt/wasm/']);
  });

  it('picks the native binding first when it loads, under the tfjs name "tensorflow"', async () => {
    const { engine, register, state } = fakeEngine();
    const gpuLoads: number[] = [];
    const result = await initTfjsBackend({
      engine,
      importers: {
        'tensorflow-gpu': async () => {
          gpuLoads.push(1);
          register('tensorflow');
        },
        tensorflow: notInstalled('@tensorflow/tfjs-node'),
        wasm: fakeWasm().importer,
      },
    });
    expect(result.backend).toBe('tensorflow-gpu');
    expect(result.engineBackend).toBe('tensorflow');
    expect(result.tried).toEqual([{ name: 'tensorflow-gpu', ok: true }]);
    expect(state.setCalls).toEqual(['tensorflow']);
    expect(gpuLoads).toHaveLength(1);
  });

  it('treats setBackend() returning false as a failure and moves on', async () => {
    const { engine } = fakeEngine();
    const wasm = fakeWasm(); // loads, but never registers: tfjs init failed
    const result = await initTfjsBackend({ engine, preferred: ['wasm', 'cpu'], importers: { wasm: wasm.importer } });
    expect(result.backend).toBe('cpu');
    expect(result.tried).toEqual([
      { name: 'wasm', ok: false, error: "tf.setBackend('wasm') returned false (see the tfjs warning above)" },
      { name: 'cpu', ok: true },
    ]);
  });

  it('follows a custom preferred order and passes wasm threads', async () => {
    const { engine, register } = fakeEngine();
    const wasm = fakeWasm(() => register('wasm'));
    const result = await initTfjsBackend({ engine, preferred: ['wasm', 'tensorflow'], wasmThreads: 4, wasmPaths: '/w/', importers: { wasm: wasm.importer } });
    expect(result.tried).toEqual([{ name: 'wasm', ok: true }]);
    expect(wasm.calls.threads).toEqual([4]);
  });

  it('an explicit backend is the only one tried, and its failure throws instead of falling back', async () => {
    const { engine } = fakeEngine();
    const ok = await initTfjsBackend({ engine, backend: 'cpu', importers: { 'tensorflow-gpu': notInstalled('x') } });
    expect(ok.tried).toEqual([{ name: 'cpu', ok: true }]);

    const failure = await initTfjsBackend({
      engine,
      backend: 'tensorflow',
      importers: { tensorflow: notInstalled('@tensorflow/tfjs-node') },
    }).catch((e: unknown) => e);
    expect(hasErrorCode(failure, 'MODEL_RUNTIME_BACKEND_UNAVAILABLE')).toBe(true);
    const err = failure as Error & { details: Record<string, unknown> };
    expect(err.details['tried']).toEqual([
      { name: 'tensorflow', ok: false, error: "not installed (Cannot find package '@tensorflow/tfjs-node' imported from /app/main.js)" },
    ]);
    expect(err.message).toContain('tensorflow: not installed');
  });

  it('rejects unknown names from configuration, naming the field', async () => {
    const { engine } = fakeEngine();
    const err = await initTfjsBackend({ engine, backend: 'gpu' }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'MODEL_RUNTIME_UNKNOWN_BACKEND')).toBe(true);
    expect((err as Error).message).toBe('Unknown tfjs backend "gpu" in backend; use one of tensorflow-gpu, tensorflow, wasm, cpu.');
    const err2 = await initTfjsBackend({ engine, preferred: ['cpu', 'webgl' as 'cpu'] }).catch((e: unknown) => e);
    expect((err2 as Error & { details: Record<string, unknown> }).details['field']).toBe('preferred[1]');
  });

  it('throws with every reason when no candidate works', async () => {
    const { engine } = fakeEngine([]);
    const err = await initTfjsBackend({
      engine,
      preferred: ['tensorflow', 'cpu'],
      importers: { tensorflow: notInstalled('@tensorflow/tfjs-node') },
    }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'MODEL_RUNTIME_BACKEND_UNAVAILABLE')).toBe(true);
    expect((err as Error & { details: Record<string, unknown> }).details['tried']).toEqual([
      { name: 'tensorflow', ok: false, error: "not installed (Cannot find package '@tensorflow/tfjs-node' imported from /app/main.js)" },
      { name: 'cpu', ok: false, error: "tf.setBackend('cpu') returned false (see the tfjs warning above)" },
    ]);
  });

  it('is idempotent: a second call lands on the same backend with the same attempts', async () => {
    const { engine, register } = fakeEngine();
    const wasm = fakeWasm(() => register('wasm'));
    const options = { engine, wasmPaths: '/w/', importers: { 'tensorflow-gpu': notInstalled('a'), tensorflow: notInstalled('b'), wasm: wasm.importer } };
    const first = await initTfjsBackend(options);
    const second = await initTfjsBackend(options);
    expect(second).toEqual(first);
    expect(engine.getBackend()).toBe('wasm');
  });

  it('logs the choice once through the logger, with every attempt', async () => {
    const { engine } = fakeEngine();
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    await initTfjsBackend({
      engine,
      preferred: ['tensorflow', 'cpu'],
      importers: { tensorflow: notInstalled('@tensorflow/tfjs-node') },
      logger: { info: (message, meta) => void lines.push([message, meta]) },
    });
    expect(lines).toEqual([
      [
        'tfjs backend: cpu',
        {
          backend: 'cpu',
          engineBackend: 'cpu',
          explicit: false,
          tried: [
            { name: 'tensorflow', ok: false, error: "not installed (Cannot find package '@tensorflow/tfjs-node' imported from /app/main.js)" },
            { name: 'cpu', ok: true },
          ],
        },
      ],
    ]);
  });
});

describe('parseTfjsBackendName', () => {
  it('maps empty to undefined, trims and lower-cases known names', () => {
    expect(parseTfjsBackendName(undefined)).toBeUndefined();
    expect(parseTfjsBackendName('  ')).toBeUndefined();
    expect(parseTfjsBackendName(' WASM ')).toBe('wasm');
    expect(parseTfjsBackendName('tensorflow-gpu')).toBe('tensorflow-gpu');
    expect(() => parseTfjsBackendName('webgpu', 'TFJS_BACKEND')).toThrow('Unknown tfjs backend "webgpu" in TFJS_BACKEND');
  });
});
