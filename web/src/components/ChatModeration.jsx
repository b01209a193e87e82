import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { emitWithAck } from '../lib/emitWithAck.js';
import { clockTime, describeChatError } from '../lib/chatErrors.js';

/** Slow-mode and established-account choices the owner picks from (the server takes 0..3600 s and 0..43200 min). */
export const slowModeChoices = [0, 5, 10, 30, 60, 120, 300];
export const establishedChoices = [0, 10, 30, 60, 1440, 10080];

const slowLabel = (s) => (s === 0 ? 'Off' : s < 60 ? `${s} seconds` : `${s / 60} minute${s === 60 ? '' : 's'}`);
const establishedLabel = (m) => {
  if (m === 0) return 'Off';
  if (m < 60) return `${m} minutes`;
  if (m < 1440) return `${m / 60} hour${m === 60 ? '' : 's'}`;
  return `${m / 1440} day${m === 1440 ? '' : 's'}`;
};

const actionText = {
  delete: 'deleted a message',
  timeout: 'timed out',
  untimeout: 'lifted the time-out of',
  ban: 'banned',
  unban: 'unbanned',
  site_ban: 'banned from the site',
  site_unban: 'lifted the site ban of',
  moderator_add: 'made a moderator:',
  moderator_remove: 'removed as moderator:',
  settings: 'changed the chat settings',
};

/**
 * The room owner's chat moderation (My room): slow mode and the
 * established-account minimum, the moderators (appointed from a message's
 * menu in the chat, removed here), who is timed out or banned (lifted here
 * through the channel's chat socket) and the moderation log: who did what to
 * whom, when and why. docs/api.md, "Chat moderation".
 */
export default function ChatModeration({ roomId, socket }) {
  const [settings, setSettings] = useState(null);
  const [moderators, setModerators] = useState([]);
  const [sanctions, setSanctions] = useState({ timeouts: [], bans: [] });
  const [log, setLog] = useState([]);
  const [status, setStatus] = useState('');

  const base = `/api/rooms/${encodeURIComponent(roomId)}`;
  const load = useCallback(async () => {
    try {
      const [s, m, b, l] = await Promise.all([
        api(`${base}/chat/settings`), api(`${base}/moderators`), api(`${base}/chat/sanctions`), api(`${base}/moderation/log?limit=50`),
      ]);
      setSettings(s);
      setModerators(m?.moderators || []);
      setSanctions({ timeouts: b?.timeouts || [], bans: b?.bans || [] });
      setLog(l?.entries || []);
    } catch (error) {
      setStatus(error?.message || 'Could not load the chat moderation.');
    }
  }, [base]);
  useEffect(() => { load(); }, [load]);

  const change = async (key, value) => {
    setStatus('');
    try {
      setSettings(await api(`${base}/chat/settings`, { method: 'PUT', body: { [key]: value } }));
      setStatus('Chat settings saved.');
      load();
    } catch (error) {
      setStatus(error?.message || 'Could not save the chat settings.');
    }
  };
  const removeModerator = async (m) => {
    try {
      await api(`${base}/moderators/${encodeURIComponent(m.id)}`, { method: 'DELETE' });
      setStatus(`${m.name} is no longer a moderator.`);
      load();
    } catch (error) {
      setStatus(error?.message || 'Could not remove the moderator.');
    }
  };
  const lift = async (event, entry, done) => {
    try {
      const ack = await emitWithAck(socket, event, { roomId, userId: entry.userId });
      if (ack?.error) return setStatus(describeChatError(ack.error, 'That did not work.'));
      setStatus(done);
      load();
    } catch (error) {
      setStatus(describeChatError(error, 'That did not work.'));
    }
    return undefined;
  };

  return (
    <section aria-labelledby="chat-moderation" className="rounded-lg border border-zinc-800 bg-zinc-900 p-4 text-sm">
      <h2 id="chat-moderation" className="mb-3 text-lg font-semibold">Chat moderation</h2>
      <p role="status" aria-live="polite" className="min-h-5 text-amber-300">{status}</p>
      {settings && (
        <div className="flex flex-wrap gap-4">
          <label className="flex flex-col gap-1">
            Slow mode (one message per user every…)
            <select value={settings.slowModeSeconds} onChange={(e) => change('slowModeSeconds', Number(e.target.value))}
              className="rounded border border-zinc-700 bg-zinc-950 px-2 py-1.5">
              {[...new Set([...slowModeChoices, settings.slowModeSeconds])].map((s) => <option key={s} value={s}>{slowLabel(s)}</option>)}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Accounts must be at least…
            <select value={settings.establishedMinutes} onChange={(e) => change('establishedMinutes', Number(e.target.value))}
              className="rounded border border-zinc-700 bg-zinc-950 px-2 py-1.5">
              {[...new Set([...establishedChoices, settings.establishedMinutes])].map((m) => <option key={m} value={m}>{establishedLabel(m)}</option>)}
            </select>
          </label>
        </div>
      )}
      <h3 className="mt-4 font-semibold">Moderators</h3>
      {moderators.length === 0 ? <p className="text-zinc-400">None yet: choose "Make moderator" on a message in your chat.</p> : (
        <ul className="mt-1 flex flex-col gap-1">
          {moderators.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-2">
              <span>{m.name}</span>
              <button type="button" onClick={() => removeModerator(m)} className="rounded border border-zinc-700 px-2 py-1 hover:bg-zinc-800">
                Remove {m.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-4 font-semibold">Timed out and banned</h3>
      {sanctions.timeouts.length + sanctions.bans.length === 0 ? <p className="text-zinc-400">Nobody.</p> : (
        <ul className="mt-1 flex flex-col gap-1">
          {sanctions.timeouts.map((t) => (
            <li key={`t-${t.userId}`} className="flex items-center justify-between gap-2">
              <span>{t.userName}: timed out until {clockTime(t.until)}</span>
              <button type="button" disabled={!socket} onClick={() => lift('chat:unmute', t, `${t.userName} can send messages again.`)}
                className="rounded border border-zinc-700 px-2 py-1 hover:bg-zinc-800">Unmute {t.userName}</button>
            </li>
          ))}
          {sanctions.bans.map((b) => (
            <li key={`b-${b.userId}`} className="flex items-center justify-between gap-2">
              <span>{b.userName}: banned</span>
              <button type="button" disabled={!socket} onClick={() => lift('chat:unban', b, `${b.userName} is unbanned.`)}
                className="rounded border border-zinc-700 px-2 py-1 hover:bg-zinc-800">Unban {b.userName}</button>
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-4 font-semibold">Moderation log</h3>
      {log.length === 0 ? <p className="text-zinc-400">Nothing yet.</p> : (
        <ol aria-label="Moderation log" className="mt-1 flex flex-col gap-1">
          {log.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()} className="text-zinc-400">{clockTime(e.at)}</time>{' '}
              {e.actor?.name} {actionText[e.action] || e.action}{e.target ? ` ${e.target.name}` : ''}
              {e.until ? ` until ${clockTime(e.until)}` : ''}
              {e.action === 'settings' && e.detail ? ` (${e.detail})` : ''}
              {e.reason ? `: "${e.reason}"` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
