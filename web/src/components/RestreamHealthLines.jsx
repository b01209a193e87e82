import { describeRestreamState, enabledDestinations, restreamBitrate, restreamError } from '../lib/restreamHealth.js';

/**
 * The restream destinations in the host's health panel while the room is
 * live: one line per switched-on destination with its state, bitrate and last
 * error. `destinations` comes from the page's one reading of the restream
 * plugin (hooks/useRestreamDestinations.js); without the plugin it is absent
 * and nothing about restreaming is shown.
 */
export default function RestreamHealthLines({ destinations: all, live }) {
  const destinations = enabledDestinations(all);
  if (!live || destinations.length === 0) return null;
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
