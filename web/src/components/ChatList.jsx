import { useLayoutEffect, useRef, useState } from 'react';
import { deletedText, formatTime, isoTime } from '../lib/chatMessages.js';
import ChatMessageText from './ChatMessageText.jsx';

const stickThresholdPx = 48;

/**
 * The scrolling list of chat messages. Text is always rendered as React text
 * nodes, so markup typed by a viewer shows as the characters they typed.
 * It follows new messages only while the reader is at the bottom; reading
 * back holds the list still, and a "new messages" button (floating over the
 * list, so nothing shifts) counts what arrived and jumps back down.
 * A moderator gets one "actions" button per message (`onModerate(message,
 * button)`), so the text keeps the whole width.
 */
export default function ChatList({ messages, currentUserId, canModerate, onModerate }) {
  const listRef = useRef(null);
  const atBottom = useRef(true);
  const lastId = useRef(messages.at(-1)?.id);
  const [unseen, setUnseen] = useState(0);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    // What arrived after the newest message seen before (the list keeps only
    // the newest 300, so its length alone cannot tell).
    const before = messages.findIndex((m) => m.id === lastId.current);
    const added = lastId.current === undefined || before < 0 ? messages.length : messages.length - 1 - before;
    lastId.current = messages.at(-1)?.id;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (added > 0) {
      setUnseen((n) => n + added);
    }
  }, [messages]);

  const onScroll = () => {
    const el = listRef.current;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= stickThresholdPx;
    if (atBottom.current) setUnseen(0);
  };

  const jumpToLatest = () => {
    const el = listRef.current;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  };

  return (
    <div className="relative min-h-0 flex-1">
      {/* The log is the scrolling box; the list inside it keeps its list semantics. */}
      <div
        ref={listRef}
        onScroll={onScroll}
        className="h-full overflow-y-auto px-3 py-2 [overflow-anchor:none] [scrollbar-gutter:stable]"
        role="log"
        aria-live="polite"
        aria-label="Chat messages"
        tabIndex={0}
      >
        <ol className="space-y-1">
        {messages.length === 0 && (
          <li className="py-4 text-center text-sm text-zinc-400">No messages yet. Say hello!</li>
        )}
        {messages.map((message) => {
          const mine = currentUserId && message.user?.id === currentUserId;
          if (message.deleted) {
            return (
              <li key={message.id} className="text-sm italic text-zinc-400" data-message-id={message.id} data-deleted="true">
                {deletedText(message.deletedBy)}
              </li>
            );
          }
          return (
            <li key={message.id} className="group flex items-start gap-1 break-words text-sm" data-message-id={message.id}>
              <p className="min-w-0 flex-1">
                <time className="mr-1 text-xs text-zinc-400" dateTime={isoTime(message.ts)}>
                  {formatTime(message.ts)}
                </time>
                <span className={`font-semibold ${mine ? 'text-brand-400' : 'text-sky-300'}`}>{message.user?.name}</span>
                <span className="text-zinc-400">: </span>
                <span className="whitespace-pre-wrap text-zinc-100" data-testid="chat-text"><ChatMessageText text={message.text} /></span>
              </p>
              {canModerate && (
                <button
                  type="button"
                  className="-mr-1 h-6 w-7 shrink-0 rounded text-base leading-none text-zinc-400 hover:bg-zinc-800 hover:text-white focus:text-white sm:opacity-60 sm:group-hover:opacity-100 sm:focus:opacity-100"
                  onClick={(e) => onModerate?.(message, e.currentTarget)}
                  aria-label={`Actions for the message from ${message.user?.name}`}
                  aria-haspopup="dialog"
                >
                  ⋯
                </button>
              )}
            </li>
          );
        })}
        </ol>
      </div>
      {unseen > 0 && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-2 left-1/2 -translate-x-1/2 whitespace-nowrap rounded-full bg-brand-600 px-3 py-1 text-xs font-semibold text-white shadow"
        >
          {unseen === 1 ? '1 new message ↓' : `${unseen} new messages ↓`}
        </button>
      )}
    </div>
  );
}
