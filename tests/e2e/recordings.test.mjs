// A past broadcast in Chromium against the real server: the host switches
// "Record my broadcasts" on in My room, goes live with ffmpeg for ~18 s and
// chats at known moments, then stops; a viewer finds the broadcast under
// "Past broadcasts" on the room page, opens it, seeks, and sees the chat as it
// stood at that moment (messages sent before the position shown, later ones
// not), and after a seek back the later ones are gone again.
// Screenshots: tests/artifacts/screenshots/recordings-*.png.
//
// Skipped with the reason on a server without the recordings plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shippedPlugins, sleep, waitFor } from '../integration/lib/server.mjs';
import { hostAndViewer, screenshot, signUp } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';
import { createRoomAsHost } from './lib/host.mjs';
import { publishTestStream } from './lib/publisher.mjs';

// The shipped plugin list, with the recordings plugin switched on if it ships disabled.
const harness = e2eHarness({
  plugins: shippedPlugins().map((p) => (p.name === 'recordings' ? { ...p, enabled: true } : p)),
});
const { skip } = harness;
let publisher;
harness.onCleanup(() => publisher?.stop());
const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Rita Recorder', email: `rita-${unique}@example.com`, password: 'rita password 1' };
const viewer = { name: 'Vic Viewer', email: `vic-${unique}@example.com`, password: 'vic password 1' };
const roomTitle = `Recorded show ${unique}`;

/** The media time (s) of wall-clock `ts` in `recording`, through its timeline. */
function mediaTimeOf(recording, ts) {
  const timeline = recording.timeline?.length ? recording.timeline
    : [{ atMs: recording.startedAtMs, mediaStartSec: 0, durationSec: Infinity }];
  let piece = timeline[0];
  for (const entry of timeline) if (entry.atMs <= ts) piece = entry;
  return piece.mediaStartSec + (ts - piece.atMs) / 1000;
}

test('a viewer watches a past broadcast and sees the chat of each moment', { skip, timeout: 300000 }, async (t) => {
  const { server, browser } = harness;
  const { hostContext, viewerContext, hostPage, viewerPage } = await hostAndViewer(browser, t);
  const api = async (context, path) => {
    const res = await context.request.get(`${server.baseUrl}${path}`);
    return { status: res.status(), body: await res.json().catch(() => null) };
  };
  let roomId;
  let texts;
  let recording;

  await t.test('the host switches recording on and goes live', async (st) => {
    roomId = await createRoomAsHost(hostPage, server.baseUrl, host, roomTitle);
    const probe = await api(hostContext, `/api/rooms/${roomId}/recordings`);
    if (probe.status === 404 && probe.body?.error?.code === 'not_found') {
      st.skip('this server has no recordings plugin');
      return;
    }
    const record = hostPage.getByRole('checkbox', { name: 'Record my broadcasts' });
    await record.waitFor({ timeout: 10000 });
    // The server may record by default: switch it off and on again, so both ways are driven.
    const enabled = async () => (await api(hostContext, `/api/rooms/${roomId}/recording-settings`)).body?.enabled;
    if (await record.isChecked()) {
      await record.uncheck();
      await waitFor(async () => (await enabled()) === false, { timeoutMs: 5000, what: 'recording switched off' });
    }
    await record.check();
    await waitFor(async () => (await enabled()) === true, { timeoutMs: 5000, what: 'recording switched on' });
    await record.scrollIntoViewIfNeeded();
    await screenshot(hostPage, 'recordings-my-room-switch');

    await hostPage.getByRole('button', { name: 'Create stream key' }).click();
    await hostPage.getByRole('button', { name: 'Reveal stream key' }).click();
    const key = await hostPage.getByLabel('Stream key', { exact: true }).inputValue();
    const rtmp = await hostPage.getByLabel('Server', { exact: true }).inputValue();
    publisher = publishTestStream(`${rtmp.replace(/\/$/, '')}/${key}`, { seconds: 18 });
    await hostPage.getByTestId('my-room-status').getByText(/you are live/i).waitFor({ timeout: 30000 });
  });
  if (!roomId || !publisher) return;

  await t.test('the host chats at known moments during the broadcast', async () => {
    await hostPage.goto(`${server.baseUrl}/r/${encodeURIComponent(roomId)}`);
    await hostPage.getByText('Connected', { exact: true }).waitFor({ timeout: 15000 });
    texts = ['first: the show starts', 'second: halfway', 'third: nearly done'].map((s) => `${s} ${unique}`);
    const box = hostPage.getByLabel('Chat message', { exact: true });
    const chat = hostPage.getByRole('log', { name: 'Chat messages' });
    for (const text of texts) {
      await sleep(3500);
      await box.fill(text);
      await box.press('Enter');
      await chat.getByText(text, { exact: true }).waitFor({ timeout: 10000 });
    }
  });

  await t.test('the broadcast ends and its recording is complete', async () => {
    await publisher.exited;
    await hostPage.goto(`${server.baseUrl}/me/room`);
    // The encoder is gone; end the reconnect grace at once with Stop broadcast.
    const stop = hostPage.getByRole('button', { name: 'Stop broadcast' });
    if (await stop.isVisible().catch(() => false)) {
      await stop.click();
      await hostPage.getByRole('alertdialog').getByRole('button', { name: 'Stop broadcast' }).click();
    }
    recording = await waitFor(async () => {
      const { body } = await api(hostContext, `/api/rooms/${roomId}/recordings`);
      const done = body?.recordings?.find((r) => r.state !== 'recording');
      return done || null;
    }, { timeoutMs: 60000, intervalMs: 500, what: 'the recording to finish' });
    assert.equal(recording.state, 'complete', JSON.stringify(recording));
    assert.ok(recording.durationMs > 10000 && recording.durationMs < 25000, `duration ${recording.durationMs} ms`);
  });
  if (!recording) return;

  // Where each message sits in the video.
  let at;
  await t.test('the chat history holds the three messages at their moments', async () => {
    const from = recording.startedAtMs - 60000;
    const { body } = await api(viewerContext, `/api/rooms/${roomId}/chat/history?from=${from}&to=${Date.now() + 1000}`);
    const ts = texts.map((text) => body.messages.find((m) => m.text === text)?.ts);
    assert.ok(ts.every(Boolean), JSON.stringify(body));
    at = ts.map((x) => mediaTimeOf(recording, x));
    assert.ok(at[0] > 0 && at[0] < at[1] && at[1] < at[2] && at[2] < recording.durationMs / 1000, `messages at ${at.join(', ')} s`);
    t.diagnostic(`messages at ${at.map((x) => x.toFixed(2)).join(', ')} s of the video`);
  });
  if (!at) return;

  const replay = viewerPage.getByTestId('chat-replay');
  const shown = async () => replay.locator('[data-testid="replay-text"]').allTextContents();
  const seek = (seconds) => viewerPage.getByTestId('vod-video').evaluate((v, s) => { v.currentTime = s; }, seconds);
  const expectShown = async (wanted, what) => {
    let last = [];
    await waitFor(async () => {
      last = (await shown()).filter((s) => s.endsWith(unique));
      return JSON.stringify(last) === JSON.stringify(wanted);
    }, { timeoutMs: 15000, intervalMs: 200, what: `${what} (shown: ${JSON.stringify(last)})` });
  };

  await t.test('a viewer finds it under Past broadcasts and opens it', async () => {
    await signUp(viewerPage, server.baseUrl, viewer);
    await viewerPage.goto(`${server.baseUrl}/r/${encodeURIComponent(roomId)}`);
    const item = viewerPage.locator(`a[data-recording-id="${recording.id}"]`);
    await item.waitFor({ timeout: 10000 });
    assert.equal(await item.getAttribute('data-state'), 'complete');
    await screenshot(viewerPage, 'recordings-room-past-broadcasts');
    await item.click();
    await viewerPage.getByTestId('recording-page').waitFor({ timeout: 10000 });
    const duration = await waitFor(
      () => viewerPage.getByTestId('vod-video').evaluate((v) => (v.readyState >= 1 && Number.isFinite(v.duration) ? v.duration : 0)),
      { timeoutMs: 20000, intervalMs: 200, what: 'the recorded video to load' });
    assert.ok(Math.abs(duration - recording.durationMs / 1000) < 3, `video ${duration} s, recording ${recording.durationMs} ms`);
    assert.equal(await viewerPage.getByTestId('recording-owner').count(), 0, 'a viewer gets no owner controls');
  });

  await t.test('after a seek the chat shows what was said up to that moment, and no later', async () => {
    await viewerPage.getByTestId('vod-video').evaluate((v) => v.pause());
    await seek((at[1] + at[2]) / 2);
    await expectShown(texts.slice(0, 2), 'the first two messages after a seek between the second and the third');
    await screenshot(viewerPage, 'recordings-replay-seeked');
    await seek(Math.min(at[2] + 1, recording.durationMs / 1000 - 0.5));
    await expectShown(texts, 'all three after a seek past the third');
  });

  await t.test('a seek back takes the later messages away again', async () => {
    await seek((at[0] + at[1]) / 2);
    await expectShown(texts.slice(0, 1), 'only the first after a seek back between the first and the second');
    await seek(Math.max(0, at[0] - 1));
    await expectShown([], 'none before the first');
  });

  await t.test('playing on from a moment brings the next message in by itself', async () => {
    await seek(Math.max(0, at[0] - 1.5));
    await viewerPage.getByTestId('vod-video').evaluate((v) => { v.muted = true; return v.play(); });
    await expectShown(texts.slice(0, 1), 'the first message while playing past it');
    await viewerPage.getByTestId('vod-video').evaluate((v) => v.pause());
  });
});
