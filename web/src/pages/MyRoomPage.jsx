import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api } from '../api/client.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { useChannelSocket } from '../hooks/useChannelSocket.js';
import { useInterval } from '../hooks/useInterval.js';
import { useRestreamDestinations } from '../hooks/useRestreamDestinations.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import RoomForm from '../components/RoomForm.jsx';
import StreamSetup from '../components/StreamSetup.jsx';
import StreamHealth from '../components/StreamHealth.jsx';
import RecordingSettings from '../components/RecordingSettings.jsx';
import RestreamDestinations from '../components/RestreamDestinations.jsx';
import GoLiveFromBrowser from '../components/GoLiveFromBrowser.jsx';
import ChatModeration from '../components/ChatModeration.jsx';
import ConfirmButton from '../components/ConfirmButton.jsx';
import { viewersText } from '../components/RoomCard.jsx';
import RoomStateBadge from '../components/RoomStateBadge.jsx';
import { parseRoomEvent } from '../lib/roomEvents.js';
import { mergeRoom, roomStateOf, withStatus } from '../lib/roomState.js';

const stopMessage = 'Viewers see "The host ended the stream". OBS is disconnected and its stream key stops working '
  + '(in case it leaked): to go live again, make a new key and paste it into OBS.';

function statusWords(room) {
  switch (roomStateOf(room)) {
    case 'live': return `You are live · ${viewersText(room.viewers)}`;
    case 'reconnecting': return 'Your encoder dropped: waiting for it to reconnect';
    default: return 'You are offline';
  }
}

export default function MyRoomPage() {
  useDocumentTitle('My room');
  const { user, loading } = useAuth();
  const { has, get } = useFeatures();
  const [channels, setChannels] = useState(null);
  const [room, setRoom] = useState(undefined); // undefined: loading, null: none yet
  const [error, setError] = useState('');

  const loadRoom = useCallback(async () => {
    try {
      const data = await api('/api/me/room');
      setRoom((old) => mergeRoom(old, data.room));
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
    const mine = (name, payload) => {
      const e = parseRoomEvent(name, payload);
      return e?.roomId === room.id ? e : null;
    };
    const onStatus = (payload) => { const e = mine('room:status', payload); if (e) setRoom((r) => (r ? withStatus(r, e) : r)); };
    const onUpdated = (payload) => { const e = mine('room:updated', payload); if (e) setRoom((r) => mergeRoom(r, e.room)); };
    const onViewers = (payload) => { const e = mine('room:viewers', payload); if (e) setRoom((r) => (r ? { ...r, viewers: e.count } : r)); };
    socket.on('room:status', onStatus);
    socket.on('room:updated', onUpdated);
    socket.on('room:viewers', onViewers);
    return () => {
      socket.off('room:status', onStatus);
      socket.off('room:updated', onUpdated);
      socket.off('room:viewers', onViewers);
    };
  }, [socket, room?.id]);
  useInterval(loadRoom, user && room ? 3000 : null);
  const broadcastState = room ? roomStateOf(room) : null;
  // One reading of the restream destinations for the Restream section and the health panel.
  const restream = useRestreamDestinations(room?.id, {
    enabled: has('restream'), live: broadcastState === 'live' || broadcastState === 'reconnecting',
  });
  // An error about the broadcast (a refused stop) belongs to the state it happened in.
  useEffect(() => { setError(''); }, [broadcastState]);

  if (loading) return <p role="status">Loading…</p>;
  if (!user) return <Navigate to="/signin?redirect=%2Fme%2Froom" replace />;
  if (room === undefined || !channels) return error ? <p role="alert">{error}</p> : <p role="status">Loading your room…</p>;

  const create = async (values) => {
    const data = await api('/api/rooms', { method: 'POST', body: values });
    setRoom(data.room);
  };
  const save = async (values) => {
    const data = await api(`/api/rooms/${encodeURIComponent(room.id)}`, { method: 'PATCH', body: values });
    setRoom((old) => mergeRoom(old, data.room));
  };
  const stop = async () => {
    setError('');
    try {
      await api(`/api/rooms/${encodeURIComponent(room.id)}/stop`, { method: 'POST', body: {} });
      setRoom((r) => withStatus(r, { live: false, state: 'offline', reason: 'ended_by_host' }));
    } catch (e) {
      setError(e.code === 'not_live' ? 'Nothing is being broadcast right now.' : e.message);
      loadRoom();
    }
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
        <p className="flex items-center gap-2 text-sm" aria-live="polite" data-testid="my-room-status" data-state={roomStateOf(room)}>
          <RoomStateBadge room={room} />
          <span>{statusWords(room)}</span>
        </p>
      </div>
      {roomStateOf(room) !== 'offline' && (
        <div>
          <ConfirmButton
            label="Stop broadcast"
            title="Stop the broadcast now?"
            message={stopMessage}
            confirmLabel="Stop broadcast"
            onConfirm={stop}
            danger
          />
        </div>
      )}
      <p className="text-sm">
        <Link to={`/r/${encodeURIComponent(room.id)}`} className="text-brand-400 underline">Open the room page</Link>
      </p>
      {error && <p role="alert" className="text-sm text-red-300">{error}</p>}
      <StreamHealth roomId={room.id} socket={socket} roomState={roomStateOf(room)} playback={room.playback}
        restreamDestinations={restream.data?.destinations} />
      {has('restream') && !restream.absent && <RestreamDestinations roomId={room.id} roomState={roomStateOf(room)} restream={restream} />}
      {get('webrtc')?.whip && <GoLiveFromBrowser room={room} whipUrl={get('webrtc').whip} />}
      {has('rtmp') ? (
        <StreamSetup room={room} onRoomChange={(changed) => setRoom((old) => mergeRoom(old, changed))} />
      ) : (
        <p role="status" className="rounded border border-zinc-800 p-4">Streaming from OBS is not available: the RTMP plugin is disabled on this server.</p>
      )}
      <RecordingSettings roomId={room.id} />
      <ChatModeration roomId={room.id} socket={socket} />
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
