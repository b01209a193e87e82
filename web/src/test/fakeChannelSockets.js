import { waitFor } from '@testing-library/react';
// Not from helpers.jsx: that imports the app, which imports the module this replaces.
import { FakeSocket } from './FakeSocket.js';

// Stands in for lib/channelSockets.js in page tests:
//   vi.mock('../lib/channelSockets.js', () => import('../test/fakeChannelSockets.js'));
// Each channel gets one FakeSocket, kept in `sockets.byChannel` for the test to drive.
export const sockets = { byChannel: new Map(), released: [] };

export function resetFakeChannelSockets() {
  sockets.byChannel.clear();
  sockets.released.length = 0;
}

export function acquireChannelSocket(id) {
  if (!sockets.byChannel.has(id)) sockets.byChannel.set(id, new FakeSocket());
  return sockets.byChannel.get(id);
}

export function releaseChannelSocket(id) {
  sockets.released.push(id);
}

export function reconnectChannelSockets() {}

/** The channel's socket once the page listens on it (pages take it in an effect after the room shows). */
export function listeningSocket(id, event = 'room:status') {
  return waitFor(() => {
    const socket = sockets.byChannel.get(id);
    if (!socket || socket.listenerCount(event) === 0) throw new Error(`nothing listens to ${event} on ${id} yet`);
    return socket;
  });
}
