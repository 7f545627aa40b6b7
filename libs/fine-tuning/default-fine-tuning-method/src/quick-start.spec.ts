// The README quick start, kept compiling and passing (with the test encoder instead of MiniLM).
import * as tf from '@tensorflow/tfjs';
import { runTraining } from '@embedding-studio/fine-tuning-builder';
import { aMethodContext, createBagOfWordsEncoder, synonymClickSessions } from './testing.js';
import { DefaultFineTuningMethod } from './index.js';

it('README quick start', async () => {
  await tf.setBackend('cpu');
  const sessions = synonymClickSessions({ sessions: 60 }); // SessionWithEvents[] of a released batch
  const context = aMethodContext(); // the worker's MethodContext: logger, signal, reportProgress, uploadInitialModel

  // --- README ---
  const method = new DefaultFineTuningMethod({ textFields: ['text'], epochs: 3, encoder: createBagOfWordsEncoder() });
  await method.uploadInitialModel(context); // identity query-side adapter → iteration 0
  const { plan, data, report } = await method.getFineTuningBuilder(sessions, context);
  const counts = report.sessions; // { received: 60, used, withClicks, irrelevant, skipped: { 'split-trimmed': …, … } }
  const result = await runTraining(plan, { data, initialModel: context.uploaded[0] as never });
  const best = result.bestMetric; // { name: 'train_loss', mode: 'min', value: … }: the epoch kept
  await method.dispose();
  // --- end ---

  expect(counts.received).toBe(60);
  expect(result.runs).toHaveLength(1);
  // The kept epoch has the lowest training loss; the held-out metrics of every epoch are reported.
  const losses = (result.runs[0]?.evaluations ?? []).map((e) => e.metrics['train_loss']).filter((v): v is number => v !== undefined);
  expect(best).toMatchObject({ name: 'train_loss', mode: 'min', value: Math.min(...losses) });
}, 60_000);
