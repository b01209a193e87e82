import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import RoomCard from '../components/RoomCard.jsx';
import { sortChannels, sortRooms } from '../lib/sortRooms.js';
import { useLiveRoomUpdates } from '../hooks/useLiveRoomUpdates.js';
import { applyRoomEvent } from '../lib/roomEvents.js';
import { normalizeRoom } from '../lib/roomState.js';

const roomsPerChannel = 8;

export default function HomePage() {
  const [channels, setChannels] = useState(null);
  const [rooms, setRooms] = useState({});
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const data = await api('/api/channels');
      const list = data?.channels || [];
      const entries = await Promise.all(list.map(async (c) => {
        try {
          const r = await api(`/api/channels/${encodeURIComponent(c.id)}/rooms`);
          return [c.id, (r?.rooms || []).map(normalizeRoom)];
        } catch {
          return [c.id, []];
        }
      }));
      setChannels(list);
      setRooms(Object.fromEntries(entries));
      setError('');
    } catch (e) {
      setError(e.message);
    }
  }, []);

  useEffect(() => { load(); }, [load]);
  // A pushed event changes the lists in place: every channel's list sees it,
  // so a room that moves channel leaves one list and joins the other.
  const onRoomEvent = useCallback((event) => setRooms((byChannel) => Object.fromEntries(
    Object.entries(byChannel).map(([id, list]) => [id, applyRoomEvent(list, event, id)]),
  )), []);
  useLiveRoomUpdates((channels || []).map((c) => c.id), load, onRoomEvent);

  if (!channels) {
    return error ? <p role="alert">{error}</p> : <p role="status">Loading channels…</p>;
  }

  return (
    <div className="flex flex-col gap-10">
      <h1 className="sr-only">Browse live rooms</h1>
      {error && <p role="alert" className="text-sm text-amber-300">{error}</p>}
      {channels.length === 0 && <p>No channels are configured on this server.</p>}
      {sortChannels(channels, rooms).map((channel) => {
        const channelRooms = sortRooms(rooms[channel.id] || []);
        const live = channelRooms.filter((r) => r.live).length;
        return (
          <section key={channel.id} aria-labelledby={`channel-${channel.id}`} data-channel-id={channel.id}>
            <div className="mb-3 flex items-baseline justify-between gap-4">
              <div>
                <h2 id={`channel-${channel.id}`} className="text-xl font-bold">
                  <Link to={`/c/${encodeURIComponent(channel.id)}`} className="hover:underline">{channel.title}</Link>
                </h2>
                <p className="text-sm text-zinc-400">{channel.description}</p>
              </div>
              <p className="shrink-0 text-sm text-zinc-400">{live} live · {channelRooms.length} room{channelRooms.length === 1 ? '' : 's'}</p>
            </div>
            {channelRooms.length === 0 ? (
              <p className="text-sm text-zinc-500">No rooms yet.</p>
            ) : (
              <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
                {channelRooms.slice(0, roomsPerChannel).map((room) => <RoomCard key={room.id} room={room} />)}
              </ul>
            )}
            {channelRooms.length > roomsPerChannel && (
              <Link to={`/c/${encodeURIComponent(channel.id)}`} className="mt-2 inline-block text-sm text-brand-400 underline">
                See all {channelRooms.length} rooms in {channel.title}
              </Link>
            )}
          </section>
        );
      })}
    </div>
  );
}
