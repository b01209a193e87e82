import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { formatMiB } from '../lib/recordingTime.js';

/**
 * The owner's "Record my broadcasts" switch on My room, with the room's disk
 * use against its quota. Hidden when the server has no recordings plugin (its
 * route answers 404 not_found).
 */
export default function RecordingSettings({ roomId }) {
  const [settings, setSettings] = useState(null);
  const [absent, setAbsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const path = `/api/rooms/${encodeURIComponent(roomId)}/recording-settings`;

  useEffect(() => {
    const controller = new AbortController();
    setSettings(null);
    api(path, { signal: controller.signal }).then(setSettings, (e) => {
      if (e.name === 'AbortError') return;
      if (e.status === 404 && e.code === 'not_found') setAbsent(true);
      else setError(e.message);
    });
    return () => controller.abort();
  }, [path]);

  if (absent) return null;
  const toggle = async (enabled) => {
    // The box follows the click at once; a refusal puts it back and says why.
    setSettings((s) => ({ ...s, enabled }));
    setBusy(true);
    setError('');
    try {
      setSettings(await api(path, { method: 'PUT', body: { enabled } }));
    } catch (e) {
      setSettings((s) => ({ ...s, enabled: !enabled }));
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const quota = settings?.roomQuotaMiB;
  return (
    <section aria-labelledby="recording-settings" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4">
      <h2 id="recording-settings" className="mb-2 text-lg font-semibold">Past broadcasts</h2>
      {!settings && !error && <p role="status" className="text-sm text-zinc-400">Loading…</p>}
      {settings && (
        <>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={!!settings.enabled} disabled={busy} onChange={(e) => toggle(e.target.checked)}
              className="h-5 w-5 accent-brand-500" />
            <span className="font-semibold">Record my broadcasts</span>
          </label>
          <p className="mt-1 text-sm text-zinc-300">
            {settings.enabled
              ? 'Each broadcast is recorded and listed under "Past broadcasts" on your room page, with its chat replayed beside it.'
              : 'Your broadcasts are not recorded.'}
            {' '}A change applies from your next broadcast; one in progress goes on as it started.
          </p>
          <p className="mt-1 text-sm text-zinc-400" data-testid="recording-usage">
            {quota ? `${formatMiB(settings.usedMiB)} of ${formatMiB(quota)} used; the oldest recordings are deleted to make room.`
              : `${formatMiB(settings.usedMiB)} used.`}
          </p>
        </>
      )}
      {error && <p role="alert" className="mt-2 text-sm text-red-300">{error}</p>}
    </section>
  );
}
