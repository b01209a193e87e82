// WebRTC in a Chromium page (playwright-core), shared by the WHEP/WHIP
// integration tests: the viewer's offer, and helpers installed in the page.

/** Chromium's recvonly offer for video and audio, made in `page` (window.pc); remote audio is played, so it is decoded. */
export async function recvonlyOffer(page) {
  return page.evaluate(async () => {
    window.pc?.close();
    window.pc = new RTCPeerConnection();
    // Chromium pulls (decodes) remote audio only for a sink that plays it.
    window.pc.ontrack = (event) => {
      if (event.track.kind !== 'audio') return;
      const audio = new Audio();
      audio.srcObject = new MediaStream([event.track]);
      audio.play().catch(() => {});
    };
    window.pc.addTransceiver('video', { direction: 'recvonly' });
    window.pc.addTransceiver('audio', { direction: 'recvonly' });
    await window.pc.setLocalDescription(await window.pc.createOffer());
    return window.pc.localDescription.sdp;
  });
}

/**
 * Sets `answer` on the page's window.pc and resolves with its connectionState
 * once "connected" or "failed", or after 15 s.
 */
export function connectAnswer(page, answer) {
  return page.evaluate(async (sdp) => {
    await window.pc.setRemoteDescription({ type: 'answer', sdp });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !['connected', 'failed'].includes(window.pc.connectionState)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return window.pc.connectionState;
  }, answer);
}

/**
 * Installs in `page`: window.connectWith(sdp) (sets the answer on window.pc,
 * resolves with the connectionState once "connected" or "failed", or after
 * 15 s) and window.selectedPair() (the protocols of the selected candidate
 * pair's ends, the remote end's tcpType and port, and every local
 * candidate's protocol, from getStats).
 */
export async function installPeerHelpers(page) {
  await page.evaluate(() => {
    window.connectWith = async (sdp) => {
      await window.pc.setRemoteDescription({ type: 'answer', sdp });
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline && !['connected', 'failed'].includes(window.pc.connectionState)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return window.pc.connectionState;
    };
    window.selectedPair = async () => {
      const stats = await window.pc.getStats();
      const byId = new Map();
      stats.forEach((s) => byId.set(s.id, s));
      let pair = null;
      stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId); });
      const locals = [];
      stats.forEach((s) => { if (s.type === 'local-candidate') locals.push(s.protocol); });
      const local = pair && byId.get(pair.localCandidateId);
      const remote = pair && byId.get(pair.remoteCandidateId);
      return { local: local?.protocol ?? null, remote: remote?.protocol ?? null, remoteTcpType: remote?.tcpType,
        remotePort: remote?.port, locals };
    };
  });
}
