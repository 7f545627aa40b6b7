import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router, type Response } from 'express';
import { DashboardNotBuiltError } from '../middleware/edge-errors.js';
import { DOCS_CONTENT_SECURITY_POLICY } from '../middleware/security-headers.js';

/** Vite names built assets by content hash, so they never change under one name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The dashboard's built files (`apps/dashboard`), mounted on `/dashboard` outside `/api/v1`: the
 * page needs no key, its data calls do. Files under `assets/` are cached for a year; `index.html`
 * is revalidated on every load and answers every client route (a path without a file extension).
 * A missing build answers 404 `DASHBOARD_NOT_BUILT`, checked per request, so building the
 * dashboard while the API runs is enough.
 */
export function dashboardRoutes(dir: string): Router {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  const router = Router();
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
    if (!existsSync(index)) throw new DashboardNotBuiltError(root);
    next();
  });
  router.use(
    express.static(root, {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders: (res: Response, path: string) => {
        res.setHeader('Cache-Control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : 'no-cache');
      },
    }),
  );
  router.get(/^\/(?:[^.]*)$/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
