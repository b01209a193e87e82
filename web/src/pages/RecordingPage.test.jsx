import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RecordingPage from './RecordingPage.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';
import { hlsLoads } from '../test/recordingHls.js';

vi.mock('hls.js/light', () => import('../test/recordingHls.js'));

const start = 1_764_780_000_000;
const recording = {
  id: 'rec1', roomId: 'r1', title: 'Jazz night', startedAtMs: start, endedAtMs: start + 3 * 3600_000,
  durationMs: 3 * 3600_000, state: 'complete', stopReason: null, listed: true, sizeBytes: 1e9,
  posterUrl: '/recordings/rec1/poster.jpg', playlistUrl: '/recordings/rec1/index.m3u8', downloadUrl: '/recordings/rec1/download.mp4',
  // A reconnect after one hour: the second piece starts 5 minutes later on the wall clock.
  timeline: [
    { atMs: start, mediaStartSec: 0, durationSec: 3600 },
    { atMs: start + 3900_000, mediaStartSec: 3600, durationSec: 7200 },
  ],
};
const room = { id: 'r1', channelId: 'music', title: 'Hana’s room', owner: { id: 'u1', name: 'Hana' }, state: 'offline' };

// Chat: one message every 10 s of wall clock over the whole show, plus one sent during the reconnect gap.
const chat = [];
for (let t = 5_000; t < 3 * 3600_000 + 600_000; t += 10_000) chat.push({ id: `m${t}`, roomId: 'r1', user: { id: 'u2', name: 'Kai' }, text: `at ${t / 1000}s`, ts: start + t });

function serve({ signedIn = null, served = recording, history = chat, deleteAnswer = { status: 204 } } = {}) {
  const historyCalls = [];
  const fetch = mockFetch((method, path, body) => {
    const url = new URL(path, 'http://x');
    if (url.pathname === '/api/auth/session') return signedIn ? { body: { user: signedIn, session: {} } } : { status: 401, body: {} };
    if (url.pathname === '/api/recordings/rec1') {
      if (method === 'PATCH') return { body: { ...served, ...body } };
      if (method === 'DELETE') return deleteAnswer;
      return served ? { body: served } : undefined;
    }
    if (url.pathname === '/api/rooms/r1') return { body: { room } };
    if (url.pathname === '/api/rooms/r1/chat/history') {
      const from = Number(url.searchParams.get('from'));
      const to = Number(url.searchParams.get('to'));
      historyCalls.push([from, to]);
      return { body: { messages: history.filter((m) => m.ts >= from && m.ts < to), more: false } };
    }
    return undefined;
  });
  return { fetch, historyCalls };
}

const open = () => renderWithApp(<RecordingPage />, {
  path: '/r/r1/recordings/rec1', route: '/r/:roomId/recordings/:recordingId', features: { chat: { enabled: true } },
});

/**
 * The player once its effects have run: its source is loaded (hls.js mock)
 * and its position listeners are attached. The video element alone can be in
 * the DOM before React runs its passive effects, and a seek fired then is
 * heard by nobody (the chat stays at 0 s), which made seek tests flaky.
 */
async function readyPlayer() {
  const video = await screen.findByTestId('vod-video');
  await waitFor(() => expect(hlsLoads).toEqual(['/recordings/rec1/index.m3u8']));
  return video;
}

/** Moves the video to `seconds` as a seek does. */
function seekTo(video, seconds) {
  act(() => {
    video.currentTime = seconds;
    fireEvent.seeking(video);
    fireEvent.seeked(video);
  });
}

const replayTexts = () => within(screen.getByTestId('chat-replay')).queryAllByTestId('replay-text').map((el) => el.textContent);

describe('RecordingPage', () => {
  beforeEach(() => {
    hlsLoads.length = 0;
    HTMLMediaElement.prototype.pause = vi.fn();
    HTMLMediaElement.prototype.load = vi.fn();
  });

  it('plays the recording and replays the chat up to the playback position', async () => {
    serve();
    open();
    expect(await screen.findByRole('heading', { name: /Jazz night/ })).toBeInTheDocument();
    const video = await readyPlayer();
    expect(video).toHaveAttribute('poster', '/recordings/rec1/poster.jpg');
    expect(screen.getByText('3:00:00')).toBeInTheDocument();

    // At 0 s nothing has been said yet; at 26 s the messages of 5, 15 and 25 s.
    await waitFor(() => expect(screen.getByText('No chat messages up to this moment.')).toBeInTheDocument());
    seekTo(video, 26);
    await waitFor(() => expect(replayTexts()).toEqual(['at 5s', 'at 15s', 'at 25s']));
    act(() => { video.currentTime = 36; fireEvent.timeUpdate(video); });
    await waitFor(() => expect(replayTexts().at(-1)).toBe('at 35s'));
  });

  it('follows a seek across the show by loading only the windows around the position', async () => {
    const { historyCalls } = serve();
    open();
    const video = await readyPlayer();
    seekTo(video, 2 * 3600 + 1.5); // 2 h into the video: after the reconnect, +5 min on the wall clock
    // Media 7201.5 s is wall clock 3900 + 3601.5 = 7501.5 s.
    await waitFor(() => expect(replayTexts().at(-1)).toBe('at 7495s'));
    expect(replayTexts()).not.toContain('at 7505s');
    expect(historyCalls.every(([from, to]) => to - from === 60_000)).toBe(true);
    expect(historyCalls.length).toBeLessThanOrEqual(6);

    // Back to the start: the later messages go.
    seekTo(video, 20);
    await waitFor(() => expect(replayTexts()).toEqual(['at 5s', 'at 15s']));
  });

  it('shows the chat sent during a reconnect when the video reaches the second piece', async () => {
    serve();
    open();
    const video = await readyPlayer();
    seekTo(video, 3600);
    // Wall clock jumps to start + 3900 s: the gap's messages (3600–3900 s) are all said by then.
    await waitFor(() => expect(replayTexts().at(-1)).toBe('at 3895s'));
  });

  it('says when a recording does not exist, or belongs to another room', async () => {
    serve({ served: null });
    open();
    expect(await screen.findByRole('heading', { name: 'Past broadcast not found' })).toBeInTheDocument();
  });

  it('treats a recording of another room as not found', async () => {
    serve({ served: { ...recording, roomId: 'other' } });
    open();
    expect(await screen.findByRole('heading', { name: 'Past broadcast not found' })).toBeInTheDocument();
  });

  it('is honest about a recording in progress, cut short, or stopped with a reason', async () => {
    serve({ served: { ...recording, state: 'stopped', stopReason: 'the data disk is full' } });
    open();
    expect(await screen.findByTestId('recording-notice')).toHaveTextContent('The recording stopped before the broadcast ended: the data disk is full');
    expect(screen.getByTestId('recording-badge')).toHaveTextContent('Stopped early');
  });

  it('shows a recording still in progress with its badge', async () => {
    serve({ served: { ...recording, state: 'recording' } });
    open();
    expect(await screen.findByTestId('recording-badge')).toHaveTextContent('Recording now');
    expect(screen.getByTestId('recording-notice')).toHaveTextContent('still being recorded');
  });

  it('gives viewers no owner controls', async () => {
    serve({ signedIn: { id: 'u9', name: 'Viewer' } });
    open();
    await screen.findByRole('heading', { name: /Jazz night/ });
    await screen.findByText(/Hosted by/);
    expect(screen.queryByTestId('recording-owner')).toBeNull();
  });

  it('lets the owner rename, unlist, download and delete (after confirming)', async () => {
    const { fetch } = serve({ signedIn: { id: 'u1', name: 'Hana' } });
    open();
    const owner = await screen.findByTestId('recording-owner');
    await userEvent.click(within(owner).getByText('Manage this broadcast'));
    const title = within(owner).getByRole('textbox', { name: 'Title' });
    await userEvent.clear(title);
    await userEvent.type(title, 'Jazz night, part one');
    await userEvent.click(within(owner).getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('heading', { name: /Jazz night, part one/ })).toBeInTheDocument();

    await userEvent.click(within(owner).getByRole('button', { name: 'Unlist' }));
    expect(await within(owner).findByRole('button', { name: 'List on the room page' })).toBeInTheDocument();
    const patches = fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH').map(([, init]) => JSON.parse(init.body));
    expect(patches).toEqual([{ title: 'Jazz night, part one' }, { listed: false }]);

    expect(within(owner).getByRole('link', { name: 'Download MP4' })).toHaveAttribute('href', '/recordings/rec1/download.mp4');

    await userEvent.click(within(owner).getByRole('button', { name: 'Delete' }));
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
    await userEvent.click(within(owner).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/r/r1'));
  });

  it('tells the owner a recording in progress cannot be deleted yet', async () => {
    serve({
      signedIn: { id: 'u1', name: 'Hana' },
      deleteAnswer: { status: 409, body: { error: { code: 'recording_in_progress', message: 'busy' } } },
    });
    open();
    const owner = await screen.findByTestId('recording-owner');
    await userEvent.click(within(owner).getByText('Manage this broadcast'));
    await userEvent.click(within(owner).getByRole('button', { name: 'Delete' }));
    await userEvent.click(within(owner).getByRole('button', { name: 'Delete for good' }));
    expect(await within(owner).findByRole('alert')).toHaveTextContent('still being recorded: end the broadcast first');
  });
});
