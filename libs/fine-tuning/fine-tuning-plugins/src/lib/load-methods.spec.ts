import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@embedding-studio/errors';
import { loadFineTuningMethods, validatePluginMeta } from './load-methods.js';

// Plugin files in a temp dir cannot import the workspace package, so they mark their base class
// with the same global brand symbol FineTuningMethod carries (as a plugin bundling its own copy would).
const base = `const BRAND = Symbol.for('embedding-studio.fine-tuning-method');
class Base { static [BRAND] = true; async uploadInitialModel() {} async getFineTuningBuilder() { return {}; } }`;
const plugin = (cls: string, meta: string): string => `${base}\nexport class ${cls} extends Base { meta = ${meta}; }\n`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'es-plugins-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadFineTuningMethods', () => {
  it('instantiates exported subclasses, from files and folder index modules, registered by meta.name', async () => {
    writeFileSync(join(dir, 'a.mjs'), plugin('Alpha', `{ name: 'alpha', version: '1.2.0', description: 'first' }`));
    mkdirSync(join(dir, 'beta'));
    writeFileSync(join(dir, 'beta', 'index.mjs'), plugin('Beta', `{ name: 'beta' }`));
    writeFileSync(join(dir, 'a.spec.mjs'), 'throw new Error("tests are not plugins")');
    writeFileSync(join(dir, 'README.md'), '# not a module');
    const { registry, failures } = await loadFineTuningMethods({ dir });
    expect(failures).toEqual([]);
    expect(registry.names()).toEqual(['alpha', 'beta']);
    expect(registry.list()).toEqual([
      { name: 'alpha', version: '1.2.0', description: 'first' },
      { name: 'beta', version: '1.0.0' },
    ]);
    expect(registry.get('alpha').meta.name).toBe('alpha');
  });

  it('reports a broken plugin with its path and still loads the others', async () => {
    writeFileSync(join(dir, 'good.mjs'), plugin('Good', `{ name: 'good' }`));
    writeFileSync(join(dir, 'syntax.mjs'), 'export class {');
    writeFileSync(join(dir, 'throws.mjs'), `${base}\nexport class Boom extends Base { meta = { name: 'boom' }; constructor() { super(); throw new Error('no model files'); } }`);
    writeFileSync(join(dir, 'nometa.mjs'), `${base}\nexport class NoMeta extends Base {}`);
    writeFileSync(join(dir, 'twin.mjs'), plugin('Twin', `{ name: 'good' }`));
    const logged: unknown[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (_m: string, meta?: unknown) => logged.push(meta) };
    const { registry, failures } = await loadFineTuningMethods({ dir, logger });
    expect(registry.names()).toEqual(['good']);
    const byFile = Object.fromEntries(failures.map((f) => [f.path.slice(dir.length + 1), f.error]));
    expect(Object.keys(byFile).sort()).toEqual(['nometa.mjs', 'syntax.mjs', 'throws.mjs', 'twin.mjs']);
    expect(hasErrorCode(byFile['syntax.mjs'], 'FINE_TUNING_PLUGINS_LOAD_FAILED')).toBe(true);
    expect(byFile['syntax.mjs']?.message).toContain(join(dir, 'syntax.mjs'));
    expect(byFile['throws.mjs']?.message).toMatch(/no model files/);
    expect(hasErrorCode(byFile['nometa.mjs'], 'FINE_TUNING_PLUGINS_INVALID_META')).toBe(true);
    expect(hasErrorCode(byFile['twin.mjs'], 'FINE_TUNING_PLUGINS_DUPLICATE_NAME')).toBe(true);
    expect(byFile['twin.mjs']?.message).toContain('good.mjs');
    expect(logged).toHaveLength(4);
  });

  it('fails loudly when the directory does not exist', async () => {
    await expect(loadFineTuningMethods({ dir: join(dir, 'missing') })).rejects.toMatchObject({
      code: 'FINE_TUNING_PLUGINS_DIRECTORY_NOT_FOUND',
      message: expect.stringContaining('ES_PLUGINS_PATH'),
    });
  });

  it('an unknown name lists the loaded plugins', async () => {
    writeFileSync(join(dir, 'a.mjs'), plugin('Alpha', `{ name: 'alpha' }`));
    const { registry } = await loadFineTuningMethods({ dir });
    expect(() => registry.get('Default Fine Tuning Method')).toThrow(/Unknown fine_tuning_method "Default Fine Tuning Method"; loaded plugins: "alpha"/);
  });
});

describe('validatePluginMeta', () => {
  it('names every bad field', () => {
    expect(validatePluginMeta({ name: ' x', version: 'v1', description: 5 }).issues.map((i) => i.field)).toEqual(['meta.name', 'meta.version', 'meta.description']);
    expect(validatePluginMeta(undefined).issues[0]?.field).toBe('meta');
    expect(validatePluginMeta({ name: 'Default Fine Tuning Method' }).meta).toEqual({ name: 'Default Fine Tuning Method', version: '1.0.0' });
  });
});
