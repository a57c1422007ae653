export * from './customerio';
export { env } from './env';
export { asyncHandler } from '../middleware/catchAsync';
