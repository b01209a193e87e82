// The one place the web app reads where a room is played from (the HLS
// playlist the server names for it), so a change of how playback is
// declared touches this function only.
export function playbackUrlOf(room) {
  return room?.playbackUrl || null;
}
