import { useCallback, useEffect, useState } from 'react';
import { Link, useOutletContext, useParams } from 'react-router';
import { api } from '../api/client.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { useChannelSocket } from '../hooks/useChannelSocket.js';
import { useInterval } from '../hooks/useInterval.js';
import Player from '../components/Player.jsx';
import ChatPanel from '../components/ChatPanel.jsx';
import AdminRoomActions from '../components/AdminRoomActions.jsx';
import PastBroadcasts from '../components/PastBroadcasts.jsx';
import { viewersText } from '../components/RoomCard.jsx';
import RoomStateBadge from '../components/RoomStateBadge.jsx';
import { parseRoomEvent } from '../lib/roomEvents.js';
import { playbackChoices, unavailableNotice } from '../lib/endpoints.js';
import { mergeRoom, roomStateOf, withStatus } from '../lib/roomState.js';
import { channelTitle, useChannels } from '../hooks/useChannels.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import NotFoundPage from './NotFoundPage.jsx';

export default function RoomPage() {
  const { roomId } = useParams();
  const { user, recheck: recheckSession } = useAuth();
  const { has, loading: featuresLoading } = useFeatures();
  const [room, setRoom] = useState(null);
  const [error, setError] = useState('');
  const [gone, setGone] = useState(null);  // words for a room that does not exist (any more)
  const [theatre, setTheatre] = useState(false);
  const setWide = useOutletContext()?.setWide;
  const channels = useChannels();
  const chatEnabled = has('chat');

  const load = useCallback(async () => {
    try {
      const data = await api(`/api/rooms/${encodeURIComponent(roomId)}`);
      setRoom((old) => mergeRoom(old, data.room));
      setError('');
      setGone(null);
    } catch (e) {
      if (e.status === 404) setGone('This room does not exist (any more). Its host may have closed it, or the link is mistyped.');
      else setError(e.message);
    }
  }, [roomId]);

  useEffect(() => { setRoom(null); setGone(null); load(); }, [load]);
  useDocumentTitle(room?.title || (gone ? 'Room not found' : 'Room'));
  // Theatre mode widens the whole page (the layout's frame), and ends with the page.
  useEffect(() => { setWide?.(theatre); }, [setWide, theatre]);
  useEffect(() => () => setWide?.(false), [setWide]);
  const toggleTheatre = useCallback(() => setTheatre((on) => !on), []);
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
        setGone('This room has been closed by its host.');
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

  if (!room) {
    if (gone) return <NotFoundPage title="Room not found" message={gone} />;
    return error ? <p role="alert" className="p-4">{error}</p> : <p role="status" className="p-4">Loading room…</p>;
  }
  const isOwner = !!user && room.owner?.id === user.id;
  // The session answer names admins (user.role); the server allows them what the owner may do.
  const isAdmin = !!user && user.role === 'admin';
  const state = roomStateOf(room);
  const { entries: playable, unavailable } = playbackChoices(room);
  const playback = playable[0] || null;
  // A way this app could play that the server switched off for this stream (WebRTC and B-frames), in words.
  const playbackNotice = unavailable.map(unavailableNotice).join(' ');
  const channelName = channelTitle(channels, room.channelId);

  // Phones: the video stays at the top, the room's title and host under it,
  // and the chat fills the rest of the screen (only the chat scrolls).
  // Desktops: video and details on the left, chat beside; theatre mode widens the video.
  return (
    <div
      className={`flex min-h-0 flex-1 flex-col lg:grid lg:gap-4 ${chatEnabled ? 'lg:grid-cols-[minmax(0,1fr)_22rem]' : ''}`}
      data-theatre={theatre ? 'true' : 'false'}
    >
      <div className="shrink-0 lg:min-w-0">
        {featuresLoading ? (
          <div className="aspect-video w-full bg-black sm:rounded-lg" />
        ) : playback ? (
          <Player
            sources={playable}
            notice={playbackNotice}
            title={`Live video: ${room.title}`}
            roomState={state}
            endReason={room.endReason}
            theatre={theatre}
            onToggleTheatre={toggleTheatre}
          />
        ) : (
          <div className="flex aspect-video w-full items-center justify-center bg-zinc-900 p-6 text-center sm:rounded-lg" role="status">
            {playbackNotice || 'Video playback is not available: no playback plugin on this server offers this room.'}
          </div>
        )}
        <div className="flex items-start justify-between gap-3 px-3 py-2 lg:mt-1 lg:px-0">
          <div className="min-w-0">
            <h1 className="flex items-start gap-2 text-lg font-bold leading-snug lg:text-xl">
              <span className="line-clamp-2 break-words">{room.title}</span> <span className="mt-0.5 shrink-0"><RoomStateBadge room={room} /></span>
            </h1>
            <p className="text-sm text-zinc-300">
              Hosted by <span className="font-semibold text-zinc-100">{room.owner?.name}</span> ·{' '}
              <Link to={`/c/${encodeURIComponent(room.channelId)}`} className="underline" data-testid="room-channel">{channelName}</Link> ·{' '}
              <span data-testid="viewer-count">{viewersText(room.viewers)}</span>
            </p>
          </div>
          {isOwner && <Link to="/me/room" className="shrink-0 whitespace-nowrap rounded border border-zinc-700 px-2 py-1 text-sm hover:bg-zinc-800">Manage room</Link>}
        </div>
        {isAdmin && !isOwner && (
          <AdminRoomActions
            room={room}
            live={state !== 'offline'}
            onEnded={() => setRoom((r) => withStatus(r, { live: false, state: 'offline', reason: 'ended_by_host' }))}
          />
        )}
        {room.description && (
          <p className="line-clamp-2 whitespace-pre-wrap px-3 pb-2 text-sm text-zinc-300 lg:mt-2 lg:line-clamp-none lg:px-0">{room.description}</p>
        )}
        <PastBroadcasts roomId={room.id} refreshKey={state} />
      </div>
      {chatEnabled && (
        <div className="min-h-0 flex-1 px-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] lg:h-[calc(100dvh-6.5rem)] lg:max-h-[56rem] lg:px-0 lg:pb-0">
          <ChatPanel socket={socket} roomId={room.id} user={user} canModerate={isOwner || isAdmin} moderatorRole={isOwner ? 'owner' : 'admin'} onViewers={onViewers} onLive={onLive} onSignedOut={recheckSession} />
        </div>
      )}
    </div>
  );
}
