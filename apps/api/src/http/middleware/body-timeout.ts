import type { NextFunction, Request, Response } from 'express';
import { BodyTimeoutError } from './edge-errors.js';

/**
 * Ends a request whose body has not fully arrived within `timeoutMs`: answers 408 through
 * `send` and closes the connection (the body parser would otherwise wait for the whole body).
 */
export function bodyTimeout(timeoutMs: number, send: (error: unknown, req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody = req.header('transfer-encoding') !== undefined || Number(req.header('content-length') ?? 0) > 0;
    if (!hasBody || req.complete) return next();
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
      send(new BodyTimeoutError(timeoutMs), req, res);
    }, timeoutMs);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    req.once('end', clear);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
