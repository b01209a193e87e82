import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MyRoomPage from './MyRoomPage.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';
import { listeningSocket, resetFakeChannelSockets, sockets } from '../test/fakeChannelSockets.js';

vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));

const liveRoom = {
  id: 'r1', channelId: 'music', title: 'Jazz night', description: '', owner: { id: 'u1', name: 'Hana' },
  live: true, state: 'live', viewers: 2, streamKeyMode: 'persistent', playback: [{ protocol: 'hls', url: '/media/r1/live', mimeType: 'application/vnd.apple.mpegurl', latency: 'low-latency', thumbnailUrl: null }],
};
const health = {
  state: 'live', uptimeSeconds: 61, ingest: { protocol: 'rtmp' }, bitrateKbps: 800,
  video: { codec: 'h264', width: 640, height: 360, frameRate: 30, keyframeIntervalSeconds: 1, bFrames: false },
  audio: { codec: 'aac', sampleRate: 44100, channels: 2 }, droppedFrames: 0, lateFrames: 0, viewers: 2, warnings: [],
};

function serve(server) {
  const calls = [];
  mockFetch((method, path, body) => {
    calls.push({ method, path, body });
    if (path === '/api/auth/session') return { body: { user: { id: 'u1', name: 'Hana' }, session: {} } };
    if (path === '/api/me/room') return { body: { room: server.room } };
    if (path === '/api/channels') return { body: { channels: [{ id: 'music', title: 'Music' }] } };
    if (path === '/api/rooms/r1/health') return { body: { health: server.health } };
    if (path === '/api/rooms/r1/stream-key' && method === 'GET') return { body: { mode: server.room.streamKeyMode, hasKey: server.hasKey, expiresAt: null, state: 'x' } };
    if (path === '/api/rooms/r1/stream-key' && method === 'POST') {
      return server.room.state === 'live'
        ? { status: 409, body: { error: { code: 'room_live', message: 'live' } } }
        : { body: { ingest: [{ protocol: 'srt', name: 'SRT', serverUrl: 'srt://stream.example:9000', keyLabel: 'Stream key', publishUrl: 'srt://stream.example:9000?streamid={streamKey}' }], streamKey: 'live_new', expiresAt: null, mode: 'persistent' } };
    }
    if (path === '/api/rooms/r1/restream-destinations' && server.restream) {
      return { body: { roomId: 'r1', destinations: server.restream, presets: [], maxDestinations: 5 } };
    }
    if (path === '/api/rooms/r1/stop' && method === 'POST') {
      server.room = { ...server.room, live: false, state: 'offline' };
      server.hasKey = false;
      return { status: 204 };
    }
    return undefined;
  });
  return calls;
}

const open = () => renderWithApp(<MyRoomPage />, { path: '/me/room', route: '/me/room', features: { chat: { enabled: true }, rtmp: { enabled: true } } });
const statusLine = () => screen.getByTestId('my-room-status');
const musicSocket = () => listeningSocket('music');

describe('MyRoomPage', () => {
  beforeEach(() => {
    resetFakeChannelSockets();
  });

  it('shows the health panel, joins the room for room:health, and says live in one voice', async () => {
    serve({ room: liveRoom, health, hasKey: true });
    open();
    expect(await screen.findByRole('heading', { name: 'My room' })).toBeInTheDocument();
    expect(statusLine()).toHaveTextContent('You are live · 2 viewers');
    expect(await screen.findByRole('region', { name: 'Stream health' })).toBeInTheDocument();
    await waitFor(() => expect(document.querySelector('[data-health="resolution"] dd')).toHaveTextContent('640×360'));
    const socket = await musicSocket();
    await waitFor(() => expect(socket.emitted).toContainEqual({ event: 'room:join', payload: { roomId: 'r1' } }));
    act(() => socket.serverEmit('room:health', { roomId: 'r1', health: { ...health, bitrateKbps: 1200 } }));
    expect(document.querySelector('[data-health="bitrate"] dd')).toHaveTextContent('1,200 kbps');
  });

  it('after a clean stop shows offline without any "live right now" error or a spent key', async () => {
    const server = { room: liveRoom, health, hasKey: true };
    serve(server);
    open();
    await screen.findByRole('heading', { name: 'My room' });
    // A reset tried while live is refused, in words that agree with the status line.
    await userEvent.click(await screen.findByRole('button', { name: 'Reset stream key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Reset the key' }));
    expect(await screen.findByText(/OBS is sending video right now/)).toBeInTheDocument();

    const socket = await musicSocket();
    server.room = { ...liveRoom, live: false, state: 'offline' };
    server.health = { ...health, state: 'offline' };
    act(() => socket.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: false, state: 'offline', reason: 'ended' }));
    expect(statusLine()).toHaveTextContent('You are offline');
    await waitFor(() => expect(screen.queryByText(/live right now|sending video right now/)).toBeNull());
    expect(screen.queryByText(/Start streaming before/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Stop broadcast' })).toBeNull();
    await waitFor(() => expect(document.querySelector('[data-health="state"] dd')).toHaveTextContent('Ended'));
  });

  it('says when the encoder dropped and the server waits for it', async () => {
    serve({ room: { ...liveRoom, live: false, state: 'reconnecting' }, health: { ...health, state: 'reconnecting' }, hasKey: true });
    open();
    await screen.findByRole('heading', { name: 'My room' });
    expect(statusLine()).toHaveTextContent('Your encoder dropped: waiting for it to reconnect');
    expect(screen.getByRole('button', { name: 'Stop broadcast' })).toBeInTheDocument();
  });

  it('stops the broadcast only after a confirmation that says what happens to viewers and the key', async () => {
    const server = { room: liveRoom, health, hasKey: true };
    const calls = serve(server);
    open();
    await screen.findByRole('heading', { name: 'My room' });
    await userEvent.click(screen.getByRole('button', { name: 'Stop broadcast' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Stop the broadcast now?' });
    expect(dialog).toHaveAccessibleDescription(/The host ended the stream.*OBS is disconnected and its stream key stops working/);
    expect(calls.some((c) => c.path === '/api/rooms/r1/stop')).toBe(false);
    await userEvent.click(screen.getAllByRole('button', { name: 'Stop broadcast' }).at(-1));
    await waitFor(() => expect(statusLine()).toHaveTextContent('You are offline'));
    expect(calls.filter((c) => c.path === '/api/rooms/r1/stop')).toEqual([{ method: 'POST', path: '/api/rooms/r1/stop', body: {} }]);
    // The revoked key is gone from the page: a new one is needed.
    expect(await screen.findByRole('button', { name: 'Create stream key' })).toBeInTheDocument();
  });

  it('follows viewer counts and the broadcast state pushed on the socket', async () => {
    serve({ room: liveRoom, health, hasKey: true });
    open();
    await screen.findByRole('heading', { name: 'My room' });
    const socket = await musicSocket();
    act(() => socket.serverEmit('room:viewers', { roomId: 'r1', count: 5 }));
    expect(statusLine()).toHaveTextContent('5 viewers');
    act(() => socket.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: false, state: 'reconnecting', reason: 'encoder_lost' }));
    expect(statusLine()).toHaveTextContent('waiting for it to reconnect');
  });

  it('reads the restream destinations once for the Restream section and the health panel', async () => {
    const restream = [{ id: 'd1', name: 'Twitch', host: 'x.example', keyHint: '••••', enabled: true, status: { state: 'live', bitrateKbps: 2500 } }];
    const calls = serve({ room: liveRoom, health, hasKey: true, restream });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderWithApp(<MyRoomPage />, { path: '/me/room', route: '/me/room', features: { chat: { enabled: true }, rtmp: { enabled: true }, restream: { enabled: true } } });
      await waitFor(() => expect(document.querySelector('[data-destination="d1"]')).toHaveTextContent('Live · 2.5 Mbit/s'));
      await waitFor(() => expect(document.querySelector('[data-restream-destination="d1"]')).toHaveTextContent('Live'));
      const asked = () => calls.filter((c) => c.path === '/api/rooms/r1/restream-destinations').length;
      const before = asked();
      await act(async () => { await vi.advanceTimersByTimeAsync(3100); });
      // One poll period, one request: the two views share it.
      expect(asked() - before).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
