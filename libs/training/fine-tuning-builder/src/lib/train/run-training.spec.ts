import { createTickingStopwatch } from '@embedding-studio/primitives/testing';
import { jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { hasErrorCode, type AppError } from '@embedding-studio/errors';
import { createHash } from 'node:crypto';
import { createRankingLoss } from '../loss/ranking-losses.js';
import type { LossSpec } from '../plan/training-plan.js';
import type { RankingLossFn } from '../ports/ports.js';
import {
  aTrainingPlan,
  createMemoryArtifactWriter,
  createMemoryRunTracker,
  plantedPermutationData,
  readArtifactWeights,
} from '../testing/fixtures.js';
import { runTraining } from './run-training.js';
import type { EpochEndInfo, StepInfo, TrainingResult } from './types.js';

const data = plantedPermutationData({ seed: 1 });
const shift = (r: TrainingResult, trial = 0): number[] => (r.runs[trial]?.evaluations ?? []).map((e) => e.metrics['test_not_irrelevant_dist_shift'] as number);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// Each test trains a few small models on the cpu backend (seconds on a shared 2-core machine).
jest.setTimeout(60_000);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A loss that learns normally until `flip()` is called, then pushes clicked items away. */
function flippableLoss(): { createLoss: (spec: LossSpec) => RankingLossFn; flip(): void } {
  let sign = 1;
  return {
    createLoss: (spec) => {
      const inner = createRankingLoss(spec);
      return (s) => tf.tidy(() => tf.mul(inner(s), tf.scalar(sign)) as tf.Scalar);
    },
    flip: () => {
      sign = -1;
    },
  };
}

describe('runTraining (cpu backend)', () => {
  it('learns a planted permutation: test DistanceShift, nDCG@10 and MRR go up', async () => {
    const result = await runTraining(aTrainingPlan((b) => b.epochs(4)), { data });
    const evals = result.runs[0]?.evaluations ?? [];
    const first = evals[0]?.metrics ?? {};
    const last = evals[evals.length - 1]?.metrics ?? {};
    expect(first['test_not_irrelevant_dist_shift']).toBe(0); // baseline: nothing moved yet
    expect(last['test_not_irrelevant_dist_shift']).toBeGreaterThan(0.3);
    expect(last['test_ndcg@10']).toBeGreaterThan((first['test_ndcg@10'] as number) + 0.25);
    expect(last['test_mrr']).toBeGreaterThan((first['test_mrr'] as number) + 0.3);
    // The lift is measured against the starting similarities: 0 before training, the MRR gain after.
    expect(first['test_mrr_lift']).toBe(0);
    expect(last['test_mrr_lift']).toBeCloseTo((last['test_mrr'] as number) - (first['test_mrr'] as number), 10);
    expect(result.bestMetric).toEqual({ name: 'test_not_irrelevant_dist_shift', mode: 'max', value: last['test_not_irrelevant_dist_shift'] });
    expect(result.bestModel.manifest.kind).toBe('linear-adapter');
    // The kernel moved towards the inverse permutation: for every input coordinate j, the
    // output coordinate permutation[j] gained weight compared to the identity start.
    const { kernel } = readArtifactWeights(result.bestModel);
    const d = 16;
    let gained = 0;
    data.permutation.forEach((src, q) => {
      if (src !== q && (kernel?.[q * d + src] as number) > 0.05) gained++;
    });
    expect(gained).toBeGreaterThan(10);
  });

  it('is deterministic: same seed, bit-identical metrics and weights', async () => {
    const plan = aTrainingPlan((b) => b.epochs(2).maxNegatives(4));
    const a = await runTraining(plan, { data, stopwatch: createTickingStopwatch() });
    const b = await runTraining(plan, { data, stopwatch: createTickingStopwatch() });
    expect(b.runs).toEqual(a.runs);
    expect(sha(b.bestModel.weights)).toBe(sha(a.bestModel.weights));
    const c = await runTraining(aTrainingPlan((x) => x.epochs(2).maxNegatives(4).seed(8)), { data, stopwatch: createTickingStopwatch() });
    expect(shift(c)).not.toEqual(shift(a));
  });

  it('leaves no tensor behind, after success and after failure', async () => {
    const before = tf.memory().numTensors;
    await runTraining(aTrainingPlan((b) => b.epochs(1).infoNceLoss()), { data });
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      runTraining(aTrainingPlan((b) => b.epochs(1)), {
        data,
        createLoss: () => () => {
          throw new Error('boom');
        },
      }),
    ).rejects.toMatchObject({ code: 'FINE_TUNING_ALL_TRIALS_FAILED' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps frozen parameter groups bit-identical and out of the optimizer', async () => {
    const trained = await runTraining(aTrainingPlan((b) => b.epochs(2).freeze('bias')), { data });
    const w = readArtifactWeights(trained.bestModel);
    expect(Array.from(w['bias'] ?? [])).toEqual(new Array(16).fill(0));
    const kernel = w['kernel'] as Float32Array;
    expect(kernel.some((v, i) => v !== (i % 17 === 0 ? 1 : 0))).toBe(true);
    // Without freezing, the bias does move.
    const free = await runTraining(aTrainingPlan((b) => b.epochs(2)), { data });
    expect(readArtifactWeights(free.bestModel)['bias']?.some((v) => v !== 0)).toBe(true);
  });

  it('stops on an unknown parameter group at once, naming the known ones', async () => {
    const error = (await runTraining(aTrainingPlan((b) => b.freeze('embeddings')), { data }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('FINE_TUNING_UNKNOWN_PARAMETER_GROUP');
    expect(error.details).toMatchObject({ unknown: ['embeddings'], known: ['kernel', 'bias'] });
  });

  it('keeps the best epoch, not the last one', async () => {
    const loss = flippableLoss();
    const epochs: EpochEndInfo[] = [];
    const long = await runTraining(aTrainingPlan((b) => b.sgd({ learningRate: 1 }).epochs(5)), {
      data,
      createLoss: loss.createLoss,
      onEpochEnd: (e) => {
        epochs.push(e);
        if (e.epoch === 1) loss.flip();
      },
    });
    const values = shift(long);
    // baseline, epochs 0..4: up, up, then down every epoch
    expect(values[2]).toBeGreaterThan(values[1] as number);
    expect(values[3]).toBeLessThan(values[2] as number);
    expect(values[5]).toBeLessThan(values[3] as number);
    expect(long.bestMetric.value).toBe(values[2]);
    expect(long.runs[0]).toMatchObject({ bestEpoch: 1, bestStep: epochs[1]?.step, epochsCompleted: 5 });
    // The returned weights are exactly those after epoch 1: a 2-epoch run gives the same bytes.
    const short = await runTraining(aTrainingPlan((b) => b.sgd({ learningRate: 1 }).epochs(2)), { data, createLoss: flippableLoss().createLoss });
    expect(sha(long.bestModel.weights)).toBe(sha(short.bestModel.weights));
  });

  it('early stopping stops after `patience` evaluations without improvement', async () => {
    const loss = flippableLoss();
    const epochs: number[] = [];
    const result = await runTraining(aTrainingPlan((b) => b.sgd({ learningRate: 1 }).epochs(10).earlyStopping({ patience: 2 })), {
      data,
      createLoss: loss.createLoss,
      onEpochEnd: (e) => {
        epochs.push(e.epoch);
        if (e.epoch === 1) loss.flip();
      },
    });
    // epochs 0, 1 improve; 2 and 3 do not → stop after epoch 3.
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(result.runs[0]).toMatchObject({ epochsCompleted: 4, stoppedEarly: true, bestEpoch: 1 });
  });

  it('steps the learning-rate schedule each epoch and the weights follow it', async () => {
    const steps: StepInfo[] = [];
    const result = await runTraining(aTrainingPlan((b) => b.sgd({ learningRate: 0.5 }).stepLr({ stepSize: 1, gamma: 1e-6 }).epochs(3)), {
      data,
      onStep: (s) => {
        steps.push(s);
      },
    });
    const byEpoch = [0, 1, 2].map((e) => [...new Set(steps.filter((s) => s.epoch === e).map((s) => s.learningRate))]);
    expect(byEpoch).toEqual([[0.5], [0.5 * 1e-6], [0.5 * 1e-12]]);
    const values = shift(result);
    // Epoch 0 moves the model; later epochs, with a tiny rate, almost do not.
    expect((values[1] as number) - (values[0] as number)).toBeGreaterThan(0.05);
    expect(Math.abs((values[3] as number) - (values[1] as number))).toBeLessThan(1e-4);
  });

  it('evaluates every N steps and reports progress, steps and epochs', async () => {
    const progress: string[] = [];
    let stepCount = 0;
    const result = await runTraining(aTrainingPlan((b) => b.epochs(2).evaluateEvery(4)), {
      data,
      progressEveryMs: 0,
      onStep: () => {
        stepCount++;
      },
      onProgress: (p) => {
        progress.push(p.phase);
      },
    });
    const run = result.runs[0];
    expect(stepCount).toBe(20); // 300 rows / 32 → 10 steps per epoch
    expect(run?.evaluations.map((e) => e.step)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(progress[0]).toBe('preparing');
    expect(progress.at(-1)).toBe('finished');
    expect(progress).toContain('training');
    expect(progress).toContain('evaluating');
  });

  it('yields to the event loop while training', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let immediates = 0;
    const spin = (): void => {
      immediates++;
      if (immediates < 1e6) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await runTraining(aTrainingPlan((b) => b.epochs(1)), { data });
    clearInterval(timer);
    immediates = 1e6;
    expect(result.runs[0]?.steps).toBe(10);
    expect(immediates).toBeGreaterThanOrEqual(1e6); // the spinner ran between steps
    expect(ticks).toBeGreaterThan(0);
  });

  it('searches hyperparameters: initial params first, failed trials recorded, best kept and written once', async () => {
    const tracker = createMemoryRunTracker();
    const writer = createMemoryArtifactWriter();
    const trials: number[] = [];
    const plan = aTrainingPlan((b) =>
      b.epochs(1).search(
        { learningRate: { type: 'loguniform', low: 1e-3, high: 5e-2 }, margin: { type: 'choice', values: [0.05, 0.2, 0.5] } },
        { algorithm: 'tpe', maxEvals: 5, initialMaxEvals: 3, initialParams: [{ learningRate: 0.02, margin: 0.5 }] },
      ),
    );
    const result = await runTraining(plan, {
      data,
      tracker,
      artifactWriter: writer,
      // A trial with margin 0.5 fails (standing in for any crash).
      createLoss: (spec) => {
        if (spec.kind === 'prob-margin' && spec.margin === 0.5) throw new Error('simulated crash');
        return createRankingLoss(spec);
      },
      onTrialEnd: (t) => {
        trials.push(t.trial);
      },
    });
    expect(trials).toEqual([0, 1, 2, 3, 4]);
    expect(result.runs[0]).toMatchObject({ origin: 'initial', params: { learningRate: 0.02, margin: 0.5 }, status: 'failed', bestMetric: null });
    expect(result.runs[0]?.error).toMatchObject({ message: 'simulated crash' });
    expect(result.runs.slice(1, 3).map((r) => r.origin)).toEqual(['random', 'random']);
    const finished = result.runs.filter((r) => r.status === 'finished');
    const bestValue = Math.max(...finished.map((r) => r.bestMetric as number));
    expect(result.bestMetric.value).toBe(bestValue);
    expect(result.bestParams).toEqual(result.runs[result.bestTrial]?.params);
    expect(writer.written).toHaveLength(1);
    expect(writer.written[0]).toMatchObject({ trial: result.bestTrial, metric: { value: bestValue } });
    expect(result.bestModelRef).toBe('memory://best/1');
    const lifecycle = tracker.calls.filter((c) => c.op !== 'logMetric').map((c) => (c.op === 'finishRun' ? `${c.op}:${c.status}` : c.op));
    expect(lifecycle.slice(0, 4)).toEqual(['startRun', 'finishRun:failed', 'startRun', 'finishRun:finished']);
    expect(tracker.calls.some((c) => c.op === 'logMetric' && c.name === 'test_ndcg@10')).toBe(true);
  });

  it('reports every failure when no trial succeeds', async () => {
    const error = (await runTraining(aTrainingPlan((b) => b.search({ margin: { type: 'choice', values: [0.1, 0.2] } }, { algorithm: 'random', maxEvals: 2 })), {
      data,
      createLoss: (spec) => {
        const inner = createRankingLoss(spec);
        return (scores) => tf.tidy(() => tf.mul(inner(scores), tf.scalar(Number.NaN)) as tf.Scalar);
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('FINE_TUNING_ALL_TRIALS_FAILED');
    const details = error.details['trials'] as { error: { code: string } }[];
    expect(details.map((t) => t.error.code)).toEqual(['FINE_TUNING_NON_FINITE_LOSS', 'FINE_TUNING_NON_FINITE_LOSS']);
  });

  it('cancels through the abort signal', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const tracker = createMemoryRunTracker();
    const error = await runTraining(aTrainingPlan((b) => b.epochs(3)), {
      data,
      tracker,
      signal: controller.signal,
      onStep: (s) => {
        if (s.step === 3) controller.abort('user request');
      },
    }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'FINE_TUNING_CANCELLED')).toBe(true);
    expect((error as Error).message).toContain('user request');
    expect(tracker.calls.at(-1)).toEqual({ op: 'finishRun', status: 'cancelled', bestMetric: null });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts every trial from the initial model when given one', async () => {
    const first = await runTraining(aTrainingPlan((b) => b.epochs(2)), { data });
    const next = await runTraining(aTrainingPlan((b) => b.epochs(1)), { data, initialModel: first.bestModel });
    // Continuing: the baseline of the second run is the first run's model, so its ranking starts high.
    const ndcg = (r: TrainingResult, i: number) => r.runs[0]?.evaluations[i]?.metrics['test_ndcg@10'] as number;
    expect(ndcg(next, 0)).toBeCloseTo(ndcg(first, 2), 6);
  });

  it('rejects a main metric the test split cannot produce', async () => {
    const error = await runTraining(aTrainingPlan((b) => b.mainMetric('test_irrelevant_dist_shift', 'max')), { data }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'FINE_TUNING_INVALID_DATA')).toBe(true);
  });

  it('measures failed searches on irrelevant test sessions', async () => {
    const withIrrelevant = plantedPermutationData({ seed: 2, irrelevantTestQueries: 20 });
    const result = await runTraining(aTrainingPlan((b) => b.epochs(1)), { data: withIrrelevant });
    const last = result.runs[0]?.evaluations.at(-1)?.metrics ?? {};
    expect(typeof last['test_irrelevant_dist_shift']).toBe('number');
  });

  it('trains a low-rank residual adapter on vectors', async () => {
    const result = await runTraining(aTrainingPlan((b) => b.lowRankAdapter({ rank: 8 }).adam({ learningRate: 0.02 }).epochs(3)), { data });
    expect(result.bestModel.manifest.kind).toBe('low-rank-residual-adapter');
    expect(result.bestMetric.value).toBeGreaterThan(0.1);
    expect(Object.keys(readArtifactWeights(result.bestModel))).toEqual(['a', 'b']);
  });

  it('trains the hashed n-gram encoder on texts', async () => {
    const colours = ['red', 'blue', 'green', 'black', 'white', 'yellow'];
    const things = ['shoes', 'shirt', 'hat', 'bag', 'coat', 'scarf'];
    const itemIds: string[] = [];
    const itemTexts: string[] = [];
    colours.forEach((c) => things.forEach((t) => (itemIds.push(`${c}-${t}`), itemTexts.push(`${c} ${t}`))));
    // Queries use a private vocabulary ("crimson" for red, ...), so only training can connect them.
    const alias: Record<string, string> = { red: 'crimson', blue: 'navy', green: 'olive', black: 'ebony', white: 'ivory', yellow: 'amber' };
    const queryIds: string[] = [];
    const queryTexts: string[] = [];
    const examples = itemIds.map((id, i) => {
      const [c, t] = id.split('-') as [string, string];
      queryIds.push(`q${i}`);
      queryTexts.push(`${alias[c]} ${t}`);
      const negatives = itemIds.filter((o) => o !== id && (o.startsWith(`${c}-`) || o.endsWith(`-${t}`))).slice(0, 6);
      return { queryId: `q${i}`, positives: [id], negatives };
    });
    const texts = {
      train: examples,
      test: examples.filter((_, i) => i % 3 === 0),
      queries: { ids: queryIds, texts: queryTexts },
      items: { ids: itemIds, texts: itemTexts },
    };
    const before = tf.memory().numTensors;
    const result = await runTraining(aTrainingPlan((b) => b.hashedNgramEncoder({ dimension: 32, buckets: 4096 }).adam({ learningRate: 0.05 }).epochs(4).batchSize(8)), { data: texts });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.bestModel.manifest.kind).toBe('hashed-ngram-encoder');
    const evals = result.runs[0]?.evaluations ?? [];
    expect(result.bestMetric.value).toBeGreaterThan(0.05);
    expect(Math.max(...evals.map((e) => e.metrics['test_mrr'] as number))).toBeGreaterThan(evals[0]?.metrics['test_mrr'] as number);
  });

  it('rejects a model that does not fit the data', async () => {
    const error = await runTraining(aTrainingPlan((b) => b.hashedNgramEncoder()), { data }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'FINE_TUNING_INVALID_OPTION')).toBe(true);
  });
});
