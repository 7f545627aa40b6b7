import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStoreOptionsError } from '../../errors.js';
import { DEFAULT_CONTENT_TYPE, type ArtifactBody, type ArtifactInfo, type ArtifactPutOptions, type ArtifactStore } from '../artifact-store.js';
import { assertArtifactIntegrity, integrityCheckedStream } from '../checksum.js';
import { assertValidArtifactKey, assertValidArtifactPrefix, assertValidContentType, RESERVED_SEGMENT_SUFFIX } from '../keys.js';
import { compareKeys } from '../memory-store.js';
import { sha256Hex, systemClock, type Clock } from '@embedding-studio/primitives';

/** Options of {@link createFsArtifactStore}. */
export interface FsArtifactStoreOptions {
  /** Folder that holds the objects; created on the first `put`. A relative path resolves against the working directory. */
  root: string;
  /** Source of `createdAt` timestamps (a test clock makes infos predictable in tests). @defaultValue systemClock */
  clock?: Clock;
}

/** Shape of a `<key>.meta.json` sidecar. */
interface Sidecar {
  version: 1;
  key: string;
  size: number;
  sha256: string;
  contentType: string;
  createdAt: string;
  /** File name (in the key's folder) of the immutable data file this version points at. */
  blob: string;
}

const SIDECAR = RESERVED_SEGMENT_SUFFIX;
/** `~` never appears in a key, so every name holding it is the store's own (data files, temp files). */
const MARK = '~';
const OPEN_ATTEMPTS = 5;
const LIST_CONCURRENCY = 16;

/** Per-file-path queue, so puts and deletes of one key in this process never interleave. */
const keyLocks = new Map<string, Promise<unknown>>();

async function withKeyLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = keyLocks.get(path) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  keyLocks.set(path, settled);
  try {
    return await run;
  } finally {
    if (keyLocks.get(path) === settled) keyLocks.delete(path);
  }
}

/**
 * An {@link ArtifactStore} on the local file system. Layout under `root`, for key `a/b.bin`:
 * `a/b.bin.meta.json` (the sidecar: size, sha256, content type, creation time and the name of
 * the data file) and `a/b.bin~<16 hex>` (the data, never modified once written).
 *
 * A `put` writes the data to a temp file, fsyncs it and renames it to a fresh `~` name, then
 * writes the sidecar the same way; renaming the sidecar over the old one is the commit, so a
 * reader sees the old version or the new one, and a crash before that rename leaves only files
 * no reader looks at. The replaced data file is removed after the commit; a reader that opened
 * it first keeps reading it to the end.
 */
export function createFsArtifactStore(options: FsArtifactStoreOptions): ArtifactStore {
  if (typeof options?.root !== 'string' || options.root.trim() === '') {
    throw new ArtifactStoreOptionsError('root', 'must be a non-empty folder path');
  }
  const root = resolve(options.root);
  const clock = options.clock ?? systemClock;
  const filePath = (key: string) => join(root, ...key.split('/'));
  const where = `the file store at ${root}`;

  async function readSidecar(key: string): Promise<Sidecar | null> {
    let text: string;
    try {
      text = await readFile(filePath(key) + SIDECAR, 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return parseSidecar(key, text);
  }

  /** Opens the data file of the current version, following a concurrent overwrite or delete. */
  async function openCurrent(key: string): Promise<{ sidecar: Sidecar; handle: FileHandle }> {
    assertValidArtifactKey(key);
    for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      const sidecar = await readSidecar(key);
      if (!sidecar) throw new ArtifactNotFoundError(key, where);
      try {
        return { sidecar, handle: await open(join(dirname(filePath(key)), sidecar.blob), 'r') };
      } catch (error) {
        if (!isMissing(error)) throw error;
        // Replaced or deleted between reading the sidecar and opening the data: read the sidecar again.
      }
    }
    const sidecar = await readSidecar(key);
    if (!sidecar) throw new ArtifactNotFoundError(key, where);
    throw new ArtifactIntegrityError(key, `its data file ${sidecar.blob} is missing`, { blob: sidecar.blob });
  }

  return {
    async put(key: string, body: Uint8Array, putOptions: ArtifactPutOptions = {}): Promise<ArtifactInfo> {
      assertValidArtifactKey(key);
      const contentType = putOptions.contentType ?? DEFAULT_CONTENT_TYPE;
      assertValidContentType(contentType);
      const bytes = Uint8Array.from(body);
      const target = filePath(key);
      const dir = dirname(target);
      const name = key.slice(key.lastIndexOf('/') + 1);
      const info: ArtifactInfo = { key, size: bytes.byteLength, sha256: sha256Hex(bytes), contentType, createdAt: new Date(clock.now()) };
      const id = randomBytes(8).toString('hex');
      const blob = `${name}${MARK}${id}`;
      const sidecar: Sidecar = { version: 1, key, size: info.size, sha256: info.sha256, contentType, createdAt: info.createdAt.toISOString(), blob };

      return withKeyLock(target, async () => {
        await mkdir(dir, { recursive: true });
        await writeDurably(join(dir, `${blob}.part`), bytes, join(dir, blob));
        await syncDir(dir);
        let previous: Sidecar | null = null;
        try {
          previous = await readSidecar(key);
        } catch {
          // An unreadable old sidecar is replaced below; its data file (if any) stays behind.
        }
        try {
          await writeDurably(join(dir, `${blob}.meta.part`), Buffer.from(JSON.stringify(sidecar, null, 2) + '\n'), target + SIDECAR);
        } catch (error) {
          await unlink(join(dir, blob)).catch(() => undefined);
          throw error;
        }
        await syncDir(dir);
        if (previous && previous.blob !== blob) await unlink(join(dir, previous.blob)).catch(() => undefined);
        return { ...info, createdAt: new Date(info.createdAt.getTime()) };
      });
    },

    async get(key: string): Promise<ArtifactBody> {
      const { sidecar, handle } = await openCurrent(key);
      const info = toInfo(sidecar);
      return { info, body: integrityCheckedStream(info, handle.createReadStream({ autoClose: true })) };
    },

    async read(key: string): Promise<Uint8Array> {
      const { sidecar, handle } = await openCurrent(key);
      let bytes: Buffer;
      try {
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
      assertArtifactIntegrity(sidecar, bytes);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },

    async head(key: string): Promise<ArtifactInfo | null> {
      assertValidArtifactKey(key);
      const sidecar = await readSidecar(key);
      return sidecar ? toInfo(sidecar) : null;
    },

    async delete(key: string): Promise<boolean> {
      assertValidArtifactKey(key);
      const target = filePath(key);
      const dir = dirname(target);
      return withKeyLock(target, async () => {
        // Moving the sidecar away is the commit; afterwards we own it and the data file it names.
        const claimed = join(dir, `${key.slice(key.lastIndexOf('/') + 1)}${MARK}${randomBytes(8).toString('hex')}.deleting`);
        try {
          await rename(target + SIDECAR, claimed);
        } catch (error) {
          if (isMissing(error)) return false;
          throw error;
        }
        await syncDir(dir);
        let sidecar: Sidecar | null = null;
        try {
          sidecar = parseSidecar(key, await readFile(claimed, 'utf8'));
        } catch {
          // A damaged sidecar still counts as a stored object; its data file is left behind.
        }
        if (sidecar) await unlink(join(dir, sidecar.blob)).catch(() => undefined);
        await unlink(claimed).catch(() => undefined);
        return true;
      });
    },

    async list(prefix: string): Promise<readonly ArtifactInfo[]> {
      assertValidArtifactPrefix(prefix);
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      const keys: string[] = [];
      await walk(folder, prefix, keys);
      const infos: ArtifactInfo[] = [];
      for (let at = 0; at < keys.length; at += LIST_CONCURRENCY) {
        const batch = await Promise.all(keys.slice(at, at + LIST_CONCURRENCY).map((k) => readSidecar(k)));
        for (const sidecar of batch) if (sidecar) infos.push(toInfo(sidecar));
      }
      return infos.sort((a, b) => compareKeys(a.key, b.key));
    },
  };

  /** Collects the keys under folder `rel` (`''` or ending in `/`) that start with `prefix`. */
  async function walk(rel: string, prefix: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(join(root, ...rel.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.includes(MARK)) continue;
      if (entry.isDirectory()) {
        const sub = `${rel}${entry.name}/`;
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) await walk(sub, prefix, out);
      } else if (entry.isFile() && entry.name.endsWith(SIDECAR)) {
        const key = rel + entry.name.slice(0, -SIDECAR.length);
        if (key.startsWith(prefix)) out.push(key);
      }
    }
  }
}

/** Writes `bytes` to `temp`, fsyncs and renames it to `final`. */
async function writeDurably(temp: string, bytes: Uint8Array, final: string): Promise<void> {
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, final);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Makes renames in `dir` durable. Platforms that cannot fsync a folder (Windows) skip it. */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseSidecar(key: string, text: string): Sidecar {
  let value: Partial<Sidecar>;
  try {
    value = JSON.parse(text) as Partial<Sidecar>;
  } catch {
    throw new ArtifactIntegrityError(key, 'its metadata file is not valid JSON');
  }
  const name = key.slice(key.lastIndexOf('/') + 1);
  const ok =
    value !== null &&
    typeof value === 'object' &&
    value.version === 1 &&
    value.key === key &&
    Number.isSafeInteger(value.size) &&
    (value.size ?? -1) >= 0 &&
    typeof value.sha256 === 'string' &&
    HEX64.test(value.sha256) &&
    typeof value.contentType === 'string' &&
    typeof value.createdAt === 'string' &&
    !Number.isNaN(Date.parse(value.createdAt)) &&
    typeof value.blob === 'string' &&
    value.blob.startsWith(`${name}${MARK}`) &&
    /^[0-9a-f]{16}$/.test(value.blob.slice(name.length + 1));
  if (!ok) throw new ArtifactIntegrityError(key, 'its metadata file has missing or malformed fields');
  return value as Sidecar;
}

function toInfo(sidecar: Sidecar): ArtifactInfo {
  return { key: sidecar.key, size: sidecar.size, sha256: sidecar.sha256, contentType: sidecar.contentType, createdAt: new Date(sidecar.createdAt) };
}
