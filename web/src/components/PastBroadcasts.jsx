import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { formatDuration, formatRecordingDate } from '../lib/recordingTime.js';

const wideQuery = '(min-width: 1024px)';

/** The badge of a recording that is not simply complete. */
export function RecordingBadge({ recording }) {
  if (recording.state === 'recording') {
    return <span className="rounded bg-red-600 px-1.5 py-0.5 text-xs font-bold uppercase text-white" data-testid="recording-badge">Recording now</span>;
  }
  if (recording.state === 'cut_short') {
    return <span className="rounded bg-amber-300 px-1.5 py-0.5 text-xs font-bold uppercase text-zinc-950" data-testid="recording-badge">Cut short</span>;
  }
  if (recording.state === 'stopped') {
    return <span className="rounded bg-zinc-700 px-1.5 py-0.5 text-xs font-bold uppercase text-zinc-200" data-testid="recording-badge">Stopped early</span>;
  }
  return null;
}

function RecordingItem({ roomId, recording }) {
  const [posterFailed, setPosterFailed] = useState(false);
  return (
    <li className="list-none">
      <Link
        to={`/r/${encodeURIComponent(roomId)}/recordings/${encodeURIComponent(recording.id)}`}
        className="flex gap-3 rounded-lg border border-zinc-800 bg-zinc-900 p-2 hover:border-brand-500"
        data-recording-id={recording.id}
        data-state={recording.state}
      >
        <div className="relative aspect-video w-24 shrink-0 overflow-hidden rounded bg-zinc-800 sm:w-40">
          {recording.posterUrl && !posterFailed ? (
            <img src={recording.posterUrl} alt="" className="h-full w-full object-cover" loading="lazy" onError={() => setPosterFailed(true)} />
          ) : (
            <div className="flex h-full items-center justify-center text-2xl text-zinc-600" aria-hidden="true">▶</div>
          )}
          <span className="absolute bottom-1 right-1 rounded bg-black/75 px-1 text-xs" data-testid="recording-duration">{formatDuration(recording.durationMs)}</span>
        </div>
        <div className="min-w-0">
          <h3 className="line-clamp-2 break-words font-semibold text-white">{recording.title}</h3>
          <p className="text-sm text-zinc-400">{formatRecordingDate(recording.startedAtMs)}</p>
          <p className="mt-1 flex flex-wrap gap-1">
            <RecordingBadge recording={recording} />
            {recording.listed === false && (
              <span className="rounded border border-zinc-600 px-1.5 py-0.5 text-xs text-zinc-300" data-testid="recording-unlisted">Unlisted: only you see it</span>
            )}
          </p>
        </div>
      </Link>
    </li>
  );
}

/**
 * "Past broadcasts" on a room page (folded on phones): the room's recordings, newest first, each
 * with its poster, title, date and length, and a badge while it is still
 * recording (or when it was cut short or stopped). The server lists unlisted
 * ones only to the owner and admins; they are marked. Nothing shows when the
 * server has no recordings plugin (the list's route answers 404 not_found),
 * so the room page stays as it was. `refreshKey` asks again (the room's
 * broadcast state changed).
 */
export default function PastBroadcasts({ roomId, refreshKey = '' }) {
  const [state, setState] = useState({ loading: true, recordings: [], error: '', absent: false });
  // Open where there is room for it (and where the width is unknown, as in tests).
  const [open, setOpen] = useState(() => !window.matchMedia || window.matchMedia(wideQuery).matches);

  useEffect(() => {
    const controller = new AbortController();
    api(`/api/rooms/${encodeURIComponent(roomId)}/recordings`, { signal: controller.signal })
      .then((data) => setState({ loading: false, recordings: data?.recordings || [], error: '', absent: false }))
      .catch((e) => {
        if (e.name === 'AbortError') return;
        if (e.status === 404 && e.code === 'not_found') setState({ loading: false, recordings: [], error: '', absent: true });
        else setState((s) => ({ ...s, loading: false, error: e.message }));
      });
    return () => controller.abort();
  }, [roomId, refreshKey]);

  if (state.absent) return null;
  const count = state.recordings.length;
  // Phones: folded to one line, so the chat below keeps the screen (and the
  // box stays above the on-screen keyboard, where it is hidden altogether).
  // Desktops: open, under the room's details.
  return (
    <details
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="px-3 pb-2 lg:px-0 lg:pb-4 max-lg:[@media(max-height:600px)]:hidden"
      data-testid="past-broadcasts"
    >
      <summary className="cursor-pointer py-1 lg:mt-2">
        <h2 id="past-broadcasts" className="inline text-sm font-semibold lg:text-lg">Past broadcasts</h2>
        {count > 0 && <span className="ml-1 text-sm text-zinc-400">({count})</span>}
      </summary>
      <section aria-labelledby="past-broadcasts" className="mt-1 lg:mt-2">
        {state.loading ? (
          <p role="status" className="text-sm text-zinc-400">Loading past broadcasts…</p>
        ) : state.error ? (
          <p role="alert" className="text-sm text-red-300">{state.error}</p>
        ) : count === 0 ? (
          <p className="text-sm text-zinc-400">No past broadcasts yet.</p>
        ) : (
          // Phones (opened): a short list that scrolls by itself.
          <ul className="grid max-h-32 gap-2 overflow-y-auto sm:grid-cols-2 lg:max-h-none lg:overflow-visible xl:grid-cols-2">
            {state.recordings.map((r) => <RecordingItem key={r.id} roomId={roomId} recording={r} />)}
          </ul>
        )}
      </section>
    </details>
  );
}
