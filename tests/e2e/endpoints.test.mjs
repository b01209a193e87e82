// "Prepare to stream" shows what the rtmp plugin declared: give the plugin a
// port and an application name of its own, and the Server field the host
// copies into OBS follows; an encoder publishing there takes the room live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { freePort, serverBinary, shippedPlugins, startServer, waitFor } from '../integration/lib/server.mjs';
import { closeChromium } from '../integration/lib/chromium.mjs';
import { desktopViewport, launchBrowser, missingPrerequisite, screenshot, signUp } from './lib/browser.mjs';
import { publishTestStream } from './lib/publisher.mjs';

// Skipped (with the reason) where the server or browser is missing, unless
// SOCKSTREAM_REQUIRE_E2E=1 makes that a failure (for CI).
const missing = !existsSync(serverBinary) ? `no server binary at ${serverBinary}` : missingPrerequisite();
if (missing && process.env.SOCKSTREAM_REQUIRE_E2E === '1') throw new Error(`e2e prerequisites missing: ${missing}`);
const skip = missing || false;

const APPLICATION = 'studio';
let server;
let browser;
let rtmpPort;

before(async () => {
  if (skip) return;
  rtmpPort = await freePort();
  server = await startServer({
    plugins: shippedPlugins().map((p) => (p.name === 'rtmp'
      ? { ...p, config: { ...(p.config || {}), port: rtmpPort, application: APPLICATION } } : p)),
  });
  browser = await launchBrowser();
});

after(async () => {
  await closeChromium(browser);
  await server?.stop();
  server?.cleanup();
});

test('the Server field is the rtmp plugin\'s own port and application, and publishing there goes live', { skip, timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: desktopViewport });
  const page = await context.newPage();
  let publisher;
  try {
    await signUp(page, server.baseUrl, { name: 'Port Host', email: `endpoints-${process.pid}@example.com`, password: 'port host password 1' });
    await page.goto(`${server.baseUrl}/me/room`);
    await page.getByLabel('Title').fill('Own port');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { name: 'My room' }).waitFor({ timeout: 10000 });
    await page.getByRole('button', { name: 'Create stream key' }).click();
    const keyField = page.getByLabel('Stream key', { exact: true });
    await keyField.waitFor({ timeout: 10000 });

    const shown = await page.getByLabel('Server', { exact: true }).inputValue();
    assert.equal(shown, `rtmp://127.0.0.1:${rtmpPort}/${APPLICATION}`);
    assert.notEqual(rtmpPort, server.rtmpPort, 'not the default port the server would otherwise suggest');

    await page.getByRole('button', { name: 'Reveal stream key' }).click();
    const streamKey = await keyField.inputValue();
    // As OBS does: the Server field, then the key as the stream name.
    publisher = publishTestStream(`${shown}/${streamKey}`, { seconds: 60 });
    await waitFor(async () => (await page.getByTestId('my-room-status').getAttribute('data-state')) === 'live',
      { timeoutMs: 30000, what: 'My room to show the broadcast live' });
    await screenshot(page, 'endpoints-my-room-live-own-port');
  } finally {
    await publisher?.stop();
    await context.close();
  }
});

test('My room offers WHIP for OBS 30+: the public /whip as Server and the key as "Bearer Token"', { skip, timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: desktopViewport });
  const page = await context.newPage();
  try {
    await signUp(page, server.baseUrl, { name: 'Whip Host', email: `endpoints-whip-${process.pid}@example.com`, password: 'whip host password 1' });
    await page.goto(`${server.baseUrl}/me/room`);
    await page.getByLabel('Title').fill('Over WHIP');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('heading', { name: 'My room' }).waitFor({ timeout: 10000 });
    await page.getByRole('button', { name: 'Create stream key' }).click();
    await page.getByLabel('Stream key', { exact: true }).waitFor({ timeout: 10000 });

    const ways = page.getByRole('group', { name: 'How OBS connects' });
    assert.ok(await ways.getByRole('radio', { name: 'RTMP', exact: true }).isChecked(), 'RTMP is the default way in');
    await ways.getByRole('radio', { name: 'WHIP (OBS 30+, browsers)' }).check();
    assert.equal(await page.getByLabel('Server', { exact: true }).inputValue(), `${server.publicUrl}/whip`);
    const token = page.getByLabel('Bearer Token', { exact: true });
    assert.equal(await token.getAttribute('type'), 'password', 'the key stays masked until revealed');
    await page.getByRole('button', { name: 'Reveal bearer token' }).click();
    assert.match(await token.inputValue(), /^live_/);
    const steps = page.getByRole('list', { name: 'OBS steps' });
    assert.match(await steps.innerText(), /Set Service to WHIP/);
    assert.match(await steps.innerText(), /Bearer Token into Bearer Token/);
    await screenshot(page, 'endpoints-my-room-whip');
  } finally {
    await context.close();
  }
});
