import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import axe from 'axe-core';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import type { Express } from 'express';
import { projectRoot } from '../../data/paths.js';

export const SCREENSHOT_DIR = join(projectRoot, 'test-artifacts', 'screenshots');

/** Headless Chromium from @sparticuz/chromium (shipped in its npm package; no download). */
export async function launchBrowser(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = await chromium.executablePath();
  } catch (error) {
    throw new Error(`browser tests need the Chromium in @sparticuz/chromium: ${(error as Error).message}`);
  }
  return playwright.launch({
    executablePath,
    headless: true,
    // Not the package's Lambda flags (--single-process, --disable-web-security): tests should see a
    // normal browser. No network beyond loopback here, so keep Chromium from trying.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--disable-dev-shm-usage',
      '--font-render-hinting=none',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Serves the app on a free loopback port for the browser. */
export async function serveApp(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs axe-core in the page (through the devtools protocol, so the page's CSP still holds). */
export async function findSeriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  // The function runs in the page, where axe is a global (no DOM types in this Node project).
  const results = await page.evaluate(async () => {
    const inPage = globalThis as unknown as {
      axe: {
        run(options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
      };
    };
    return inPage.axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
