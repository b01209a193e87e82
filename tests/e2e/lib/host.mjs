// A host who signs up in the browser, creates a room and goes live with ffmpeg
// (tests/e2e/lib/publisher.mjs) at the RTMP URL and key the page shows.
import { publishTestStream } from './publisher.mjs';
import { signUp } from './browser.mjs';

/**
 * Signs `host` up on `page`, creates a room titled `title` and publishes to it.
 * Resolves once My room says live, with { roomUrl, roomId, publishUrl, publisher }.
 * `publish` options go to publishTestStream (seconds, bFrames…).
 */
export async function goLiveAsHost(page, baseUrl, host, { title, publish = {} } = {}) {
  await createRoomAsHost(page, baseUrl, host, title);
  await page.getByRole('button', { name: 'Create stream key' }).click();
  await page.getByRole('button', { name: 'Reveal stream key' }).click();
  const key = await page.getByLabel('Stream key', { exact: true }).inputValue();
  const rtmp = await page.getByLabel('Server', { exact: true }).inputValue();
  const roomUrl = new URL(await page.getByRole('link', { name: 'Open the room page' }).getAttribute('href'), baseUrl).href;
  const roomId = decodeURIComponent(new URL(roomUrl).pathname.split('/').pop());
  const publishUrl = `${rtmp.replace(/\/$/, '')}/${key}`;
  const publisher = publishTestStream(publishUrl, publish);
  await page.getByTestId('my-room-status').getByText(/you are live/i).waitFor({ timeout: 30000 });
  return { roomUrl, roomId, publishUrl, publisher };
}

/**
 * Signs `host` up on `page` and creates a room titled `title` in My room,
 * which stays open. Resolves with the room's id.
 */
export async function createRoomAsHost(page, baseUrl, host, title) {
  await signUp(page, baseUrl, host);
  await page.goto(`${baseUrl}/me/room`);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.getByRole('heading', { name: 'My room' }).waitFor({ timeout: 10000 });
  const href = await page.getByRole('link', { name: 'Open the room page' }).getAttribute('href');
  return decodeURIComponent(href.replace(/^\/r\//, ''));
}
