import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findProjectRoot } from '../../server/src/project-root.js';
import { spawnServer, waitForLogLine } from '../helpers/server-process.js';

export const ARTIFACTS_DIR = join(findProjectRoot(), 'test-results', 'e2e');

/** Debian's Chromium, headless, with no background traffic (the machine has no outside network). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

export interface E2eEnvironment {
  baseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** The real server (its own embedded database in a temporary folder) and a headless Chromium. */
export async function startE2eEnvironment(environment: Record<string, string>): Promise<E2eEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mowakaba-e2e-'));
  const server = spawnServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...environment });
  const listening = await waitForLogLine(server, 'Mowakaba is listening');
  const browser = await launchBrowser();
  return {
    baseUrl: `http://127.0.0.1:${listening.port as number}`,
    browser,
    async stop() {
      await browser.close();
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
