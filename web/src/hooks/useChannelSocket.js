import { useEffect, useState } from 'react';
import { acquireChannelSocket, releaseChannelSocket } from '../lib/channelSockets.js';

/** The Socket.IO socket of a channel namespace, or null when disabled. */
export function useChannelSocket(channelId, enabled = true) {
  const [socket, setSocket] = useState(null);
  useEffect(() => {
    if (!channelId || !enabled) return undefined;
    const s = acquireChannelSocket(channelId);
    setSocket(s);
    return () => {
      setSocket(null);
      releaseChannelSocket(channelId);
    };
  }, [channelId, enabled]);
  return socket;
}
