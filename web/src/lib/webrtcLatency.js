// The latency a WebRTC viewer reads, from the connection's own statistics
// (getStats): half the round trip to the server (the network's share) plus
// how long frames waited in the browser's jitter buffer before being shown.
// The jitter buffer's numbers are running totals, so the meter takes the
// difference since its last reading: what the viewer sees now, not an average
// since the start. The encoder's and the server's share is not visible here.

/** Seconds from one getStats() report, given the totals of the previous one; null when it cannot tell. */
export function latencyFromStats(report, previous = null) {
  let video = null;
  let pair = null;
  let selectedPairId = null;
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp' && (stat.kind === 'video' || stat.mediaType === 'video')) video = stat;
    else if (stat.type === 'transport' && stat.selectedCandidatePairId) selectedPairId = stat.selectedCandidatePairId;
  });
  report.forEach((stat) => {
    if (stat.type !== 'candidate-pair') return;
    if (selectedPairId ? stat.id === selectedPairId : (stat.nominated && stat.state === 'succeeded')) pair = stat;
  });
  const totals = video && Number.isFinite(video.jitterBufferDelay) && Number.isFinite(video.jitterBufferEmittedCount)
    ? { delay: video.jitterBufferDelay, emitted: video.jitterBufferEmittedCount }
    : null;
  if (!totals || totals.emitted <= 0) return { seconds: null, totals };
  const emitted = totals.emitted - (previous?.emitted ?? 0);
  const delay = totals.delay - (previous?.delay ?? 0);
  // Nothing shown since the last reading: fall back to the running average.
  const buffer = emitted > 0 && delay >= 0 ? delay / emitted : totals.delay / totals.emitted;
  const rtt = Number.isFinite(pair?.currentRoundTripTime) ? pair.currentRoundTripTime : 0;
  return { seconds: buffer + rtt / 2, totals };
}

/** A meter for one connection: each `measure()` reads getStats and returns seconds, or null. */
export function createWebrtcLatencyMeter(pc) {
  let previous = null;
  return {
    async measure() {
      if (!pc || typeof pc.getStats !== 'function') return null;
      try {
        const { seconds, totals } = latencyFromStats(await pc.getStats(), previous);
        if (totals) previous = totals;
        return seconds;
      } catch {
        return null; // a closed connection
      }
    },
  };
}
