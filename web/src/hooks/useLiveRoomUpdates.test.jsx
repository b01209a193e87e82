import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { FeaturesProvider } from '../context/FeaturesContext.jsx';
import { FakeSocket } from '../test/helpers.jsx';
import { useLiveRoomUpdates } from './useLiveRoomUpdates.js';

const sockets = vi.hoisted(() => ({ byChannel: new Map(), released: [] }));
vi.mock('../lib/channelSockets.js', () => ({
  acquireChannelSocket: (id) => {
    if (!sockets.byChannel.has(id)) sockets.byChannel.set(id, new sockets.FakeSocket());
    return sockets.byChannel.get(id);
  },
  releaseChannelSocket: (id) => sockets.released.push(id),
}));

function wrapperWith(features) {
  return ({ children }) => <FeaturesProvider initial={features}>{children}</FeaturesProvider>;
}

describe('useLiveRoomUpdates', () => {
  beforeEach(() => {
    sockets.FakeSocket = FakeSocket;
    sockets.byChannel.clear();
    sockets.released.length = 0;
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

  it('polls instead when the chat plugin (and so Socket.IO) is off', () => {
    const refresh = vi.fn();
    renderHook(() => useLiveRoomUpdates(['gaming'], refresh), { wrapper: wrapperWith({}) });
    expect(sockets.byChannel.size).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
