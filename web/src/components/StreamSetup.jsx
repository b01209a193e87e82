import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { keyframeAdvice } from '../lib/obsHints.js';
import { ingestChoices, keyIsBearer } from '../lib/endpoints.js';
import CopyField from './CopyField.jsx';
import ConfirmButton from './ConfirmButton.jsx';

const modeWords = {
  persistent: 'This key works for every broadcast until you reset it. Keep it secret.',
  'per-broadcast': 'This key is good for one broadcast: when that broadcast ends, make a new key and paste it into OBS before you go live again.',
};

const modeChoices = [
  { value: 'persistent', label: 'Same key for every broadcast', hint: 'Paste it into OBS once. Recommended.' },
  { value: 'per-broadcast', label: 'A new key for each broadcast', hint: 'Stricter: a key that leaks is useless after the show.' },
];

const resetMessage = 'The key pasted in OBS stops working at once: OBS cannot go live with it again. '
  + 'Paste the new key into OBS (Settings → Stream → Stream Key) before you start streaming.';

function errorWords(error, roomState) {
  if (error?.code === 'room_live') {
    // Words that agree with the status line: "live" only when the page shows live.
    return roomState === 'offline'
      ? 'The server still counts your last broadcast as running. Try again in a few seconds.'
      : 'OBS is sending video right now, so the key cannot be changed: stop the broadcast first (Stop broadcast, above), then make a new key.';
  }
  return error?.message || 'Something went wrong. Try again.';
}

/**
 * Where the Server and the key go in OBS's Settings → Stream for `ingest`:
 * WHIP is a service of its own in OBS 30+ (with a "Bearer Token" field); every
 * other way in is the Custom service's Server and Stream Key.
 */
function ObsServiceSteps({ ingest }) {
  const keyLabel = ingest?.keyLabel || 'Stream key';
  if (ingest?.protocol === 'whip') {
    return (
      <>
        <li>In OBS 30 or newer, open <strong>Settings → Stream</strong>.</li>
        <li>Set <strong>Service</strong> to <strong>WHIP</strong>.</li>
        <li>Paste the <strong>Server</strong> above into <strong>Server</strong>, and the <strong>{keyLabel}</strong> into <strong>Bearer Token</strong>.</li>
      </>
    );
  }
  return (
    <>
      <li>In OBS, open <strong>Settings → Stream</strong>.</li>
      <li>Set <strong>Service</strong> to <strong>Custom…</strong>.</li>
      <li>Paste the <strong>Server</strong> above into <strong>Server</strong>, and the <strong>{keyLabel}</strong> into <strong>Stream Key</strong>.</li>
    </>
  );
}

/**
 * Streaming from OBS: which kind of key the room uses (in words, with a
 * switch), the key itself once when made or reset (with a confirmation that
 * says what a reset does to the key in OBS), each way in the server declares
 * (RTMP first, WHIP for OBS 30+ …) with its Server, key field and OBS steps. `onRoomChange` receives the room after a mode change.
 */
export default function StreamSetup({ room, onRoomChange }) {
  // GET stream-key: { mode, hasKey, expiresAt, state }; undefined until it answers, false when the server has no such route.
  const [info, setInfo] = useState(undefined);
  const [credentials, setCredentials] = useState(null); // the key as last made, shown to this page only
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const roomPath = `/api/rooms/${encodeURIComponent(room.id)}`;
  const roomState = room.state || (room.live ? 'live' : 'offline');
  const mode = room.streamKeyMode || info?.mode || credentials?.mode || null;

  const loadInfo = useCallback(async () => {
    try {
      const data = await api(`${roomPath}/stream-key`);
      setInfo(data);
      // A key the server no longer holds (spent, revoked) must not stay on screen.
      if (data && data.hasKey === false) setCredentials(null);
    } catch (e) {
      setInfo(e.status === 404 || e.status === 405 ? false : null);
    }
  }, [roomPath]);

  // The key's standing changes with the broadcast: ask again whenever the room's state changes.
  const previousState = useRef(roomState);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  useEffect(() => {
    const before = previousState.current;
    previousState.current = roomState;
    setError('');
    // A per-broadcast key (the only kind on servers that do not say) is spent once its broadcast is over.
    if (before !== 'offline' && roomState === 'offline' && modeRef.current !== 'persistent') setCredentials(null);
    loadInfo();
  }, [roomState, loadInfo]);

  const makeKey = async () => {
    setBusy(true);
    setError('');
    try {
      const answer = await api(`${roomPath}/stream-key`, { method: 'POST', body: {} });
      setCredentials(answer);
      // The answer is the key's new standing: no second request that could race it.
      setInfo((old) => ({ ...(old || {}), hasKey: true, expiresAt: answer?.expiresAt ?? null, mode: answer?.mode || old?.mode }));
    } catch (e) {
      setError(errorWords(e, roomState));
    } finally {
      setBusy(false);
    }
  };

  const chooseMode = async (next) => {
    if (next === mode || busy) return;
    setBusy(true);
    setError('');
    try {
      const data = await api(roomPath, { method: 'PATCH', body: { streamKeyMode: next } });
      if (data?.room) onRoomChange?.(data.room);
      await loadInfo();
    } catch (e) {
      setError(errorWords(e, roomState));
    } finally {
      setBusy(false);
    }
  };

  // No button before the server's answer: "Create" on a room that has a key would revoke it.
  const checking = info === undefined && !credentials;
  const hasKey = !!credentials || !!info?.hasKey;
  const expiresAt = credentials ? credentials.expiresAt : info?.expiresAt;
  // Every way the encoder can connect, as the server's ingest plugins declared them; the first is the default.
  const choices = [credentials, info, room].map(ingestChoices).find((list) => list.length) || [];
  const [chosen, setChosen] = useState(null);
  const ingest = choices.find((entry) => entry.protocol === chosen) || choices[0] || null;

  return (
    <section aria-labelledby="stream-setup" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4">
      <h2 id="stream-setup" className="mb-2 text-lg font-semibold">Stream from OBS</h2>

      {mode && (
        <fieldset className="mb-3" disabled={busy}>
          <legend className="mb-1 text-sm font-medium text-zinc-200">Stream key mode</legend>
          <div className="flex flex-col gap-1 sm:flex-row sm:gap-6">
            {modeChoices.map((choice) => (
              <label key={choice.value} className="flex items-start gap-2 text-sm">
                <input type="radio" name="stream-key-mode" value={choice.value} checked={mode === choice.value}
                  onChange={() => chooseMode(choice.value)} className="mt-1" />
                <span>{choice.label}<span className="block text-xs text-zinc-400">{choice.hint}</span></span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <p className="mb-3 text-sm text-zinc-300" data-testid="key-mode-text">
        {modeWords[mode || 'per-broadcast']}
      </p>

      <p className="mb-3 text-sm text-zinc-400" data-testid="key-status" aria-busy={checking}>
        {checking && 'Checking your stream key…'}
        {!checking && !hasKey && 'You have no stream key yet.'}
        {hasKey && !credentials && 'You have a stream key. It is shown only once, when it is made: if you no longer have it, reset it to get a new one.'}
        {hasKey && credentials && 'Your stream key is below.'}
        {hasKey && expiresAt && roomState === 'offline' && ` Start streaming before ${new Date(expiresAt).toLocaleString()}, or the key expires.`}
      </p>

      {checking ? null : hasKey ? (
        <ConfirmButton
          label="Reset stream key"
          title="Reset the stream key?"
          message={resetMessage}
          confirmLabel="Reset the key"
          onConfirm={makeKey}
          disabled={busy}
        />
      ) : (
        <button type="button" onClick={makeKey} disabled={busy}
          className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500 disabled:opacity-50">
          Create stream key
        </button>
      )}
      <p role="alert" className="mt-2 min-h-5 text-sm text-red-300">{error}</p>

      {/* The way in and its Server are no secret: a host who comes back with a
          persistent key still sees where OBS connects; only the key itself is
          shown once, when it is made. */}
      {(credentials || (hasKey && !checking)) && (
        <div className="mt-2 flex flex-col gap-3" data-testid="ingest-setup">
          {choices.length > 1 && (
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-zinc-200">How OBS connects</legend>
              <div className="flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:gap-6">
                {choices.map((entry) => (
                  <label key={entry.protocol} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="ingest-way" value={entry.protocol} checked={entry === ingest}
                      onChange={() => setChosen(entry.protocol)} />
                    {entry.name || entry.protocol.toUpperCase()}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {ingest && <CopyField id="ingest-server" label="Server" value={ingest.serverUrl} />}
          {credentials ? (
            <CopyField id="stream-key" label={ingest?.keyLabel || 'Stream key'} value={credentials.streamKey} secret />
          ) : (
            <p className="text-sm text-zinc-400" data-testid="saved-key-note">
              {ingest?.keyLabel || 'Stream key'}: the key you saved when it was made (reset it above if you no longer have it).
            </p>
          )}
          {keyIsBearer(ingest) && (
            <p className="text-xs text-zinc-400" data-testid="bearer-note">
              Your stream key is the {ingest.keyLabel}: OBS sends it in a request header, never in the server URL.
            </p>
          )}
          <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-300" aria-label="OBS steps">
            <ObsServiceSteps ingest={ingest} />
            <li>
              {keyframeAdvice.why}
              <ul className="mt-1 list-disc space-y-1 pl-5 text-zinc-400">
                <li>{keyframeAdvice.simple}</li>
                <li>{keyframeAdvice.advanced}</li>
              </ul>
            </li>
            <li>Click <strong>Start Streaming</strong>: this page shows you as live within a few seconds.</li>
          </ol>
        </div>
      )}
    </section>
  );
}
