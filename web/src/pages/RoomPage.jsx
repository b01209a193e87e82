import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { useChannelSocket } from '../hooks/useChannelSocket.js';
import { useInterval } from '../hooks/useInterval.js';
import Player from '../components/Player.jsx';
import ChatPanel from '../components/ChatPanel.jsx';
import { LiveBadge, viewersText } from '../components/RoomCard.jsx';
import { parseRoomEvent } from '../lib/roomEvents.js';
import { playbackFor } from '../lib/endpoints.js';
import { mergeRoom, roomStateOf, withStatus } from '../lib/roomState.js';

export default function RoomPage() {
  const { roomId } = useParams();
  const { user } = useAuth();
  const { has, loading: featuresLoading } = useFeatures();
  const [room, setRoom] = useState(null);
  const [error, setError] = useState('');
  const chatEnabled = has('chat');

  const load = useCallback(async () => {
    try {
      const data = await api(`/api/rooms/${encodeURIComponent(roomId)}`);
      setRoom((old) => mergeRoom(old, data.room));
      setError('');
    } catch (e) {
      setError(e.status === 404 ? 'This room does not exist (any more).' : e.message);
    }
  }, [roomId]);

  useEffect(() => { setRoom(null); load(); }, [load]);
  // Without the chat plugin there are no pushed updates: poll instead.
  useInterval(load, chatEnabled ? 30000 : 5000);

  const socket = useChannelSocket(room?.channelId, chatEnabled && !!room);
  const onViewers = useCallback((count) => setRoom((r) => (r ? { ...r, viewers: count } : r)), []);
  const onLive = useCallback((live, detail) => setRoom((r) => (r ? withStatus(r, { live, state: detail?.state, reason: detail?.reason }) : r)), []);

  // Title or description edits, the broadcast's state and the room's removal
  // arrive on the channel namespace (shapes in docs/chat-events.md).
  useEffect(() => {
    if (!socket) return undefined;
    const onUpdated = (payload) => {
      const e = parseRoomEvent('room:updated', payload);
      if (e?.roomId === roomId) setRoom((r) => (r ? mergeRoom(r, e.room) : r));
    };
    const onStatus = (payload) => {
      const e = parseRoomEvent('room:status', payload);
      if (e?.roomId === roomId) setRoom((r) => (r ? withStatus(r, e) : r));
    };
    const onDeleted = (payload) => {
      if (parseRoomEvent('room:deleted', payload)?.roomId === roomId) {
        setRoom(null);
        setError('This room has been closed by its host.');
      }
    };
    socket.on('room:updated', onUpdated);
    socket.on('room:status', onStatus);
    socket.on('room:deleted', onDeleted);
    return () => {
      socket.off('room:updated', onUpdated);
      socket.off('room:status', onStatus);
      socket.off('room:deleted', onDeleted);
    };
  }, [socket, roomId]);

  if (!room) return error ? <p role="alert">{error}</p> : <p role="status">Loading room…</p>;
  const isOwner = !!user && room.owner?.id === user.id;
  const playback = playbackFor(room);

  return (
    <div className={`grid grid-cols-1 gap-4 ${chatEnabled ? 'lg:grid-cols-[minmax(0,1fr)_22rem]' : ''}`}>
      <div className="min-w-0">
        {featuresLoading ? (
          <div className="aspect-video w-full rounded-lg bg-black" />
        ) : playback ? (
          <Player src={playback.url} title={`Live video: ${room.title}`} roomState={roomStateOf(room)} endReason={room.endReason} />
        ) : (
          <div className="flex aspect-video w-full items-center justify-center rounded-lg bg-zinc-900 p-6 text-center" role="status">
            Video playback is not available: no playback plugin on this server offers this room.
          </div>
        )}
        <div className="mt-3 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="flex items-center gap-2 text-xl font-bold">
              <span className="truncate">{room.title}</span> <LiveBadge live={room.live} />
            </h1>
            <p className="text-sm text-zinc-400">
              Hosted by {room.owner?.name} ·{' '}
              <Link to={`/c/${encodeURIComponent(room.channelId)}`} className="underline">{room.channelId}</Link> ·{' '}
              <span data-testid="viewer-count">{viewersText(room.viewers)}</span>
            </p>
          </div>
          {isOwner && <Link to="/me/room" className="rounded border border-zinc-700 px-2 py-1 text-sm hover:bg-zinc-800">Manage room</Link>}
        </div>
        {room.description && <p className="mt-3 whitespace-pre-wrap text-sm text-zinc-300">{room.description}</p>}
      </div>
      {chatEnabled && (
        <div className="h-[26rem] lg:h-[calc(100vh-8rem)] lg:max-h-[48rem]">
          <ChatPanel socket={socket} roomId={room.id} user={user} isOwner={isOwner} onViewers={onViewers} onLive={onLive} />
        </div>
      )}
    </div>
  );
}
