import type { NextFunction, Request, RequestHandler, Response } from 'express';

type AsyncFn = (req: Request, res: Response, next: NextFunction) => Promise<unknown>;

// Forward rejected promises to the error middleware (Express 4 does not).
export const asyncHandler = (fn: AsyncFn): RequestHandler => (req, res, next) => {
  fn(req, res, next).catch(next);
};

export default function catchAsync(handler: AsyncFn) {
  return function wrapped(req: Request, res: Response, next: NextFunction) {
    return Promise.resolve(handler(req, res, next)).catch(next);
  };
}
