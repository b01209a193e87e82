import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api } from '../api/client.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { useChannelSocket } from '../hooks/useChannelSocket.js';
import { useInterval } from '../hooks/useInterval.js';
import RoomForm from '../components/RoomForm.jsx';
import StreamSetup from '../components/StreamSetup.jsx';
import { LiveBadge, viewersText } from '../components/RoomCard.jsx';

export default function MyRoomPage() {
  const { user, loading } = useAuth();
  const { has } = useFeatures();
  const [channels, setChannels] = useState(null);
  const [room, setRoom] = useState(undefined); // undefined: loading, null: none yet
  const [error, setError] = useState('');

  const loadRoom = useCallback(async () => {
    try {
      const data = await api('/api/me/room');
      setRoom(data.room);
    } catch (e) {
      if (e.status === 404) setRoom(null);
      else setError(e.message);
    }
  }, []);

  useEffect(() => {
    if (!user) return;
    loadRoom();
    api('/api/channels').then((d) => setChannels(d.channels || [])).catch((e) => setError(e.message));
  }, [user, loadRoom]);

  // The live status follows the stream by itself: pushed room events when
  // the chat plugin runs, and a short poll in any case.
  const socket = useChannelSocket(room?.channelId, has('chat') && !!room);
  useEffect(() => {
    if (!socket || !room?.id) return undefined;
    const onStatus = (e) => { if (e?.roomId === room.id) setRoom((r) => (r ? { ...r, live: !!e.live } : r)); };
    const onUpdated = (e) => { if (e?.room?.id === room.id) setRoom((r) => ({ ...r, ...e.room })); };
    socket.on('room:status', onStatus);
    socket.on('room:updated', onUpdated);
    return () => { socket.off('room:status', onStatus); socket.off('room:updated', onUpdated); };
  }, [socket, room?.id]);
  useInterval(loadRoom, user && room ? 3000 : null);

  if (loading) return <p role="status">Loading…</p>;
  if (!user) return <Navigate to="/signin?redirect=%2Fme%2Froom" replace />;
  if (room === undefined || !channels) return error ? <p role="alert">{error}</p> : <p role="status">Loading your room…</p>;

  const create = async (values) => {
    const data = await api('/api/rooms', { method: 'POST', body: values });
    setRoom(data.room);
  };
  const save = async (values) => {
    const data = await api(`/api/rooms/${encodeURIComponent(room.id)}`, { method: 'PATCH', body: values });
    setRoom(data.room);
  };
  const remove = async () => {
    if (!window.confirm('Delete your room? Viewers and chat history go with it.')) return;
    try {
      await api(`/api/rooms/${encodeURIComponent(room.id)}`, { method: 'DELETE' });
      setRoom(null);
    } catch (e) {
      setError(e.message);
    }
  };

  if (!room) {
    return (
      <div className="mx-auto max-w-xl">
        <h1 className="mb-4 text-2xl font-bold">Create your room</h1>
        <RoomForm channels={channels} onSubmit={create} />
      </div>
    );
  }

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">My room</h1>
        <p className="flex items-center gap-2 text-sm" aria-live="polite" data-testid="my-room-status">
          <LiveBadge live={room.live} />
          <span>{room.live ? `You are live · ${viewersText(room.viewers)}` : 'You are offline'}</span>
        </p>
      </div>
      <p className="text-sm">
        <Link to={`/r/${encodeURIComponent(room.id)}`} className="text-brand-400 underline">Open the room page</Link>
      </p>
      {error && <p role="alert" className="text-sm text-red-300">{error}</p>}
      {has('rtmp') ? (
        <StreamSetup room={room} />
      ) : (
        <p role="status" className="rounded border border-zinc-800 p-4">Streaming from OBS is not available: the RTMP plugin is disabled on this server.</p>
      )}
      <section aria-labelledby="edit-room" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4">
        <h2 id="edit-room" className="mb-3 text-lg font-semibold">Room details</h2>
        <RoomForm key={room.id} channels={channels} room={room} onSubmit={save} />
      </section>
      <div>
        <button type="button" onClick={remove} className="rounded border border-red-800 px-3 py-2 text-sm text-red-300 hover:bg-red-950">
          Delete room
        </button>
      </div>
    </div>
  );
}
