/**
 * Examination propensity of a 0-based position: the probability that a user looks at the result
 * shown there. We use a fixed power-law prior, `p(k) = (1 / (k + 1))^eta`, the model of Joachims,
 * Swaminathan and Schnabel (WSDM 2017): `eta = 1` fits the click logs of most web and product
 * search well enough, `eta = 0` turns position-bias correction off, larger values trust clicks on
 * low positions more. It is a prior, not an estimate: without randomised rankings (or the same
 * result shown at many positions) the per-position propensities cannot be told apart from the
 * relevance of what sits there, and a wrong estimate hurts more than a slightly wrong prior. The
 * value is floored (`minPropensity`) so one click deep in a long page cannot weigh without bound.
 */
export function examinationPropensity(position: number, eta: number, minPropensity: number): number {
  if (!Number.isFinite(position) || position < 0) return 1;
  return Math.max(minPropensity, Math.pow(1 / (Math.floor(position) + 1), eta));
}
