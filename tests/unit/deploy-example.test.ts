import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, ZEnv } from '../../server/src/config.js';
import { findProjectRoot } from '../../server/src/project-root.js';

// There is no Docker on the development machine, so `deploy/` is never started by the tests. What
// can be checked here is that its files agree with each other and with what the server reads.
const read = (file: string) => readFileSync(join(findProjectRoot(), 'deploy', file), 'utf8');
const compose = read('docker-compose.yml');
const caddyfile = read('Caddyfile');
const dockerfile = read('Dockerfile');

/** KEY=value lines of the environment file example (comments and blank lines left out). */
const example = Object.fromEntries(
  read('mowakaba.env.example')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const equals = line.indexOf('=');
      return [line.slice(0, equals), line.slice(equals + 1)] as const;
    }),
);

/** The `environment:` entries of the `x-app` block that both app nodes share. */
function appNodeEnvironment(): Record<string, string> {
  const block = /^x-app: &app\n([\s\S]*?)\n\n/m.exec(compose)?.[1] ?? '';
  const environment = /^ {2}environment:\n((?: {4}.*\n?)+)/m.exec(block)?.[1] ?? '';
  return Object.fromEntries(
    environment
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
      .map((line) => {
        const [, key, value] = /^\s+([A-Z_]+):\s*"?([^"]*)"?$/.exec(line)!;
        return [key!, value!] as const;
      }),
  );
}

const serverVariables = new Set(Object.keys(ZEnv.in.shape));
const composeVariables = new Set([...compose.matchAll(/\$\{([A-Z_]+)\}|\$\$([A-Z_]+)|process\.env\.([A-Z_]+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!));
const caddyVariables = new Set([...caddyfile.matchAll(/\{\$([A-Z_]+)\}/g)].map((match) => match[1]!));

describe('the deploy/ example', () => {
  it('gives the app nodes only variables the server reads, or that compose and Caddy use themselves', () => {
    const appNode = appNodeEnvironment();
    expect(Object.keys(appNode)).toEqual(expect.arrayContaining(['NODE_ENV', 'TRUST_PROXY', 'REDIS_URL']));
    const unread = [...Object.keys(example), ...Object.keys(appNode)].filter(
      (key) => !serverVariables.has(key) && !composeVariables.has(key) && !caddyVariables.has(key),
    );
    expect(unread).toEqual([]);
  });

  it('defines in the environment file every variable that compose and Caddy expand', () => {
    expect([...composeVariables].filter((key) => !(key in example))).toEqual([]);
    expect([...caddyVariables].filter((key) => !(key in example))).toEqual([]);
    // Caddy reads its variables from its own container's environment: compose must pass them.
    for (const key of caddyVariables) expect(compose).toMatch(new RegExp(`^\\s+${key}: \\$\\{${key}\\}$`, 'm'));
  });

  it('is a configuration the server accepts in production: shared Redis, behind the proxy, https, metrics token', () => {
    const config = loadConfig({ ...example, ...appNodeEnvironment() });
    expect(config).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: true, DEMO_DATA: false, PORT: 3000 });
    expect(config.REDIS_URL).toBe('redis://redis:6379');
    expect(new URL(config.PUBLIC_URL).protocol).toBe('https:');
    expect(new URL(config.PUBLIC_URL).hostname).toBe(example.DOMAIN);
    expect(config.METRICS_TOKEN).toBeDefined();
  });

  it('connects the app with the application user that the replica set’s first start creates', () => {
    // A replica set's URI lists several hosts, which the WHATWG URL parser refuses.
    const [, user, password, hosts, database, query] = /^mongodb:\/\/([^:]+):([^@]+)@([^/]+)\/([^?]+)\?(.*)$/.exec(example.MONGODB_URI!)!;
    expect(decodeURIComponent(user!)).toBe(example.MONGO_APP_USER);
    expect(decodeURIComponent(password!)).toBe(example.MONGO_APP_PASSWORD);
    expect(new URLSearchParams(query).get('replicaSet')).toBe(/--replSet", "([^"]+)"/.exec(compose)?.[1]);
    expect(compose).toContain(`getSiblingDB("${database}")`);
    expect(compose).toContain(`role: "readWrite", db: "${database}"`);
    expect(hosts!.split(',').map((host) => host.split(':')[0])).toEqual(['mongo1', 'mongo2', 'mongo3']);
  });

  it('keeps the MongoDB root account away from the app nodes, which read the same environment file', () => {
    expect(example.MONGO_ROOT_PASSWORD).not.toBe('');
    expect(appNodeEnvironment()).toMatchObject({ MONGO_ROOT_USER: '', MONGO_ROOT_PASSWORD: '' });
  });

  it('sends Caddy to the app nodes’ port and readiness route, and runs the server the build makes', () => {
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]!.trim().split(/\s+/);
    expect(upstreams).toEqual(['app1:3000', 'app2:3000']);
    expect(compose).toMatch(/^ {2}app1: \*app$/m);
    expect(compose).toMatch(/^ {2}app2: \*app$/m);
    expect(appNodeEnvironment().PORT).toBe('3000');
    expect(caddyfile).toMatch(/health_uri \/ready\n/);
    expect(caddyfile).toMatch(/respond \/metrics 404/);
    const packageJson = JSON.parse(readFileSync(join(findProjectRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const entry = /"(dist\/server\/src\/main\.js)"/.exec(dockerfile)?.[1];
    expect(entry).toBeDefined();
    expect(packageJson.scripts.start).toContain(entry);
  });
});
