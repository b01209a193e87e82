import { useEffect, useRef, useState } from 'react';
import Hls from 'hls.js';
import { hlsConfig } from '../lib/hlsConfig.js';
import { watchFrames } from '../lib/frameWatch.js';
import { formatLatency, measureLatency } from '../lib/latency.js';

// What the viewer reads over the video in each state. Playing, buffering and
// paused show the picture itself, so they have no overlay.
const overlays = {
  loading: 'Connecting to the stream…',
  offline: 'This room is offline. The video starts by itself when the host goes live.',
  ended: 'The stream has ended.',
  reconnecting: 'The host is reconnecting… The video resumes by itself.',
  error: 'The video stopped because of a playback error. Trying again…',
  unsupported: 'This browser cannot play HLS video.',
};
const endedByHost = 'The host ended the stream.';

const captions = {
  loading: 'Connecting…',
  offline: 'Offline',
  ended: 'Ended',
  reconnecting: 'Reconnecting…',
  buffering: 'Buffering…',
  paused: 'Paused',
  error: 'Not playing',
  unsupported: 'Not playing',
};

// The picture is the truth only in these states: the browser's controls show
// there and nowhere else, so no spinner or seek bar shows through an overlay.
const pictureStates = new Set(['playing', 'buffering', 'paused']);

function isMissingPlaylist(data) {
  const code = data?.response?.code;
  const details = data?.details;
  const playlistMissing = details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR
    || details === Hls.ErrorDetails.LEVEL_LOAD_ERROR
    || details === Hls.ErrorDetails.MANIFEST_PARSING_ERROR;
  return data?.type === Hls.ErrorTypes.NETWORK_ERROR && (playlistMissing || code === 404 || code === 410);
}

/**
 * The live video of a room: hls.js built with hlsConfig() (native HLS where
 * hls.js cannot run), driven by the server's word on the room.
 *
 * `roomState` ("live" | "reconnecting" | "offline") decides whether any media
 * loads at all: only a live room is played; a room that goes offline stops at
 * once and shows that the stream ended (`endReason` "ended_by_host" says the
 * host ended it); a reconnecting room shows so and starts afresh when it is
 * live again. Without `roomState` the player tries and retries on its own.
 * "Live" and the latency show only while frames really advance.
 */
export default function Player({ src, title = 'Live video', roomState, endReason = null, retryMs = 3000, stallMs = 1500 }) {
  const videoRef = useRef(null);
  const hlsRef = useRef(null);
  const [media, setMedia] = useState('loading');
  const [attempt, setAttempt] = useState(0);
  const [latency, setLatency] = useState(null);
  const serverSaysLive = roomState === 'live';
  const wantsMedia = !!src && (roomState === undefined || serverSaysLive);

  // Whether this viewer saw a broadcast of this room: then "offline" means it ended.
  const [seen, setSeen] = useState({ src, broadcast: false });
  const broadcasting = roomState === 'live' || roomState === 'reconnecting';
  if (seen.src !== src) setSeen({ src, broadcast: broadcasting });
  else if (broadcasting && !seen.broadcast) setSeen({ src, broadcast: true });

  // One playback attempt per `attempt` while the room is live: a fresh hls.js
  // instance each time, so a stream that comes back starts from a clean state.
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !wantsMedia) return undefined;
    let disposed = false;
    let retryTimer = null;
    let mediaRecoveries = 0;
    setMedia('loading');
    setLatency(null);

    const scheduleRetry = (next) => {
      if (disposed) return;
      setMedia(next);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => setAttempt((n) => n + 1), retryMs);
    };
    // A playlist that is not there yet, while the server says live, is a
    // stream still starting; without the server's word it means offline.
    const missing = () => scheduleRetry(serverSaysLive ? 'loading' : 'offline');
    const onEnded = () => scheduleRetry('ended');
    video.addEventListener('ended', onEnded);
    const tryPlay = () => {
      const promise = video.play?.();
      // A browser that refuses to autoplay leaves the video paused: show it
      // with its controls so the viewer can start it, not "Connecting…" forever.
      if (promise && typeof promise.catch === 'function') promise.catch(() => { if (!disposed && video.paused) setMedia('paused'); });
    };
    const stopWatching = watchFrames(video, (status) => {
      if (disposed) return;
      if (status === 'advancing') setMedia('playing');
      else if (status === 'stalled') setMedia('buffering');
      else if (status === 'paused') setMedia('paused');
    }, { stallMs });

    let nativeError = null;
    if (Hls.isSupported()) {
      const hls = new Hls(hlsConfig(Hls));
      hlsRef.current = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, tryPlay);
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data?.fatal || disposed) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
          mediaRecoveries += 1;
          hls.recoverMediaError();
          return;
        }
        if (isMissingPlaylist(data)) missing();
        else scheduleRetry('error');
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType?.('application/vnd.apple.mpegurl')) {
      nativeError = () => missing();
      video.addEventListener('error', nativeError);
      video.addEventListener('loadedmetadata', tryPlay);
      video.src = src;
    } else {
      setMedia('unsupported');
    }

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      stopWatching();
      video.removeEventListener('ended', onEnded);
      if (nativeError) {
        video.removeEventListener('error', nativeError);
        video.removeEventListener('loadedmetadata', tryPlay);
      }
      if (hlsRef.current) {
        hlsRef.current.destroy();
        hlsRef.current = null;
      }
      // Nothing of the old window may play again: no source, no buffered frames.
      try { video.pause(); } catch { /* jsdom and old browsers */ }
      video.removeAttribute('src');
      try { video.load(); } catch { /* as above */ }
    };
  }, [src, attempt, retryMs, stallMs, wantsMedia, serverSaysLive]);

  let phase;
  if (roomState === 'offline') phase = seen.broadcast && seen.src === src ? 'ended' : 'offline';
  else if (roomState === 'reconnecting') phase = 'reconnecting';
  else phase = media;

  useEffect(() => {
    if (phase !== 'playing') return undefined;
    const update = () => setLatency(measureLatency(hlsRef.current, videoRef.current));
    update();
    const id = setInterval(update, 1000);
    return () => clearInterval(id);
  }, [phase]);

  const showsPicture = pictureStates.has(phase);
  const overlay = showsPicture ? null : (phase === 'ended' && endReason === 'ended_by_host' ? endedByHost : overlays[phase]);
  return (
    <figure className="relative m-0 w-full overflow-hidden rounded-lg bg-black" data-player-state={phase}>
      <div className="relative aspect-video w-full">
        <video
          ref={videoRef}
          className="absolute inset-0 h-full w-full"
          controls={showsPicture}
          muted
          autoPlay
          playsInline
          aria-label={title}
        />
        {overlay && (
          <div
            className="absolute inset-0 z-10 flex items-center justify-center bg-black p-6 text-center text-zinc-200"
            role="status"
          >
            <p className="max-w-sm">{overlay}</p>
          </div>
        )}
      </div>
      <figcaption className="flex items-center justify-between gap-4 px-3 py-2 text-sm text-zinc-400">
        <span data-testid="player-caption">
          {phase === 'playing' ? <span className="font-semibold text-red-400">● Live</span> : <span>{captions[phase]}</span>}
        </span>
        <span className="tabular-nums" data-testid="latency">
          Latency: <span className="inline-block min-w-[4.5ch] text-right">{formatLatency(phase === 'playing' ? latency : null)}</span>
        </span>
      </figcaption>
    </figure>
  );
}
