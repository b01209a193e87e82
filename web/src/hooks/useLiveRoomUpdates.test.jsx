import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { FeaturesProvider } from '../context/FeaturesContext.jsx';
import { resetFakeChannelSockets, sockets } from '../test/fakeChannelSockets.js';
import { useLiveRoomUpdates } from './useLiveRoomUpdates.js';

vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));

function wrapperWith(features) {
  return ({ children }) => <FeaturesProvider initial={features}>{children}</FeaturesProvider>;
}

describe('useLiveRoomUpdates', () => {
  beforeEach(() => {
    resetFakeChannelSockets();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('turns a burst of room events on several channels into one refresh', () => {
    const refresh = vi.fn();
    const { unmount } = renderHook(() => useLiveRoomUpdates(['gaming', 'music'], refresh), { wrapper: wrapperWith({ chat: { enabled: true } }) });
    const gaming = sockets.byChannel.get('gaming');
    const music = sockets.byChannel.get('music');
    for (let i = 0; i < 20; i++) {
      gaming.serverEmit('room:viewers', { roomId: 'a', count: i });
      music.serverEmit(i % 2 ? 'room:updated' : 'room:status', { roomId: 'b', live: true });
    }
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(refresh).toHaveBeenCalledTimes(1);
    music.serverEmit('room:created', { room: { id: 'c' } });
    vi.advanceTimersByTime(500);
    expect(refresh).toHaveBeenCalledTimes(2);

    unmount();
    expect(sockets.released.sort()).toEqual(['gaming', 'music']);
    expect(gaming.listenerCount('room:viewers')).toBe(0);
  });

  it('hands events in their documented shape to onEvent at once, and reloads only for ones that do not match', () => {
    const refresh = vi.fn();
    const onEvent = vi.fn();
    renderHook(() => useLiveRoomUpdates(['music'], refresh, onEvent), { wrapper: wrapperWith({ chat: { enabled: true } }) });
    const music = sockets.byChannel.get('music');
    const room = { id: 'b', channelId: 'music', title: 'New title', live: true };
    music.serverEmit('room:updated', { roomId: 'b', channelId: 'music', room });
    music.serverEmit('room:status', { roomId: 'b', channelId: 'music', live: false, state: 'reconnecting', reason: 'encoder_lost' });
    music.serverEmit('room:deleted', { roomId: 'b', channelId: 'music' });
    music.serverEmit('room:viewers', { roomId: 'b', count: 4 });
    expect(onEvent.mock.calls.map(([e]) => e.type)).toEqual(['room:updated', 'room:status', 'room:deleted', 'room:viewers']);
    expect(onEvent.mock.calls[0][0]).toEqual({ type: 'room:updated', roomId: 'b', channelId: 'music', room });
    expect(onEvent.mock.calls[1][0]).toMatchObject({ state: 'reconnecting', live: false, reason: 'encoder_lost' });
    vi.advanceTimersByTime(3000);
    expect(refresh).not.toHaveBeenCalled();

    // The bare room an older server sent: not the contract, so reload rather than guess.
    music.serverEmit('room:updated', room);
    expect(onEvent).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(500);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('polls instead when the chat plugin (and so Socket.IO) is off', () => {
    const refresh = vi.fn();
    renderHook(() => useLiveRoomUpdates(['gaming'], refresh), { wrapper: wrapperWith({}) });
    expect(sockets.byChannel.size).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
