import { useState } from 'react';
import { api } from '../api/client.js';
import CopyField from './CopyField.jsx';

/** "Prepare to stream": a fresh stream key and the RTMP server URL for OBS, with the steps. */
export default function StreamSetup({ room }) {
  const [credentials, setCredentials] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const prepare = async () => {
    setBusy(true);
    setError('');
    try {
      setCredentials(await api(`/api/rooms/${encodeURIComponent(room.id)}/stream-key`, { method: 'POST', body: {} }));
    } catch (e) {
      setError(e.status === 409
        ? 'You are live right now: a new stream key can be made once the stream has ended.'
        : e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="stream-setup" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4">
      <h2 id="stream-setup" className="mb-2 text-lg font-semibold">Prepare to stream</h2>
      <p className="mb-3 text-sm text-zinc-400">
        Each key works for a limited time and a new one replaces the old one.
      </p>
      <button type="button" onClick={prepare} disabled={busy}
        className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500 disabled:opacity-50">
        {credentials ? 'Make a new stream key' : 'Prepare to stream'}
      </button>
      <p role="alert" className="mt-2 min-h-5 text-sm text-red-300">{error}</p>
      {credentials && (
        <div className="mt-2 flex flex-col gap-3">
          <CopyField id="rtmp-url" label="Server" value={credentials.rtmpUrl} />
          <CopyField id="stream-key" label="Stream key" value={credentials.streamKey} secret />
          {credentials.expiresAt && (
            <p className="text-sm text-zinc-400">
              Start streaming before {new Date(credentials.expiresAt).toLocaleString()}.
            </p>
          )}
          <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-300" aria-label="OBS steps">
            <li>In OBS, open <strong>Settings → Stream</strong>.</li>
            <li>Set <strong>Service</strong> to <strong>Custom…</strong>.</li>
            <li>Paste the <strong>Server</strong> above into <strong>Server</strong>, and the <strong>Stream key</strong> into <strong>Stream Key</strong>.</li>
            <li>For low latency, set a keyframe interval of 1–2 s in <strong>Settings → Output</strong>.</li>
            <li>Click <strong>Start Streaming</strong>: this page shows you as live within a few seconds.</li>
          </ol>
        </div>
      )}
    </section>
  );
}
