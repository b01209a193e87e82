import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import RoomCard from '../components/RoomCard.jsx';
import { sortChannels, sortRooms } from '../lib/sortRooms.js';
import { useLiveRoomUpdates } from '../hooks/useLiveRoomUpdates.js';
import { applyRoomEvent } from '../lib/roomEvents.js';
import { normalizeRoom } from '../lib/roomState.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';

const roomsPerChannel = 8;

/**
 * What the home page says when nobody is live: one invitation, not one
 * "no rooms" line per channel. A signed-in user is offered to go live; anyone
 * else to sign up (or in) first.
 */
export function NobodyLive({ user, hasRooms }) {
  return (
    <section aria-labelledby="nobody-live" className="rounded-lg border border-zinc-800 bg-zinc-900 px-6 py-8 text-center" data-testid="nobody-live">
      <h2 id="nobody-live" className="text-xl font-bold">No one is live right now</h2>
      <p className="mx-auto mt-2 max-w-md text-zinc-300">
        {user
          ? 'Be the first: open your room, point OBS at it and your viewers find you here.'
          : 'Sign up to open a room and stream from OBS, or come back later to watch.'}
        {hasRooms && ' The rooms below start playing by themselves when their host goes live.'}
      </p>
      <div className="mt-5 flex flex-wrap justify-center gap-3">
        {user ? (
          <Link to="/me/room" className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500">Go live</Link>
        ) : (
          <>
            <Link to="/signup?redirect=%2Fme%2Froom" className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500">Sign up to go live</Link>
            <Link to="/signin" className="rounded border border-zinc-700 px-4 py-2 hover:bg-zinc-800">Sign in</Link>
          </>
        )}
      </div>
    </section>
  );
}

export default function HomePage() {
  const [channels, setChannels] = useState(null);
  const [rooms, setRooms] = useState({});
  const [error, setError] = useState('');
  const { user } = useAuth();
  useDocumentTitle('Live rooms');

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

  const sorted = sortChannels(channels, rooms).map((channel) => ({ channel, rooms: sortRooms(rooms[channel.id] || []) }));
  const anyRooms = sorted.some((c) => c.rooms.length > 0);
  const anyLive = sorted.some((c) => c.rooms.some((r) => r.live));
  return (
    <div className="flex flex-col gap-10">
      <h1 className="sr-only">Browse live rooms</h1>
      {error && <p role="alert" className="text-sm text-amber-300">{error}</p>}
      {channels.length === 0 && <p>No channels are configured on this server.</p>}
      {channels.length > 0 && !anyLive && <NobodyLive user={user} hasRooms={anyRooms} />}
      {sorted.filter((c) => c.rooms.length > 0).map(({ channel, rooms: channelRooms }) => {
        const live = channelRooms.filter((r) => r.live).length;
        return (
          <section key={channel.id} aria-labelledby={`channel-${channel.id}`} data-channel-id={channel.id}>
            <div className="mb-3 flex items-baseline justify-between gap-4">
              <div>
                <h2 id={`channel-${channel.id}`} className="text-xl font-bold">
                  <Link to={`/c/${encodeURIComponent(channel.id)}`} className="hover:underline">{channel.title}</Link>
                </h2>
                <p className="text-sm text-zinc-300">{channel.description}</p>
              </div>
              <p className="shrink-0 text-sm text-zinc-300">{live} live · {channelRooms.length} room{channelRooms.length === 1 ? '' : 's'}</p>
            </div>
            <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {channelRooms.slice(0, roomsPerChannel).map((room) => <RoomCard key={room.id} room={room} />)}
            </ul>
            {channelRooms.length > roomsPerChannel && (
              <Link to={`/c/${encodeURIComponent(channel.id)}`} className="mt-2 inline-block text-sm text-brand-400 underline">
                See all {channelRooms.length} rooms in {channel.title}
              </Link>
            )}
          </section>
        );
      })}
      {channels.length > 0 && (
        <nav aria-label="Channels" className="text-sm text-zinc-300">
          Channels:{' '}
          {channels.map((c, i) => (
            <span key={c.id}>{i > 0 && ' · '}<Link to={`/c/${encodeURIComponent(c.id)}`} className="underline hover:text-white">{c.title}</Link></span>
          ))}
        </nav>
      )}
    </div>
  );
}
