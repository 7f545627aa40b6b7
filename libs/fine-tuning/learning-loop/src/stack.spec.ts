import { AUTO_DEPLOY_LINES, gateVerdictFromLog, loopProductEnv } from './stack.js';

describe('gateVerdictFromLog', () => {
  const gate = { passed: false, clicks: { value: -0.1 } };
  const lines = [
    'not json',
    JSON.stringify({ msg: 'auto-deploy', task_id: 'other', outcome: 'deployed', gate: {} }),
    JSON.stringify({ msg: 'auto-deploy', task_id: 't1', outcome: 'gate-failed', gate }),
    JSON.stringify({ msg: 'auto-deploy', task_id: 't2', outcome: 'deployed', gate: { passed: true } }),
  ];

  it('reads the verdict of the task asked for, and nothing for an unknown one', () => {
    expect(gateVerdictFromLog(lines, 't1')).toEqual({ passed: false, gate });
    expect(gateVerdictFromLog(lines, 't2')).toEqual({ passed: true, gate: { passed: true } });
    expect(gateVerdictFromLog(lines, 't3')).toBeUndefined();
    expect(AUTO_DEPLOY_LINES.test(lines[2] as string)).toBe(true);
    expect(AUTO_DEPLOY_LINES.test('{"msg":"request"}')).toBe(false);
  });
});

describe('loopProductEnv', () => {
  it('gives both processes the same database, vector folder, import root and text fields', () => {
    expect(loopProductEnv({ dbName: 'db', vectorDir: '/v', importRoot: '/i', adminKey: 'k'.repeat(32), textFields: ['title', 'text'] })).toMatchObject({
      MONGO_DB_NAME: 'db',
      VECTOR_ENGINE: 'lancedb',
      VECTOR_DATA_DIR: '/v',
      IMPORT_ROOT: '/i',
      ES_DEFAULT_METHOD_TEXT_FIELDS: 'title,text',
      SEARCH_AUTO_DEPLOY_EVERY_MS: '1000',
    });
  });
});
