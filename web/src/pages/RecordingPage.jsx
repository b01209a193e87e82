import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.js';
import { useAuth } from '../context/AuthContext.jsx';
import { useFeatures } from '../context/FeaturesContext.jsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useInterval } from '../hooks/useInterval.js';
import { useChatReplay } from '../hooks/useChatReplay.js';
import VodPlayer from '../components/VodPlayer.jsx';
import ChatReplay from '../components/ChatReplay.jsx';
import RecordingOwnerControls from '../components/RecordingOwnerControls.jsx';
import { RecordingBadge } from '../components/PastBroadcasts.jsx';
import { formatDuration, formatRecordingDate, recordingStateNotice, wallClockAt } from '../lib/recordingTime.js';
import NotFoundPage from './NotFoundPage.jsx';

const notFound = 'This past broadcast does not exist (any more): its host may have deleted or unlisted it, or the link is mistyped.';

/**
 * A past broadcast: its video (seekable) and, beside it, the room's chat as
 * it stood at the playback position, following seeks and pauses (the video's
 * position is mapped to the wall clock through the recording's timeline).
 * The owner and admins may rename, unlist, delete and download it. Phones:
 * video on top, details, then the chat filling the rest; desktops: chat
 * beside the video, as on the live room page.
 */
export default function RecordingPage() {
  const { roomId, recordingId } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const { has } = useFeatures();
  const [recording, setRecording] = useState(null);
  const [room, setRoom] = useState(null);
  const [gone, setGone] = useState(false);
  const [error, setError] = useState('');
  const [position, setPosition] = useState(0);
  const chatEnabled = has('chat');

  const load = useCallback(async () => {
    try {
      const data = await api(`/api/recordings/${encodeURIComponent(recordingId)}`);
      // A recording of another room under this room's address is not this page's.
      if (data?.roomId !== roomId) { setGone(true); return; }
      setRecording(data);
      setError('');
    } catch (e) {
      if (e.status === 404) setGone(true);
      else setError(e.message);
    }
  }, [roomId, recordingId]);

  useEffect(() => { setRecording(null); setGone(false); setPosition(0); load(); }, [load]);
  useEffect(() => {
    api(`/api/rooms/${encodeURIComponent(roomId)}`).then((d) => setRoom(d.room), () => setRoom(null));
  }, [roomId]);
  // While it is still being recorded its length grows and its state will change.
  useInterval(load, recording?.state === 'recording' ? 10000 : null);
  useDocumentTitle(recording?.title || (gone ? 'Past broadcast not found' : 'Past broadcast'));

  const anchorMs = recording ? (recording.timeline?.[0]?.atMs ?? recording.startedAtMs) : null;
  const atMs = recording ? wallClockAt(recording, position) : null;
  const replay = useChatReplay(chatEnabled && recording ? roomId : null, anchorMs, atMs);
  const onPosition = useCallback((seconds) => setPosition(seconds), []);

  if (gone) return <NotFoundPage title="Past broadcast not found" message={notFound} />;
  if (!recording) return error ? <p role="alert" className="p-4">{error}</p> : <p role="status" className="p-4">Loading the past broadcast…</p>;

  const canManage = !!user && (room?.owner?.id === user.id || user.role === 'admin');
  const notice = recordingStateNotice(recording);
  return (
    <div className={`flex min-h-0 flex-1 flex-col lg:grid lg:gap-4 ${chatEnabled ? 'lg:grid-cols-[minmax(0,1fr)_22rem]' : ''}`}
      data-testid="recording-page" data-state={recording.state}>
      <div className="shrink-0 lg:min-w-0">
        <VodPlayer src={recording.playlistUrl} poster={recording.posterUrl} title={`Recorded video: ${recording.title}`} onPosition={onPosition} />
        <div className="px-3 py-2 lg:mt-1 lg:px-0">
          <h1 className="flex items-start gap-2 text-lg font-bold leading-snug lg:text-xl">
            <span className="line-clamp-2 break-words">{recording.title}</span>
            <span className="mt-0.5 shrink-0"><RecordingBadge recording={recording} /></span>
          </h1>
          <p className="text-sm text-zinc-300">
            {room && <>Hosted by <span className="font-semibold text-zinc-100">{room.owner?.name}</span> · </>}
            <span data-testid="recording-date">{formatRecordingDate(recording.startedAtMs)}</span> ·{' '}
            <span>{formatDuration(recording.durationMs)}</span> ·{' '}
            <Link to={`/r/${encodeURIComponent(roomId)}`} className="underline">{room ? `Back to ${room.title}` : 'Back to the room'}</Link>
          </p>
          {notice && <p role="status" className="mt-2 rounded border border-amber-700 bg-amber-950/40 p-2 text-sm text-amber-100" data-testid="recording-notice">{notice}</p>}
        </div>
        {canManage && (
          <RecordingOwnerControls
            key={recording.id}
            recording={recording}
            onChange={(changed) => setRecording((r) => ({ ...r, ...changed }))}
            onDeleted={() => navigate(`/r/${encodeURIComponent(roomId)}`, { replace: true })}
          />
        )}
      </div>
      {chatEnabled && (
        <div className="min-h-0 flex-1 px-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] lg:h-[calc(100dvh-6.5rem)] lg:max-h-[56rem] lg:px-0 lg:pb-0">
          <ChatReplay messages={replay.messages} loading={replay.loading} error={replay.error} />
        </div>
      )}
    </div>
  );
}
