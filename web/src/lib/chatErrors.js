// The chat server's error codes (docs/chat-events.md) in sentences a viewer
// understands. A code not listed here shows the server's own words when it
// sent some (a moderation filter's reason), else the caller's fallback.
const sentences = {
  unauthorized: 'You are signed out. Sign in again to chat.',
  unauthenticated: 'You are signed out. Sign in again to chat.',
  session_expired: 'Your session has ended. Sign in again to chat.',
  session_revoked: 'You were signed out. Sign in again to chat.',
  not_signed_in: 'You are signed out. Sign in again to chat.',
  signed_out: 'You were signed out (in another tab, or your session ended). Sign in again to chat.',
  invalid_request: 'The chat did not understand that request. Reload the page and try again.',
  not_in_room: 'You left this room\'s chat (the connection dropped). It reconnects by itself; try again in a moment.',
  invalid_text: 'A message must be 1 to 500 characters of text, without control characters.',
  muted: 'You are timed out: you can read the chat, and write again when the time-out ends.',
  banned: 'You are banned from this room\'s chat: you can still read it.',
  not_established: 'This room\'s chat takes messages only from accounts a little older than yours. You can read it meanwhile.',
  slow_mode: 'Slow mode is on: wait a little before your next message.',
  word_filtered: 'Your message contains a word or phrase this channel does not allow. Rephrase it and send again.',
  rate_limited: 'You are sending messages too fast. Wait a few seconds, then send again.',
  not_saved: 'Your message could not be saved. Try sending it again.',
  forbidden: 'Only the room\'s host, its moderators or an admin can do that.',
  room_not_found: 'This room does not exist any more.',
  message_not_found: 'That message is already gone.',
  user_not_found: 'That user does not exist any more.',
};

/** The codes that mean the chat no longer sees a signed-in user. */
export const signedOutCodes = new Set(['unauthorized', 'unauthenticated', 'not_signed_in', 'signed_out', 'session_expired', 'session_revoked']);

/** The code of an ack error ({ code, message }), a string, or an Error; null when there is none. */
export function errorCode(error) {
  return (error && typeof error === 'object' && typeof error.code === 'string') ? error.code : null;
}

/** "14:05" (or "Tue 14:05" when it is not today) for a Unix ms time. */
export function clockTime(ms, now = Date.now()) {
  const at = new Date(ms);
  const sameDay = at.toDateString() === new Date(now).toDateString();
  return at.toLocaleString([], { weekday: sameDay ? undefined : 'short', hour: '2-digit', minute: '2-digit' });
}

/** A sentence for an ack error, a thrown Error, or a bare string. */
export function describeChatError(error, fallback) {
  if (!error) return fallback;
  if (typeof error === 'string') return sentences[error] || error;
  const code = errorCode(error);
  // Refusals with an end say when (docs/chat-events.md, "Moderation").
  if (code === 'muted' && error.until) return `You are timed out until ${clockTime(error.until)}: you can read the chat meanwhile.`;
  if (code === 'not_established' && error.until) return `${error.message} You can write from ${clockTime(error.until)}.`;
  if (code && sentences[code]) return sentences[code];
  return error.message || fallback;
}
