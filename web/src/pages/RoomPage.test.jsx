import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import RoomPage from './RoomPage.jsx';
import { FakeSocket, mockFetch, renderWithApp } from '../test/helpers.jsx';

const sockets = vi.hoisted(() => ({ byChannel: new Map() }));
vi.mock('../lib/channelSockets.js', () => ({
  acquireChannelSocket: (id) => {
    if (!sockets.byChannel.has(id)) sockets.byChannel.set(id, new sockets.FakeSocket());
    return sockets.byChannel.get(id);
  },
  releaseChannelSocket: () => {},
  reconnectChannelSockets: () => {},
}));

const room = {
  id: 'r1', channelId: 'music', title: 'Jazz night', description: 'Standards <b>live</b>',
  owner: { id: 'u1', name: 'Hana' }, live: true, viewers: 3, createdAt: '', updatedAt: '',
};

function serve({ signedIn = false } = {}) {
  return mockFetch((method, path) => {
    if (path === '/api/auth/session') {
      return signedIn ? { body: { user: { id: 'u1', name: 'Hana' }, session: {} } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } };
    }
    if (path === '/api/rooms/r1') return { body: { room } };
    return undefined;
  });
}

const open = (features) => renderWithApp(<RoomPage />, { path: '/r/r1', route: '/r/:roomId', features });

describe('RoomPage', () => {
  beforeEach(() => {
    sockets.FakeSocket = FakeSocket;
    sockets.byChannel.clear();
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

  it('has no chat panel without the chat plugin, and says so clearly without HLS', async () => {
    serve();
    open({});
    expect(await screen.findByRole('heading', { name: /Jazz night/ })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Chat' })).toBeNull();
    expect(screen.queryByLabelText(/Live video/)).toBeNull();
    expect(screen.getByText(/HLS plugin is disabled/)).toBeInTheDocument();
    expect(sockets.byChannel.size).toBe(0);
  });

  it('follows pushed viewer counts and tells viewers when the host closes the room', async () => {
    serve();
    open({ hls: { enabled: true }, chat: { enabled: true } });
    await screen.findByRole('heading', { name: /Jazz night/ });
    const socket = sockets.byChannel.get('music');
    socket.answer('room:join', { room, live: true, viewers: 5, history: [] });
    act(() => socket.serverEmit('connect'));
    expect(await screen.findByText('5 viewers')).toBeInTheDocument();
    act(() => socket.serverEmit('room:viewers', { roomId: 'r1', count: 1 }));
    expect(screen.getByTestId('viewer-count')).toHaveTextContent('1 viewer');
    act(() => socket.serverEmit('room:deleted', { roomId: 'r1' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('closed by its host');
  });

  it('offers the owner a way to manage the room', async () => {
    serve({ signedIn: true });
    open({ hls: { enabled: true }, chat: { enabled: true } });
    expect(await screen.findByRole('link', { name: 'Manage room' })).toHaveAttribute('href', '/me/room');
  });
});
