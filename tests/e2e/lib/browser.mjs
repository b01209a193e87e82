// Debian's Chromium driven by playwright-core: never a downloaded browser
// (started and stopped by integration/lib/chromium.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, serverBinary } from '../../integration/lib/server.mjs';
import { chromiumPath, launchBrowser as launchChromiumBrowser, loopbackWebrtcArgs } from '../../integration/lib/chromium.mjs';

export { chromiumPath };
export const artifactsDir = path.join(repoRoot, 'tests', 'artifacts');
export const webDist = path.join(repoRoot, 'web', 'dist', 'index.html');

export const desktopViewport = { width: 1366, height: 800 };
export const phoneViewport = { width: 390, height: 844 };

/** Why the browser tests cannot run here, or null when they can. */
export function missingPrerequisite() {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  if (!existsSync(webDist)) return 'web/dist is not built (cd web && npm ci && npm run build)';
  return null;
}

/**
 * The reason to skip a browser test file (no server binary, Chromium or
 * web/dist), or false. SOCKSTREAM_REQUIRE_E2E=1 (CI) turns a reason into a failure.
 */
export function e2eSkipReason() {
  const missing = !existsSync(serverBinary) ? `no server binary at ${serverBinary}` : missingPrerequisite();
  if (missing && process.env.SOCKSTREAM_REQUIRE_E2E === '1') throw new Error(`e2e prerequisites missing: ${missing}`);
  return missing || false;
}

/** A headless Chromium with a fresh temporary profile, able to use WebRTC over loopback. */
export function launchBrowser(extraArgs = []) {
  return launchChromiumBrowser([...loopbackWebrtcArgs, ...extraArgs]);
}

/**
 * Where screenshots go: outside git (tests/artifacts/ is ignored), or
 * SOCKSTREAM_SCREENSHOTS_DIR. A reviewer opens them from there.
 */
export const screenshotsDir = process.env.SOCKSTREAM_SCREENSHOTS_DIR || path.join(artifactsDir, 'screenshots');

/** "desktop", "phone" or "phone-landscape" for a viewport size. */
export function sizeLabel({ width, height }) {
  if (width > height && height < 500) return 'phone-landscape';
  return width >= 768 ? 'desktop' : 'phone';
}

const nextFrames = (page) => page.evaluate(() => new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
}));

/**
 * Saves the page as it is now at desktop (1366×800) and phone (390×844) sizes,
 * as `<name>-desktop.png` and `<name>-phone.png` in screenshotsDir: the page is
 * shot at its own size, resized to the other one, shot, and given its size back
 * (the app's state stays; only the layout follows the width). A state that only
 * exists at one size (the phone keyboard, landscape) passes `{ bothSizes: false }`
 * and is saved once, named after its size. Returns the files written.
 */
export async function screenshot(page, name, { bothSizes = true } = {}) {
  mkdirSync(screenshotsDir, { recursive: true });
  const own = page.viewportSize() || desktopViewport;
  const shoot = async (size) => {
    const file = path.join(screenshotsDir, `${name}-${sizeLabel(size)}.png`);
    await page.screenshot({ path: file, fullPage: false });
    return file;
  };
  const files = [await shoot(own)];
  if (!bothSizes) return files;
  const other = sizeLabel(own) === 'desktop' ? phoneViewport : desktopViewport;
  await page.setViewportSize(other);
  // Layout and the player's size transitions settle before the shot.
  await nextFrames(page);
  await page.waitForTimeout(250);
  files.push(await shoot(other));
  await page.setViewportSize(own);
  await nextFrames(page);
  return files;
}

/** Collects what the page logs as errors, so a failing test can show them. */
export function watchConsole(page, label) {
  const lines = [];
  page.on('console', (m) => { if (m.type() === 'error') lines.push(`[${label}] console: ${m.text()}`); });
  page.on('pageerror', (e) => lines.push(`[${label}] pageerror: ${e.message}`));
  return lines;
}

/**
 * Collects the Content Security Policy violations a page reports: Chromium's
 * console messages, and securitypolicyviolation events (init scripts run
 * outside the page's CSP), workers included through the console.
 */
export async function watchCsp(page, label) {
  const lines = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) lines.push(`[${label}] ${m.text()}`); });
  return lines;
}

/**
 * A host's and a viewer's desktop windows, each in its own context (own
 * cookies); their console errors are printed if test `t` fails.
 */
export async function hostAndViewer(browser, t) {
  const hostContext = await browser.newContext({ viewport: desktopViewport });
  const viewerContext = await browser.newContext({ viewport: desktopViewport });
  const hostPage = await hostContext.newPage();
  const viewerPage = await viewerContext.newPage();
  const logs = [watchConsole(hostPage, 'host'), watchConsole(viewerPage, 'viewer')];
  t.after(() => { if (t.passed === false) console.log(logs.flat().join('\n')); });
  return { hostContext, viewerContext, hostPage, viewerPage };
}

/** Signs up through the app's form and waits until the header shows the new user. */
export async function signUp(page, baseUrl, { name, email, password }) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15000 });
}
