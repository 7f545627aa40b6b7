import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { buildRankingExamples } from '@embedding-studio/data-loaders';
import type { BenchExample } from './examples.js';

/**
 * Sessions → learner examples through the product's own converter
 * (`@embedding-studio/data-loaders` `buildRankingExamples`): positives = clicked results,
 * negatives = every shown result not clicked, sessions without clicks dropped (they are kept
 * apart as `irrelevant` and unused by the learners). No inverse-propensity weights: they need
 * the click model's examination curve, which the product cannot know.
 */
export function sessionsToExamples(sessions: readonly SessionWithEvents[]): BenchExample[] {
  const { examples } = buildRankingExamples(sessions, { negativeRatio: 1, ips: false });
  return examples.map((e) => ({
    queryText: e.query,
    positives: e.positives.map((p) => p.id),
    negatives: e.negatives.map((n) => n.id),
  }));
}
