import { io } from 'socket.io-client';

// One Socket.IO socket per channel namespace, shared by every component that
// needs it (socket.io-client would hand them the same object anyway), and
// disconnected only when the last user lets go.
const entries = new Map();

export function acquireChannelSocket(channelId) {
  let entry = entries.get(channelId);
  if (!entry) {
    const socket = io(`/${channelId}`, { path: '/socket.io/', withCredentials: true });
    entry = { socket, users: 0 };
    entries.set(channelId, entry);
  }
  entry.users += 1;
  return entry.socket;
}

export function releaseChannelSocket(channelId) {
  const entry = entries.get(channelId);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users <= 0) {
    entry.socket.disconnect();
    entries.delete(channelId);
  }
}

/**
 * The server reads the session cookie when a connection is made, so after
 * signing in or out every socket reconnects to be seen as the new user.
 * Disconnecting all of them first closes the shared connection for a fresh handshake.
 */
export function reconnectChannelSockets() {
  const sockets = [...entries.values()].map((e) => e.socket);
  sockets.forEach((s) => s.disconnect());
  sockets.forEach((s) => s.connect());
}
