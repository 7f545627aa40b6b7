import type { LearningLoopReport } from './loop.js';

/** One assertion about a finished run. */
export interface LoopCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface LoopCheckOptions {
  /** The version the deploy must have produced (2 on a fresh collection). Any version above the baseline when absent. */
  readonly expectedVersion?: number;
  /** Fail unless the gate passed and the API deployed by itself (otherwise a deploy by hand after a refusal counts, and is reported). */
  readonly requireAutoDeploy?: boolean;
  /** Fail unless the metrics route answered with both versions (otherwise its absence is reported, not failed). */
  readonly requireRouteMetrics?: boolean;
}

/**
 * Did the loop close? Sessions recorded, task done, deploy made, new version served, metrics for
 * both versions, and no held-out text in the trained batch.
 */
export function checkLoopClosed(report: LearningLoopReport, options: LoopCheckOptions = {}): LoopCheck[] {
  const deployed = report.deployedVersion;
  const versions = report.clicks.map((c) => c.version);
  const route = 'series' in report.route ? report.route.series.filter((s) => s.totals.searches > 0).map((s) => s.version) : null;
  const both = (list: ReadonlyArray<number | null>): boolean => deployed !== null && list.includes(report.baselineVersion) && list.includes(deployed);
  const checks: LoopCheck[] = [
    {
      name: 'sessions recorded',
      passed: report.trainedBatch !== null && report.trainedBatch.sessions >= report.sessions.beforeTask,
      detail: `${report.sessions.beforeTask} sessions before the task; the trained batch holds ${report.trainedBatch?.sessions ?? 'no'} sessions`,
    },
    {
      name: 'held-out queries never clicked or trained on',
      passed: report.trainedBatch !== null && report.trainedBatch.heldOutTexts === 0,
      detail: `${report.trainedBatch?.heldOutTexts ?? '?'} held-out texts in the trained batch`,
    },
    ...(options.requireAutoDeploy
      ? [{ name: 'automatic deploy', passed: report.deploy.by === 'auto', detail: report.deploy.by === 'auto' ? 'the gate passed' : `the gate refused: ${JSON.stringify(report.deploy.gate)}` }]
      : []),
    { name: 'task done', passed: report.task.status === 'done' && report.task.bestModelId !== null, detail: `task ${report.task.id} ${report.task.status}` },
    {
      name: 'deploy made',
      passed: deployed !== null && deployed > report.baselineVersion && (options.expectedVersion === undefined || deployed === options.expectedVersion),
      detail:
        `version ${deployed ?? 'none'} (baseline ${report.baselineVersion}${options.expectedVersion === undefined ? '' : `, expected ${options.expectedVersion}`}), ` +
        (report.deploy.by === 'auto' ? 'deployed automatically (gate passed)' : report.deploy.by === 'none' ? 'not deployed' : `deployed by hand after the gate refused: ${JSON.stringify(report.deploy.gate)}`),
    },
    {
      name: 'new version served',
      passed: deployed !== null && report.heldOut.after !== null && report.heldOut.after.versions.length === 1 && report.heldOut.after.versions[0] === deployed && report.sessions.byDeployed > 0,
      detail: `held-out searches answered by ${report.heldOut.after?.versions.join(', ') ?? 'none'}; ${report.sessions.byDeployed} user sessions on the new version`,
    },
    { name: 'click metrics for both versions', passed: both(versions), detail: `versions in the click log: ${versions.join(', ')}` },
  ];
  if (options.requireRouteMetrics || route !== null) {
    checks.push({
      name: 'GET /metrics/quality has both versions',
      passed: route !== null && both(route),
      detail: route === null ? ('unavailable' in report.route ? report.route.unavailable : 'no answer') : `versions with searches: ${route.join(', ')}`,
    });
  }
  return checks;
}
