// Load for the benchmarks comes from a child process, as real clients and Twilio are elsewhere: the client's
// own work (building requests, reading answers) neither runs on the server's event loop nor counts as its CPU.
import { fork } from 'node:child_process';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadJob {
  base: string;
  requests: LoadRequest[];
  /** Requests per second, started on schedule whatever the answers; 0 to use `concurrency`. */
  rate: number;
  /** How many of the first requests, at that rate, only warm the server up and are timed apart. */
  warmUp: number;
  /** Requests in flight at once, each sent when one is answered. */
  concurrency: number;
}

export interface LoadResult {
  /** Of the requests after the warm-up. */
  latencies: number[];
  warmUpLatencies: number[];
  statuses: Record<string, number>;
  /** From the end of the warm-up. */
  seconds: number;
  /** CPU time the client itself used, warm-up included. */
  cpuMs: number;
}

/**
 * Sends `requests` to `base` from a child process, at `rate` per second or `concurrency` at a time. At a
 * rate, the first `warmUp` of them (cold code, new connections, empty caches) are timed apart.
 */
export function runLoad(base: string, requests: LoadRequest[], pace: { rate: number; warmUp?: number } | { concurrency: number }): Promise<LoadResult> {
  const job: LoadJob = {
    base,
    requests,
    rate: 'rate' in pace ? pace.rate : 0,
    warmUp: 'rate' in pace ? (pace.warmUp ?? 0) : 0,
    concurrency: 'concurrency' in pace ? pace.concurrency : 0,
  };
  const child = fork(new URL('./load-generator.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with code ${code}`));
    });
    child.send(job);
  });
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

const warmUpSummary = (result: LoadResult) =>
  result.warmUpLatencies.length === 0
    ? ''
    : ` (after ${result.warmUpLatencies.length} warm-up requests at the same rate: p50 ${ms(percentile(result.warmUpLatencies, 0.5))}, p99 ${ms(percentile(result.warmUpLatencies, 0.99))})`;

/** p50 to max of the answers' latencies, and how many of each status. */
export const summarizeLoad = (result: LoadResult) =>
  `p50 ${ms(percentile(result.latencies, 0.5))}, p95 ${ms(percentile(result.latencies, 0.95))}, p99 ${ms(percentile(result.latencies, 0.99))}, ` +
  `max ${ms(Math.max(...result.latencies))}, answers ${Object.entries(result.statuses).map(([status, count]) => `${status}×${count}`).join(' ')}${warmUpSummary(result)}`;
