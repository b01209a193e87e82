import { normalizeRoom } from './roomState.js';

// The room events of a channel namespace, one shape each (docs/chat-events.md):
//   room:created { roomId, channelId, room }   room:updated { roomId, channelId, room }
//   room:deleted { roomId, channelId }         room:status  { roomId, channelId, live, state, reason }
//   room:viewers { roomId, count }
export const roomEventNames = ['room:created', 'room:updated', 'room:deleted', 'room:status', 'room:viewers'];

const isId = (value) => typeof value === 'string' && value.length > 0;

/**
 * Checks an event against its documented shape and returns
 * { type, roomId, channelId?, room?, live?, state?, reason?, count? }, or null
 * when it does not match (the caller then reloads instead of guessing).
 */
export function parseRoomEvent(name, payload) {
  if (!payload || typeof payload !== 'object' || !isId(payload.roomId)) return null;
  const { roomId, channelId } = payload;
  switch (name) {
    case 'room:created':
    case 'room:updated':
      if (!isId(channelId) || !payload.room || payload.room.id !== roomId) return null;
      return { type: name, roomId, channelId, room: payload.room };
    case 'room:deleted':
      return { type: name, roomId, channelId: isId(channelId) ? channelId : null };
    case 'room:status':
      if (typeof payload.live !== 'boolean') return null;
      return { type: name, roomId, channelId, live: payload.live, state: payload.state, reason: payload.reason || null };
    case 'room:viewers':
      if (!Number.isFinite(payload.count)) return null;
      return { type: name, roomId, count: payload.count };
    default:
      return null;
  }
}

/** A list of rooms after a parsed event: a new array when something changed, else the same one. */
export function applyRoomEvent(rooms, event, listChannelId) {
  const list = rooms || [];
  const index = list.findIndex((r) => r.id === event.roomId);
  const replace = (room) => list.map((r, i) => (i === index ? room : r));
  switch (event.type) {
    case 'room:created':
    case 'room:updated': {
      const room = normalizeRoom({ ...(index >= 0 ? list[index] : {}), ...event.room });
      // A room that moved to another channel leaves this list.
      if (listChannelId && room.channelId !== listChannelId) return index >= 0 ? list.filter((_, i) => i !== index) : list;
      return index >= 0 ? replace(room) : [...list, room];
    }
    case 'room:deleted':
      return index >= 0 ? list.filter((_, i) => i !== index) : list;
    case 'room:status': {
      if (index < 0) return list;
      const room = normalizeRoom({ ...list[index], state: event.state, live: event.live });
      return replace(room);
    }
    case 'room:viewers':
      return index >= 0 ? replace({ ...list[index], viewers: event.count }) : list;
    default:
      return list;
  }
}
