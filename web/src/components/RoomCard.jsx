import { useState } from 'react';
import { Link } from 'react-router';
import { thumbnailFor } from '../lib/endpoints.js';
import RoomStateBadge from './RoomStateBadge.jsx';


export function viewersText(count) {
  const n = Number(count) || 0;
  return `${n} viewer${n === 1 ? '' : 's'}`;
}

/** A room in a list: thumbnail (a placeholder when there is none), title, host, viewers, and its state (Live, Reconnecting, Offline). */
export default function RoomCard({ room }) {
  const [failedThumb, setFailedThumb] = useState(null);
  // The version changes with the room and every minute, so a live room's
  // picture stays fresh and one that was missing is asked for again.
  const version = `${room.updatedAt || ''}-${Math.floor(Date.now() / 60000)}`;
  const thumb = thumbnailFor(room, version);
  const thumbFailed = !thumb || failedThumb === thumb;
  return (
    <li className="list-none">
      <Link
        to={`/r/${encodeURIComponent(room.id)}`}
        className="block overflow-hidden rounded-lg border border-zinc-800 bg-zinc-900 hover:border-brand-500"
        data-room-id={room.id}
        data-live={room.live ? 'true' : 'false'}
      >
        <div className="relative aspect-video bg-zinc-800">
          {room.live && !thumbFailed ? (
            <img src={thumb} alt="" className="h-full w-full object-cover" loading="lazy" onError={() => setFailedThumb(thumb)} />
          ) : (
            <div className="flex h-full items-center justify-center text-3xl text-zinc-600" aria-hidden="true">▶</div>
          )}
          <span className="absolute left-2 top-2"><RoomStateBadge room={room} /></span>
          {room.live && (
            <span className="absolute bottom-2 right-2 rounded bg-black/70 px-1.5 py-0.5 text-xs">{viewersText(room.viewers)}</span>
          )}
        </div>
        <div className="p-3">
          <h3 className="truncate font-semibold text-white">{room.title}</h3>
          <p className="truncate text-sm text-zinc-400">{room.owner?.name}</p>
        </div>
      </Link>
    </li>
  );
}
