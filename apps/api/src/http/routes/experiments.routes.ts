import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import {
  ExperimentsTrackerModelDeletedError,
  ExperimentsTrackerNotFoundError,
  parseIterationsQuery,
  parseModelsQuery,
  type ExperimentsReader,
} from '@embedding-studio/experiments-tracker';

/** A stored object, ready to stream. */
export interface ArtifactDownload {
  body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  size: number;
  contentType: string;
}

export interface ExperimentsRoutesDeps {
  /** The read side of the experiments tracker. */
  tracker: ExperimentsReader;
  /** Reads model bytes by key (an artifact store). A missing key should throw a not-found error. */
  artifacts: { get(key: string): Promise<ArtifactDownload> };
}

const safeFileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_');

function isNodeStream(body: ArtifactDownload['body']): body is NodeJS.ReadableStream {
  return typeof (body as NodeJS.ReadableStream).pipe === 'function';
}

/**
 * Read-only experiments routes, mounted at the api root: `/experiments` (iterations, runs,
 * metric series) and `/models` (the model registry and model downloads).
 */
export function experimentsRoutes(deps: ExperimentsRoutesDeps): Router {
  const { tracker, artifacts } = deps;
  const router = Router();

  router.get('/experiments', async (req, res) => {
    res.json(await tracker.listIterations(parseIterationsQuery(req.query)));
  });

  router.get('/experiments/:id', async (req, res) => {
    res.json(await tracker.getIteration(req.params.id));
  });

  router.get('/experiments/:id/runs/:runId', async (req, res) => {
    const { id, runId } = req.params;
    const run = await tracker.getRun(runId);
    if (run.iteration_id !== id) {
      throw new ExperimentsTrackerNotFoundError(
        'run',
        runId,
        `Run ${JSON.stringify(runId)} is not part of iteration ${JSON.stringify(id)} (it belongs to ${JSON.stringify(run.iteration_id)}); see GET /experiments/${run.iteration_id}.`,
      );
    }
    res.json(run);
  });

  router.get('/models', async (req, res) => {
    res.json(await tracker.listModels(parseModelsQuery(req.query)));
  });

  router.get('/models/:id', async (req, res) => {
    res.json(await tracker.getModel(req.params.id));
  });

  router.get('/models/:id/artifact', async (req, res) => {
    const model = await tracker.getModel(req.params.id);
    if (model.status === 'deleted') throw new ExperimentsTrackerModelDeletedError(model);
    const file = await artifacts.get(model.artifact.key);
    const dot = model.artifact.key.lastIndexOf('.');
    const extension = dot > model.artifact.key.lastIndexOf('/') ? model.artifact.key.slice(dot) : '';
    res.status(200);
    res.setHeader('Content-Type', file.contentType || model.artifact.content_type);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `attachment; filename="${safeFileName(`${model.id}${extension}`)}"`);
    res.setHeader('ETag', `"${model.artifact.sha256}"`);
    // A failure mid-stream destroys the response: the client sees a cut connection, never a short file.
    await pipeline(isNodeStream(file.body) ? file.body : Readable.from(file.body), res);
  });

  return router;
}
