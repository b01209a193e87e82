import { describe, expect, it, vi } from 'vitest';
import { createBitrateMeter, preferH264, startWhip } from './whipClient.js';

const answerSdp = 'v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n';

/** An RTCPeerConnection that gathers at once and records what it was given. */
class FakePeerConnection extends EventTarget {
  static last = null;
  constructor() {
    super();
    this.transceivers = [];
    this.iceGatheringState = 'new';
    this.closed = false;
    FakePeerConnection.last = this;
  }
  addTransceiver(track, init) {
    const transceiver = { track, init, preferences: null, setCodecPreferences(codecs) { this.preferences = codecs; } };
    this.transceivers.push(transceiver);
    return transceiver;
  }
  async createOffer() { return { type: 'offer', sdp: 'v=0\r\n' }; }
  async setLocalDescription(description) { this.localDescription = description; this.iceGatheringState = 'complete'; }
  async setRemoteDescription(description) { this.remoteDescription = description; }
  close() { this.closed = true; }
}

const stream = { getTracks: () => [{ kind: 'video' }, { kind: 'audio' }] };
const codecs = [
  { mimeType: 'video/VP8' },
  { mimeType: 'video/H264', sdpFmtpLine: 'packetization-mode=0;profile-level-id=42e01f' },
  { mimeType: 'video/H264', sdpFmtpLine: 'packetization-mode=1;profile-level-id=4d001f' },
  { mimeType: 'video/H264', sdpFmtpLine: 'packetization-mode=1;profile-level-id=42e01f' },
];

function created(status = 201, body = answerSdp, location = '/whip/sessions/abc') {
  const headers = new Headers({ 'Content-Type': 'application/sdp' });
  if (location) headers.set('Location', location);
  const response = new Response(body, { status, headers });
  Object.defineProperty(response, 'url', { value: 'http://app.test/whip' });
  return response;
}

const options = (fetchImpl) => ({
  fetchImpl, PeerConnection: FakePeerConnection, senderCapabilities: () => ({ codecs }), baseUrl: 'http://app.test/me/room',
});

describe('preferH264', () => {
  it('puts H.264 packetization-mode=1 first, Constrained Baseline first of all, and keeps the rest in order', () => {
    expect(preferH264(codecs).map((c) => c.sdpFmtpLine || c.mimeType)).toEqual([
      'packetization-mode=1;profile-level-id=42e01f', 'packetization-mode=1;profile-level-id=4d001f',
      'packetization-mode=0;profile-level-id=42e01f', 'video/VP8']);
  });
});

describe('startWhip', () => {
  it('offers every track sendonly, sends the key as a Bearer token (not in the URL) and ends with DELETE', async () => {
    const fetchImpl = vi.fn(async (url, init) => (init.method === 'DELETE' ? new Response(null, { status: 200 }) : created()));
    const session = await startWhip('/whip', stream, 'live_key', options(fetchImpl));
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/whip');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe('Bearer live_key');
    expect(init.headers['Content-Type']).toBe('application/sdp');
    const pc = FakePeerConnection.last;
    expect(pc.transceivers.map((t) => t.init.direction)).toEqual(['sendonly', 'sendonly']);
    expect(pc.transceivers[0].preferences[0].sdpFmtpLine).toMatch(/packetization-mode=1;profile-level-id=42e01f/);
    expect(pc.remoteDescription.sdp).toBe(answerSdp);
    expect(session.resourceUrl).toBe('http://app.test/whip/sessions/abc');
    await session.stop();
    expect(pc.closed).toBe(true);
    const [deleteUrl, deleteInit] = fetchImpl.mock.calls[1];
    expect(deleteUrl).toBe('http://app.test/whip/sessions/abc');
    expect(deleteInit.method).toBe('DELETE');
    expect(deleteInit.headers.Authorization).toBe('Bearer live_key');
  });

  it('rejects with the server\'s words when it refuses, and closes the connection', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ error: { code: 'unknown_key', message: 'stream key not recognised' } }), { status: 401 }));
    await expect(startWhip('/whip', stream, 'bad', options(fetchImpl))).rejects.toMatchObject({ kind: 'http', status: 401, message: 'HTTP 401: stream key not recognised' });
    expect(FakePeerConnection.last.closed).toBe(true);
  });

  it('refuses a 201 without a Location', async () => {
    const fetchImpl = vi.fn(async () => created(201, answerSdp, null));
    await expect(startWhip('/whip', stream, 'k', options(fetchImpl))).rejects.toMatchObject({ kind: 'protocol' });
  });
});

describe('createBitrateMeter', () => {
  it('gives kbit/s between samples from outbound-rtp bytesSent', async () => {
    const reports = [
      [{ type: 'outbound-rtp', bytesSent: 1000, timestamp: 1000 }, { type: 'outbound-rtp', bytesSent: 500, timestamp: 1000 }],
      [{ type: 'outbound-rtp', bytesSent: 126000, timestamp: 2000 }, { type: 'outbound-rtp', bytesSent: 500, timestamp: 2000 }],
    ];
    const pc = { getStats: async () => reports.shift() };
    const meter = createBitrateMeter(pc);
    expect(await meter.sample()).toBeNull();
    expect(await meter.sample()).toBe(1000); // 125000 bytes in 1000 ms
  });
});
