import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import HomePage from './HomePage.jsx';
import ChannelPage from './ChannelPage.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';
import { listeningSocket, resetFakeChannelSockets } from '../test/fakeChannelSockets.js';

vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));

const channels = [{ id: 'music', title: 'Music', description: '' }, { id: 'gaming', title: 'Gaming', description: '' }];
const jazz = { id: 'r1', channelId: 'music', title: 'Jazz night', owner: { id: 'u1', name: 'Hana' }, live: false, state: 'offline', viewers: 0 };

function serve() {
  return mockFetch((method, path) => {
    if (path === '/api/auth/session') return { status: 401, body: { error: { code: 'not_signed_in', message: 'no' } } };
    if (path === '/api/channels') return { body: { channels } };
    if (path === '/api/channels/music/rooms') return { body: { channel: channels[0], rooms: [jazz] } };
    if (path === '/api/channels/gaming/rooms') return { body: { channel: channels[1], rooms: [] } };
    return undefined;
  });
}

const card = (title) => screen.getByText(title).closest('a[data-room-id]');
const roomRequests = (fetchMock) => fetchMock.mock.calls.filter(([url]) => String(url).includes('/rooms')).length;

describe('HomePage and ChannelPage follow room events in place', () => {
  beforeEach(() => resetFakeChannelSockets());

  it('home: an edit, a start, a new room and a move between channels show without a reload', async () => {
    const fetchMock = serve();
    renderWithApp(<HomePage />, { features: { chat: { enabled: true } } });
    expect(await screen.findByText('Jazz night')).toBeInTheDocument();
    const music = await listeningSocket('music', 'room:updated');
    const gaming = await listeningSocket('gaming', 'room:updated');
    const requests = roomRequests(fetchMock);

    act(() => music.serverEmit('room:updated', { roomId: 'r1', channelId: 'music', room: { ...jazz, title: 'Late jazz' } }));
    expect(card('Late jazz')).toHaveAttribute('data-live', 'false');
    act(() => music.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: true, state: 'live', reason: 'started' }));
    expect(card('Late jazz')).toHaveAttribute('data-live', 'true');
    act(() => gaming.serverEmit('room:created', { roomId: 'r2', channelId: 'gaming', room: { ...jazz, id: 'r2', channelId: 'gaming', title: 'Speedrun' } }));
    expect(card('Speedrun').closest('section')).toHaveAttribute('data-channel-id', 'gaming');
    act(() => music.serverEmit('room:updated', { roomId: 'r1', channelId: 'gaming', room: { ...jazz, channelId: 'gaming', title: 'Late jazz' } }));
    expect(card('Late jazz').closest('section')).toHaveAttribute('data-channel-id', 'gaming');
    act(() => gaming.serverEmit('room:deleted', { roomId: 'r2', channelId: 'gaming' }));
    expect(screen.queryByText('Speedrun')).toBeNull();
    expect(roomRequests(fetchMock)).toBe(requests);
  });

  it('channel: an event not in its documented shape costs one reload instead', async () => {
    const fetchMock = serve();
    renderWithApp(<ChannelPage />, { path: '/c/music', route: '/c/:channelId', features: { chat: { enabled: true } } });
    expect(await screen.findByText('Jazz night')).toBeInTheDocument();
    const music = await listeningSocket('music', 'room:updated');
    act(() => music.serverEmit('room:status', { roomId: 'r1', channelId: 'music', live: true, state: 'live', reason: 'started' }));
    expect(card('Jazz night')).toHaveAttribute('data-live', 'true');
    const requests = roomRequests(fetchMock);
    act(() => music.serverEmit('room:updated', { ...jazz, title: 'bare room' }));
    await waitFor(() => expect(roomRequests(fetchMock)).toBe(requests + 1));
  });
});
