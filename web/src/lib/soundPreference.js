// The viewer's own choice of volume and mute, kept in this browser so the
// next room starts as they left the last one. Only a choice by the viewer is
// kept: a mute forced by the browser's autoplay policy is not theirs.
const key = 'sockstream.player.sound';

/** { volume: 0..1, muted: boolean } as last chosen, or null. */
export function loadSound(storage = globalThis.localStorage) {
  try {
    const value = JSON.parse(storage?.getItem(key) || 'null');
    if (!value || !Number.isFinite(value.volume) || value.volume < 0 || value.volume > 1) return null;
    return { volume: value.volume, muted: value.muted === true };
  } catch {
    return null; // no storage (private mode) or a damaged value: start with the defaults
  }
}

export function saveSound({ volume, muted }, storage = globalThis.localStorage) {
  try {
    storage?.setItem(key, JSON.stringify({ volume, muted: !!muted }));
  } catch { /* storage full or refused: the choice lasts this page only */ }
}
