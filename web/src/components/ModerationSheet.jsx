import { useEffect, useId, useRef, useState } from 'react';
import { deletedText } from '../lib/chatMessages.js';

/** The mute lengths a host can choose, in seconds (the server takes 1..604800; 0 lifts a mute). */
export const timeoutChoices = [
  { seconds: 60, label: '1 minute' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 600, label: '10 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
  { seconds: 604800, label: '7 days' },
];

export function timeoutLabel(seconds) {
  return timeoutChoices.find((c) => c.seconds === seconds)?.label || `${seconds} seconds`;
}

/**
 * What a host can do about one chat message, in a panel over the bottom of
 * the chat: delete it, time its author out for a chosen length, lift a
 * mute, or ban its author from the room's chat (when `onBan` is given); each asks for confirmation in words that say what will happen.
 * `mutedUntil` (ms) is the end of a mute this host set in this visit; `actor`
 * ("owner" | "admin") is who the room will be told deleted a message.
 * Escape or Cancel closes it; focus moves in on open and back on close.
 */
export default function ModerationSheet({ message, mine, actor = 'owner', mutedUntil, onDelete, onTimeout, onUnmute, onBan, onAppoint, onClose }) {
  const [step, setStep] = useState('choose');
  const [seconds, setSeconds] = useState(600);
  const [busy, setBusy] = useState(false);
  const panelRef = useRef(null);
  const id = useId();
  const name = message.user?.name || 'this user';

  useEffect(() => { panelRef.current?.querySelector('button, select')?.focus(); }, [step]);

  const run = async (action) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
      onClose();
    }
  };

  const confirmations = {
    delete: {
      title: `Delete this message from ${name}?`,
      body: `Everyone in the room will see "${deletedText(actor)}" in its place. This cannot be undone.`,
      action: 'Delete message',
      run: () => onDelete(message),
    },
    timeout: {
      title: `Time out ${name} for ${timeoutLabel(seconds)}?`,
      body: `${name} can still watch and read the chat, but cannot send messages until ${new Date(Date.now() + seconds * 1000).toLocaleString([], { weekday: seconds >= 86400 ? 'short' : undefined, hour: '2-digit', minute: '2-digit' })}. You can unmute them sooner.`,
      action: `Time out for ${timeoutLabel(seconds)}`,
      run: () => onTimeout(message, seconds),
    },
    ban: {
      title: `Ban ${name} from this room's chat?`,
      body: `${name} can still watch and read the chat, but cannot send messages here until unbanned.`,
      action: 'Ban from chat',
      run: () => onBan(message),
    },
    appoint: {
      title: `Make ${name} a moderator of this room?`,
      body: `${name} will be able to delete messages, time out and ban people in this room's chat. You can remove them on My room.`,
      action: 'Make moderator',
      run: () => onAppoint(message),
    },
    unmute: {
      title: `Unmute ${name}?`,
      body: `${name} can send messages again at once.`,
      action: 'Unmute',
      run: () => onUnmute(message),
    },
  };
  const confirm = confirmations[step];
  const mutedText = mutedUntil && mutedUntil > Date.now()
    ? `Muted by you until ${new Date(mutedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`
    : null;

  return (
    <div
      ref={panelRef}
      role={confirm ? 'alertdialog' : 'dialog'}
      aria-labelledby={`${id}-title`}
      aria-describedby={confirm ? `${id}-body` : undefined}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}
      className="absolute inset-x-0 bottom-0 z-30 rounded-b-lg border-t border-zinc-700 bg-zinc-950 p-3 text-sm shadow-2xl"
    >
      {!confirm ? (
        <>
          <p id={`${id}-title`} className="font-semibold">Message from {name}</p>
          <p className="mt-1 line-clamp-2 break-words text-zinc-300">{message.text}</p>
          {mutedText && <p className="mt-1 text-amber-200">{mutedText}</p>}
          <div className="mt-3 flex flex-col gap-2">
            <button type="button" onClick={() => setStep('delete')} className="rounded border border-red-800 px-3 py-2 text-left text-red-200 hover:bg-red-950">
              Delete message…
            </button>
            {!mine && (
              <>
                <div className="flex gap-2">
                  <label htmlFor={`${id}-length`} className="sr-only">Time-out length</label>
                  <select id={`${id}-length`} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}
                    className="rounded border border-zinc-700 bg-zinc-900 px-2 py-2">
                    {timeoutChoices.map((c) => <option key={c.seconds} value={c.seconds}>{c.label}</option>)}
                  </select>
                  <button type="button" onClick={() => setStep('timeout')} className="flex-1 rounded border border-amber-700 px-3 py-2 text-left text-amber-100 hover:bg-amber-950">
                    Time out {name}…
                  </button>
                </div>
                <button type="button" onClick={() => setStep('unmute')} className="rounded border border-zinc-700 px-3 py-2 text-left hover:bg-zinc-800">
                  Unmute {name}…
                </button>
                {onAppoint && (
                  <button type="button" onClick={() => setStep('appoint')} className="rounded border border-zinc-700 px-3 py-2 text-left hover:bg-zinc-800">
                    Make {name} a moderator…
                  </button>
                )}
                {onBan && (
                  <button type="button" onClick={() => setStep('ban')} className="rounded border border-red-800 px-3 py-2 text-left text-red-200 hover:bg-red-950">
                    Ban {name}…
                  </button>
                )}
              </>
            )}
            <button type="button" onClick={onClose} className="rounded px-3 py-2 text-left text-zinc-300 hover:bg-zinc-800">Cancel</button>
          </div>
        </>
      ) : (
        <>
          <p id={`${id}-title`} className="font-semibold text-amber-200">{confirm.title}</p>
          <p id={`${id}-body`} className="mt-1 text-zinc-300">{confirm.body}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" disabled={busy} onClick={() => run(confirm.run)}
              className={`rounded px-3 py-1.5 font-semibold text-white disabled:opacity-50 ${step === 'unmute' || step === 'appoint' ? 'bg-brand-600 hover:bg-brand-500' : 'bg-red-700 hover:bg-red-600'}`}>
              {confirm.action}
            </button>
            <button type="button" disabled={busy} onClick={() => setStep('choose')} className="rounded border border-zinc-700 px-3 py-1.5 hover:bg-zinc-800">
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
