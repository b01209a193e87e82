import { useLayoutEffect, useRef } from 'react';
import { formatTime, isoTime } from '../lib/chatMessages.js';
import ChatMessageText from './ChatMessageText.jsx';

/**
 * The chat beside a past broadcast, as it stood at the playback position:
 * read-only, newest at the bottom, following the position (it scrolls to the
 * newest message whenever the list changes, as the live chat does for a
 * reader at the bottom). Text renders as React text nodes.
 */
export default function ChatReplay({ messages, loading = false, error = '' }) {
  const listRef = useRef(null);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages]);

  return (
    <section aria-label="Chat replay" className="flex h-full min-h-0 flex-col rounded-lg border border-zinc-800 bg-zinc-900">
      <h2 className="border-b border-zinc-800 px-3 py-2 text-sm font-semibold">Chat replay</h2>
      {error && <p role="alert" className="px-3 py-2 text-sm text-red-300">{error}</p>}
      <div ref={listRef} className="min-h-0 flex-1 overflow-y-auto px-3 py-2" role="log" aria-label="Chat messages at this moment" tabIndex={0}
        data-testid="chat-replay" data-loading={loading ? 'true' : 'false'}>
        {loading && messages.length === 0 ? (
          <p role="status" className="py-4 text-center text-sm text-zinc-400">Loading the chat of this moment…</p>
        ) : messages.length === 0 ? (
          <p className="py-4 text-center text-sm text-zinc-400">No chat messages up to this moment.</p>
        ) : (
          <ol className="space-y-1">
            {messages.map((message) => (
              <li key={message.id} className="break-words text-sm" data-message-id={message.id}>
                <time className="mr-1 text-xs text-zinc-400" dateTime={isoTime(message.ts)}>{formatTime(message.ts)}</time>
                <span className="font-semibold text-sky-300">{message.user?.name}</span>
                <span className="text-zinc-400">: </span>
                <span className="whitespace-pre-wrap text-zinc-100" data-testid="replay-text"><ChatMessageText text={message.text} /></span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
