import { useEffect } from 'react';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { acquireChannelSocket, releaseChannelSocket } from '../lib/channelSockets.js';
import { useDebouncedCallback } from './useDebouncedCallback.js';
import { useInterval } from './useInterval.js';

const roomEvents = ['room:created', 'room:updated', 'room:deleted', 'room:status', 'room:viewers'];

/**
 * Calls `refresh` after room events on the given channels' namespaces,
 * debounced so a burst of events costs one reload. Without the chat plugin
 * (no Socket.IO) it falls back to polling; with it, a slow poll is a safety net.
 */
export function useLiveRoomUpdates(channelIds, refresh) {
  const { has } = useFeatures();
  const realtime = has('chat');
  const debounced = useDebouncedCallback(refresh, 400, 2000);
  const key = channelIds.join('\n');

  useEffect(() => {
    if (!realtime || !key) return undefined;
    const ids = key.split('\n');
    const sockets = ids.map((id) => acquireChannelSocket(id));
    sockets.forEach((s) => roomEvents.forEach((e) => s.on(e, debounced)));
    return () => {
      sockets.forEach((s) => roomEvents.forEach((e) => s.off(e, debounced)));
      ids.forEach((id) => releaseChannelSocket(id));
    };
  }, [key, realtime, debounced]);

  useInterval(refresh, realtime ? 15000 : 5000);
}
