import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import ChatList from './ChatList.jsx';
import { emitWithAck } from '../lib/emitWithAck.js';
import { appendMessage, removeMessage } from '../lib/chatMessages.js';

export const maxChatLength = 500;
const muteSeconds = 300;

function errorWords(error, fallback) {
  if (!error) return fallback;
  if (typeof error === 'string') return error;
  return error.message || fallback;
}

/**
 * A room's chat over the channel's Socket.IO namespace: joins the room (and
 * rejoins after a reconnect), shows history and new messages, sends, and gives
 * the owner delete and mute controls. Viewer counts and the join answer's live
 * state are passed up (`onLive(live, { state })`); the page itself follows room:status.
 */
export default function ChatPanel({ socket, roomId, user, isOwner, onViewers, onLive }) {
  const location = useLocation();
  const [messages, setMessages] = useState([]);
  const [connected, setConnected] = useState(false);
  const [joinError, setJoinError] = useState('');
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(0);  // messages waiting for their ack
  const [notice, setNotice] = useState('');
  const inputRef = useRef(null);
  const callbacks = useRef({ onViewers, onLive });
  callbacks.current = { onViewers, onLive };

  useEffect(() => {
    if (!socket || !roomId) return undefined;
    let active = true;

    const join = async () => {
      try {
        const ack = await emitWithAck(socket, 'room:join', { roomId });
        if (!active) return;
        if (ack?.error) {
          setJoinError(errorWords(ack.error, 'Could not join the chat.'));
          return;
        }
        setJoinError('');
        setConnected(true);
        setMessages((ack?.history || []).reduce((list, m) => appendMessage(list, m), []));
        if (typeof ack?.viewers === 'number') callbacks.current.onViewers?.(ack.viewers);
        // The joined room's state (live, reconnecting, offline) as the server sees it now.
        if (typeof ack?.live === 'boolean') callbacks.current.onLive?.(ack.live, ack.room?.state ? { state: ack.room.state } : null);
      } catch (error) {
        if (active) setJoinError(errorWords(error, 'Could not join the chat.'));
      }
    };
    const onConnect = () => join();
    const onDisconnect = () => setConnected(false);
    const onMessage = (m) => { if (m?.roomId === roomId) setMessages((list) => appendMessage(list, m)); };
    const onDeleted = (e) => { if (e?.roomId === roomId) setMessages((list) => removeMessage(list, e.messageId)); };
    const onViewerCount = (e) => { if (e?.roomId === roomId) callbacks.current.onViewers?.(e.count); };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('chat:message', onMessage);
    socket.on('chat:deleted', onDeleted);
    socket.on('room:viewers', onViewerCount);
    if (socket.connected) join();

    return () => {
      active = false;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('chat:message', onMessage);
      socket.off('chat:deleted', onDeleted);
      socket.off('room:viewers', onViewerCount);
      if (socket.connected) socket.emit('room:leave', { roomId });
      setMessages([]);
      setConnected(false);
    };
    // A new user (sign in/out) reconnects the socket, which rejoins through onConnect.
  }, [socket, roomId]);

  const send = async (event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    // The box empties at once, so the next message can be typed and sent while
    // this one waits for its ack (the server acks only once the message is
    // saved, ~100 ms). A refused message comes back into an empty box to retry.
    setDraft('');
    setSending((count) => count + 1);
    setNotice('');
    try {
      const ack = await emitWithAck(socket, 'chat:send', { roomId, text });
      if (ack?.error) {
        setNotice(errorWords(ack.error, 'The message was not sent.'));
        setDraft((current) => (current.trim() === '' ? text : current));
      }
    } catch (error) {
      setNotice(errorWords(error, 'The message was not sent.'));
      setDraft((current) => (current.trim() === '' ? text : current));
    } finally {
      setSending((count) => count - 1);
      inputRef.current?.focus();
    }
  };

  const moderate = useCallback(async (event, payload, failure) => {
    try {
      const ack = await emitWithAck(socket, event, { roomId, ...payload });
      if (ack?.error) setNotice(errorWords(ack.error, failure));
    } catch (error) {
      setNotice(errorWords(error, failure));
    }
  }, [socket, roomId]);

  const onDelete = (message) => moderate('chat:delete', { messageId: message.id }, 'Could not delete the message.');
  const onMute = async (message) => {
    await moderate('chat:mute', { userId: message.user.id, seconds: muteSeconds }, 'Could not mute the user.');
  };

  const signInHref = `/signin?redirect=${encodeURIComponent(location.pathname)}`;
  return (
    <section aria-label="Chat" className="flex h-full min-h-0 flex-col rounded-lg border border-zinc-800 bg-zinc-900">
      <header className="flex h-10 shrink-0 items-center justify-between border-b border-zinc-800 px-3">
        <h2 className="text-sm font-semibold">Chat</h2>
        <span className="text-xs text-zinc-500" aria-live="polite">
          {connected ? 'Connected' : 'Connecting…'}
        </span>
      </header>
      <ChatList
        messages={messages}
        currentUserId={user?.id}
        canModerate={!!isOwner}
        onDelete={onDelete}
        onMute={onMute}
      />
      <div className="shrink-0 border-t border-zinc-800 p-2">
        {/* The notice line keeps its height whether empty or not, so the list never jumps. */}
        <p className="h-5 truncate text-xs text-amber-300" role="status" aria-live="polite" title={joinError || notice}>
          {joinError || notice}
        </p>
        {user ? (
          <form className="flex gap-2" onSubmit={send}>
            <label htmlFor="chat-input" className="sr-only">Chat message</label>
            <input
              id="chat-input"
              ref={inputRef}
              className="min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-1.5 text-sm"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={maxChatLength}
              placeholder="Send a message"
              autoComplete="off"
            />
            <button
              type="submit"
              className="rounded bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50"
              disabled={!draft.trim() || !connected}
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
      </div>
    </section>
  );
}
