import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client.js';
import RoomCard from '../components/RoomCard.jsx';
import { sortRooms } from '../lib/sortRooms.js';
import { useLiveRoomUpdates } from '../hooks/useLiveRoomUpdates.js';
import { applyRoomEvent } from '../lib/roomEvents.js';
import { normalizeRoom } from '../lib/roomState.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import NotFoundPage from './NotFoundPage.jsx';
import { NobodyLive } from './HomePage.jsx';

export default function ChannelPage() {
  const { channelId } = useParams();
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [missing, setMissing] = useState(false);
  const { user } = useAuth();
  useDocumentTitle(data?.channel?.title || (missing ? 'Channel not found' : 'Channel'));

  const load = useCallback(async () => {
    try {
      const answer = await api(`/api/channels/${encodeURIComponent(channelId)}/rooms`);
      setData({ ...answer, rooms: (answer?.rooms || []).map(normalizeRoom) });
      setError('');
      setMissing(false);
    } catch (e) {
      if (e.status === 404) setMissing(true);
      else setError(e.message);
    }
  }, [channelId]);

  useEffect(() => { setData(null); setMissing(false); load(); }, [load]);
  const onRoomEvent = useCallback((event) => setData((d) => (d ? { ...d, rooms: applyRoomEvent(d.rooms, event, channelId) } : d)), [channelId]);
  useLiveRoomUpdates([channelId], load, onRoomEvent);

  if (missing) return <NotFoundPage title="Channel not found" message="There is no channel with this name on this server." />;
  if (!data) return error ? <p role="alert">{error}</p> : <p role="status">Loading…</p>;
  const rooms = sortRooms(data.rooms || []);
  return (
    <div>
      <h1 className="text-2xl font-bold">{data.channel?.title || channelId}</h1>
      <p className="mb-6 text-zinc-300">{data.channel?.description}</p>
      {!rooms.some((r) => r.live) && <div className="mb-6"><NobodyLive user={user} hasRooms={rooms.length > 0} /></div>}
      {rooms.length > 0 && (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {rooms.map((room) => <RoomCard key={room.id} room={room} />)}
        </ul>
      )}
    </div>
  );
}
