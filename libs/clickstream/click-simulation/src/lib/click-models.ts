import { ClickSimulationInvalidArgumentError } from '../errors.js';

/** Pre-registered click settings of the benchmark protocol. */
export type SettingId = 'S1' | 'S2' | 'S3';
export const SETTING_IDS: readonly SettingId[] = ['S1', 'S2', 'S3'];

/** Examination probabilities of ranks 1–10 in the protocol's PBM (before the η power). */
export const PBM_EXAMINATION: readonly number[] = [0.68, 0.61, 0.48, 0.34, 0.28, 0.2, 0.11, 0.1, 0.08, 0.06];

/** Position-based model: a result at rank r is examined with probability exam(r)^η. */
export interface PbmParams {
  readonly kind: 'pbm';
  readonly examination: readonly number[];
  readonly eta: number;
  /** P(click | examined, relevant). */
  readonly clickRelevant: number;
  /** P(click | examined, non-relevant). */
  readonly clickNonRelevant: number;
}

/** Dependent click model: scan top-down, click, maybe stop after a click. */
export interface DcmParams {
  readonly kind: 'dcm';
  readonly clickRelevant: number;
  readonly clickNonRelevant: number;
  /** P(stop | clicked a relevant result). */
  readonly stopRelevant: number;
  /** P(stop | clicked a non-relevant result). */
  readonly stopNonRelevant: number;
}

export type ClickModelParams = PbmParams | DcmParams;

/** The protocol's settings table, verbatim. */
export const CLICK_SETTINGS: Readonly<Record<SettingId, ClickModelParams>> = {
  S1: { kind: 'pbm', examination: PBM_EXAMINATION, eta: 1, clickRelevant: 1.0, clickNonRelevant: 0.1 },
  S2: { kind: 'pbm', examination: PBM_EXAMINATION, eta: 2, clickRelevant: 0.8, clickNonRelevant: 0.2 },
  S3: { kind: 'dcm', clickRelevant: 0.9, clickNonRelevant: 0.4, stopRelevant: 0.5, stopNonRelevant: 0.1 },
};

/** A source of uniform numbers in [0, 1) (an `Rng` from `@embedding-studio/random`, or a scripted one in tests). */
export interface UniformSource {
  next(): number;
}

/** P(examined) of the 1-based `rank` under a PBM: exam(rank)^η, 0 beyond the table. */
export function pbmExamination(params: PbmParams, rank: number): number {
  const e = params.examination[rank - 1];
  return e === undefined ? 0 : Math.pow(e, params.eta);
}

/**
 * Inverse-propensity weight of a click at 1-based `rank` under a PBM: exam(1)/exam(rank)
 * (with η applied). Reported for analysis; the learners never see it (it needs the
 * click-model parameters, which the product cannot know).
 */
export function inversePropensityWeight(params: PbmParams, rank: number): number {
  const e = pbmExamination(params, rank);
  if (e === 0) throw new ClickSimulationInvalidArgumentError(`Rank ${rank} is never examined under this PBM; it has no propensity weight.`);
  return pbmExamination(params, 1) / e;
}

/**
 * Draws the clicks of one session. `relevant[i]` says whether the result shown at 0-based
 * position i is relevant. Returns the clicked positions, ascending.
 *
 * Draw order (fixed, so tests can script it):
 * - PBM: for each position, one draw for examination, then one for the click (always both).
 * - DCM: for each position from the top, one draw for the click; after a click, one draw for
 *   stopping. The scan ends at the first stop or at the end of the list.
 */
export function simulateClicks(params: ClickModelParams, relevant: readonly boolean[], rng: UniformSource): number[] {
  const clicks: number[] = [];
  switch (params.kind) {
    case 'pbm': {
      for (let i = 0; i < relevant.length; i++) {
        const examined = rng.next() < pbmExamination(params, i + 1);
        const attracted = rng.next() < (relevant[i] ? params.clickRelevant : params.clickNonRelevant);
        if (examined && attracted) clicks.push(i);
      }
      return clicks;
    }
    case 'dcm': {
      for (let i = 0; i < relevant.length; i++) {
        const rel = relevant[i] === true;
        if (rng.next() < (rel ? params.clickRelevant : params.clickNonRelevant)) {
          clicks.push(i);
          if (rng.next() < (rel ? params.stopRelevant : params.stopNonRelevant)) break;
        }
      }
      return clicks;
    }
  }
}

/** Marginal P(click) at each position, in closed form (used by tests and reports). */
export function clickProbabilities(params: ClickModelParams, relevant: readonly boolean[]): number[] {
  switch (params.kind) {
    case 'pbm':
      return relevant.map((rel, i) => pbmExamination(params, i + 1) * (rel ? params.clickRelevant : params.clickNonRelevant));
    case 'dcm': {
      let reach = 1;
      return relevant.map((rel) => {
        const c = rel ? params.clickRelevant : params.clickNonRelevant;
        const s = rel ? params.stopRelevant : params.stopNonRelevant;
        const p = reach * c;
        reach *= 1 - c * s;
        return p;
      });
    }
  }
}
