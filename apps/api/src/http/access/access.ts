import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyIdentity, ApiKeyService } from '@embedding-studio/api-keys';
import { MethodNotAllowedError, RateLimitedError } from '../middleware/edge-errors.js';
import { compileRoutes, matchRoute, routesAt, type RouteSpec } from './route-table.js';
import { createTokenBuckets, type BucketLimit } from './token-bucket.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's key, once the access middleware has checked it (absent with auth off). */
    apiKey?: ApiKeyIdentity;
  }
}

export interface AccessOptions {
  routes: readonly RouteSpec[];
  /** Checks keys; without it every route is open (`ES_AUTH=off`). */
  keys?: ApiKeyService;
  /** Per client address, before the key is checked. */
  perAddress: BucketLimit;
  /** Per API key id. */
  perKey: BucketLimit;
  /** Origins allowed to call the `search` routes from a browser (exact matches; `*` for any). */
  corsOrigins: readonly string[];
}

const bearer = (req: Request): string | undefined => {
  const header = req.header('authorization');
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
};

/**
 * The door, mounted on `/api/v1`: CORS for the `search` routes, a per-address rate limit, the
 * method (405 when the path has others), the key and its scope (from the route table; a path no
 * row matches needs `admin`), then a per-key rate limit.
 */
export function access(options: AccessOptions): RequestHandler {
  const routes = compileRoutes(options.routes);
  const byAddress = createTokenBuckets(options.perAddress);
  const byKey = createTokenBuckets(options.perKey);
  const anyOrigin = options.corsOrigins.includes('*');

  const cors = (req: Request, res: Response): boolean => {
    const origin = req.header('origin');
    if (origin === undefined || !(anyOrigin || options.corsOrigins.includes(origin))) return false;
    const search = routesAt(routes, req.path).filter((r) => r.scope === 'search' || r.scope === 'public');
    if (search.length === 0) return false;
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return false;
    res.setHeader('Access-Control-Allow-Methods', [...new Set(search.map((r) => r.method.toUpperCase()))].join(', '));
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
    return true;
  };

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (cors(req, res)) return;
      const addressWait = byAddress.take(req.socket.remoteAddress ?? 'unknown');
      if (addressWait > 0) {
        res.setHeader('Retry-After', String(addressWait));
        throw new RateLimitedError('address', addressWait);
      }
      const route = matchRoute(routes, req.method, req.path);
      if (!route) {
        // The methods of a path are public (the OpenAPI document lists them), so this needs no key.
        const allowed = [...new Set(routesAt(routes, req.path).map((r) => r.method.toUpperCase()))];
        if (allowed.includes('GET')) allowed.push('HEAD');
        if (allowed.length > 0) {
          res.setHeader('Allow', allowed.join(', '));
          throw new MethodNotAllowedError(req.method, req.path, allowed);
        }
      }
      if (route?.scope === 'public' || !options.keys) return next();
      req.apiKey = await options.keys.authorize(bearer(req), route?.scope ?? 'admin');
      const keyWait = byKey.take(req.apiKey.id);
      if (keyWait > 0) {
        res.setHeader('Retry-After', String(keyWait));
        throw new RateLimitedError('key', keyWait);
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
