import { useState } from 'react';
import FormField from './FormField.jsx';

export const titleMaxLength = 120;
export const descriptionMaxLength = 2000;

/** Creates or edits a room: channel, title, description. `onSubmit` rejects with an ApiError to show. */
export default function RoomForm({ channels, room, onSubmit }) {
  const [values, setValues] = useState({
    channelId: room?.channelId || channels[0]?.id || '',
    title: room?.title || '',
    description: room?.description || '',
  });
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const update = (field) => (e) => { setValues((v) => ({ ...v, [field]: e.target.value })); setSaved(''); };

  const submit = async (event) => {
    event.preventDefault();
    const title = values.title.trim();
    if (!title) {
      setError('Give your room a title.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onSubmit({ ...values, title, description: values.description.trim() });
      setSaved(room ? 'Changes saved.' : 'Room created.');
    } catch (e) {
      setError(e.status === 429 ? 'Too many changes. Please wait a moment and try again.' : e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label={room ? 'Edit room' : 'Create room'}>
      <div className="flex flex-col gap-1">
        <label htmlFor="room-channel" className="text-sm font-medium text-zinc-200">Channel</label>
        <select id="room-channel" value={values.channelId} onChange={update('channelId')} required
          className="rounded border border-zinc-700 bg-zinc-950 px-3 py-2">
          {channels.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
        </select>
      </div>
      <FormField id="room-title" label="Title" value={values.title} onChange={update('title')} required maxLength={titleMaxLength} />
      <FormField id="room-description" label="Description" as="textarea" rows={3} value={values.description}
        onChange={update('description')} maxLength={descriptionMaxLength} hint="Optional." />
      <p role="alert" className="min-h-5 text-sm text-red-300">{error}</p>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={busy}
          className="rounded bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-500 disabled:opacity-50">
          {room ? 'Save changes' : 'Create room'}
        </button>
        <span role="status" className="text-sm text-emerald-300">{saved}</span>
      </div>
    </form>
  );
}
