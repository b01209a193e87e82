import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import ChatList from './ChatList.jsx';
import ModerationSheet, { timeoutLabel } from './ModerationSheet.jsx';
import { emitWithAck } from '../lib/emitWithAck.js';
import { api } from '../api/client.js';
import { appendMessage, markDeleted } from '../lib/chatMessages.js';
import { clockTime, describeChatError, errorCode, signedOutCodes } from '../lib/chatErrors.js';
import { chatLength, counterFrom, maxChatLength } from '../lib/chatText.js';

export { maxChatLength };

/**
 * A room's chat over the channel's Socket.IO namespace: joins the room (and
 * rejoins after a reconnect), shows history and new messages, sends, and gives
 * the owner, the room's moderators and admins (the join answer's
 * `moderation.role`, or `canModerate`) a menu per message (delete, time out,
 * unmute, ban, each confirmed). The user is told of their own time-out
 * ("You are timed out until 14:05") and ban, and slow mode counts down to the
 * next message they may send (docs/chat-events.md, "Moderation").
 * Viewer counts and the join answer's live state are passed up
 * (`onLive(live, { state })`); the page itself follows room:status.
 *
 * A session that ended elsewhere (signed out in another tab, expired) shows
 * up as the server's `auth:signed-out` event, a `signed_out` (or
 * "unauthorized") answer, or the server closing the connection:
 * `onSignedOut()` lets the app check the session, and the panel says so.
 */
export default function ChatPanel({ socket, roomId, user, canModerate, moderatorRole = 'owner', onViewers, onLive, onSignedOut }) {
  const location = useLocation();
  const [messages, setMessages] = useState([]);
  const [connected, setConnected] = useState(false);
  const [joinError, setJoinError] = useState('');
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(0);  // messages waiting for their ack
  const [notice, setNotice] = useState('');
  const [moderating, setModerating] = useState(null);  // { message, opener }
  const [mutes, setMutes] = useState({});  // userId -> until (ms), set by this host in this visit
  // The join answer's `moderation`, kept current by chat:moderation / chat:settings / chat:moderators.
  const [mod, setMod] = useState(null);
  const [nextSendAt, setNextSendAt] = useState(0);  // slow mode: Unix ms of the next message allowed
  const [now, setNow] = useState(() => Date.now());
  const userIdRef = useRef(user?.id);
  userIdRef.current = user?.id;
  const inputRef = useRef(null);
  const callbacks = useRef({ onViewers, onLive, onSignedOut });
  callbacks.current = { onViewers, onLive, onSignedOut };

  const signedOut = useCallback(() => {
    setNotice('You were signed out (in another tab, or your session ended). Sign in again to chat.');
    callbacks.current.onSignedOut?.();
  }, []);

  useEffect(() => {
    if (!socket || !roomId) return undefined;
    let active = true;

    const join = async () => {
      try {
        const ack = await emitWithAck(socket, 'room:join', { roomId });
        if (!active) return;
        if (ack?.error) {
          setJoinError(describeChatError(ack.error, 'Could not join the chat.'));
          return;
        }
        setJoinError('');
        setConnected(true);
        setMessages((ack?.history || []).reduce((list, m) => appendMessage(list, m), []));
        setMod(ack?.moderation && typeof ack.moderation === 'object' ? ack.moderation : null);
        if (typeof ack?.viewers === 'number') callbacks.current.onViewers?.(ack.viewers);
        // The joined room's state (live, reconnecting, offline) as the server sees it now.
        if (typeof ack?.live === 'boolean') callbacks.current.onLive?.(ack.live, ack.room?.state ? { state: ack.room.state } : null);
      } catch (error) {
        if (active) setJoinError(describeChatError(error, 'Could not join the chat.'));
      }
    };
    const onConnect = () => join();
    let reconnectTimer = null;
    const onDisconnect = (reason) => {
      setConnected(false);
      // The server closed this connection itself (a session that ended): check
      // who we are now, and come back as that (anonymous: reading still works).
      if (reason === 'io server disconnect') {
        callbacks.current.onSignedOut?.();
        clearTimeout(reconnectTimer);
        reconnectTimer = setTimeout(() => { if (active && !socket.connected) socket.connect(); }, 1000);
      }
    };
    const onConnectError = (error) => {
      if (active) setJoinError(`Chat could not connect: ${error?.message || 'the server refused the connection.'}`);
    };
    const onMessage = (m) => { if (m?.roomId === roomId) setMessages((list) => appendMessage(list, m)); };
    const onDeleted = (e) => { if (e?.roomId === roomId) setMessages((list) => markDeleted(list, e.messageId, e.by)); };
    const onViewerCount = (e) => { if (e?.roomId === roomId) callbacks.current.onViewers?.(e.count); };
    // Moderation told to the room (or the whole site): only what concerns this user changes the panel.
    const onModeration = (e) => {
      if (!e || (e.roomId !== roomId && e.roomId !== null) || e.userId !== userIdRef.current) return;
      setMod((m) => {
        const next = { ...(m || {}) };
        if (e.action === 'timeout') next.timedOutUntil = e.until;
        if (e.action === 'untimeout') next.timedOutUntil = null;
        if (e.action === 'ban') next.banned = true;
        if (e.action === 'unban') next.banned = false;
        if (e.action === 'site_ban') next.bannedOnSite = true;
        if (e.action === 'site_unban') next.bannedOnSite = false;
        return next;
      });
    };
    const onSettings = (e) => {
      if (e?.roomId === roomId) setMod((m) => ({ ...(m || {}), slowModeSeconds: e.slowModeSeconds, establishedMinutes: e.establishedMinutes }));
    };
    const onModerators = (e) => {
      if (e?.roomId !== roomId || !Array.isArray(e.moderators)) return;
      setMod((m) => {
        const next = { ...(m || {}), moderators: e.moderators };
        const mine = e.moderators.includes(userIdRef.current);
        if (mine && (!next.role || next.role === 'member')) next.role = 'moderator';
        if (!mine && next.role === 'moderator') next.role = 'member';
        return next;
      });
    };
    // The server refused this connection's next action because its session ended.
    const onSignedOutEvent = () => { if (active) signedOut(); };
    // The server kept the connection but says something is wrong with it (a refused
    // WebSocket upgrade from a foreign origin): show its words rather than degrade silently.
    const onWarning = (e) => { if (active && typeof e?.message === 'string') setNotice(e.message); };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('chat:message', onMessage);
    socket.on('chat:deleted', onDeleted);
    socket.on('room:viewers', onViewerCount);
    socket.on('auth:signed-out', onSignedOutEvent);
    socket.on('connection:warning', onWarning);
    socket.on('chat:moderation', onModeration);
    socket.on('chat:settings', onSettings);
    socket.on('chat:moderators', onModerators);
    if (socket.connected) join();

    return () => {
      active = false;
      clearTimeout(reconnectTimer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('chat:message', onMessage);
      socket.off('chat:deleted', onDeleted);
      socket.off('room:viewers', onViewerCount);
      socket.off('auth:signed-out', onSignedOutEvent);
      socket.off('connection:warning', onWarning);
      socket.off('chat:moderation', onModeration);
      socket.off('chat:settings', onSettings);
      socket.off('chat:moderators', onModerators);
      if (socket.connected) socket.emit('room:leave', { roomId });
      setMessages([]);
      setConnected(false);
    };
    // A new user (sign in/out) reconnects the socket, which rejoins through onConnect.
  }, [socket, roomId, signedOut]);

  const length = chatLength(draft);
  const tooLong = length > maxChatLength;
  const role = mod?.role;
  const staff = role === 'owner' || role === 'moderator' || role === 'admin';
  const timedOutUntil = mod?.timedOutUntil && mod.timedOutUntil > now ? mod.timedOutUntil : 0;
  const slowWait = nextSendAt > now ? Math.ceil((nextSendAt - now) / 1000) : 0;
  let restriction = '';
  if (user && mod?.bannedOnSite) restriction = 'You are banned from chat on this site. You can still read it.';
  else if (user && mod?.banned) restriction = 'You are banned from this room\'s chat. You can still read it.';
  else if (user && timedOutUntil) restriction = `You are timed out until ${clockTime(timedOutUntil)}. You can still read the chat.`;

  // A clock for the time-out's end and the slow-mode countdown, only while one runs.
  useEffect(() => {
    if (!timedOutUntil && !slowWait) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [timedOutUntil, slowWait]);

  const send = async (event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || tooLong) return;
    // The box empties at once, so the next message can be typed and sent while
    // this one waits for its ack (the server acks only once the message is
    // saved, ~100 ms). A refused message comes back into an empty box to retry.
    setDraft('');
    setSending((count) => count + 1);
    setNotice('');
    const refused = (error) => {
      if (signedOutCodes.has(errorCode(error))) signedOut();
      else setNotice(describeChatError(error, 'The message was not sent.'));
      setDraft((current) => (current.trim() === '' ? text : current));
    };
    try {
      const ack = await emitWithAck(socket, 'chat:send', { roomId, text });
      if (ack?.error) {
        refused(ack.error);
        const code = errorCode(ack.error);
        if (code === 'slow_mode' && ack.error.until) { setNextSendAt(ack.error.until); setNow(Date.now()); }
        if (code === 'muted' && ack.error.until) setMod((m) => ({ ...(m || {}), timedOutUntil: ack.error.until }));
        if (code === 'banned') setMod((m) => ({ ...(m || {}), [/site/.test(ack.error.message || '') ? 'bannedOnSite' : 'banned']: true }));
      } else if (mod?.slowModeSeconds > 0 && !staff) {
        setNextSendAt(Date.now() + mod.slowModeSeconds * 1000);
        setNow(Date.now());
      }
    } catch (error) {
      refused(error);
    } finally {
      setSending((count) => count - 1);
      inputRef.current?.focus();
    }
  };

  const moderate = useCallback(async (event, payload, failure, success) => {
    try {
      const ack = await emitWithAck(socket, event, { roomId, ...payload });
      if (ack?.error) {
        if (signedOutCodes.has(errorCode(ack.error))) signedOut();
        else setNotice(describeChatError(ack.error, failure));
        return false;
      }
      setNotice(success);
      return true;
    } catch (error) {
      setNotice(describeChatError(error, failure));
      return false;
    }
  }, [socket, roomId, signedOut]);

  const onDelete = (message) => moderate('chat:delete', { messageId: message.id }, 'Could not delete the message.', 'Message deleted.');
  const onTimeout = async (message, seconds) => {
    const name = message.user?.name;
    if (await moderate('chat:mute', { userId: message.user.id, seconds }, `Could not time out ${name}.`, `${name} is timed out for ${timeoutLabel(seconds)}.`)) {
      setMutes((m) => ({ ...m, [message.user.id]: Date.now() + seconds * 1000 }));
    }
  };
  const onBan = (message) => moderate('chat:ban', { userId: message.user.id }, `Could not ban ${message.user?.name}.`, `${message.user?.name} is banned from this room's chat.`);
  // The owner (and admins) appoint moderators over HTTP (docs/api.md, "Chat moderation").
  const onAppoint = async (message) => {
    const name = message.user?.name;
    try {
      await api(`/api/rooms/${encodeURIComponent(roomId)}/moderators/${encodeURIComponent(message.user.id)}`, { method: 'PUT' });
      setNotice(`${name} is now a moderator of this room.`);
    } catch (error) {
      setNotice(error?.message || `Could not make ${name} a moderator.`);
    }
  };
  const onUnmute = async (message) => {
    const name = message.user?.name;
    // A mute of 0 seconds lifts the mute (docs/chat-events.md).
    if (await moderate('chat:mute', { userId: message.user.id, seconds: 0 }, `Could not unmute ${name}.`, `${name} can send messages again.`)) {
      setMutes((m) => ({ ...m, [message.user.id]: 0 }));
    }
  };
  const closeSheet = () => {
    const opener = moderating?.opener;
    setModerating(null);
    if (opener?.isConnected) opener.focus();
  };

  const signInHref = `/signin?redirect=${encodeURIComponent(location.pathname)}`;
  const statusLine = joinError || notice;
  const moderates = (!!canModerate || staff) && !!user;
  const actorRole = canModerate ? moderatorRole : (role === 'moderator' || role === 'admin' ? role : moderatorRole);
  return (
    <section aria-label="Chat" className="relative flex h-full min-h-0 flex-col rounded-lg border border-zinc-800 bg-zinc-900">
      <header className="flex h-9 shrink-0 items-center justify-between border-b border-zinc-800 px-3">
        <h2 className="text-sm font-semibold">Chat</h2>
        <span className="text-xs text-zinc-400" aria-live="polite">
          {connected ? 'Connected' : 'Connecting…'}
        </span>
      </header>
      <ChatList
        messages={messages}
        currentUserId={user?.id}
        canModerate={moderates}
        onModerate={(message, opener) => setModerating({ message, opener })}
      />
      {moderating && (
        <ModerationSheet
          message={moderating.message}
          mine={moderating.message.user?.id === user?.id}
          actor={actorRole}
          mutedUntil={mutes[moderating.message.user?.id]}
          onDelete={onDelete}
          onTimeout={onTimeout}
          onUnmute={onUnmute}
          onBan={onBan}
          onAppoint={role === 'owner' || role === 'admin' || (canModerate && moderatorRole !== 'moderator') ? onAppoint : undefined}
          onClose={closeSheet}
        />
      )}
      <div className="shrink-0 border-t border-zinc-800 p-2">
        {/* The notice keeps room for two lines whether empty or not, so the list never jumps. */}
        <p className="line-clamp-2 min-h-8 text-xs leading-4 text-amber-300" role="status" aria-live="polite" data-testid="chat-notice">
          {statusLine}
        </p>
        {restriction && (
          <p className="mb-1 rounded bg-red-950 px-2 py-1 text-sm text-red-100" role="status" data-testid="chat-restriction">{restriction}</p>
        )}
        {!restriction && slowWait > 0 && (
          <p className="mb-1 text-xs text-zinc-300" aria-live="polite" data-testid="chat-slow-mode">
            Slow mode: you can send again in {slowWait} s.
          </p>
        )}
        {user ? (
          <form className="flex items-center gap-2" onSubmit={send}>
            <label htmlFor="chat-input" className="sr-only">Chat message</label>
            <input
              id="chat-input"
              ref={inputRef}
              className={`min-w-0 flex-1 rounded border bg-zinc-950 px-2 py-1.5 text-base sm:text-sm ${tooLong ? 'border-red-500' : 'border-zinc-700'}`}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="Send a message"
              autoComplete="off"
              enterKeyHint="send"
              aria-invalid={tooLong}
              aria-describedby="chat-counter"
            />
            <button
              type="submit"
              className="rounded bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50"
              disabled={!draft.trim() || !connected || tooLong || !!restriction || slowWait > 0}
              aria-busy={sending > 0}
            >
              Send
            </button>
          </form>
        ) : (
          <p className="py-1.5 text-sm text-zinc-300">
            <Link className="font-semibold text-brand-400 underline" to={signInHref}>Sign in to chat</Link>
          </p>
        )}
        {/* Shown near the limit; past it, the message is not cut: the viewer shortens it. */}
        <p id="chat-counter" className={`mt-1 text-right text-xs ${tooLong ? 'text-red-300' : 'text-zinc-400'} ${user && length >= counterFrom ? '' : 'sr-only'}`} data-testid="chat-counter" aria-live="polite">
          {user && length >= counterFrom && (tooLong
            ? `${length - maxChatLength} characters too many (${length}/${maxChatLength}): shorten the message to send it.`
            : `${maxChatLength - length} characters left`)}
        </p>
      </div>
    </section>
  );
}
