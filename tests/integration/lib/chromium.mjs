// Debian's Chromium (never a downloaded browser), headless, driven by
// playwright-core: one place for how the HLS browser tests start and stop it.
import { chromium } from 'playwright-core';
import { sleep } from './server.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];

/** A persistent context (its own profile directory) of Debian's Chromium. */
export function launchChromium(profileDir) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30000,
  });
}

/** Closes the browser; kills it by PID if it does not close in time. */
export async function closeChromium(context) {
  if (!context) return;
  const pid = context.browser()?.process?.()?.pid;
  await Promise.race([context.close().catch(() => {}), sleep(10000)]);
  if (pid) { try { process.kill(pid, 'SIGKILL'); } catch {} }
}
