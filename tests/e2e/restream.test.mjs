// Restreaming as the host sees it in Chromium against the real server: the
// host goes live with ffmpeg, adds two destinations on My room (Debian's
// nginx with libnginx-mod-rtmp on loopback, and a port where nothing listens),
// and the Stream health panel shows one line per destination: the nginx one
// "Live" with a bitrate, the other reconnecting with its error in words.
// Screenshot: tests/artifacts/screenshots/restream-health-*.png.
//
// Skipped with the reason when nginx-rtmp is not installed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { freePort, shippedPlugins, waitFor } from '../integration/lib/server.mjs';
import { NginxRtmp, nginxRtmpModule } from '../integration/lib/nginxRtmp.mjs';
import { hostAndViewer, screenshot } from './lib/browser.mjs';
import { e2eHarness } from './lib/harness.mjs';
import { goLiveAsHost } from './lib/host.mjs';

const harness = e2eHarness({
  plugins: shippedPlugins().map((p) => (p.name === 'restream'
    ? { ...p, enabled: true, config: { connectTimeoutMilliseconds: 3000, reconnectMinMilliseconds: 2000, reconnectMaxMilliseconds: 8000 } }
    : p)),
});
const haveNginx = existsSync('/usr/sbin/nginx') && existsSync(nginxRtmpModule);
const skip = harness.skip || (haveNginx ? false : 'nginx with libnginx-mod-rtmp is not installed');
let nginx;
let publisher;
harness.onCleanup(async () => {
  await publisher?.stop();
  await nginx?.stop();
  nginx?.cleanup();
});

before(async () => {
  if (skip) return;
  nginx = new NginxRtmp(await freePort());
  await nginx.start();
});

const unique = `${process.pid}-${Date.now()}`;
const host = { name: 'Rhea Restreamer', email: `rhea-${unique}@example.com`, password: 'rhea password 1' };

async function addDestination(page, { name, url, key }) {
  const section = page.getByTestId('restream-destinations');
  await section.getByRole('button', { name: 'Add destination' }).click();
  await section.getByLabel('Name').fill(name);
  await section.getByLabel('Server URL').fill(url);
  await section.getByLabel('Stream key').fill(key);
  await section.getByRole('button', { name: 'Save destination' }).click();
  await section.getByText(name, { exact: true }).waitFor({ timeout: 10000 });
}

test("the host's health panel shows each restream destination's state, bitrate and last error while live", { skip, timeout: 180000 }, async (t) => {
  const { server, browser } = harness;
  const { hostPage } = await hostAndViewer(browser, t);
  ({ publisher } = await goLiveAsHost(hostPage, server.baseUrl, host, { title: `Restream ${unique}`, publish: { seconds: 150 } }));

  const key = `e2e_${unique.replace(/-/g, '_')}`;
  await addDestination(hostPage, { name: 'Local nginx', url: nginx.url(), key });
  const closedPort = await freePort();
  await addDestination(hostPage, { name: 'Nobody listens', url: `rtmp://127.0.0.1:${closedPort}/app`, key: 'nobody_listens_here' });

  const panel = hostPage.getByTestId('stream-health');
  const line = (name) => panel.locator('[data-restream-destination]').filter({ hasText: name });
  await waitFor(async () => (await line('Local nginx').getAttribute('data-state').catch(() => null)) === 'live',
    { timeoutMs: 30000, what: `the nginx destination live in the health panel (ffmpeg: ${publisher.output})` });
  await waitFor(async () => /\d+(\.\d)? (kbit|Mbit)\/s/.test(await line('Local nginx').getByTestId('restream-bitrate').textContent().catch(() => '')),
    { timeoutMs: 15000, what: 'a bitrate on the nginx line' });
  assert.equal(await line('Local nginx').getByTestId('restream-state').textContent(), 'Live');
  assert.ok(nginx.publishedNames().includes(key), 'nginx received the broadcast');

  await waitFor(async () => /Last error: connecting failed: Connection refused/.test(await line('Nobody listens').textContent()),
    { timeoutMs: 20000, what: 'the refused destination with its error in words' });
  await waitFor(async () => /^(Reconnecting in \d+ s|Connecting)$/.test(await line('Nobody listens').getByTestId('restream-state').textContent()),
    { timeoutMs: 10000, what: 'the refused destination reconnecting' });
  await waitFor(async () => /^Reconnecting in \d+ s$/.test(await line('Nobody listens').getByTestId('restream-state').textContent()),
    { timeoutMs: 15000, intervalMs: 100, what: '"Reconnecting in N s" on the refused destination' });
  await screenshot(hostPage, 'restream-health', { bothSizes: false });
});
