import { roomStateOf } from '../lib/roomState.js';

// The room's broadcast state in a word beside its title: Live, Reconnecting
// (the encoder dropped and may come back) or Offline.
const looks = {
  live: { word: 'Live', className: 'bg-red-600 text-white' },
  reconnecting: { word: 'Reconnecting', className: 'bg-amber-300 text-zinc-950' },
  offline: { word: 'Offline', className: 'bg-zinc-700 text-zinc-200' },
};

export default function RoomStateBadge({ room }) {
  const state = roomStateOf(room);
  const look = looks[state];
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-bold uppercase ${look.className}`} data-testid="room-state" data-state={state}>
      {look.word}
    </span>
  );
}
