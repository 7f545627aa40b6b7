import { envKeys } from '@embedding-studio/config';
import { hasErrorCode } from '@embedding-studio/errors';
import { createBagOfWordsEncoder } from '../../testing.js';
import { DefaultFineTuningMethod } from '../method/default-fine-tuning-method.js';
import { DefaultMethodEnv, loadDefaultMethodSettings, resolveDefaultMethodSettings } from './settings.js';

function thrown(fn: () => unknown): Error & { code?: string; issues?: Array<{ variable: string }> } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('loadDefaultMethodSettings', () => {
  it('declares exactly the documented variables', () => {
    expect(envKeys(DefaultMethodEnv)).toEqual([
      'ES_DEFAULT_METHOD_ADAPTER_RANK',
      'ES_DEFAULT_METHOD_EPOCHS',
      'ES_DEFAULT_METHOD_ITEMS_FILE',
      'ES_DEFAULT_METHOD_MAX_EVALS',
      'ES_DEFAULT_METHOD_MODEL',
      'ES_DEFAULT_METHOD_SEED',
      'ES_DEFAULT_METHOD_TEXT_FIELDS',
      'ES_MODELS_CACHE_DIR',
    ]);
  });

  it('gives the defaults for an empty environment', () => {
    expect(loadDefaultMethodSettings({})).toEqual({ textFields: ['text'], model: 'all-minilm-l6-v2', maxEvals: 1, epochs: 5, seed: 42, adapterRank: 0 });
  });

  it('parses every variable', () => {
    expect(
      loadDefaultMethodSettings({
        ES_DEFAULT_METHOD_TEXT_FIELDS: ' title, text ,,payload.body',
        ES_DEFAULT_METHOD_ITEMS_FILE: 'data/items.jsonl',
        ES_DEFAULT_METHOD_MODEL: 'my-model',
        ES_MODELS_CACHE_DIR: '/srv/models',
        ES_DEFAULT_METHOD_MAX_EVALS: '7',
        ES_DEFAULT_METHOD_EPOCHS: '2',
        ES_DEFAULT_METHOD_SEED: '0',
        ES_DEFAULT_METHOD_ADAPTER_RANK: '8',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      textFields: ['title', 'text', 'payload.body'],
      itemsFile: 'data/items.jsonl',
      model: 'my-model',
      modelsCacheDir: '/srv/models',
      maxEvals: 7,
      epochs: 2,
      seed: 0,
      adapterRank: 8,
    });
  });

  it('names every bad variable at once with what it must be', () => {
    const err = thrown(() =>
      loadDefaultMethodSettings({
        ES_DEFAULT_METHOD_EPOCHS: 'five',
        ES_DEFAULT_METHOD_MAX_EVALS: '0',
        ES_DEFAULT_METHOD_SEED: '1.5',
        ES_DEFAULT_METHOD_TEXT_FIELDS: ',,',
        ES_DEFAULT_METHOD_MODEL: '../etc',
        ES_DEFAULT_METHOD_ADAPTER_RANK: '-1',
      }),
    );
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues?.map((i) => i.variable)).toEqual([
      'ES_DEFAULT_METHOD_ADAPTER_RANK',
      'ES_DEFAULT_METHOD_EPOCHS',
      'ES_DEFAULT_METHOD_MAX_EVALS',
      'ES_DEFAULT_METHOD_MODEL',
      'ES_DEFAULT_METHOD_SEED',
      'ES_DEFAULT_METHOD_TEXT_FIELDS',
    ]);
    expect(err.message).toContain('ES_DEFAULT_METHOD_EPOCHS="five": must be a number');
    expect(err.message).toContain('ES_DEFAULT_METHOD_ADAPTER_RANK="-1": must be ≥ 0');
    expect(err.message).toContain('ES_DEFAULT_METHOD_MAX_EVALS="0": must be at least 1 (one training run)');
    expect(err.message).toContain('ES_DEFAULT_METHOD_SEED="1.5": must be a whole number, e.g. 42');
    expect(err.message).toContain('ES_DEFAULT_METHOD_TEXT_FIELDS=",,": must list at least one meta field');
    expect(err.message).toContain('ES_DEFAULT_METHOD_MODEL="../etc": must be a model name such as all-minilm-l6-v2');
  });

  it('rejects field lists that are not names or dotted paths', () => {
    const err = thrown(() => loadDefaultMethodSettings({ ES_DEFAULT_METHOD_TEXT_FIELDS: 'title,te xt' }));
    expect(err.message).toContain('ES_DEFAULT_METHOD_TEXT_FIELDS="title,te xt": must be comma-separated field names or dotted paths');
  });
});

describe('DefaultFineTuningMethod settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('with no arguments reads process.env once, at construction', () => {
    process.env['ES_DEFAULT_METHOD_EPOCHS'] = '7';
    process.env['ES_DEFAULT_METHOD_TEXT_FIELDS'] = 'title,text';
    const method = new DefaultFineTuningMethod();
    process.env['ES_DEFAULT_METHOD_EPOCHS'] = '9';
    expect(method.settings.epochs).toBe(7);
    expect(method.settings.textFields).toEqual(['title', 'text']);
    expect(method.meta).toMatchObject({ name: 'Default Fine Tuning Method', version: '1.0.0' });
  });

  it('with no arguments fails at construction on a bad variable, naming it', () => {
    process.env['ES_DEFAULT_METHOD_MAX_EVALS'] = 'lots';
    const err = thrown(() => new DefaultFineTuningMethod());
    expect(hasErrorCode(err, 'CONFIG_INVALID')).toBe(true);
    expect(err.message).toContain('ES_DEFAULT_METHOD_MAX_EVALS="lots": must be a number');
  });

  it('with options reads no environment', () => {
    process.env['ES_DEFAULT_METHOD_EPOCHS'] = 'garbage';
    const method = new DefaultFineTuningMethod({ epochs: 2, encoder: createBagOfWordsEncoder() });
    expect(method.settings).toMatchObject({ epochs: 2, maxEvals: 1, seed: 42, model: 'all-minilm-l6-v2', textFields: ['text'], itemsFile: null, modelsCacheDir: null });
  });
});

describe('resolveDefaultMethodSettings', () => {
  it.each([
    [{ epochs: 0 }, 'epochs'],
    [{ maxEvals: 2.5 }, 'maxEvals'],
    [{ seed: -1 }, 'seed'],
    [{ textFields: [] }, 'textFields'],
    [{ textFields: ['a b'] }, 'textFields'],
    [{ testSize: 1 }, 'testSize'],
    [{ negativeRatio: 0 }, 'negativeRatio'],
    [{ itemsFile: ' ' }, 'itemsFile'],
    [{ model: 'a/b' }, 'model'],
    [{ embedBatchSize: 0 }, 'embedBatchSize'],
    [{ encoder: { dimension: 3 } }, 'encoder'],
  ])('rejects %j naming %s', (options, option) => {
    const err = thrown(() => resolveDefaultMethodSettings(options as never));
    expect(hasErrorCode(err, 'DEFAULT_FINE_TUNING_METHOD_INVALID_OPTION')).toBe(true);
    expect(err.message).toMatch(new RegExp(`^Invalid option ${option}: `));
  });
});
