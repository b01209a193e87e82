/** Live rooms first (most watched first), then the rest by most recent change. */
export function sortRooms(rooms) {
  return [...rooms].sort((a, b) => {
    if (!!a.live !== !!b.live) return a.live ? -1 : 1;
    if (a.live && (b.viewers || 0) !== (a.viewers || 0)) return (b.viewers || 0) - (a.viewers || 0);
    return String(b.updatedAt || '').localeCompare(String(a.updatedAt || ''));
  });
}

/** Channels with live rooms first, otherwise in their configured order. */
export function sortChannels(channels, roomsByChannel) {
  const liveCount = (c) => (roomsByChannel[c.id] || []).filter((r) => r.live).length || c.liveRooms || 0;
  return [...channels].sort((a, b) => {
    const la = liveCount(a) > 0;
    const lb = liveCount(b) > 0;
    if (la !== lb) return la ? -1 : 1;
    return (a.order ?? 0) - (b.order ?? 0);
  });
}
