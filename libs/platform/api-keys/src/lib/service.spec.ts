import { apiKeyStoreContract } from './contract.js';
import { hashSecret, parseKey } from './key-format.js';
import { createMemoryApiKeyStore } from './memory-store.js';
import { createApiKeyService } from './service.js';

describe('memory ApiKeyStore', () => {
  apiKeyStoreContract(async () => createMemoryApiKeyStore());
});

describe('ApiKeyService', () => {
  const BOOT = 'bootstrap-admin-key-of-at-least-32-chars';
  const setup = (cacheTtlMs = 0) => {
    let t = 1_000;
    const store = createMemoryApiKeyStore();
    const service = createApiKeyService({ store, now: () => t, bootstrapAdminKey: BOOT, cacheTtlMs });
    return { store, service, advance: (ms: number) => (t += ms) };
  };

  it('creates a key shown once and stores only the sha256 of its secret', async () => {
    const { store, service } = setup();
    const { key, record } = await service.create({ scope: 'ingest', name: 'checkout' });
    const parsed = parseKey(key)!;
    expect(record).toEqual({ id: parsed.id, scope: 'ingest', name: 'checkout', createdAt: 1000 });
    const stored = await store.get(parsed.id);
    expect(stored?.secretHash).toBe(hashSecret(parsed.secret));
    expect(JSON.stringify(stored)).not.toContain(parsed.secret);
    expect(await service.verify(key)).toEqual({ id: parsed.id, scope: 'ingest' });
  });

  it('rejects a missing, malformed, unknown, wrong-secret and revoked key with 401 codes', async () => {
    const { service } = setup();
    const { key, record } = await service.create({ scope: 'read' });
    await expect(service.verify(undefined)).rejects.toMatchObject({ code: 'API_KEY_MISSING', category: 'authentication' });
    await expect(service.verify('nope')).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    await expect(service.verify(key.replace(record.id, '0123456789abcdef'))).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    await expect(service.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    await service.revoke(record.id);
    await expect(service.verify(key)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
    expect((await service.list())[0]).toMatchObject({ id: record.id, revokedAt: 1000 });
  });

  it('authorizes by scope: admin reaches everything, others only their own', async () => {
    const { service } = setup();
    const ingest = (await service.create({ scope: 'ingest' })).key;
    const admin = (await service.create({ scope: 'admin' })).key;
    await expect(service.authorize(ingest, 'ingest')).resolves.toMatchObject({ scope: 'ingest' });
    await expect(service.authorize(ingest, 'read')).rejects.toMatchObject({ code: 'API_KEY_SCOPE_FORBIDDEN', category: 'not-allowed', details: { scope: 'ingest', required: 'read' } });
    for (const scope of ['ingest', 'search', 'read', 'admin'] as const) await expect(service.authorize(admin, scope)).resolves.toMatchObject({ scope: 'admin' });
  });

  it('accepts the bootstrap key as admin without storing it, and refuses a short one', async () => {
    const { service, store } = setup();
    expect(await service.authorize(BOOT, 'admin')).toEqual({ id: 'bootstrap', scope: 'admin' });
    expect(await store.list()).toEqual([]);
    expect(() => createApiKeyService({ store, bootstrapAdminKey: 'short' })).toThrow(/at least 32 characters/);
  });

  it('trusts a verified key for cacheTtlMs; a revocation in this process applies at once', async () => {
    const { service, store, advance } = setup(5000);
    const { key, record } = await service.create({ scope: 'search' });
    await service.verify(key);
    await store.revoke(record.id, 2000); // another process revokes it
    await expect(service.verify(key)).resolves.toMatchObject({ scope: 'search' });
    advance(5001);
    await expect(service.verify(key)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });

    const other = await service.create({ scope: 'search' });
    await service.verify(other.key);
    await service.revoke(other.record.id);
    await expect(service.verify(other.key)).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('names every bad field of a create request, and 404s an unknown revoke', async () => {
    const { service } = setup();
    await expect(service.create({ scope: 'root', name: 7, extra: 1 })).rejects.toMatchObject({
      code: 'API_KEYS_VALIDATION',
      issues: [
        { field: 'scope', message: 'is required and must be one of "ingest", "search", "read", "admin"' },
        { field: 'name', message: 'must be a string of at most 200 characters' },
        { field: 'extra', message: 'is not a known field; send only "scope" and "name"' },
      ],
    });
    await expect(service.create([])).rejects.toMatchObject({ code: 'API_KEYS_VALIDATION' });
    await expect(service.revoke('0000000000000000')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND', category: 'not-found' });
  });
});
