import { useId } from 'react';

// The controls of the live player, drawn over the bottom of the video: play /
// pause, mute and volume, the LIVE button, theatre mode, picture-in-picture
// and fullscreen. No seek bar: a live stream has nowhere to seek to but live.
// Every control is a real <button> or <input> with a label, so keyboards and
// screen readers reach them in reading order.

const iconPaths = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  volume: 'M4 9v6h4l5 5V4L8 9H4zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z',
  muted: 'M4 9v6h4l5 5V4L8 9H4zm12.6 3 2.4-2.4-1.4-1.4-2.4 2.4-2.4-2.4-1.4 1.4 2.4 2.4-2.4 2.4 1.4 1.4 2.4-2.4 2.4 2.4 1.4-1.4z',
  pip: 'M19 7h-8v6h8V7zm2-4H3a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h18a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H3V5h18v14z',
  fullscreen: 'M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z',
  exitFullscreen: 'M5 16h3v3h2v-5H5v2zm3-8H5v2h5V5H8v3zm6 11h2v-3h3v-2h-5v5zm2-11V5h-2v5h5V8h-3z',
  theatre: 'M3 6h18v12H3z',
};

function Icon({ name }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" className="fill-current">
      <path d={iconPaths[name]} />
    </svg>
  );
}

const buttonClass = 'inline-flex h-9 min-w-9 items-center justify-center rounded px-1.5 text-white hover:bg-white/20';

export default function PlayerControls({
  paused, muted, volume, behind, canPip, fullscreen, theatre,
  onTogglePlay, onToggleMute, onVolume, onJumpToLive, onTogglePip, onToggleFullscreen, onToggleTheatre,
}) {
  const silent = muted || volume === 0;
  const volumeId = useId();
  return (
    <div role="toolbar" aria-label="Player controls" className="flex items-center gap-1 px-2 py-1">
      <button type="button" className={buttonClass} onClick={onTogglePlay} aria-label={paused ? 'Play (k)' : 'Pause (k)'}>
        <Icon name={paused ? 'play' : 'pause'} />
      </button>
      <button type="button" className={buttonClass} onClick={onToggleMute} aria-label={silent ? 'Unmute (m)' : 'Mute (m)'}>
        <Icon name={silent ? 'muted' : 'volume'} />
      </button>
      <label className="sr-only" htmlFor={volumeId}>Volume</label>
      <input
        id={volumeId}
        type="range"
        min="0"
        max="1"
        step="0.05"
        value={silent ? 0 : volume}
        onChange={(e) => onVolume(Number(e.target.value))}
        className="w-16 accent-white sm:w-24"
      />
      <button
        type="button"
        onClick={onJumpToLive}
        disabled={!behind}
        data-testid="live-button"
        data-behind={behind ? 'true' : 'false'}
        aria-label={behind ? 'Go live: jump to the live edge' : 'Live: watching at the live edge'}
        className="ml-1 inline-flex h-7 items-center gap-1.5 rounded px-2 text-xs font-bold uppercase tracking-wide text-white enabled:bg-white/20 enabled:hover:bg-white/30"
      >
        <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${behind ? 'bg-zinc-300' : 'bg-red-500'}`} />
        {behind ? 'Go live' : 'Live'}
      </button>
      <span className="flex-1" />
      {onToggleTheatre && (
        <button type="button" className={`${buttonClass} hidden lg:inline-flex`} onClick={onToggleTheatre}
          aria-label={theatre ? 'Leave theatre mode (t)' : 'Theatre mode (t)'} aria-pressed={!!theatre}>
          <Icon name="theatre" />
        </button>
      )}
      {canPip && (
        <button type="button" className={buttonClass} onClick={onTogglePip} aria-label="Picture in picture">
          <Icon name="pip" />
        </button>
      )}
      <button type="button" className={buttonClass} onClick={onToggleFullscreen} aria-label={fullscreen ? 'Leave full screen (f)' : 'Full screen (f)'}>
        <Icon name={fullscreen ? 'exitFullscreen' : 'fullscreen'} />
      </button>
    </div>
  );
}
