import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { createBitrateMeter, startWhip } from '../lib/whipClient.js';

/** How the host reads each state of the browser broadcast. */
export const stateWords = {
  idle: 'Not broadcasting from this browser.',
  connecting: 'Connecting…',
  live: 'Live from this browser.',
  reconnecting: 'Connection lost: reconnecting…',
  ending: 'Ending the broadcast…',
  ended: 'Broadcast ended.',
};

const reconnectAttempts = 3;
const reconnectDelayMs = 2000;

/**
 * Going live from the browser, no OBS needed: the host picks a camera or a
 * screen/window to share (getDisplayMedia) and a microphone, sees a preview,
 * presses "Go live", and the page publishes over WHIP with a stream key it
 * makes for the purpose (the key is shown only once when made, so the page
 * cannot read the current one: a key pasted in OBS stops working). "End"
 * ends the broadcast. Shows the state in words and the outgoing bitrate.
 */
export default function GoLiveFromBrowser({ room, whipUrl = '/whip' }) {
  const [source, setSource] = useState('camera');
  const [withMicrophone, setWithMicrophone] = useState(true);
  const [stream, setStream] = useState(null);
  const [state, setState] = useState('idle');
  const [failure, setFailure] = useState('');
  const [bitrate, setBitrate] = useState(null);
  const preview = useRef(null);
  const session = useRef(null);
  const key = useRef(null);
  const ending = useRef(false);

  const supported = typeof globalThis.RTCPeerConnection === 'function' && !!globalThis.navigator?.mediaDevices;

  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream;
  }, [stream]);

  const stopTracks = (s) => s?.getTracks().forEach((t) => t.stop());
  useEffect(() => () => {
    ending.current = true;
    session.current?.stop();
    stopTracks(stream);
  }, [stream]);

  const pick = async () => {
    setFailure('');
    try {
      const devices = navigator.mediaDevices;
      let picked;
      if (source === 'screen') {
        picked = await devices.getDisplayMedia({ video: true, audio: false });
        if (withMicrophone) {
          const mic = await devices.getUserMedia({ audio: true });
          mic.getAudioTracks().forEach((t) => picked.addTrack(t));
        }
      } else {
        picked = await devices.getUserMedia({ video: { width: 1280, height: 720 }, audio: withMicrophone });
      }
      stopTracks(stream);
      setStream(picked);
    } catch (e) {
      setFailure(`The ${source === 'screen' ? 'screen or window' : 'camera or microphone'} could not be used: ${e?.message || e}`);
    }
  };

  const publish = useCallback(async (media) => {
    const started = await startWhip(whipUrl, media, key.current);
    session.current = started;
    const meter = createBitrateMeter(started.pc);
    const timer = setInterval(async () => {
      try { const kbps = await meter.sample(); if (kbps != null) setBitrate(kbps); } catch { /* closed */ }
    }, 1000);
    started.pc.addEventListener('connectionstatechange', () => {
      const s = started.pc.connectionState;
      if (s === 'connected') setState('live');
      if ((s === 'failed' || s === 'closed') && session.current === started) {
        clearInterval(timer);
        if (!ending.current) reconnect(media); // eslint-disable-line no-use-before-define
      }
      if (s === 'closed') clearInterval(timer);
    });
  }, [whipUrl]); // eslint-disable-line react-hooks/exhaustive-deps

  const reconnect = useCallback(async (media) => {
    setState('reconnecting');
    for (let attempt = 1; attempt <= reconnectAttempts && !ending.current; attempt++) {
      await new Promise((r) => setTimeout(r, reconnectDelayMs));
      try {
        session.current?.stop();
        await publish(media);
        return;
      } catch (e) {
        if (e?.kind === 'http' && e.status !== 503) {
          setState('failed');
          setFailure(e.message);
          return;
        }
      }
    }
    if (!ending.current) {
      setState('failed');
      setFailure('the connection could not be made again');
    }
  }, [publish]);

  const goLive = async () => {
    if (!stream) return;
    ending.current = false;
    setFailure('');
    setBitrate(null);
    setState('connecting');
    try {
      // A fresh key for this broadcast: the page never sees the current one.
      const minted = await api(`/api/rooms/${encodeURIComponent(room.id)}/stream-key`, { method: 'POST', body: {} });
      key.current = minted.streamKey;
      await publish(stream);
    } catch (e) {
      setState('failed');
      setFailure(e?.message || String(e));
    }
  };

  const end = async () => {
    ending.current = true;
    setState('ending');
    const current = session.current;
    session.current = null;
    await current?.stop();
    setState('ended');
    setBitrate(null);
  };

  const busy = ['connecting', 'live', 'reconnecting', 'ending'].includes(state);
  const words = state === 'failed' ? `Could not go live: ${failure}` : stateWords[state];

  return (
    <section aria-labelledby="go-live-browser" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4" data-testid="go-live-browser">
      <h2 id="go-live-browser" className="mb-2 text-lg font-semibold">Go live from this browser</h2>
      {!supported ? (
        <p className="text-sm text-zinc-400">This browser cannot send video over WebRTC.</p>
      ) : (
        <>
          <fieldset className="mb-3 flex flex-wrap items-center gap-4 text-sm" disabled={busy}>
            <legend className="sr-only">What to broadcast</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="go-live-source" value="camera" checked={source === 'camera'} onChange={() => setSource('camera')} />
              Camera
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="go-live-source" value="screen" checked={source === 'screen'} onChange={() => setSource('screen')} />
              Screen or window
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={withMicrophone} onChange={(e) => setWithMicrophone(e.target.checked)} />
              Microphone
            </label>
            <button type="button" onClick={pick} className="rounded border border-zinc-700 px-3 py-1 hover:bg-zinc-800">
              {stream ? 'Choose again' : 'Preview'}
            </button>
          </fieldset>
          <video ref={preview} muted autoPlay playsInline className="mb-3 aspect-video w-full max-w-md rounded bg-black" aria-label="Preview"
            hidden={!stream} />
          <p className="mb-3 text-xs text-zinc-400">
            Going live here makes a new stream key for this broadcast: a key pasted into OBS stops working.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            {!busy ? (
              <button type="button" onClick={goLive} disabled={!stream}
                className="rounded bg-red-600 px-4 py-2 font-semibold text-white hover:bg-red-500 disabled:opacity-50">
                Go live
              </button>
            ) : (
              <button type="button" onClick={end} className="rounded border border-red-800 px-4 py-2 text-red-300 hover:bg-red-950">
                End
              </button>
            )}
            <span role="status" aria-live="polite" className="text-sm" data-testid="go-live-state" data-state={state}>{words}</span>
            {bitrate != null && busy && (
              <span className="text-sm tabular-nums text-zinc-300" data-testid="go-live-bitrate">{`Sending ${Math.round(bitrate).toLocaleString('en-US')} kbps`}</span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
