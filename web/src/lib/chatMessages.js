export const maxChatMessages = 300;

/** Adds a message once (the server may resend on reconnect), keeping the newest `limit`. */
export function appendMessage(messages, message, limit = maxChatMessages) {
  if (!message || messages.some((m) => m.id === message.id)) return messages;
  const next = [...messages, message];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * The message stays in its place as a placeholder ("deleted by the host"), so
 * replies around it still make sense and nobody wonders where it went.
 * `by` is who deleted it as chat:deleted says ("owner", "moderator", "admin",
 * "author"); a server that does not say leaves it null.
 */
export function markDeleted(messages, messageId, by = null) {
  if (!messages.some((m) => m.id === messageId && !m.deleted)) return messages;
  const deletedBy = typeof by === 'string' ? by : null;
  return messages.map((m) => (m.id === messageId ? { id: m.id, roomId: m.roomId, user: m.user, ts: m.ts, deleted: true, deletedBy } : m));
}

const deletedTexts = {
  owner: 'Message deleted by the host',
  moderator: 'Message deleted by a moderator',
  admin: 'Message deleted by an admin',
};

/** The placeholder's words for a message deleted by `by` (the author, or nobody said: plain "Message deleted"). */
export function deletedText(by) {
  return deletedTexts[by] || 'Message deleted';
}

export function formatTime(ts) {
  const date = toDate(ts);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function toDate(ts) {
  return new Date(typeof ts === 'number' && ts < 1e12 ? ts * 1000 : ts);
}

export function isoTime(ts) {
  const date = toDate(ts);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
