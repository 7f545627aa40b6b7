import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../app.js';

const clickstream = {} as Parameters<typeof createApp>[0]['clickstream'];
// Keys on: nothing the test sends carries one, so anything answered 200 is outside the door.
const keys = { authorize: () => Promise.reject(new Error('no key expected')) } as unknown as NonNullable<Exclude<Parameters<typeof createApp>[0]['access']['auth'], 'off'>>;

describe('GET /dashboard (the built single-page app)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dash</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = () => createApp({ clickstream, access: { auth: keys }, dashboardDir: dir });

  it('serves index.html without a key, revalidated on each load, under a policy that allows its own scripts only', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/index.html']) {
      const res = await request(app()).get(path);
      expect([path, res.status, res.text]).toEqual([path, 200, '<!doctype html><title>dash</title>']);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
  });

  it('answers client routes with index.html (SPA fallback)', async () => {
    const res = await request(app()).get('/dashboard/models/anything');
    expect([res.status, res.text, res.type]).toEqual([200, '<!doctype html><title>dash</title>', 'text/html']);
  });

  it('caches hashed assets for a year and answers 404 for a missing one', async () => {
    const res = await request(app()).get('/dashboard/assets/index-abc123.js');
    expect([res.status, res.headers['cache-control'], res.type]).toEqual([200, 'public, max-age=31536000, immutable', 'text/javascript']);
    const missing = await request(app()).get('/dashboard/assets/gone-123.js');
    expect(missing.status).toBe(404);
  });

  it('is read-only: other methods get no page', async () => {
    const res = await request(app()).post('/dashboard/').send({});
    expect(res.status).toBe(404);
  });

  it('answers 404 DASHBOARD_NOT_BUILT, saying how to build it, when the folder has no index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'es-dashboard-empty-'));
    try {
      const res = await request(createApp({ clickstream, access: { auth: keys }, dashboardDir: empty })).get('/dashboard/quality');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('DASHBOARD_NOT_BUILT');
      expect(res.body.error.message).toMatch(/npx nx build dashboard/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('is not mounted without a folder', async () => {
    expect((await request(createApp({ clickstream, access: { auth: keys } })).get('/dashboard/')).status).toBe(404);
  });
});
