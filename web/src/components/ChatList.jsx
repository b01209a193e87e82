import { useLayoutEffect, useRef, useState } from 'react';
import { formatTime, isoTime } from '../lib/chatMessages.js';

const stickThresholdPx = 48;

/**
 * The scrolling list of chat messages. Text is always rendered as React text
 * nodes, so markup typed by a viewer shows as the characters they typed.
 * It follows new messages only while the reader is at the bottom; the
 * "new messages" button floats over the list so nothing shifts.
 */
export default function ChatList({ messages, currentUserId, canModerate, onDelete, onMute }) {
  const listRef = useRef(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(false);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (messages.length > 0) {
      setUnseen(true);
    }
  }, [messages]);

  const onScroll = () => {
    const el = listRef.current;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= stickThresholdPx;
    if (atBottom.current) setUnseen(false);
  };

  const jumpToLatest = () => {
    const el = listRef.current;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(false);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <ol
        ref={listRef}
        onScroll={onScroll}
        className="h-full space-y-1 overflow-y-auto px-3 py-2 [overflow-anchor:none] [scrollbar-gutter:stable]"
        role="log"
        aria-live="polite"
        aria-label="Chat messages"
        tabIndex={0}
      >
        {messages.length === 0 && (
          <li className="py-4 text-center text-sm text-zinc-500">No messages yet. Say hello!</li>
        )}
        {messages.map((message) => {
          const mine = currentUserId && message.user?.id === currentUserId;
          return (
            <li key={message.id} className="group flex items-start gap-2 break-words text-sm" data-message-id={message.id}>
              <p className="min-w-0 flex-1">
                <time className="mr-1 text-xs text-zinc-500" dateTime={isoTime(message.ts)}>
                  {formatTime(message.ts)}
                </time>
                <span className={`font-semibold ${mine ? 'text-brand-400' : 'text-sky-300'}`}>{message.user?.name}</span>
                <span className="text-zinc-500">: </span>
                <span className="whitespace-pre-wrap text-zinc-100" data-testid="chat-text">{message.text}</span>
              </p>
              {canModerate && (
                <span className="flex shrink-0 gap-1">
                  <button
                    type="button"
                    className="rounded px-1.5 py-0.5 text-xs text-zinc-400 hover:bg-zinc-800 hover:text-red-300"
                    onClick={() => onDelete?.(message)}
                    aria-label={`Delete message from ${message.user?.name}`}
                  >
                    Delete
                  </button>
                  {!mine && (
                    <button
                      type="button"
                      className="rounded px-1.5 py-0.5 text-xs text-zinc-400 hover:bg-zinc-800 hover:text-amber-300"
                      onClick={() => onMute?.(message)}
                      aria-label={`Mute ${message.user?.name} for 5 minutes`}
                    >
                      Mute
                    </button>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {unseen && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-2 left-1/2 -translate-x-1/2 rounded-full bg-brand-600 px-3 py-1 text-xs font-semibold text-white shadow"
        >
          New messages ↓
        </button>
      )}
    </div>
  );
}
