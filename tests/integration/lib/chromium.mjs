// Debian's Chromium (never a downloaded browser), headless, driven by
// playwright-core: one place for how the browser tests (integration and e2e)
// start and stop it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.SOCKSTREAM_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];
/**
 * WebRTC over loopback, where the test server's ICE-lite candidate is
 * (127.0.0.1): Chromium leaves the loopback interface out of ICE unless told.
 */
export const loopbackWebrtcArgs = ['--allow-loopback-in-peer-connection'];
/** A fake camera and microphone, granted without a permission prompt. */
export const fakeMediaArgs = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

// The profile directories launchChromium made, removed by closeChromium.
const ownProfiles = new WeakMap();

/**
 * A persistent context of Debian's Chromium with its own profile directory:
 * `profileDir`, or a fresh temporary one that closeChromium removes.
 */
export async function launchChromium(profileDir = undefined) {
  const dir = profileDir || mkdtempSync(path.join(tmpdir(), 'sockstream-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30000,
    });
    if (!profileDir) ownProfiles.set(context, dir);
    return context;
  } catch (e) {
    if (!profileDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** A browser with a fresh temporary profile (playwright makes one per launch); `extraArgs` follow chromiumArgs. */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs], timeout: 30000,
  });
}

/**
 * Closes a browser (launchBrowser) or a persistent context (launchChromium);
 * kills the browser by PID if it does not close within 10 s, so a hung
 * Chromium never outlives the test file.
 */
export async function closeChromium(browserOrContext) {
  if (!browserOrContext) return;
  const browser = typeof browserOrContext.process === 'function' ? browserOrContext : browserOrContext.browser?.();
  const pid = browser?.process?.()?.pid;
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, 10000); });
  await Promise.race([browserOrContext.close().catch(() => {}), timeout]);
  clearTimeout(timer);
  if (pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }
  const profile = ownProfiles.get(browserOrContext);
  if (profile) rmSync(profile, { recursive: true, force: true });
}
