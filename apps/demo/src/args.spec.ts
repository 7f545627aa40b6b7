import { parseDemoArgs } from './args.js';

const invalid = (flag: string) => expect.objectContaining({ code: 'LEARNING_LOOP_INVALID_ARGUMENT', message: expect.stringContaining(`--${flag}`) });

describe('parseDemoArgs', () => {
  it('has the full demo as default and a small fresh run with --quick', () => {
    expect(parseDemoArgs([])).toMatchObject({ quick: false, dataset: '../shared/datasets/scifact', setting: 'S1', sessions: 5000, sessionsAfter: 1000, seed: 1, fresh: false, keep: false });
    expect(parseDemoArgs(['--quick'])).toMatchObject({ quick: true, sessions: 600, sessionsAfter: 120, fresh: true, fields: ['title'] });
    expect(parseDemoArgs([]).fields).toEqual(['title', 'text']);
    expect(parseDemoArgs(['--fields', 'title']).fields).toEqual(['title']);
  });

  it('reads values in both spellings and skips the npm separator', () => {
    expect(parseDemoArgs(['--', '--dataset', 'd', '--sessions=200', '--setting', 's3', '--sessions-after', '10', '--keep'])).toMatchObject({
      dataset: 'd',
      sessions: 200,
      setting: 'S3',
      sessionsAfter: 10,
      keep: true,
    });
  });

  it('rejects bad flags naming them', () => {
    expect(() => parseDemoArgs(['--sessions', '0'])).toThrow(invalid('sessions'));
    expect(() => parseDemoArgs(['--setting', 'S4'])).toThrow(invalid('setting'));
    expect(() => parseDemoArgs(['--dataset'])).toThrow(invalid('dataset'));
    expect(() => parseDemoArgs(['--nope'])).toThrow(invalid('nope'));
    expect(() => parseDemoArgs(['--quick=1'])).toThrow(invalid('quick'));
    expect(() => parseDemoArgs(['--dataset-url', 'ftp://x/y.zip'])).toThrow(invalid('dataset-url'));
    expect(() => parseDemoArgs(['--fields', 'title,body'])).toThrow(invalid('fields'));
    expect(() => parseDemoArgs(['stray'])).toThrow(expect.objectContaining({ code: 'LEARNING_LOOP_INVALID_ARGUMENT' }));
  });
});
