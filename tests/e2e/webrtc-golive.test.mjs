// Going live from the browser (issue 22) in Chromium against the real server:
// a host signs up, creates a room, previews Chromium's fake camera and
// microphone in "Go live from this browser" on My room, presses "Go live"
// (the page makes a stream key and publishes over WHIP), sees "Live" and the
// outgoing bitrate; a viewer's room page shows the room live and plays it;
// "End" takes the room offline. Screenshot: tests/artifacts/screenshots/golive-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../integration/lib/server.mjs';
import { closeChromium, fakeMediaArgs } from '../integration/lib/chromium.mjs';
import { desktopViewport, launchBrowser, screenshot, signUp, watchConsole } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';

const harness = e2eHarness();
let browser;
harness.onCleanup(() => closeChromium(browser));

const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Gil Host', email: `gil-${unique}@example.com`, password: 'gil goes live from chromium 9' };

test('issue 22: a host goes live from My room with the browser\'s camera, and a viewer watches', { skip: harness.skip, timeout: 300000 }, async (t) => {
  const { server } = harness;
  // This test's own Chromium: with fake media devices, which the shared one has not.
  browser = await launchBrowser(fakeMediaArgs);
  const hostPage = await (await browser.newContext({ viewport: desktopViewport })).newPage();
  const viewerPage = await (await browser.newContext({ viewport: desktopViewport })).newPage();
  const logs = [watchConsole(hostPage, 'host'), watchConsole(viewerPage, 'viewer')];
  t.after(() => { if (t.passed === false) console.log(logs.flat().join('\n'), server.output.slice(-3000)); });

  let roomUrl;
  await t.test('the host previews the camera and goes live with one button', async () => {
    await signUp(hostPage, server.baseUrl, host);
    await hostPage.goto(`${server.baseUrl}/me/room`);
    await hostPage.getByLabel('Title').fill(`From the browser ${unique}`);
    await hostPage.getByRole('button', { name: 'Create room' }).click();
    await hostPage.getByRole('heading', { name: 'My room' }).waitFor({ timeout: 10000 });
    roomUrl = new URL(await hostPage.getByRole('link', { name: 'Open the room page' }).getAttribute('href'), server.baseUrl).href;
    const section = hostPage.getByTestId('go-live-browser');
    assert.equal(await section.getByRole('button', { name: 'Go live' }).isDisabled(), true, 'nothing to send before a preview');
    await section.getByRole('button', { name: 'Preview' }).click();
    await waitFor(() => section.getByLabel('Preview').evaluate((v) => v.videoWidth > 0 && !v.paused),
      { timeoutMs: 10000, what: 'the preview to play' });
    await section.getByRole('button', { name: 'Go live' }).click();
    await waitFor(async () => (await section.getByTestId('go-live-state').getAttribute('data-state')) === 'live',
      { timeoutMs: 20000, what: `the page to say live (it says "${await section.getByTestId('go-live-state').textContent()}")` });
    assert.equal(await section.getByTestId('go-live-state').textContent(), 'Live from this browser.');
    await hostPage.getByTestId('my-room-status').getByText(/you are live/i).waitFor({ timeout: 30000 });
    await section.getByTestId('go-live-bitrate').waitFor({ timeout: 10000 });
    assert.match(await section.getByTestId('go-live-bitrate').textContent(), /^Sending [\d,]+ kbps$/);
    await screenshot(hostPage, 'golive-live');
  });

  await t.test('a viewer sees the room live and its video plays', async () => {
    await viewerPage.goto(roomUrl);
    await waitFor(async () => (await viewerPage.locator('[data-player-state]').getAttribute('data-player-state')) === 'playing',
      { timeoutMs: 45000, intervalMs: 200, what: 'the viewer\'s player to play' });
    const advanced = await viewerPage.locator('video').evaluate(async (v) => {
      const before = v.currentTime;
      await new Promise((r) => { setTimeout(r, 1500); });
      return v.currentTime > before && v.videoWidth > 0;
    });
    assert.equal(advanced, true, 'the viewer\'s video advances');
    // The browser's H.264 has no B-frames: the room plays in real time over WebRTC.
    assert.equal(await viewerPage.getByTestId('playback-mode').getAttribute('data-protocol'), 'whep');
    await screenshot(viewerPage, 'golive-viewer');
  });

  await t.test('"End" ends the broadcast: the room goes offline', async () => {
    const section = hostPage.getByTestId('go-live-browser');
    await section.getByRole('button', { name: 'End' }).click();
    await waitFor(async () => (await section.getByTestId('go-live-state').getAttribute('data-state')) === 'ended',
      { timeoutMs: 10000, what: 'the page to say the broadcast ended' });
    assert.equal(await section.getByTestId('go-live-state').textContent(), 'Broadcast ended.');
    await hostPage.getByTestId('my-room-status').getByText(/you are offline/i).waitFor({ timeout: 20000 });
  });
});
