// A moderator's time-out, as the timed-out user sees it in Chromium: the chat
// panel says until when ("You are timed out until 14:05") and will not send;
// lifting it gives the box back (docs/chat-events.md, "Moderation").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shippedPlugins } from '../integration/lib/server.mjs';
import { createRoom, call, connect, connected } from '../integration/lib/chat.mjs';
import { member, api } from '../integration/lib/moderation.mjs';
import { desktopViewport, screenshot, signUp, watchConsole } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';

const harness = e2eHarness({
  plugins: shippedPlugins().filter((p) => ['auth-password', 'chat', 'hls'].includes(p.name)),
  configure: (config) => {
    config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
  },
});
const sockets = new Set();
harness.onCleanup(() => { for (const s of sockets) s.close(); });

test('a moderator times a viewer out: the viewer\'s chat says until when and will not send; unmute gives it back', { skip: harness.skip, timeout: 120000 }, async (t) => {
  const { server, browser } = harness;
  const owner = await member(server, 'host');
  const mod = await member(server, 'mod');
  const room = await createRoom(server, owner);
  assert.equal((await api(server, owner, 'PUT', `/api/rooms/${room.id}/moderators/${mod.id}`)).status, 200);
  const modSocket = await connected(connect(server, sockets, { cookie: mod.cookie, transports: ['websocket'] }));
  await call(modSocket, 'room:join', { roomId: room.id });

  const context = await browser.newContext({ viewport: desktopViewport });
  const page = await context.newPage();
  const log = watchConsole(page, 'viewer');
  t.after(() => { if (t.passed === false) console.log(log.join('\n')); });
  await signUp(page, server.baseUrl, { name: 'Vera', email: `vera-${process.pid}@example.test`, password: 'correct horse battery staple' });
  const viewerId = await page.evaluate(async () => (await (await fetch('/api/auth/session')).json()).user.id);
  await page.goto(`${server.baseUrl}/r/${room.id}`);
  const box = page.getByRole('textbox', { name: 'Chat message' });
  await box.waitFor();
  await page.getByText('Connected').waitFor();
  await box.fill('hello');
  await box.press('Enter');
  await page.getByText('hello', { exact: true }).waitFor();

  const timedOut = await call(modSocket, 'chat:mute', { roomId: room.id, userId: viewerId, seconds: 600 });
  assert.equal(timedOut.ok, true, JSON.stringify(timedOut));
  const restriction = page.getByTestId('chat-restriction');
  await restriction.waitFor();
  const shown = await restriction.textContent();
  // As the app's clockTime: the weekday too when the end falls on another day (a run near midnight).
  const hhmm = await page.evaluate((until) => {
    const at = new Date(until);
    const sameDay = at.toDateString() === new Date().toDateString();
    return at.toLocaleString([], { weekday: sameDay ? undefined : 'short', hour: '2-digit', minute: '2-digit' });
  }, timedOut.until);
  assert.ok(shown.includes(`You are timed out until ${hhmm}`), shown);
  await box.fill('am I muted?');
  assert.equal(await page.getByRole('button', { name: 'Send' }).isDisabled(), true);
  await screenshot(page, 'chat-timed-out', { bothSizes: false });

  assert.equal((await call(modSocket, 'chat:unmute', { roomId: room.id, userId: viewerId })).ok, true);
  await restriction.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: 'Send' }).isDisabled(), false);
  await context.close();
});
