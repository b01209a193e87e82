import { useEffect, useRef, useState } from 'react';
import { loadHls, loadedHls } from '../lib/loadHls.js';

// hls.js for a finished recording: no live tuning, a modest buffer ahead,
// and the back buffer kept small so a three-hour show does not fill memory.
const vodHlsConfig = { enableWorker: true, maxBufferLength: 30, backBufferLength: 60 };

/**
 * A past broadcast's video: its VOD HLS playlist through hls.js (native HLS
 * where hls.js cannot run), with the browser's own controls, which seek.
 * Separate from the live Player, whose states (offline, reconnecting, live
 * edge) mean nothing here. `onPosition(seconds, { paused })` reports the
 * playback position on every time update, seek and pause, so the chat beside
 * it follows. A playlist that cannot be loaded shows in words.
 */
export default function VodPlayer({ src, poster = null, title = 'Recorded video', onPosition = null }) {
  const videoRef = useRef(null);
  const [failure, setFailure] = useState('');
  const onPositionRef = useRef(onPosition);
  onPositionRef.current = onPosition;

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !src) return undefined;
    let disposed = false;
    let hls = null;
    let recoveries = 0;
    setFailure('');
    const fail = (words) => { if (!disposed) setFailure(words); };
    const onNativeError = () => fail('The video could not be loaded. The recording may have been deleted; reload the page to try again.');
    const start = (Hls) => {
      if (disposed) return;
      if (Hls.isSupported()) {
        hls = new Hls(vodHlsConfig);
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data?.fatal || disposed) return;
          if (data.type === Hls.ErrorTypes?.MEDIA_ERROR && recoveries < 2) {
            recoveries += 1;
            hls.recoverMediaError();
            return;
          }
          const status = data?.response?.code;
          fail(status === 404 || status === 410
            ? 'This recording is not available any more: it may have been deleted.'
            : 'The video stopped because of a playback error. Reload the page to try again.');
        });
        hls.loadSource(src);
        hls.attachMedia(video);
      } else if (video.canPlayType?.('application/vnd.apple.mpegurl')) {
        video.addEventListener('error', onNativeError);
        video.src = src;
      } else {
        fail('This browser cannot play HLS video. Try a current Chrome, Firefox, Edge or Safari.');
      }
    };
    if (loadedHls()) start(loadedHls());
    else loadHls().then(start, () => fail('The player could not load. Check your connection and reload the page.'));
    return () => {
      disposed = true;
      video.removeEventListener('error', onNativeError);
      if (hls) hls.destroy();
      try { video.pause(); } catch { /* jsdom */ }
      video.removeAttribute('src');
      try { video.load(); } catch { /* jsdom */ }
    };
  }, [src]);

  // The position as the chat replay needs it: every time update, and at once on a seek or a pause.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    const report = () => onPositionRef.current?.(video.currentTime || 0, { paused: video.paused });
    const events = ['timeupdate', 'seeking', 'seeked', 'pause', 'play', 'loadedmetadata'];
    for (const name of events) video.addEventListener(name, report);
    return () => { for (const name of events) video.removeEventListener(name, report); };
  }, []);

  return (
    <figure className="relative m-0 aspect-video w-full overflow-hidden bg-black sm:rounded-lg">
      <video
        ref={videoRef}
        className="h-full w-full"
        controls
        playsInline
        preload="metadata"
        poster={poster || undefined}
        aria-label={title}
        data-testid="vod-video"
      />
      {failure && (
        <div role="alert" className="absolute inset-0 flex items-center justify-center bg-black/80 p-6 text-center">
          {failure}
        </div>
      )}
    </figure>
  );
}
