import { useEffect, useRef } from 'react';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { acquireChannelSocket, releaseChannelSocket } from '../lib/channelSockets.js';
import { parseRoomEvent, roomEventNames } from '../lib/roomEvents.js';
import { useDebouncedCallback } from './useDebouncedCallback.js';
import { useInterval } from './useInterval.js';

/**
 * Follows the room events of the given channels' namespaces. An event in its
 * documented shape goes to `onEvent` (parsed, see lib/roomEvents.js) so the
 * page updates in place; one that does not match, or any event when there is
 * no `onEvent`, costs a reload by `refresh`, debounced so a burst is one reload.
 * Without the chat plugin (no Socket.IO) it polls; with it, a slow poll is a safety net.
 */
export function useLiveRoomUpdates(channelIds, refresh, onEvent) {
  const { has } = useFeatures();
  const realtime = has('chat');
  const debounced = useDebouncedCallback(refresh, 400, 2000);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const key = channelIds.join('\n');

  useEffect(() => {
    if (!realtime || !key) return undefined;
    const ids = key.split('\n');
    const sockets = ids.map((id) => acquireChannelSocket(id));
    const handlers = roomEventNames.map((name) => [name, (payload) => {
      const event = parseRoomEvent(name, payload);
      if (event && onEventRef.current) onEventRef.current(event);
      else debounced();
    }]);
    sockets.forEach((s) => handlers.forEach(([name, fn]) => s.on(name, fn)));
    return () => {
      sockets.forEach((s) => handlers.forEach(([name, fn]) => s.off(name, fn)));
      ids.forEach((id) => releaseChannelSocket(id));
    };
  }, [key, realtime, debounced]);

  useInterval(refresh, realtime ? 15000 : 5000);
}
