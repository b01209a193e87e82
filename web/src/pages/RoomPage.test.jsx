import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RoomPage from './RoomPage.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';
import { hlsLoads as playerSources } from '../test/recordingHls.js';
import { listeningSocket, resetFakeChannelSockets, sockets } from '../test/fakeChannelSockets.js';

vi.mock('hls.js/light', () => import('../test/recordingHls.js'));
vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));

const room = {
  id: 'r1', channelId: 'music', title: 'Jazz night', description: 'Standards <b>live</b>',
  owner: { id: 'u1', name: 'Hana' }, live: true, state: 'live', viewers: 3, createdAt: '', updatedAt: '',
  playback: [{ protocol: 'hls', url: '/media/r1/live', mimeType: 'application/vnd.apple.mpegurl', latency: 'low-latency', thumbnailUrl: null }],
};

function serve({ signedIn = false, sessionUser = { id: 'u1', name: 'Hana' }, served = room, stop } = {}) {
  return mockFetch((method, path) => {
    if (path === '/api/auth/session') {
      return signedIn ? { body: { user: sessionUser, session: {} } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } };
    }
    if (method === 'POST' && path === '/api/rooms/r1/stop') return stop || { status: 204 };
    if (path === '/api/rooms/r1') return { body: { room: served } };
    if (path === '/api/channels') return { body: { channels: [{ id: 'music', title: 'Music & Jazz', description: '' }] } };
    return undefined;
  });
}

const musicSocket = () => listeningSocket('music');

const open = (features) => renderWithApp(<RoomPage />, { path: '/r/r1', route: '/r/:roomId', features });

describe('RoomPage', () => {
  beforeEach(() => {
    resetFakeChannelSockets();
    playerSources.length = 0;
    HTMLMediaElement.prototype.pause = vi.fn();
    HTMLMediaElement.prototype.load = vi.fn();
    HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  });

  it('shows the room with player and chat when both plugins run', async () => {
    serve();
    open({ hls: { enabled: true }, chat: { enabled: true } });
    expect(await screen.findByRole('heading', { name: /Jazz night/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Live video: Jazz night')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Chat' })).toBeInTheDocument();
    expect(screen.getByText('Standards <b>live</b>')).toBeInTheDocument();
    expect(screen.getByTestId('viewer-count')).toHaveTextContent('3 viewers');
  });

  it('names the channel by its title, not its id, and titles the browser tab after the room', async () => {
    serve();
    open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    await waitFor(() => expect(screen.getByTestId('room-channel')).toHaveTextContent('Music & Jazz'));
    expect(screen.getByTestId('room-channel')).toHaveAttribute('href', '/c/music');
    expect(document.title).toBe('Jazz night · SockStream');
  });

  it('offers theatre mode on the player and marks the page wide', async () => {
    serve();
    const { container } = open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    expect(container.querySelector('[data-theatre]')).toHaveAttribute('data-theatre', 'false');
    // The player answers keys once it has a source, in the same effects that
    // load it; the heading alone can be on screen before those effects ran.
    await waitFor(() => expect(playerSources.at(-1)).toBe('/media/r1/live'));
    act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 't' })));
    expect(container.querySelector('[data-theatre]')).toHaveAttribute('data-theatre', 'true');
  });

  it('has no chat panel without the chat plugin, and says so clearly without a way to play', async () => {
    serve({ served: { ...room, playback: [] } });
    open({});
    expect(await screen.findByRole('heading', { name: /Jazz night/ })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Chat' })).toBeNull();
    expect(screen.queryByLabelText(/Live video/)).toBeNull();
    expect(screen.getByText(/no playback plugin/)).toBeInTheDocument();
    expect(sockets.byChannel.size).toBe(0);
  });

  it('follows pushed viewer counts and tells viewers when the host closes the room', async () => {
    serve();
    open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    const socket = await musicSocket();
    socket.answer('room:join', { room, live: true, viewers: 5, history: [] });
    act(() => socket.serverEmit('connect'));
    expect(await screen.findByText('5 viewers')).toBeInTheDocument();
    act(() => socket.serverEmit('room:viewers', { roomId: 'r1', count: 1 }));
    expect(screen.getByTestId('viewer-count')).toHaveTextContent('1 viewer');
    act(() => socket.serverEmit('room:deleted', { roomId: 'r1' }));
    expect(await screen.findByRole('heading', { name: 'Room not found' })).toBeInTheDocument();
    expect(screen.getByText(/closed by its host/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See who is live' })).toHaveAttribute('href', '/');
  });

  it('plays the playback URL the server gives, not one the app makes up', async () => {
    serve();
    const { container } = open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    expect(container.querySelector('[data-player-state]').dataset.playerState).toBe('loading');
    expect(playerSources.at(-1)).toBe('/media/r1/live');
  });

  it('applies room:updated in the documented shape at once, and ignores a bare room', async () => {
    serve();
    open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    const socket = await musicSocket();
    act(() => socket.serverEmit('room:updated', { ...room, title: 'Not the shape' }));
    expect(screen.getByRole('heading', { name: /Jazz night/ })).toBeInTheDocument();
    act(() => socket.serverEmit('room:updated', { roomId: 'r1', channelId: 'music', room: { ...room, title: 'Late jazz' } }));
    expect(screen.getByRole('heading', { name: /Late jazz/ })).toBeInTheDocument();
    act(() => socket.serverEmit('room:updated', { roomId: 'r2', channelId: 'music', room: { ...room, id: 'r2', title: 'Other room' } }));
    expect(screen.getByRole('heading', { name: /Late jazz/ })).toBeInTheDocument();
  });

  it('follows room:status: reconnecting, then the host ending the stream', async () => {
    serve();
    const { container } = open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    const socket = await musicSocket();
    const playerState = () => container.querySelector('[data-player-state]').dataset.playerState;
    act(() => socket.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: false, state: 'reconnecting', reason: 'encoder_lost' }));
    expect(screen.getByTestId('room-state')).toHaveTextContent('Reconnecting');
    expect(playerState()).toBe('reconnecting');
    expect(screen.getByText(/host is reconnecting/)).toBeInTheDocument();
    act(() => socket.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: false, state: 'offline', reason: 'ended_by_host' }));
    expect(playerState()).toBe('ended');
    expect(screen.getByText('The host ended the stream.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Jazz night/ })).toHaveTextContent('Offline');
  });

  it('a viewer opening an offline room sees it offline and no media loads', async () => {
    serve({ served: { ...room, live: false, state: 'offline' } });
    const { container } = open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    expect(container.querySelector('[data-player-state]').dataset.playerState).toBe('offline');
    expect(playerSources).toHaveLength(0);
  });

  it('gives an admin who is not the owner "End broadcast" (confirmed) and the chat menu; others get neither', async () => {
    const fetchMock = serve({ signedIn: true, sessionUser: { id: 'root', name: 'Ada', role: 'admin' } });
    const { container } = open({ hls: { enabled: true }, chat: { enabled: true } });
    const admin = await screen.findByRole('region', { name: 'Admin' });
    expect(screen.queryByRole('link', { name: 'Manage room' })).toBeNull();
    const socket = await musicSocket();
    socket.answer('room:join', { room, live: true, viewers: 2, history: [{ id: 'h1', roomId: 'r1', user: { id: 'u9', name: 'ann' }, text: 'hi', ts: 1 }] });
    act(() => socket.serverEmit('connect'));
    expect(await screen.findByRole('button', { name: 'Actions for the message from ann' })).toBeInTheDocument();

    await userEvent.click(within(admin).getByRole('button', { name: 'End broadcast' }));
    expect(within(admin).getByRole('alertdialog', { name: "End Hana's broadcast now?" })).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/stop'))).toBe(false);
    await userEvent.click(within(admin).getByRole('button', { name: 'End broadcast' }));
    await waitFor(() => expect(container.querySelector('[data-player-state]').dataset.playerState).toBe('ended'));
    expect(fetchMock.mock.calls.find(([url]) => String(url).endsWith('/stop'))[1].method).toBe('POST');
    expect(screen.getByText('The host ended the stream.')).toBeInTheDocument();
  });

  it('shows an admin the server\'s refusal to end a broadcast in words', async () => {
    serve({ signedIn: true, sessionUser: { id: 'root', name: 'Ada', role: 'admin' }, stop: { status: 409, body: { error: { code: 'not_live', message: 'not live' } } } });
    open({ hls: { enabled: true }, chat: { enabled: true } });
    const admin = await screen.findByRole('region', { name: 'Admin' });
    await userEvent.click(within(admin).getByRole('button', { name: 'End broadcast' }));
    await userEvent.click(within(admin).getByRole('button', { name: 'End broadcast' }));
    expect(await within(admin).findByRole('alert')).toHaveTextContent('Nothing is being broadcast in this room right now.');
  });

  it('gives a signed-in viewer who is not an admin no admin controls and no chat menu', async () => {
    serve({ signedIn: true, sessionUser: { id: 'u5', name: 'Bo', role: 'user' } });
    open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    const socket = await musicSocket();
    socket.answer('room:join', { room, live: true, viewers: 2, history: [{ id: 'h1', roomId: 'r1', user: { id: 'u9', name: 'ann' }, text: 'hi', ts: 1 }] });
    act(() => socket.serverEmit('connect'));
    await screen.findByText('hi');
    expect(screen.queryByRole('region', { name: 'Admin' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Actions for/ })).toBeNull();
  });

  it('says in words when the server switched real-time playback off for this stream, and plays LL-HLS', async () => {
    vi.stubGlobal('RTCPeerConnection', function FakePeerConnection() {});
    try {
      const whepOff = { protocol: 'whep', url: '/whep/r1', mimeType: 'application/sdp', latency: 'real-time', available: false, unavailableReason: 'the stream has B-frames' };
      serve({ served: { ...room, playback: [whepOff, ...room.playback] } });
      open({ hls: { enabled: true }, chat: { enabled: true } });
      expect(await screen.findByTestId('playback-notice')).toHaveTextContent('Real-time playback is off for this stream: the stream has B-frames.');
      await waitFor(() => expect(playerSources.at(-1)).toBe('/media/r1/live'));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('offers the owner a way to manage the room', async () => {
    serve({ signedIn: true });
    open({ hls: { enabled: true }, chat: { enabled: true } });
    expect(await screen.findByRole('link', { name: 'Manage room' })).toHaveAttribute('href', '/me/room');
  });
});
