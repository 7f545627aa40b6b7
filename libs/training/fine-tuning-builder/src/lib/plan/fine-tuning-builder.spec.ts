import { hasErrorCode, type ValidationError } from '@embedding-studio/errors';
import { DEFAULT_TRAINING_PLAN, FineTuningBuilder } from './fine-tuning-builder.js';
import { applyHyperParams, parseTrainingPlan } from './parse-plan.js';

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(hasErrorCode(error, 'FINE_TUNING_INVALID_PLAN')).toBe(true);
    return (error as ValidationError).issues;
  }
  throw new Error('expected FINE_TUNING_INVALID_PLAN');
}

describe('FineTuningBuilder', () => {
  it('builds the documented defaults', () => {
    expect(FineTuningBuilder.create().build()).toEqual(DEFAULT_TRAINING_PLAN);
  });

  it('is immutable: every call returns a new builder and leaves the base unchanged', () => {
    const base = FineTuningBuilder.create().epochs(2);
    const a = base.adam({ learningRate: 0.5 }).freeze('bias');
    const b = base.sgd({ learningRate: 0.1, momentum: 0.9 });
    expect(base.build().optimizer).toEqual(DEFAULT_TRAINING_PLAN.optimizer);
    expect(base.build().frozen).toEqual([]);
    expect(a.build().optimizer).toMatchObject({ kind: 'adam', learningRate: 0.5 });
    expect(a.build().frozen).toEqual(['bias']);
    expect(b.build().optimizer).toEqual({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0 });
  });

  it('returns a deeply frozen plan', () => {
    const plan = FineTuningBuilder.create().search({ margin: { type: 'choice', values: [0.01, 0.05] } }).build();
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.optimizer)).toBe(true);
    expect(Object.isFrozen(plan.search?.space['margin'])).toBe(true);
  });

  it('fills early stopping from the main metric', () => {
    const plan = FineTuningBuilder.create().mainMetric('test_loss', 'min').earlyStopping({ patience: 2 }).build();
    expect(plan.earlyStopping).toEqual({ metric: 'test_loss', mode: 'min', patience: 2, minDelta: 0 });
  });

  it('names every invalid field with FINE_TUNING_INVALID_PLAN', () => {
    const issues = issuesOf(() =>
      FineTuningBuilder.create()
        .adam({ learningRate: -1 })
        .epochs(0)
        .batchSize(2.5)
        .stepLr({ stepSize: 0, gamma: 1.5 })
        .earlyStopping({ metric: 'accuracy', patience: 0 })
        .freeze('bias', 'bias')
        .build(),
    );
    expect(issues.map((i) => i.field).sort()).toEqual(
      [
        'optimizer.learningRate',
        'epochs',
        'batchSize',
        'lrSchedule.stepSize',
        'lrSchedule.gamma',
        'earlyStopping.metric',
        'earlyStopping.patience',
        'frozen.1',
      ].sort(),
    );
    expect(issues.find((i) => i.field === 'optimizer.learningRate')?.message).toBe('must be a finite number in (0, 100], got -1');
  });

  it('rejects search values that do not fit the plan, naming the exact value', () => {
    const issues = issuesOf(() =>
      FineTuningBuilder.create()
        .infoNceLoss()
        .search(
          {
            margin: { type: 'choice', values: [0.1] },
            learningRate: { type: 'uniform', low: -1, high: 1e-2 },
            batchSize: { type: 'choice', values: [16, 0] },
          },
          { maxEvals: 3 },
        )
        .build(),
    );
    expect(issues.map((i) => i.field).sort()).toEqual(['search.space.batchSize.values.1', 'search.space.learningRate.low', 'search.space.margin.values.0']);
    expect(issues.find((i) => i.field === 'search.space.margin.values.0')?.message).toMatch(/prob-margin/);
  });

  it('requires maxEvals to cover initialParams', () => {
    const issues = issuesOf(() => FineTuningBuilder.create().search({}, { maxEvals: 1, initialParams: [{ learningRate: 0.1 }, { learningRate: 0.2 }] }).build());
    expect(issues).toEqual([{ field: 'search.maxEvals', message: 'must be ≥ the number of initialParams (2), got 1' }]);
  });
});

describe('parseTrainingPlan', () => {
  it('round-trips a plan through JSON', () => {
    const plan = FineTuningBuilder.create().lowRankAdapter({ rank: 4 }).cosineLr({ warmup: { length: 3 } }).seed(42).build();
    expect(parseTrainingPlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it('rejects unknown fields, a wrong version and missing parts', () => {
    const issues = issuesOf(() => parseTrainingPlan({ ...DEFAULT_TRAINING_PLAN, version: 2, extra: true, loss: undefined }));
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['extra', 'version', 'loss.kind']));
  });
});

describe('applyHyperParams', () => {
  it('sets the plan fields the parameters stand for', () => {
    const plan = FineTuningBuilder.create().lowRankAdapter().build();
    const next = applyHyperParams(plan, { learningRate: 0.02, weightDecay: 1e-4, margin: 0.05, steep: true, batchSize: 8, epochs: 2, maxNegatives: 3, rank: 2 });
    expect(next.optimizer).toMatchObject({ learningRate: 0.02, weightDecay: 1e-4 });
    expect(next.loss).toEqual({ kind: 'prob-margin', margin: 0.05, steep: true });
    expect(next.model).toEqual({ kind: 'low-rank-residual-adapter', side: 'query', rank: 2 });
    expect([next.batchSize, next.epochs, next.maxNegatives]).toEqual([8, 2, 3]);
    expect(plan.optimizer.learningRate).toBe(1e-3);
  });

  it('names the parameter of an invalid or inapplicable value', () => {
    const plan = FineTuningBuilder.create().build();
    expect(issuesOf(() => applyHyperParams(plan, { learningRate: 0, temperature: 0.1 }))).toEqual([
      { field: 'params.temperature', message: "applies to the 'info-nce' loss only; this plan uses 'prob-margin'" },
    ]);
    expect(issuesOf(() => applyHyperParams(plan, { learningRate: 0 }))).toEqual([{ field: 'params.learningRate', message: 'must be a finite number in (0, 100], got 0' }]);
  });
});
