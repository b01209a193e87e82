import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { emitWithAck } from '../lib/emitWithAck.js';
import { bFramesAdvice, keyframeAdvice } from '../lib/obsHints.js';
import { useInterval } from '../hooks/useInterval.js';
import { unavailableNotice } from '../lib/endpoints.js';
import RestreamHealthLines from './RestreamHealthLines.jsx';
import {
  describeHealthState, formatBitrate, formatCodecs, formatDuration, formatFrameRate, formatIngest, healthWarnings,
} from '../lib/streamHealth.js';

const dash = '–';

/** The ways of playing the server switched off for this broadcast (e.g. WebRTC for B-frames), with its words. */
const unavailablePlayback = (playback) => (Array.isArray(playback) ? playback.filter((p) => p?.available === false) : []);

function Row({ name, label, children }) {
  return (
    <div className="flex justify-between gap-3 border-b border-zinc-800 py-1" data-health={name}>
      <dt className="text-zinc-400">{label}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </div>
  );
}

/**
 * The host's view of the broadcast as the server receives it: first painted
 * from GET /api/rooms/{id}/health, then kept fresh by room:health, which the
 * server sends (about every 2 s while not offline) only to the owner's sockets
 * that joined the room, so this panel joins it. Without Socket.IO it polls.
 */
export default function StreamHealth({ roomId, socket, roomState, playback, restreamDestinations }) {
  const [health, setHealth] = useState(null);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState('');
  const [sawBroadcast, setSawBroadcast] = useState(false);
  const healthPath = `/api/rooms/${encodeURIComponent(roomId)}/health`;

  const load = useCallback(async () => {
    try {
      const data = await api(healthPath);
      setHealth(data?.health || null);
      setUnavailable(false);
      setError('');
    } catch (e) {
      // A server without the health route answers a plain 404; a missing room has its own code.
      if (e.status === 404 && e.code !== 'room_not_found') setUnavailable(true);
      else setError(e.message);
    }
  }, [healthPath]);

  useEffect(() => {
    if (roomState === 'live' || roomState === 'reconnecting') setSawBroadcast(true);
    load();
  }, [load, roomState]);
  useInterval(load, socket ? null : 5000);

  useEffect(() => {
    if (!socket) return undefined;
    const join = () => { emitWithAck(socket, 'room:join', { roomId }).catch(() => {}); };
    const onHealth = (e) => { if (e?.roomId === roomId && e.health) setHealth(e.health); };
    socket.on('connect', join);
    socket.on('room:health', onHealth);
    if (socket.connected) join();
    return () => {
      socket.off('connect', join);
      socket.off('room:health', onHealth);
      if (socket.connected) socket.emit('room:leave', { roomId });
    };
  }, [socket, roomId]);

  if (unavailable) {
    return (
      <section aria-labelledby="stream-health" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4">
        <h2 id="stream-health" className="mb-2 text-lg font-semibold">Stream health</h2>
        <p className="text-sm text-zinc-400">This server does not report stream health.</p>
      </section>
    );
  }

  const state = describeHealthState(health?.state || roomState, sawBroadcast, health?.keyState);
  const video = health?.video || null;
  const audio = health?.audio || null;
  const warnings = healthWarnings(health);
  const active = health && (health.state === 'live' || health.state === 'reconnecting');
  const show = (value) => (active && value != null ? value : dash);

  return (
    <section aria-labelledby="stream-health" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4" data-testid="stream-health">
      <h2 id="stream-health" className="mb-2 text-lg font-semibold">Stream health</h2>
      {error && <p role="alert" className="mb-2 text-sm text-red-300">{error}</p>}
      <dl className="grid grid-cols-1 gap-x-8 text-sm sm:grid-cols-2">
        <Row name="state" label="State"><span className={state.tone}>{state.words}</span></Row>
        <Row name="uptime" label="Uptime">{show(health && formatDuration(health.uptimeSeconds))}</Row>
        <Row name="bitrate" label="Bitrate">{show(health && formatBitrate(health.bitrateKbps))}</Row>
        <Row name="resolution" label="Resolution">{show(video?.width && video?.height ? `${video.width}×${video.height}` : null)}</Row>
        <Row name="frame-rate" label="Frame rate">{show(formatFrameRate(video?.frameRate))}</Row>
        <Row name="codecs" label="Codecs">{show(formatCodecs(video, audio))}</Row>
        <Row name="keyframe-interval" label="Keyframe interval">
          {/* 0 until the second keyframe arrives: nothing to tell yet. */}
          {show(video?.keyframeIntervalSeconds > 0 ? `${video.keyframeIntervalSeconds.toFixed(1)} s` : null)}
          {active && warnings.keyframe && <span className="ml-1 text-amber-300" aria-label="too long">⚠</span>}
        </Row>
        <Row name="b-frames" label="B-frames">{show(typeof video?.bFrames === 'boolean' ? (video.bFrames ? 'Yes (adds delay)' : 'No') : null)}</Row>
        <Row name="dropped-frames" label="Dropped frames">{show(health?.droppedFrames)}</Row>
        <Row name="late-frames" label="Late frames">{show(health?.lateFrames)}</Row>
        <Row name="viewers" label="Viewers">{health?.viewers ?? dash}</Row>
        <Row name="ingest" label="Ingest">{show(formatIngest(health?.ingest))}</Row>
      </dl>
      {active && warnings.list.length > 0 && (
        <ul className="mt-3 space-y-2 text-sm" aria-label="Stream warnings">
          {warnings.list.map((w) => (
            <li key={`${w.code}-${w.message}`} className="whitespace-pre-line rounded border border-amber-800 bg-amber-950/40 p-2 text-amber-100" data-warning={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {active && warnings.keyframe && !warnings.keyframeFromServer && (
        <div className="mt-2 text-sm text-zinc-300" data-warning="keyframe_interval">
          <p>{keyframeAdvice.why}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-zinc-400">
            <li>{keyframeAdvice.simple}</li>
            <li>{keyframeAdvice.advanced}</li>
          </ul>
        </div>
      )}
      {active && video?.bFrames && <p className="mt-2 text-xs text-zinc-400">{bFramesAdvice}</p>}
      {active && unavailablePlayback(playback).map((p) => (
        <p key={p.protocol} className="mt-2 rounded border border-amber-800 bg-amber-950/40 p-2 text-sm text-amber-100" data-warning={`${p.protocol}_unavailable`}>
          {unavailableNotice(p)}
        </p>
      ))}
      <RestreamHealthLines destinations={restreamDestinations} live={Boolean(active) || roomState === 'live' || roomState === 'reconnecting'} />
    </section>
  );
}
