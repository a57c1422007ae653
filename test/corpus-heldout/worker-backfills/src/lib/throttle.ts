import Bottleneck from "bottleneck";

// Customer.io's Track API tolerates ~100 req/s per workspace; stay well under.
export const cioLimiter = new Bottleneck({ maxConcurrent: 10, minTime: 15 });

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
