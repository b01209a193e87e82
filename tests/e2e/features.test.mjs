// The web app adapts to the plugins the server runs: no chat panel without
// chat, a clear message without a playback plugin (no HLS, no WebRTC), no
// Google button without auth-google.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shippedPlugins } from '../integration/lib/server.mjs';
import { desktopViewport, screenshot } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';

// Skipped (with the reason) where the server or browser is missing, unless
// SOCKSTREAM_REQUIRE_E2E=1 makes that a failure (for CI).
const harness = e2eHarness({ plugins: shippedPlugins().filter((p) => !['chat', 'hls', 'webrtc', 'auth-google'].includes(p.name)) });
const { skip } = harness;
let server;
let browser;

test('without chat, hls, webrtc and auth-google the app hides what is missing and says so', { skip, timeout: 120000 }, async () => {
  ({ server, browser } = harness);
  const features = await (await server.fetch('/api/features')).json();
  assert.equal(features.features.chat, undefined);
  assert.equal(features.features.hls, undefined);

  const context = await browser.newContext({ viewport: desktopViewport });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/signin`);
  await page.getByLabel('Email').waitFor();
  assert.equal(await page.getByRole('link', { name: /google/i }).count(), 0);
  await screenshot(page, 'features-sign-in-without-google');

  // Signing up with the keyboard alone: Tab reaches each labelled field, Enter submits.
  await page.goto(`${server.baseUrl}/signup`);
  const focusedId = () => page.evaluate(() => document.activeElement?.id || '');
  for (let i = 0; i < 20 && (await focusedId()) !== 'name'; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedId(), 'name', 'Tab reaches the first field');
  await page.keyboard.type('Solo');
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(), 'email');
  await page.keyboard.type(`solo-${process.pid}@example.com`);
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(), 'password');
  await page.keyboard.type('solo password 1');
  await screenshot(page, 'features-sign-up-filled');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15000 });
  await page.goto(`${server.baseUrl}/me/room`);
  await page.getByLabel('Title').fill('Quiet room');
  await screenshot(page, 'features-my-room-create');
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.getByRole('link', { name: 'Open the room page' }).click();
  await page.getByRole('heading', { name: 'Quiet room' }).waitFor({ timeout: 10000 });
  await page.getByText(/no playback plugin/).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('video').count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Chat' }).count(), 0);
  await screenshot(page, 'features-room-without-playback-or-chat');
  await context.close();
});
