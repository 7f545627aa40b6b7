import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEEDBACK_ERROR_CODES } from './errors.js';
import { DEFAULT_FEEDBACK_SETTINGS } from './lib/settings.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every error code, and no other', () => {
    for (const code of FEEDBACK_ERROR_CODES) expect(readme).toContain(`| \`${code}\` |`);
    const documented = (readme.match(/\| `FEEDBACK_[A-Z_]+` \|/g) ?? []).map((m) => m.slice(3, -3));
    expect(documented.sort()).toEqual([...FEEDBACK_ERROR_CODES].sort());
  });

  it('documents every setting with its default', () => {
    for (const [name, value] of Object.entries(DEFAULT_FEEDBACK_SETTINGS)) expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\|[^\\n]*\\| \`${String(value)}\` \\|`));
  });
});
