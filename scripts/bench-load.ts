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
  /** Requests in flight at once, each sent when one is answered. */
  concurrency: number;
}

export interface LoadResult {
  latencies: number[];
  statuses: Record<string, number>;
  seconds: number;
  /** CPU time the client itself used. */
  cpuMs: number;
}

/** Sends `requests` to `base` from a child process, at `rate` per second or `concurrency` at a time. */
export function runLoad(base: string, requests: LoadRequest[], pace: { rate: number } | { concurrency: number }): Promise<LoadResult> {
  const job: LoadJob = { base, requests, rate: 'rate' in pace ? pace.rate : 0, concurrency: 'concurrency' in pace ? pace.concurrency : 0 };
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

/** p50 to max of the answers' latencies, and how many of each status. */
export const summarizeLoad = (result: LoadResult) =>
  `p50 ${ms(percentile(result.latencies, 0.5))}, p95 ${ms(percentile(result.latencies, 0.95))}, p99 ${ms(percentile(result.latencies, 0.99))}, ` +
  `max ${ms(Math.max(...result.latencies))}, answers ${Object.entries(result.statuses).map(([status, count]) => `${status}×${count}`).join(' ')}`;
