// Words and numbers for the host's stream health panel (components/StreamHealth.jsx).

/**
 * The broadcast's state for the host: waiting for encoder / live / reconnecting / ended.
 * `keyState` "authorised" means an encoder connected and was accepted but sent no media yet.
 */
export function describeHealthState(state, sawBroadcast = false, keyState = null) {
  if (state === 'offline' && keyState === 'authorised') {
    return { words: 'Encoder connected: waiting for its first pictures', tone: 'text-zinc-300' };
  }
  switch (state) {
    case 'live': return { words: 'Live', tone: 'font-semibold text-red-400' };
    case 'reconnecting': return { words: 'Reconnecting: the encoder dropped, waiting for it to come back', tone: 'text-amber-300' };
    case 'ended': return { words: 'Ended', tone: 'text-zinc-300' };
    case 'offline': return sawBroadcast ? { words: 'Ended', tone: 'text-zinc-300' } : { words: 'Waiting for encoder', tone: 'text-zinc-300' };
    default: return { words: 'Waiting for encoder', tone: 'text-zinc-300' };
  }
}

/** 75 → "1:15", 3723 → "1:02:03". */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatBitrate(kbps) {
  if (!Number.isFinite(kbps) || kbps < 0) return null;
  return `${Math.round(kbps).toLocaleString('en-US')} kbps`;
}

export function formatFrameRate(fps) {
  if (!Number.isFinite(fps) || fps <= 0) return null;
  return `${Number.isInteger(fps) ? fps : fps.toFixed(2)} fps`;
}

const channelWords = { 1: 'mono', 2: 'stereo' };

/** "h264 · aac 48 kHz stereo" from the health's video and audio parts. */
export function formatCodecs(video, audio) {
  const parts = [];
  if (video?.codec) parts.push(video.codec);
  if (audio?.codec) {
    const rate = Number.isFinite(audio.sampleRate) ? `${audio.sampleRate / 1000} kHz` : null;
    const channels = channelWords[audio.channels] || (audio.channels ? `${audio.channels} channels` : null);
    parts.push([audio.codec, rate, channels].filter(Boolean).join(' '));
  }
  return parts.length ? parts.join(' · ') : null;
}

/** Keyframes further apart than this make a slow start and a late picture. */
export const keyframeLimitSeconds = 2;

/**
 * The server's warnings as they are, and whether the keyframe interval is too
 * long: by the server's word, or by the number when the server gave no words.
 */
export function healthWarnings(health) {
  const list = Array.isArray(health?.warnings)
    ? health.warnings.filter((w) => w && typeof w.message === 'string' && w.message)
    : [];
  const keyframeFromServer = list.some((w) => w.code === 'keyframe_interval');
  const interval = health?.video?.keyframeIntervalSeconds;
  const keyframe = keyframeFromServer || (Number.isFinite(interval) && interval > keyframeLimitSeconds);
  return { list, keyframe, keyframeFromServer };
}

/** "RTMP · obs-output module (libobs version 30.0.0)": the protocol and, when it said, the encoder. */
export function formatIngest(ingest) {
  if (!ingest?.protocol) return null;
  return [ingest.protocol.toUpperCase(), ingest.encoder].filter(Boolean).join(' · ');
}
