import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

// The configured channels change only with the server's config: one request
// per visit serves every page that needs a channel's title.
let cached = null;

function fetchChannels() {
  if (!cached) {
    cached = api('/api/channels').then((d) => d?.channels || []);
    cached.catch(() => { cached = null; }); // a failure is asked again next time
  }
  return cached;
}

/** For tests: forget what was fetched. */
export function forgetChannels() {
  cached = null;
}

/** The channels ([{ id, title, description }]), or null until loaded (or when they cannot be). */
export function useChannels() {
  const [channels, setChannels] = useState(null);
  useEffect(() => {
    let active = true;
    fetchChannels().then((list) => { if (active) setChannels(list); }, () => {});
    return () => { active = false; };
  }, []);
  return channels;
}

/** A channel's title for people; its id until the titles are known. */
export function channelTitle(channels, channelId) {
  return channels?.find((c) => c.id === channelId)?.title || channelId;
}
