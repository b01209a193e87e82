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
  muted: 'The host has muted you for now: you can read the chat, and write again when the mute ends.',
  rate_limited: 'You are sending messages too fast. Wait a few seconds, then send again.',
  not_saved: 'Your message could not be saved. Try sending it again.',
  forbidden: 'Only the room\'s host or an admin can do that.',
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

/** A sentence for an ack error, a thrown Error, or a bare string. */
export function describeChatError(error, fallback) {
  if (!error) return fallback;
  if (typeof error === 'string') return sentences[error] || error;
  const code = errorCode(error);
  if (code && sentences[code]) return sentences[code];
  return error.message || fallback;
}
