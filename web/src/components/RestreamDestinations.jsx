import { useState } from 'react';
import { api } from '../api/client.js';
import { describeRestreamState, restreamBitrate, restreamError } from '../lib/restreamHealth.js';
import FormField from './FormField.jsx';

const emptyForm = { name: '', url: '', key: '' };

/**
 * Where the owner's broadcast is restreamed (YouTube, Twitch, any RTMP(S)
 * server): add, switch on/off, delete, and see each one's state, bitrate and
 * last error. `restream` is the page's one reading of
 * GET /api/rooms/{id}/restream-destinations (hooks/useRestreamDestinations.js),
 * shared with the health panel; edits ask it to read again. Keys are
 * write-only: the server shows only their last characters.
 */
export default function RestreamDestinations({ roomId, roomState, restream }) {
  const { data, reload } = restream;
  const [actionError, setActionError] = useState('');
  const [form, setForm] = useState(emptyForm);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/api/rooms/${encodeURIComponent(roomId)}/restream-destinations`;
  const error = actionError || restream.error;
  const roomLive = roomState === 'live' || roomState === 'reconnecting';

  const act = async (work) => {
    setBusy(true);
    setActionError('');
    try {
      await work();
      await reload();
    } catch (e) {
      setActionError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const add = (event) => {
    event.preventDefault();
    act(async () => {
      await api(path, { method: 'POST', body: { ...form, name: form.name.trim(), url: form.url.trim(), key: form.key.trim() } });
      setForm(emptyForm);
      setAdding(false);
    });
  };
  const toggle = (d) => act(() => api(`${path}/${encodeURIComponent(d.id)}`, { method: 'PATCH', body: { enabled: !d.enabled } }));
  const remove = (d) => {
    if (!window.confirm(`Delete the destination "${d.name}"?`)) return;
    act(() => api(`${path}/${encodeURIComponent(d.id)}`, { method: 'DELETE' }));
  };

  const destinations = data?.destinations || [];
  const full = data && destinations.length >= data.maxDestinations;
  return (
    <section aria-labelledby="restream" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4" data-testid="restream-destinations">
      <h2 id="restream" className="mb-1 text-lg font-semibold">Restream</h2>
      <p className="mb-3 text-sm text-zinc-400">While you are live, the server sends your broadcast on to these services as it arrives (no re-encoding).</p>
      {error && <p role="alert" className="mb-2 text-sm text-red-300">{error}</p>}
      {!data && !error && <p role="status" className="text-sm">Loading destinations…</p>}
      {data && destinations.length === 0 && <p className="text-sm text-zinc-400">No destinations yet.</p>}
      <ul className="flex flex-col gap-2" aria-label="Restream destinations">
        {destinations.map((d) => {
          const s = d.status || {};
          const state = describeRestreamState(s, { roomLive });
          const bitrate = restreamBitrate(s);
          const lastError = restreamError(s);
          return (
            <li key={d.id} className="rounded border border-zinc-800 p-2 text-sm" data-destination={d.id} data-state={s.state}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{d.name}</span>
                <span className="text-zinc-400">{d.host} · key {d.keyHint}</span>
              </div>
              <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
                <span className={state.tone} data-testid="destination-state">
                  {state.words}
                  {bitrate && ` · ${bitrate}`}
                </span>
                <span className="flex gap-2">
                  <label className="flex items-center gap-1">
                    <input type="checkbox" checked={d.enabled} disabled={busy} onChange={() => toggle(d)} />
                    On
                  </label>
                  <button type="button" disabled={busy} onClick={() => remove(d)} className="rounded border border-red-800 px-2 text-red-300">Delete</button>
                </span>
              </div>
              {lastError && <p className="mt-1 text-xs text-amber-200" data-testid="destination-error">Last error: {lastError}</p>}
            </li>
          );
        })}
      </ul>
      {data && !adding && (
        <button type="button" className="mt-3 rounded border border-zinc-700 px-3 py-1 text-sm" disabled={full} onClick={() => setAdding(true)}>
          {full ? `At most ${data.maxDestinations} destinations` : 'Add destination'}
        </button>
      )}
      {adding && (
        <form onSubmit={add} className="mt-3 flex flex-col gap-2" aria-label="New destination">
          <div className="flex flex-wrap gap-2 text-sm">
            {(data?.presets || []).map((p) => (
              <button key={p.url} type="button" className="rounded border border-zinc-700 px-2" onClick={() => setForm((f) => ({ ...f, name: f.name || p.name.replace(/ \(RTMPS\)$/, ''), url: p.url }))}>
                {p.name}
              </button>
            ))}
          </div>
          <FormField id="restream-name" label="Name" value={form.name} maxLength={80} required onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <FormField id="restream-url" label="Server URL" placeholder="rtmp://… or rtmps://…" value={form.url} maxLength={512} required onChange={(e) => setForm({ ...form, url: e.target.value })} />
          <FormField id="restream-key" label="Stream key" type="password" autoComplete="off" value={form.key} maxLength={512} required
            hint="Stored encrypted; after saving only its last characters are shown."
            onChange={(e) => setForm({ ...form, key: e.target.value })} />
          <div className="flex gap-2">
            <button type="submit" disabled={busy} className="rounded bg-brand-600 px-3 py-1 text-sm">Save destination</button>
            <button type="button" onClick={() => { setAdding(false); setForm(emptyForm); }} className="rounded border border-zinc-700 px-3 py-1 text-sm">Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
