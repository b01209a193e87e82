import { useCallback, useEffect, useRef, useState } from 'react';
import { loadWhep } from '../lib/loadWhep.js';
import { fallbackNotice, isWebrtc, nextEntry } from '../lib/playbackFallback.js';
import { playbackLabel } from '../lib/endpoints.js';
import { hlsConfig } from '../lib/hlsConfig.js';
import { liveCatchUp } from '../lib/liveCatchUp.js';
import { watchFrames } from '../lib/frameWatch.js';
import { formatLatency, measureLatency } from '../lib/latency.js';
import { loadHls, loadedHls } from '../lib/loadHls.js';
import { isBehindLive, jumpToLive } from '../lib/liveEdge.js';
import { usePlayerKeys } from '../hooks/usePlayerKeys.js';
import { loadSound, saveSound } from '../lib/soundPreference.js';
import PlayerControls from './PlayerControls.jsx';

// What the viewer reads over the video in each state. Playing, buffering and
// paused show the picture itself, so they have no overlay.
// Each is a headline and a line on what happens next; `busy` shows a spinner
// where something is under way by itself.
const overlays = {
  loading: { title: 'Connecting to the stream…', busy: true },
  offline: { title: 'This room is offline.', detail: 'The video starts by itself when the host goes live.' },
  ended: { title: 'The stream has ended.', detail: 'Thanks for watching. The video starts again by itself if the host comes back.' },
  reconnecting: { title: 'The host is reconnecting…', detail: 'The video resumes by itself.', busy: true },
  error: { title: 'The video stopped because of a playback error.', detail: 'Trying again…', busy: true },
  unsupported: { title: 'This browser cannot play HLS video.', detail: 'Try a current Chrome, Firefox, Edge or Safari.' },
};
const endedByHost = { ...overlays.ended, title: 'The host ended the stream.' };

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

// The picture is the truth only in these states: the controls show there and
// nowhere else, so nothing shows through an overlay.
const pictureStates = new Set(['playing', 'buffering', 'paused']);

function isMissingPlaylist(Hls, data) {
  const code = data?.response?.code;
  const details = data?.details;
  const playlistMissing = details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR
    || details === Hls.ErrorDetails.LEVEL_LOAD_ERROR
    || details === Hls.ErrorDetails.MANIFEST_PARSING_ERROR;
  return data?.type === Hls.ErrorTypes.NETWORK_ERROR && (playlistMissing || code === 404 || code === 410);
}

/**
 * The live video of a room: hls.js built with hlsConfig() (native HLS where
 * hls.js cannot run; hls.js itself is loaded only when a room is live), with
 * controls made for live (PlayerControls), driven by the server's word on the room.
 *
 * `roomState` ("live" | "reconnecting" | "offline") decides whether any media
 * loads at all: only a live room is played; a room that goes offline stops at
 * once and shows that the stream ended (`endReason` "ended_by_host" says the
 * host ended it); a reconnecting room shows so and starts afresh when it is
 * live again. Without `roomState` the player tries and retries on its own.
 * "Live" and the latency show only while frames really advance.
 *
 * It starts with sound; where the browser refuses that, it starts muted and
 * offers "Tap to unmute". `theatre` / `onToggleTheatre` add the theatre button.
 *
 * `sources` are the room's playable entries, fastest first (playbackChoices();
 * `src` alone means one HLS URL). A WHEP entry plays over WebRTC (the client
 * is loaded only then, see loadWhep.js); when it has no picture within
 * `webrtcConnectMs`, its connection fails before the first frame, or the
 * server refuses it, the player moves on to the next entry by itself and
 * says why. The viewer sees which way plays and may switch. `notice` is a
 * line from the page (a way the server switched off for this stream).
 */
export default function Player({
  src, sources = null, notice = '', title = 'Live video', roomState, endReason = null, retryMs = 3000, stallMs = 1500,
  webrtcConnectMs = 5000, theatre = false, onToggleTheatre = null,
}) {
  const figureRef = useRef(null);
  const videoRef = useRef(null);
  const hlsRef = useRef(null);
  const [media, setMedia] = useState('loading');
  const [attempt, setAttempt] = useState(0);
  const [latency, setLatency] = useState(null);
  const [behind, setBehind] = useState(false);
  const [sound, setSound] = useState({ muted: false, volume: 1 });
  const [needsUnmute, setNeedsUnmute] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);
  const [idle, setIdle] = useState(false);
  const entries = sources || (src ? [{ protocol: 'hls', url: src, mimeType: 'application/vnd.apple.mpegurl', latency: 'low-latency' }] : []);
  // The way the viewer (or a fallback) picked, for this list of entries; the fastest by default.
  const signature = entries.map((e) => `${e.protocol} ${e.url}`).join('|');
  const [picked, setPicked] = useState({ signature, url: null, note: '' });
  if (picked.signature !== signature) setPicked({ signature, url: null, note: '' });
  const current = entries.find((e) => e.url === picked.url) || entries[0] || null;
  const currentSrc = current?.url || null;
  const webrtc = isWebrtc(current);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const sessionRef = useRef(null);
  const meterRef = useRef(null);

  const serverSaysLive = roomState === 'live';
  const wantsMedia = !!currentSrc && (roomState === undefined || serverSaysLive);

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
    const src = currentSrc;
    let disposed = false;
    let retryTimer = null;
    let mediaRecoveries = 0;
    let connectTimer = null;
    let lostTimer = null;
    let sawFrames = false;
    const startAbort = new AbortController();
    setMedia('loading');
    setLatency(null);
    setBehind(false);

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
    const pausedByBrowser = () => {
      if (disposed || !video.paused) return;
      // A picture the browser will not start by itself is no failure of the way it plays.
      clearTimeout(connectTimer);
      setMedia('paused');
    };
    const tryPlay = () => {
      const promise = video.play?.();
      if (!promise || typeof promise.catch !== 'function') return;
      // A browser that refuses to play with sound (no click yet) may still
      // play muted: do that and offer to unmute. If it refuses even that,
      // show the paused video with its play button, not "Connecting…" forever.
      promise.catch((error) => {
        if (disposed) return;
        if (error?.name === 'NotAllowedError' && !video.muted) {
          video.muted = true;
          setNeedsUnmute(true);
          const retry = video.play?.();
          if (retry && typeof retry.catch === 'function') retry.catch(pausedByBrowser);
        } else {
          pausedByBrowser();
        }
      });
    };
    const stopWatching = watchFrames(video, (status) => {
      if (disposed) return;
      if (status === 'advancing') {
        sawFrames = true;
        clearTimeout(connectTimer);
        setMedia('playing');
      }
      else if (status === 'stalled') setMedia('buffering');
      else if (status === 'paused') setMedia('paused');
    }, { stallMs });

    // A way of playing that failed before its first frame gives way to the next
    // entry (and the viewer reads why); one that played and then lost its
    // connection starts again (the stream itself may have paused).
    const fallBack = (error) => {
      if (disposed) return;
      const from = entriesRef.current.find((e) => e.url === src);
      const next = nextEntry(entriesRef.current, from);
      if (!next) {
        scheduleRetry('error');
        return;
      }
      setPicked((p) => ({ ...p, url: next.url, note: fallbackNotice(from, next, error) }));
    };
    const lost = (error) => {
      if (disposed) return;
      if (sawFrames) scheduleRetry('error');
      else fallBack(error);
    };
    const onPageHide = () => sessionRef.current?.stop();
    const onPageShow = (event) => { if (event.persisted && !disposed) setAttempt((n) => n + 1); };
    const startWebrtc = (whep) => {
      if (disposed) return;
      window.addEventListener('pagehide', onPageHide);
      window.addEventListener('pageshow', onPageShow);
      whep.startWhep(src, { signal: startAbort.signal }).then((session) => {
        if (disposed) {
          session.stop();
          return;
        }
        sessionRef.current = session;
        meterRef.current = whep.createWebrtcLatencyMeter(session.pc);
        session.pc.addEventListener('connectionstatechange', () => {
          const state = session.pc.connectionState;
          if (state === 'connected') clearTimeout(lostTimer);
          else if (state === 'failed') lost({ kind: 'connection' });
          else if (state === 'disconnected') {
            clearTimeout(lostTimer);
            lostTimer = setTimeout(() => lost({ kind: 'disconnected' }), 3000);
          }
        });
        video.srcObject = session.stream;
        tryPlay();
      }, (error) => {
        if (!disposed && error?.name !== 'AbortError') fallBack(error);
      });
    };

    let nativeError = null;
    let stopCatchUp = null;
    const start = (Hls) => {
      if (disposed) return;
      if (Hls.isSupported()) {
        const hls = new Hls(hlsConfig());
        hlsRef.current = hls;
        // From a start at the newest keyframe (up to a GOP behind) back to the target latency.
        stopCatchUp = liveCatchUp(hls, video);
        hls.on(Hls.Events.MANIFEST_PARSED, tryPlay);
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data?.fatal || disposed) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
            mediaRecoveries += 1;
            hls.recoverMediaError();
            return;
          }
          if (isMissingPlaylist(Hls, data)) missing();
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
    };
    // The bound on real-time starting counts from here, so a slow chunk load counts too.
    if (webrtc) connectTimer = setTimeout(() => fallBack({ kind: 'timeout', ms: webrtcConnectMs }), webrtcConnectMs);
    if (webrtc) loadWhep().then(startWebrtc, (error) => fallBack({ kind: 'network', message: `the player could not load (${error?.message || error})` }));
    else if (loadedHls()) start(loadedHls());
    else loadHls().then(start, () => scheduleRetry('error'));

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(connectTimer);
      clearTimeout(lostTimer);
      startAbort.abort();
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      sessionRef.current?.stop();
      sessionRef.current = null;
      meterRef.current = null;
      if ('srcObject' in video) video.srcObject = null;
      stopWatching();
      video.removeEventListener('ended', onEnded);
      if (nativeError) {
        video.removeEventListener('error', nativeError);
        video.removeEventListener('loadedmetadata', tryPlay);
      }
      stopCatchUp?.();
      if (hlsRef.current) {
        hlsRef.current.destroy();
        hlsRef.current = null;
      }
      // Nothing of the old window may play again: no source, no buffered frames.
      try { video.pause(); } catch { /* jsdom and old browsers */ }
      video.removeAttribute('src');
      try { video.load(); } catch { /* as above */ }
    };
  }, [currentSrc, webrtc, attempt, retryMs, stallMs, wantsMedia, serverSaysLive, webrtcConnectMs]);

  // The sound as the video has it (the viewer, the browser's autoplay policy, the keyboard).
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const chosen = loadSound();
    if (chosen) {
      video.volume = chosen.volume;
      video.muted = chosen.muted;
      setSound(chosen);
    }
    const onVolume = () => {
      setSound({ muted: video.muted, volume: video.volume });
      if (!video.muted && video.volume > 0) setNeedsUnmute(false);
    };
    video.addEventListener('volumechange', onVolume);
    const onFullscreen = () => setFullscreen(!!document.fullscreenElement && document.fullscreenElement === figureRef.current);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      video.removeEventListener('volumechange', onVolume);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, []);

  let phase;
  if (roomState === 'offline') phase = seen.broadcast && seen.src === src ? 'ended' : 'offline';
  else if (roomState === 'reconnecting') phase = 'reconnecting';
  else phase = media;
  const showsPicture = pictureStates.has(phase);

  // When the viewer paused: live moves on meanwhile (see isBehindLive).
  const pausedAt = useRef(null);
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const onPause = () => { pausedAt.current = Date.now(); };
    const onPlay = () => { pausedAt.current = null; };
    video.addEventListener('pause', onPause);
    video.addEventListener('play', onPlay);
    return () => {
      video.removeEventListener('pause', onPause);
      video.removeEventListener('play', onPlay);
    };
  }, []);

  // The latency is measured while there is a picture: shown only while frames
  // advance, and used to offer "Go live" when the viewer fell behind (a pause).
  useEffect(() => {
    if (!showsPicture) return undefined;
    if (webrtc) {
      // WebRTC plays at the live edge by itself: no "Go live"; the latency comes from getStats.
      setBehind(false);
      let active = true;
      const read = async () => {
        const seconds = await meterRef.current?.measure();
        if (active) setLatency(seconds ?? null);
      };
      read();
      const id = setInterval(read, 1000);
      return () => { active = false; clearInterval(id); };
    }
    const update = () => {
      const seconds = measureLatency(hlsRef.current, videoRef.current);
      setLatency(seconds);
      const pausedFor = pausedAt.current ? (Date.now() - pausedAt.current) / 1000 : 0;
      setBehind(isBehindLive(videoRef.current, hlsRef.current, pausedFor));
    };
    update();
    const id = setInterval(update, 1000);
    return () => clearInterval(id);
  }, [showsPicture, webrtc]);

  // The controls fade out while the picture plays untouched for a while.
  const idleTimer = useRef(null);
  // A tap on a picture whose controls had faded only brings them back (as on
  // phones everywhere); it pauses only when the controls were showing.
  const tapWoke = useRef(false);
  const wake = useCallback(() => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), 3000);
  }, []);
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const video = () => videoRef.current;
  const actions = {
    togglePlay: () => {
      const v = video();
      if (!v || !showsPicture) return;
      if (v.paused) v.play?.()?.catch?.(() => {});
      else v.pause();
      wake();
    },
    toggleMute: () => {
      const v = video();
      if (!v) return;
      if (v.muted || v.volume === 0) {
        v.muted = false;
        if (v.volume === 0) v.volume = 0.5;
      } else {
        v.muted = true;
      }
      saveSound({ volume: v.volume, muted: v.muted });
      wake();
    },
    setVolume: (value) => {
      const v = video();
      if (!v) return;
      v.volume = value;
      v.muted = value === 0;
      saveSound({ volume: v.volume, muted: v.muted });
    },
    jumpToLive: () => {
      if (!webrtc && jumpToLive(video(), hlsRef.current)) setBehind(false);
    },
    togglePip: async () => {
      const v = video();
      try {
        if (document.pictureInPictureElement) await document.exitPictureInPicture();
        else await v?.requestPictureInPicture?.();
      } catch { /* refused by the browser: nothing to undo */ }
    },
    toggleFullscreen: async () => {
      const figure = figureRef.current;
      try {
        if (document.fullscreenElement) await document.exitFullscreen();
        else if (figure?.requestFullscreen) await figure.requestFullscreen();
        else video()?.webkitEnterFullscreen?.(); // iPhone Safari: only the video can go full screen
      } catch { /* refused by the browser */ }
    },
    toggleTheatre: onToggleTheatre || undefined,
  };
  usePlayerKeys(actions, !!currentSrc);
  const choose = (url) => setPicked((p) => ({ ...p, url, note: '' }));
  const notices = [notice, picked.note].filter(Boolean);

  const canPip = typeof document !== 'undefined' && !!document.pictureInPictureEnabled;
  const overlay = showsPicture ? null : (phase === 'ended' && endReason === 'ended_by_host' ? endedByHost : overlays[phase]);
  const controlsHidden = idle && phase === 'playing';
  return (
    <figure
      ref={figureRef}
      className="group relative m-0 w-full overflow-hidden bg-black sm:rounded-lg phone-landscape:fixed phone-landscape:inset-0 phone-landscape:z-40 phone-landscape:rounded-none"
      data-player-state={phase}
      onPointerMove={wake}
      onPointerDown={() => { tapWoke.current = idle && phase === 'playing'; wake(); }}
    >
      <div className={`relative w-full ${fullscreen ? 'h-full' : 'aspect-video'} phone-landscape:aspect-auto phone-landscape:h-[calc(100dvh-2rem)]`}>
        <video
          ref={videoRef}
          className="absolute inset-0 h-full w-full"
          playsInline
          aria-label={title}
          onClick={() => { if (!tapWoke.current) actions.togglePlay(); tapWoke.current = false; }}
        />
        {overlay && (
          <div
            className="absolute inset-0 z-10 flex items-center justify-center bg-black p-6 text-center text-zinc-200"
            role="status"
          >
            <div className="flex max-w-sm flex-col items-center gap-2">
              {overlay.busy && <span aria-hidden="true" className="h-8 w-8 animate-spin rounded-full border-2 border-zinc-600 border-t-zinc-200 motion-reduce:animate-none" />}
              <p className="text-lg font-semibold">{overlay.title}</p>
              {overlay.detail && <p className="text-sm text-zinc-300">{overlay.detail}</p>}
            </div>
          </div>
        )}
        {showsPicture && needsUnmute && (
          <button
            type="button"
            onClick={actions.toggleMute}
            className="absolute left-3 top-3 z-20 inline-flex items-center gap-2 rounded-full bg-black/75 px-3 py-2 text-sm font-semibold text-white hover:bg-black"
          >
            <span aria-hidden="true">🔇</span> Tap to unmute
          </button>
        )}
        {showsPicture && (
          <div
            className={`absolute inset-x-0 bottom-0 z-20 bg-gradient-to-t from-black/85 to-transparent pt-6 transition-opacity group-focus-within:opacity-100 ${controlsHidden ? 'opacity-0' : 'opacity-100'}`}
          >
            <PlayerControls
              paused={phase === 'paused'}
              muted={sound.muted}
              volume={sound.volume}
              behind={behind}
              canPip={canPip}
              fullscreen={fullscreen}
              theatre={theatre}
              onTogglePlay={actions.togglePlay}
              onToggleMute={actions.toggleMute}
              onVolume={actions.setVolume}
              onJumpToLive={actions.jumpToLive}
              onTogglePip={actions.togglePip}
              onToggleFullscreen={actions.toggleFullscreen}
              onToggleTheatre={onToggleTheatre}
            />
          </div>
        )}
      </div>
      <figcaption className="flex h-8 items-center justify-between gap-2 px-3 text-sm text-zinc-300 sm:gap-4">
        <span data-testid="player-caption">
          {phase === 'playing' ? <span className="font-semibold text-red-400">● Live</span> : <span>{captions[phase]}</span>}
        </span>
        {entries.length > 1 ? (
          <label className="flex min-w-0 items-center gap-1 text-xs">
            <span className="sr-only">Playback</span>
            <select
              className="min-w-0 max-w-[11rem] truncate rounded border border-zinc-700 bg-zinc-900 px-1 py-0.5 text-xs text-zinc-200"
              value={currentSrc || ''}
              onChange={(e) => choose(e.target.value)}
              data-testid="playback-mode"
              data-protocol={current?.protocol}
            >
              {entries.map((e) => <option key={e.url} value={e.url}>{playbackLabel(e)}</option>)}
            </select>
          </label>
        ) : webrtc && (
          <span className="text-xs" data-testid="playback-mode" data-protocol={current?.protocol}>{playbackLabel(current)}</span>
        )}
        <span className="shrink-0 tabular-nums" data-testid="latency">
          Latency: <span className="inline-block min-w-[4.5ch] text-right">{formatLatency(phase === 'playing' ? latency : null, { milliseconds: webrtc })}</span>
        </span>
      </figcaption>
      {notices.length > 0 && (
        <p className="px-3 pb-2 text-xs text-amber-300" role="status" data-testid="playback-notice">{notices.join(' ')}</p>
      )}
    </figure>
  );
}
