import { useState } from 'react';
import { api } from '../api/client.js';
import ConfirmButton from './ConfirmButton.jsx';

const maxTitleLength = 140;

/**
 * What the room's owner (or an admin) may do with a past broadcast: rename
 * it, unlist or list it (an unlisted one is shown only to the owner and
 * admins), delete it with its files after a confirmation, and download it
 * as one MP4. `onChange(recording)` gets the server's answer; `onDeleted()`
 * runs after a delete.
 */
export default function RecordingOwnerControls({ recording, onChange, onDeleted }) {
  const [title, setTitle] = useState(recording.title || '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const path = `/api/recordings/${encodeURIComponent(recording.id)}`;

  const patch = async (body) => {
    setBusy(true);
    setError('');
    try {
      onChange(await api(path, { method: 'PATCH', body }));
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const rename = (event) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) { setError('Give the broadcast a title.'); return; }
    if (trimmed !== recording.title) patch({ title: trimmed });
  };
  const remove = async () => {
    setError('');
    try {
      await api(path, { method: 'DELETE' });
      onDeleted();
    } catch (e) {
      setError(e.code === 'recording_in_progress'
        ? 'This broadcast is still being recorded: end the broadcast first, then delete it.'
        : e.message);
    }
  };

  return (
    // Folded by default: on a phone the chat below needs the screen.
    <details className="mx-3 mb-3 rounded-lg border border-zinc-800 bg-zinc-900 p-3 lg:mx-0" data-testid="recording-owner">
      <summary className="cursor-pointer text-sm font-semibold">Manage this broadcast</summary>
      <form onSubmit={rename} className="mt-2 flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-1 flex-col text-sm">
          <span className="text-zinc-300">Title</span>
          <input value={title} maxLength={maxTitleLength} onChange={(e) => setTitle(e.target.value)}
            className="rounded border border-zinc-700 bg-zinc-950 px-2 py-1.5" />
        </label>
        <button type="submit" disabled={busy} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-500 disabled:opacity-50">
          Rename
        </button>
      </form>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="button" disabled={busy} onClick={() => patch({ listed: !recording.listed })}
          className="rounded border border-zinc-600 px-3 py-2 text-sm font-semibold hover:bg-zinc-800 disabled:opacity-50">
          {recording.listed ? 'Unlist' : 'List on the room page'}
        </button>
        {recording.downloadUrl && recording.state !== 'recording' && (
          <a href={recording.downloadUrl} download className="rounded border border-zinc-600 px-3 py-2 text-sm font-semibold hover:bg-zinc-800">
            Download MP4
          </a>
        )}
        <ConfirmButton
          label="Delete"
          title="Delete this past broadcast?"
          message="Its video and poster are deleted from the server for good; viewers can no longer watch it. The room's chat stays."
          confirmLabel="Delete for good"
          onConfirm={remove}
          disabled={recording.state === 'recording'}
          danger
        />
      </div>
      <p className="mt-2 text-xs text-zinc-400">
        {recording.listed ? 'Listed: everyone sees it under "Past broadcasts".' : 'Unlisted: only you (and admins) see it.'}
        {recording.state === 'recording' && ' It can be deleted once the broadcast ends.'}
      </p>
      {error && <p role="alert" className="mt-2 text-sm text-red-300">{error}</p>}
    </details>
  );
}
