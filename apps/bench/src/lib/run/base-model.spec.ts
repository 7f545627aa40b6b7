import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBaseModel } from './base-model.js';

describe('openBaseModel', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-model-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the fetch command when the model folder is missing', async () => {
    await expect(openBaseModel(join(dir, 'none'))).rejects.toMatchObject({
      code: 'BENCH_MODEL_UNAVAILABLE',
      message: expect.stringContaining('node tools/models/fetch-model.mjs all-minilm-l6-v2'),
    });
  });

  it('wraps a folder the runtime cannot load', async () => {
    await expect(openBaseModel(dir)).rejects.toMatchObject({ code: 'BENCH_MODEL_UNAVAILABLE', message: expect.stringContaining('Could not load') });
  });
});
