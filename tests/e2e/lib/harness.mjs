// The one server + one browser that a browser test file shares: started in
// `before`, stopped in `after` (first whatever the file registered with
// onCleanup, such as its encoders, then the browser, then the server).
import { before, after } from 'node:test';
import { startServer } from '../../integration/lib/server.mjs';
import { closeChromium } from '../../integration/lib/chromium.mjs';
import { e2eSkipReason, launchBrowser } from './browser.mjs';

/**
 * Registers the file's before/after hooks and returns { skip, server, browser,
 * onCleanup(fn) }; `server` and `browser` are set once `before` ran.
 * `serverOptions` go to startServer (for example { plugins }).
 */
export function e2eHarness(serverOptions = undefined) {
  const cleanups = [];
  const harness = {
    skip: e2eSkipReason(),
    server: null,
    browser: null,
    onCleanup(fn) { cleanups.push(fn); },
  };
  before(async () => {
    if (harness.skip) return;
    harness.server = await startServer(serverOptions);
    harness.browser = await launchBrowser();
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
    await closeChromium(harness.browser);
    await harness.server?.stop();
    harness.server?.cleanup();
  });
  return harness;
}
