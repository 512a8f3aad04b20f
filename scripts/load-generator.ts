// The benchmarks' client, run as a child process (see bench-load.ts): it sends the requests it is given at a
// steady rate or a fixed number at a time over keep-alive connections, and answers with what it measured.
import { Agent, request as httpRequest } from 'node:http';
import type { LoadJob, LoadResult, LoadRequest } from './bench-load.js';

function send(base: URL, agent: Agent, request: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { agent, host: base.hostname, port: base.port, method: request.method, path: request.path, headers: request.headers },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    outgoing.once('error', reject);
    outgoing.end(request.body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const base = new URL(job.base);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  const warmUpLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  const timed = async (request: LoadRequest, warmingUp = false) => {
    const sent = performance.now();
    const status = await send(base, agent, request);
    (warmingUp ? warmUpLatencies : latencies).push(performance.now() - sent);
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const cpuAtStart = process.cpuUsage();
  let started = performance.now();
  if (job.rate) {
    const warmUpStarted = started;
    started += (job.warmUp * 1000) / job.rate;
    const pending: Promise<void>[] = [];
    for (let index = 0; index < job.requests.length; index += 1) {
      const wait = warmUpStarted + (index * 1000) / job.rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(timed(job.requests[index]!, index < job.warmUp));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (next < job.requests.length) await timed(job.requests[next++]!);
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  agent.destroy();
  return { latencies, warmUpLatencies, statuses, seconds, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
