// A room's broadcast state as the server's contract names it, and the one
// place that turns room JSON and room:status events into it.
export const roomStates = ['offline', 'live', 'reconnecting'];

/** "offline" | "live" | "reconnecting": the room's own word, else derived from `live` (older servers). */
export function roomStateOf(room) {
  if (roomStates.includes(room?.state)) return room.state;
  return room?.live ? 'live' : 'offline';
}

/** A room as the server sent it, with `state` always filled in and `live` agreeing with it. */
export function normalizeRoom(room) {
  if (!room || typeof room !== 'object') return room;
  const state = roomStateOf(room);
  return { ...room, state, live: state === 'live' };
}

/**
 * The room after a room:status event ({ roomId, live, state, reason }).
 * `endReason` keeps why the last broadcast ended, for the player's words;
 * it goes away when the room is live again.
 */
export function withStatus(room, status) {
  if (!room) return room;
  const state = roomStateOf({ state: status?.state, live: status?.live });
  // A repeated word on the same state (a rejoin's answer) keeps the reason already known.
  const sameState = state === roomStateOf(room);
  const endReason = state === 'offline' ? (status?.reason || (sameState ? room.endReason || null : null)) : null;
  return { ...room, state, live: state === 'live', endReason };
}

/**
 * A fresh copy of a room (a reload, room:updated, a PATCH answer) over the one
 * held: its fields win, and why the last broadcast ended stays as long as the
 * state has not changed.
 */
export function mergeRoom(old, fresh) {
  if (!fresh) return fresh;
  const next = normalizeRoom({ ...(old || {}), ...fresh });
  const endReason = old && next.state === roomStateOf(old) ? old.endReason || null : null;
  return { ...next, endReason };
}
