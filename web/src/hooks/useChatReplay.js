import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { keepNearest, loadWindow, messagesUpTo, replayWindowMs, windowsAround } from '../lib/chatReplay.js';

/** Windows kept after the position moved away (a seek back finds them at once). */
const keptWindows = 12;

/**
 * The chat of `roomId` as it stood at wall-clock `atMs` (null: not known
 * yet), read by time windows anchored at `anchorMs` (the recording's start).
 * Returns { messages, loading, error }: `messages` are those sent at or
 * before `atMs` in the windows around it; `loading` while the window of the
 * position itself is still on its way (the list then waits rather than show
 * the chat of another moment).
 */
export function useChatReplay(roomId, anchorMs, atMs, { windowMs = replayWindowMs } = {}) {
  const [windows, setWindows] = useState(() => new Map());
  const [error, setError] = useState('');
  const pending = useRef(new Set());
  const known = useRef(windows);
  known.current = windows;

  // A new recording starts from nothing.
  useEffect(() => {
    setWindows(new Map());
    pending.current = new Set();
  }, [roomId, anchorMs]);

  const wanted = useMemo(
    () => (atMs == null || anchorMs == null ? [] : windowsAround(anchorMs, atMs, windowMs)),
    // The windows change only when the position crosses into another one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [anchorMs, windowMs, atMs == null ? null : Math.floor((atMs - (anchorMs ?? 0)) / windowMs)],
  );
  // The windows of where the viewer is when an answer arrives (answers can come late).
  const wantedNow = useRef(wanted);
  wantedNow.current = wanted;

  useEffect(() => {
    if (!roomId) return;
    const fetchPage = (from, to) =>
      api(`/api/rooms/${encodeURIComponent(roomId)}/chat/history?from=${from}&to=${to}&limit=1000`);
    for (const start of wanted) {
      if (known.current.has(start) || pending.current.has(start)) continue;
      pending.current.add(start);
      loadWindow(fetchPage, start, windowMs).then((messages) => {
        if (!pending.current.has(start)) return; // a newer recording took over
        pending.current.delete(start);
        setError('');
        setWindows((old) => {
          const next = new Map(old);
          next.set(start, messages);
          // Measured from the position's own window, which may be far from this one.
          const around = wantedNow.current;
          return keepNearest(next, around[1] ?? start, around, keptWindows);
        });
      }, (e) => {
        pending.current.delete(start);
        setError(e.message || 'The chat could not be loaded.');
      });
    }
  }, [roomId, wanted, windowMs]);

  return useMemo(() => {
    if (atMs == null) return { messages: [], loading: true, error };
    const held = new Map(wanted.filter((start) => windows.has(start)).map((start) => [start, windows.get(start)]));
    const current = wanted[1];
    return { messages: messagesUpTo(held, atMs), loading: !windows.has(current), error };
  }, [windows, wanted, atMs, error]);
}
