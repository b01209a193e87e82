// The web app end to end, in Debian's headless Chromium against the real
// server: a host signs up, creates a room, takes the stream key shown and
// publishes with ffmpeg to the RTMP URL shown; a viewer signed in elsewhere
// sees the room go live without reloading, watches the video play and chats
// both ways; then signs out. Screenshots of each state, at desktop and phone sizes, land in
// tests/artifacts/screenshots/web-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../integration/lib/server.mjs';
import {
  desktopViewport, phoneViewport, screenshot, signUp, watchConsole, watchCsp,
} from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';
import { publishTestStream } from './lib/publisher.mjs';

// Skipped (with the reason) where the server or browser is missing, unless
// SOCKSTREAM_REQUIRE_E2E=1 makes that a failure (for CI).
const harness = e2eHarness();
const { skip } = harness;
let server;
let browser;
let publisher;
harness.onCleanup(() => publisher?.stop());
const consoleErrors = [];
const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Hana Host', email: `host-${unique}@example.com`, password: 'host password 1' };
const viewer = { name: 'Vic Viewer', email: `viewer-${unique}@example.com`, password: 'viewer password 1' };
const roomTitle = `E2E speedrun ${unique}`;


/** Seconds of video played, read from the page's <video>. */
const videoTime = (page) => page.locator('video').evaluate((v) => v.currentTime);

test('host goes live from the browser and a viewer watches and chats', { skip, timeout: 240000 }, async (t) => {
  ({ server, browser } = harness);
  const hostContext = await browser.newContext({ viewport: desktopViewport });
  const viewerContext = await browser.newContext({ viewport: desktopViewport });
  const hostPage = await hostContext.newPage();
  const viewerPage = await viewerContext.newPage();
  consoleErrors.push(watchConsole(hostPage, 'host'), watchConsole(viewerPage, 'viewer'));
  const cspViolations = [await watchCsp(hostPage, 'host'), await watchCsp(viewerPage, 'viewer')];
  t.after(() => { if (t.passed === false) console.log(consoleErrors.flat().join('\n')); });

  let rtmpUrl;
  let streamKey;

  await t.test('the host signs up and creates a room', async () => {
    await signUp(hostPage, server.baseUrl, host);
    await hostPage.getByRole('link', { name: 'My room' }).click();
    await hostPage.getByRole('heading', { name: 'Create your room' }).waitFor();
    await hostPage.getByLabel('Channel').selectOption('music');
    await hostPage.getByLabel('Title').fill(roomTitle);
    await hostPage.getByLabel('Description').fill('Made by the end-to-end test');
    await hostPage.getByRole('button', { name: 'Create room' }).click();
    await hostPage.getByRole('heading', { name: 'My room' }).waitFor({ timeout: 10000 });
    assert.match(await hostPage.getByTestId('my-room-status').textContent(), /offline/i);
    await screenshot(hostPage, 'web-my-room-created');
  });

  await t.test('"create stream key" shows the RTMP URL and a key hidden until revealed', async () => {
    await hostPage.getByRole('button', { name: 'Create stream key' }).click();
    const keyField = hostPage.getByLabel('Stream key', { exact: true });
    await keyField.waitFor({ timeout: 10000 });
    assert.equal(await keyField.getAttribute('type'), 'password');
    rtmpUrl = await hostPage.getByLabel('Server', { exact: true }).inputValue();
    assert.match(rtmpUrl, /^rtmp:\/\//);
    await hostPage.getByRole('button', { name: 'Reveal stream key' }).click();
    assert.equal(await keyField.getAttribute('type'), 'text');
    streamKey = await keyField.inputValue();
    assert.ok(streamKey.length >= 8, `a real stream key, got ${JSON.stringify(streamKey)}`);
    assert.ok(await hostPage.getByRole('list', { name: 'OBS steps' }).isVisible());
    await screenshot(hostPage, 'web-my-room-key-revealed');
  });

  await t.test('the viewer signs up and sees the room go live on the home page without reloading', async () => {
    await signUp(viewerPage, server.baseUrl, viewer);
    await viewerPage.goto(`${server.baseUrl}/`);
    const card = viewerPage.locator('a[data-room-id]', { hasText: roomTitle });
    await card.waitFor({ timeout: 15000 });
    assert.equal(await card.getAttribute('data-live'), 'false');
    await screenshot(viewerPage, 'web-home-room-offline');

    const url = `${rtmpUrl.replace(/\/$/, '')}/${streamKey}`;
    publisher = publishTestStream(url, { seconds: 200 });
    let navigations = 0;
    viewerPage.on('framenavigated', (frame) => { if (frame === viewerPage.mainFrame()) navigations += 1; });
    await waitFor(async () => (await card.getAttribute('data-live')) === 'true', {
      timeoutMs: 30000, intervalMs: 250, what: `the room card to turn live (ffmpeg: ${publisher.output})`,
    });
    assert.equal(navigations, 0, 'the home page updated in place');
    await card.getByText('Live', { exact: true }).waitFor();
    assert.match(await card.textContent(), new RegExp(host.name));
  });

  await t.test("the host's page shows the live status by itself", async () => {
    await hostPage.getByTestId('my-room-status').getByText(/you are live/i).waitFor({ timeout: 20000 });
    await screenshot(hostPage, 'web-my-room-live');
  });

  await t.test('the viewer opens the room and the video plays', async () => {
    await viewerPage.locator('a[data-room-id]', { hasText: roomTitle }).click();
    await viewerPage.getByRole('heading', { level: 1, name: roomTitle }).waitFor({ timeout: 10000 });
    const player = viewerPage.locator('[data-player-state]');
    await waitFor(async () => (await player.getAttribute('data-player-state')) === 'playing', {
      timeoutMs: 45000, intervalMs: 250, what: 'the player to play',
    });
    const t0 = await videoTime(viewerPage);
    await viewerPage.waitForTimeout(3000);
    const t1 = await videoTime(viewerPage);
    assert.ok(t1 > t0 + 1, `video time advances (${t0} → ${t1})`);
    const mediaError = await viewerPage.locator('video').evaluate((v) => v.error && v.error.message);
    assert.equal(mediaError, null);
    assert.equal(await player.getAttribute('data-player-state'), 'playing');
    // The shipped plugins play this B-frame-free stream over WebRTC (latency in ms); LL-HLS reads in seconds.
    await waitFor(async () => /\d+ ms|\d+\.\d s/.test(await viewerPage.getByTestId('latency').textContent()), {
      timeoutMs: 10000, what: 'a latency readout',
    });
  });

  await t.test('host and viewer chat both ways, text stays text', async () => {
    await hostPage.getByRole('link', { name: 'Open the room page' }).click();
    const hostChat = hostPage.getByRole('log', { name: 'Chat messages' });
    const viewerChat = viewerPage.getByRole('log', { name: 'Chat messages' });
    await hostPage.getByText('Connected', { exact: true }).waitFor({ timeout: 15000 });
    await viewerPage.getByText('Connected', { exact: true }).waitFor({ timeout: 15000 });

    const fromViewer = `hello from the viewer <b>not bold</b> ${unique}`;
    await viewerPage.getByLabel('Chat message', { exact: true }).fill(fromViewer);
    await viewerPage.getByLabel('Chat message', { exact: true }).press('Enter');
    await hostChat.getByText(fromViewer, { exact: true }).waitFor({ timeout: 10000 });
    assert.equal(await hostChat.locator('b').count(), 0, 'markup in a message is not rendered');

    const fromHost = `welcome, viewer ${unique}`;
    await hostPage.getByLabel('Chat message', { exact: true }).fill(fromHost);
    await hostPage.getByRole('button', { name: 'Send' }).click();
    await viewerChat.getByText(fromHost, { exact: true }).waitFor({ timeout: 10000 });

    // Only the owner sees moderation controls.
    assert.ok(await hostChat.getByRole('button', { name: `Actions for the message from ${viewer.name}` }).first().isVisible());
    assert.equal(await viewerChat.getByRole('button', { name: /^Actions for/ }).count(), 0);
    assert.match(await viewerPage.getByTestId('viewer-count').textContent(), /[1-9]\d* viewers?/);
  });

  await t.test('screenshots of home and the live room', async () => {
    await screenshot(viewerPage, 'web-room-chatting');
    const home = await viewerContext.newPage();
    await home.goto(`${server.baseUrl}/`);
    await home.locator('a[data-room-id][data-live="true"]').first().waitFor({ timeout: 10000 });
    await home.waitForTimeout(500);
    await screenshot(home, 'web-home-live');
    await home.close();
  });

  await t.test('on a phone-sized screen the player sits above the chat and nothing overflows', async () => {
    const phone = await browser.newContext({ viewport: phoneViewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await phone.newPage();
    consoleErrors.push(watchConsole(page, 'phone'));
    await page.goto(`${server.baseUrl}/`);
    const card = page.locator('a[data-room-id]', { hasText: roomTitle });
    await card.waitFor({ timeout: 10000 });
    await screenshot(page, 'web-home-signed-out');
    await card.click();
    const player = page.locator('[data-player-state]');
    await waitFor(async () => (await player.getAttribute('data-player-state')) === 'playing', {
      timeoutMs: 45000, intervalMs: 250, what: 'the phone player to play',
    });
    const playerBox = await player.boundingBox();
    const chatBox = await page.getByRole('region', { name: 'Chat' }).boundingBox();
    assert.ok(playerBox.y + playerBox.height <= chatBox.y + 1, 'chat is below the player');
    assert.ok(playerBox.width <= phoneViewport.width && chatBox.width <= phoneViewport.width);
    await waitFor(async () => /\d+ ms|\d+\.\d s/.test(await page.getByTestId('latency').textContent()), {
      timeoutMs: 10000, what: 'a latency readout on the phone',
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
    await page.getByRole('link', { name: 'Sign in to chat' }).waitFor();
    await screenshot(page, 'web-room-signed-out');
    await phone.close();
  });

  await t.test('the chat list scrolls without moving the layout', async () => {
    const panel = viewerPage.getByRole('region', { name: 'Chat' });
    const log = viewerPage.getByRole('log', { name: 'Chat messages' });
    const panelBefore = await panel.boundingBox();
    const videoBefore = await viewerPage.locator('video').boundingBox();
    const filler = 'a long line of chat that wraps over several lines of the panel '.repeat(3);
    for (let i = 0; i < 14; i++) {
      const text = `${i} ${filler}${unique}`;
      await hostPage.getByLabel('Chat message', { exact: true }).fill(text);
      await hostPage.getByLabel('Chat message', { exact: true }).press('Enter');
      await log.getByText(text, { exact: true }).waitFor({ timeout: 5000 });
    }
    const scroll = await log.evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight }));
    assert.ok(scroll.height > scroll.client, 'the list overflows');
    assert.ok(scroll.top + scroll.client >= scroll.height - 2, 'and it follows the newest message');
    assert.deepEqual(await panel.boundingBox(), panelBefore);
    assert.deepEqual(await viewerPage.locator('video').boundingBox(), videoBefore);
  });

  await t.test('a viewer who chats too fast is told so in words', async () => {
    const box = viewerPage.getByLabel('Chat message', { exact: true });
    const notice = viewerPage.getByRole('region', { name: 'Chat' }).getByRole('status').last();
    const sendButton = viewerPage.getByRole('region', { name: 'Chat' }).getByRole('button', { name: 'Send' });
    let refused = '';
    for (let i = 0; i < 30 && !refused; i++) {
      await box.fill(`quick ${i}`);
      await box.press('Enter');
      // The box empties at once; the send button is busy until the server answered.
      await waitFor(async () => (await sendButton.getAttribute('aria-busy')) === 'false', {
        timeoutMs: 5000, intervalMs: 25, what: 'the send to be answered',
      });
      refused = (await notice.textContent()).trim();
    }
    assert.ok(refused.length > 5, 'a rate-limit message in words');
    assert.match(await box.inputValue(), /^quick \d+$/, 'the refused message stays in the box to send later');
    await screenshot(viewerPage, 'web-chat-rate-limited');
  });

  await t.test('when the stream stops the player says it ended, and recovers by itself when it returns', async () => {
    const player = viewerPage.locator('[data-player-state]');
    await publisher.stop();
    await waitFor(async () => (await player.getAttribute('data-player-state')) === 'ended', {
      timeoutMs: 45000, intervalMs: 250, what: 'the player to show that the stream ended',
    });
    await viewerPage.getByText('The stream has ended.').waitFor();
    await screenshot(viewerPage, 'web-player-ended');

    await hostPage.getByRole('link', { name: 'Manage room' }).click();
    await hostPage.getByTestId('my-room-status').getByText(/you are offline/i).waitFor({ timeout: 20000 });
    // A persistent key (the default once the server has key modes) works again as it is;
    // a one-broadcast key is spent and the page offers a new one.
    await hostPage.getByTestId('key-status').filter({ hasText: /You have (no|a) stream key/ }).waitFor({ timeout: 10000 });
    let key = streamKey;
    let server = rtmpUrl;
    if (await hostPage.getByRole('button', { name: 'Create stream key' }).count()) {
      await hostPage.getByRole('button', { name: 'Create stream key' }).click();
      await hostPage.getByRole('button', { name: 'Reveal stream key' }).click();
      key = await hostPage.getByLabel('Stream key', { exact: true }).inputValue();
      server = await hostPage.getByLabel('Server', { exact: true }).inputValue();
    }
    publisher = publishTestStream(`${server.replace(/\/$/, '')}/${key}`, { seconds: 120 });

    await waitFor(async () => (await player.getAttribute('data-player-state')) === 'playing', {
      timeoutMs: 45000, intervalMs: 250, what: `the player to recover (ffmpeg: ${publisher.output})`,
    });
    // The first frames of a new broadcast may stall briefly while its second segment is made.
    const t0 = await videoTime(viewerPage);
    await waitFor(async () => (await videoTime(viewerPage)) > t0 + 1, { timeoutMs: 15000, intervalMs: 250, what: 'the returned stream to play' });
  });

  await t.test('the viewer signs out and is asked to sign in to chat', async () => {
    await viewerPage.getByRole('button', { name: 'Sign out' }).click();
    await viewerPage.getByRole('link', { name: 'Sign in', exact: true }).waitFor({ timeout: 10000 });
    await viewerPage.goto(`${server.baseUrl}/`);
    await viewerPage.locator('a[data-room-id]', { hasText: roomTitle }).click();
    await viewerPage.getByRole('link', { name: 'Sign in to chat' }).waitFor({ timeout: 10000 });
    assert.equal(await viewerPage.getByLabel('Chat message', { exact: true }).count(), 0);
    await screenshot(viewerPage, 'web-room-after-sign-out');
    const session = await viewerContext.request.get(`${server.baseUrl}/api/auth/session`);
    assert.equal(session.status(), 401);
  });

  await t.test('the whole visit ran under the Content-Security-Policy without a violation', async () => {
    const home = await viewerPage.goto(`${server.baseUrl}/`);
    assert.match(home.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.deepEqual(cspViolations.flat(), [], 'home, sign-up, room pages, live video and chat stay within the policy');
    // The watcher does see a violation: an inline script is refused and reported.
    await viewerPage.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.appendChild(script);
    });
    await waitFor(() => cspViolations[1].length > 0, { timeoutMs: 5000, what: 'the inline script to be reported' });
    assert.equal(await viewerPage.evaluate(() => window.inlineRan === true), false);
  });

  await hostContext.close();
  await viewerContext.close();
});
