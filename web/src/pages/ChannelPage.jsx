import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client.js';
import RoomCard from '../components/RoomCard.jsx';
import { sortRooms } from '../lib/sortRooms.js';
import { useLiveRoomUpdates } from '../hooks/useLiveRoomUpdates.js';
import { applyRoomEvent } from '../lib/roomEvents.js';
import { normalizeRoom } from '../lib/roomState.js';

export default function ChannelPage() {
  const { channelId } = useParams();
  const [data, setData] = useState(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const answer = await api(`/api/channels/${encodeURIComponent(channelId)}/rooms`);
      setData({ ...answer, rooms: (answer?.rooms || []).map(normalizeRoom) });
      setError('');
    } catch (e) {
      setError(e.status === 404 ? 'This channel does not exist.' : e.message);
    }
  }, [channelId]);

  useEffect(() => { setData(null); load(); }, [load]);
  const onRoomEvent = useCallback((event) => setData((d) => (d ? { ...d, rooms: applyRoomEvent(d.rooms, event, channelId) } : d)), [channelId]);
  useLiveRoomUpdates([channelId], load, onRoomEvent);

  if (!data) return error ? <p role="alert">{error}</p> : <p role="status">Loading…</p>;
  const rooms = sortRooms(data.rooms || []);
  return (
    <div>
      <h1 className="text-2xl font-bold">{data.channel?.title || channelId}</h1>
      <p className="mb-6 text-zinc-400">{data.channel?.description}</p>
      {rooms.length === 0 ? (
        <p className="text-zinc-500">No rooms in this channel yet.</p>
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {rooms.map((room) => <RoomCard key={room.id} room={room} />)}
        </ul>
      )}
    </div>
  );
}
