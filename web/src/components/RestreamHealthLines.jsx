import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useInterval } from '../hooks/useInterval.js';
import { describeRestreamState, enabledDestinations, restreamBitrate, restreamError } from '../lib/restreamHealth.js';

const pollMs = 3000;

/**
 * The restream destinations in the host's health panel while the room is
 * live: one line per switched-on destination with its state, bitrate and last
 * error, from the restream plugin's GET /api/rooms/{id}/restream-destinations
 * (polled every 3 s while live). A server without the plugin answers a plain
 * 404 not_found: then nothing about restreaming is shown, and polling stops.
 */
export default function RestreamHealthLines({ roomId, live }) {
  const [destinations, setDestinations] = useState(null);
  const [absent, setAbsent] = useState(false);
  const path = `/api/rooms/${encodeURIComponent(roomId)}/restream-destinations`;

  const load = useCallback(async () => {
    try {
      const data = await api(path);
      setDestinations(enabledDestinations(data?.destinations));
    } catch (e) {
      // not_found: the route is not there (plugin off). Any other failure keeps the last lines.
      if (e.status === 404 && e.code === 'not_found') setAbsent(true);
    }
  }, [path]);

  useEffect(() => {
    if (live && !absent) load();
  }, [live, absent, load]);
  useInterval(load, live && !absent ? pollMs : null);

  if (!live || absent || !destinations || destinations.length === 0) return null;
  return (
    <div className="mt-3" data-testid="restream-health">
      <h3 className="mb-1 text-sm font-semibold text-zinc-300">Restreaming</h3>
      <ul className="space-y-1 text-sm" aria-label="Restream destinations health">
        {destinations.map((d) => {
          const s = d.status || {};
          const state = describeRestreamState(s);
          const bitrate = restreamBitrate(s);
          const error = restreamError(s);
          return (
            <li key={d.id} className="border-b border-zinc-800 py-1" data-restream-destination={d.id} data-state={s.state}>
              <div className="flex justify-between gap-3">
                <span className="text-zinc-400">{d.name}</span>
                <span className="text-right tabular-nums">
                  <span className={state.tone} data-testid="restream-state">{state.words}</span>
                  {bitrate && <span data-testid="restream-bitrate"> · {bitrate}</span>}
                </span>
              </div>
              {error && <p className="text-xs text-amber-200" data-testid="restream-error">Last error: {error}</p>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
