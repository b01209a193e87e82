import { useEffect, useRef, useState } from 'react';
import Hls from 'hls.js';
import { formatLatency, measureLatency } from '../lib/latency.js';
import { hlsConfig } from '../lib/hlsConfig.js';

const messages = {
  loading: 'Connecting to the stream…',
  offline: 'This room is offline. The video starts by itself when the host goes live.',
  error: 'The video stopped because of a playback error. Trying again…',
  unsupported: 'This browser cannot play HLS video.',
};

function isOfflineError(data) {
  const code = data?.response?.code;
  const details = data?.details;
  const playlistMissing = details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR
    || details === Hls.ErrorDetails.LEVEL_LOAD_ERROR
    || details === Hls.ErrorDetails.MANIFEST_PARSING_ERROR;
  return data?.type === Hls.ErrorTypes.NETWORK_ERROR && (playlistMissing || code === 404 || code === 410);
}

/**
 * The live video of a room: hls.js in low-latency mode (native HLS where
 * hls.js cannot run), an offline state that keeps retrying until the stream
 * returns, and a live-latency readout.
 *
 * `live` is the server's word on whether the room is live: a change retries at once.
 */
export default function Player({ src, title = 'Live video', live, retryMs = 3000 }) {
  const videoRef = useRef(null);
  const hlsRef = useRef(null);
  const [state, setState] = useState('loading');
  const [attempt, setAttempt] = useState(0);
  const [latency, setLatency] = useState(null);

  // One playback attempt per `attempt`: a fresh hls.js instance each time, so
  // a stream that comes back starts from a clean state.
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !src) return undefined;
    let disposed = false;
    let retryTimer = null;
    let mediaRecoveries = 0;
    setState('loading');
    setLatency(null);

    const scheduleRetry = (nextState) => {
      if (disposed) return;
      setState(nextState);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => setAttempt((n) => n + 1), retryMs);
    };
    const onPlaying = () => { if (!disposed) setState('playing'); };
    const onEnded = () => scheduleRetry('offline');
    video.addEventListener('playing', onPlaying);
    video.addEventListener('ended', onEnded);
    const tryPlay = () => {
      const promise = video.play?.();
      if (promise && typeof promise.catch === 'function') promise.catch(() => {});
    };

    let nativeError = null;
    if (Hls.isSupported()) {
      const hls = new Hls(hlsConfig());
      hlsRef.current = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, tryPlay);
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data?.fatal || disposed) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
          mediaRecoveries += 1;
          hls.recoverMediaError();
          return;
        }
        scheduleRetry(isOfflineError(data) ? 'offline' : 'error');
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType?.('application/vnd.apple.mpegurl')) {
      nativeError = () => scheduleRetry('offline');
      video.addEventListener('error', nativeError);
      video.addEventListener('loadedmetadata', tryPlay);
      video.src = src;
    } else {
      setState('unsupported');
    }

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      video.removeEventListener('playing', onPlaying);
      video.removeEventListener('ended', onEnded);
      if (nativeError) {
        video.removeEventListener('error', nativeError);
        video.removeEventListener('loadedmetadata', tryPlay);
        video.removeAttribute('src');
        video.load?.();
      }
      if (hlsRef.current) {
        hlsRef.current.destroy();
        hlsRef.current = null;
      }
    };
  }, [src, attempt, retryMs]);

  // The server saying the room went live (or stopped) is fresher than our
  // retry timer: start over at once.
  const previousLive = useRef(live);
  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(() => {
    if (previousLive.current === live) return;
    previousLive.current = live;
    if (live && stateRef.current !== 'playing') setAttempt((n) => n + 1);
  }, [live]);

  useEffect(() => {
    if (state !== 'playing') return undefined;
    const id = setInterval(() => setLatency(measureLatency(hlsRef.current, videoRef.current)), 1000);
    return () => clearInterval(id);
  }, [state]);

  const overlay = state === 'playing' ? null : messages[state];
  return (
    <figure className="relative m-0 w-full overflow-hidden rounded-lg bg-black" data-player-state={state}>
      <div className="relative aspect-video w-full">
        <video
          ref={videoRef}
          className="absolute inset-0 h-full w-full"
          controls
          muted
          autoPlay
          playsInline
          aria-label={title}
        />
        {overlay && (
          <div
            className="absolute inset-0 flex items-center justify-center bg-black/80 p-6 text-center text-zinc-200"
            role="status"
          >
            <p className="max-w-sm">{overlay}</p>
          </div>
        )}
      </div>
      <figcaption className="flex items-center justify-between gap-4 px-3 py-2 text-sm text-zinc-400">
        <span>
          {state === 'playing' ? <span className="font-semibold text-red-400">● Live</span> : <span>{state === 'offline' ? 'Offline' : 'Not playing'}</span>}
        </span>
        <span className="tabular-nums" data-testid="latency">
          Latency: <span className="inline-block min-w-[4.5ch] text-right">{formatLatency(state === 'playing' ? latency : null)}</span>
        </span>
      </figcaption>
    </figure>
  );
}
