import { useState } from 'react';
import { api } from '../api/client.js';
import ConfirmButton from './ConfirmButton.jsx';

const endMessage = 'Viewers see "The host ended the stream". The encoder is disconnected and the room\'s stream key '
  + 'stops working: the host needs a new key to go live again.';

/**
 * What an admin (user.role "admin" in the session answer) may do in a room
 * they do not own: end its broadcast (POST /api/rooms/{id}/stop, which the
 * server allows the owner and admins). Moderating the chat is in the chat's
 * own menu. `onEnded` tells the page the broadcast is over.
 */
export default function AdminRoomActions({ room, live, onEnded }) {
  const [error, setError] = useState('');
  const end = async () => {
    setError('');
    try {
      await api(`/api/rooms/${encodeURIComponent(room.id)}/stop`, { method: 'POST', body: {} });
      onEnded?.();
    } catch (e) {
      setError(e.code === 'not_live' ? 'Nothing is being broadcast in this room right now.' : e.message);
    }
  };
  return (
    <section aria-label="Admin" className="mx-3 mb-2 flex flex-wrap items-center gap-2 rounded border border-amber-800/60 bg-amber-950/20 px-3 py-2 text-sm lg:mx-0">
      <span className="font-semibold text-amber-200">Admin</span>
      {live ? (
        <ConfirmButton
          label="End broadcast"
          title={`End ${room.owner?.name || 'the host'}'s broadcast now?`}
          message={endMessage}
          confirmLabel="End broadcast"
          onConfirm={end}
          danger
          className="py-1"
        />
      ) : (
        <span className="text-zinc-300">Nothing is being broadcast; you can moderate the chat from each message's menu.</span>
      )}
      {error && <p role="alert" className="w-full text-red-300">{error}</p>}
    </section>
  );
}
