import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

// schemathesis (from PyPI, installed by tools/fuzz/install-schemathesis.sh into .cache/) fuzzes the
// running API from its own OpenAPI document with an admin key: at least 1,000 requests over every
// operation, failing on any 5xx or any answer the document does not allow.
describe('the API under schemathesis', () => {
  it('answers every generated request without a 5xx and as its OpenAPI document says', async () => {
    const child = spawn(process.execPath, ['tools/fuzz/fuzz-api.mjs', '--min-requests', '1000'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const summary = /fuzz: (\d+) requests, (\d+) failures, (\d+) 5xx/.exec(out);
    if (code !== 0 || !summary) throw new Error(`the fuzzer failed (exit ${code}):\n${out.slice(-12_000)}`);
    expect(Number(summary[1])).toBeGreaterThanOrEqual(1000);
    expect([summary[2], summary[3]]).toEqual(['0', '0']);
  }, 330_000);
});
