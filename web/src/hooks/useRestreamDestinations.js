import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useInterval } from './useInterval.js';

const livePollMs = 3000;
const idlePollMs = 15000;

/**
 * The room's restream destinations (GET /api/rooms/{id}/restream-destinations),
 * read in one place for the whole "My room" page: the Restream section and
 * the lines in the host's health panel show the same answer, so the page
 * asks once per period (every 3 s while live or reconnecting, when states
 * and bitrates move; every 15 s otherwise) instead of once per component.
 * A server without the restream plugin answers a plain 404 not_found: then
 * `absent` is true and polling stops.
 *
 * Returns { data, error, absent, reload }: `data` is the server's answer
 * (null until the first one), `reload` asks again now (after an edit).
 */
export function useRestreamDestinations(roomId, { enabled = true, live = false } = {}) {
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [absent, setAbsent] = useState(false);
  const path = roomId ? `/api/rooms/${encodeURIComponent(roomId)}/restream-destinations` : null;
  const asking = Boolean(enabled && path && !absent);

  const reload = useCallback(async () => {
    if (!path) return;
    try {
      setData(await api(path));
      setError('');
    } catch (e) {
      if (e.status === 404 && e.code === 'not_found') setAbsent(true);
      else setError(e.message);  // keep the last answer on screen beside the error
    }
  }, [path]);

  // Ask at once when the page opens and when the broadcast starts or ends.
  useEffect(() => {
    if (asking) reload();
  }, [asking, live, reload]);
  useInterval(reload, asking ? (live ? livePollMs : idlePollMs) : null);

  return { data, error, absent, reload };
}
