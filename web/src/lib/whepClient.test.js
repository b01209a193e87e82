import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { iceGatheringDone, startWhep, WhepError } from './whepClient.js';

const offerSdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const answerSdp = 'v=0\r\no=- 9 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n';

/** An RTCPeerConnection the test steers: ICE gathering ends when the test says. */
class FakePeerConnection extends EventTarget {
  static instances = [];
  static gatherAtOnce = true;
  constructor(config) {
    super();
    this.config = config;
    this.transceivers = [];
    this.iceGatheringState = 'new';
    this.connectionState = 'new';
    this.localDescription = null;
    this.remoteDescription = null;
    this.closed = false;
    this.refuseAnswer = false;
    FakePeerConnection.instances.push(this);
  }
  addTransceiver(kind, init) { this.transceivers.push({ kind, direction: init.direction }); }
  async createOffer() { return { type: 'offer', sdp: offerSdp }; }
  async setLocalDescription(description) {
    this.iceGatheringState = 'gathering';
    // Gathering adds the candidates to the local description.
    this.localDescription = { ...description, sdp: `${description.sdp}a=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n` };
    if (FakePeerConnection.gatherAtOnce) this.finishGathering();
  }
  finishGathering() {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
  async setRemoteDescription(description) {
    if (this.refuseAnswer) throw new Error('bad fingerprint');
    this.remoteDescription = description;
  }
  close() { this.closed = true; }
}

class FakeMediaStream {
  constructor() { this.tracks = []; }
  getTracks() { return this.tracks; }
  addTrack(track) { this.tracks.push(track); }
}

function answer(status, { body = answerSdp, location = '/whep/r1/sessions/abc', url = 'http://app.test/whep/r1' } = {}) {
  const headers = new Headers({ 'Content-Type': status === 201 ? 'application/sdp' : 'application/json' });
  if (location) headers.set('Location', location);
  const response = new Response(body, { status, headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function setup(respond = () => answer(201)) {
  const fetchImpl = vi.fn(async (url, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : respond(url, init)));
  const options = { fetchImpl, PeerConnection: FakePeerConnection, MediaStreamImpl: FakeMediaStream, baseUrl: 'http://app.test/r/r1' };
  return { fetchImpl, options, pc: () => FakePeerConnection.instances.at(-1) };
}
const deletes = (fetchImpl) => fetchImpl.mock.calls.filter(([, init]) => init.method === 'DELETE');

beforeEach(() => {
  FakePeerConnection.instances = [];
  FakePeerConnection.gatherAtOnce = true;
});
afterEach(() => vi.useRealTimers());

describe('startWhep', () => {
  it('posts a receive-only audio+video offer with its candidates as application/sdp and applies the 201 answer', async () => {
    const { fetchImpl, options, pc } = setup();
    const session = await startWhep('/whep/r1', options);
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/whep/r1');
    expect(init.method).toBe('POST');
    expect(init.headers['Content-Type']).toBe('application/sdp');
    expect(init.body).toContain('a=candidate:');
    expect(pc().transceivers).toEqual([{ kind: 'audio', direction: 'recvonly' }, { kind: 'video', direction: 'recvonly' }]);
    expect(pc().remoteDescription).toEqual({ type: 'answer', sdp: answerSdp });
    expect(session.pc).toBe(pc());
    expect(session.resourceUrl).toBe('http://app.test/whep/r1/sessions/abc');
  });

  it('puts every received track into the session\'s stream once', async () => {
    const { options, pc } = setup();
    const session = await startWhep('/whep/r1', options);
    const video = { kind: 'video' };
    const audio = { kind: 'audio' };
    for (const track of [video, audio, video]) {
      const event = new Event('track');
      event.track = track;
      pc().dispatchEvent(event);
    }
    expect(session.stream.getTracks()).toEqual([video, audio]);
  });

  it('resolves a relative Location against the answer\'s URL, and an absolute one as it is', async () => {
    let { options } = setup(() => answer(201, { location: 'sessions/xyz', url: 'http://edge.test/whep/r1' }));
    expect((await startWhep('/whep/r1', options)).resourceUrl).toBe('http://edge.test/whep/sessions/xyz');
    ({ options } = setup(() => answer(201, { location: 'http://other.test/s/1' })));
    expect((await startWhep('/whep/r1', options)).resourceUrl).toBe('http://other.test/s/1');
  });

  it('stop() closes the connection and DELETEs the session once, with keepalive (page hide)', async () => {
    const { fetchImpl, options, pc } = setup();
    const session = await startWhep('/whep/r1', options);
    session.stop();
    session.stop();
    expect(pc().closed).toBe(true);
    const sent = deletes(fetchImpl);
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toBe('http://app.test/whep/r1/sessions/abc');
    expect(sent[0][1].keepalive).toBe(true);
  });

  it('waits for ICE gathering to complete, but no longer than the bound', async () => {
    vi.useFakeTimers();
    FakePeerConnection.gatherAtOnce = false;
    const { fetchImpl, options } = setup();
    const started = startWhep('/whep/r1', { ...options, iceGatheringMs: 1500 });
    await vi.advanceTimersByTimeAsync(1400);
    expect(fetchImpl).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    await started;
  });

  it('sends as soon as gathering completes', async () => {
    vi.useFakeTimers();
    FakePeerConnection.gatherAtOnce = false;
    const { fetchImpl, options, pc } = setup();
    const started = startWhep('/whep/r1', { ...options, iceGatheringMs: 10000 });
    await vi.advanceTimersByTimeAsync(10);
    expect(fetchImpl).not.toHaveBeenCalled();
    pc().finishGathering();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    await started;
  });

  it('an error answer is a WhepError "http" with the status and the server\'s words; the connection is closed', async () => {
    const { options, pc, fetchImpl } = setup(() => answer(409, { body: JSON.stringify({ error: { code: 'not_live', message: 'The room is not live.' } }), location: null }));
    const error = await startWhep('/whep/r1', options).catch((e) => e);
    expect(error).toBeInstanceOf(WhepError);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(409);
    expect(error.message).toBe('HTTP 409: The room is not live.');
    expect(pc().closed).toBe(true);
    expect(deletes(fetchImpl)).toHaveLength(0);
  });

  it('a 200 is not a WHEP answer, and an HTML error page is reported by its status only', async () => {
    let { options } = setup(() => answer(200));
    expect((await startWhep('/whep/r1', options).catch((e) => e)).status).toBe(200);
    ({ options } = setup(() => answer(502, { body: '<html><body>Bad gateway</body></html>', location: null })));
    expect((await startWhep('/whep/r1', options).catch((e) => e)).message).toBe('HTTP 502');
  });

  it('a 201 without Location or without an SDP body is refused; a session that exists is DELETEd', async () => {
    let { options, pc, fetchImpl } = setup(() => answer(201, { location: null }));
    let error = await startWhep('/whep/r1', options).catch((e) => e);
    expect([error.kind, error.message]).toEqual(['protocol', "the server's answer has no Location header"]);
    expect(pc().closed).toBe(true);

    ({ options, pc, fetchImpl } = setup(() => answer(201, { body: '{"not":"sdp"}' })));
    error = await startWhep('/whep/r1', options).catch((e) => e);
    expect(error.kind).toBe('protocol');
    expect(deletes(fetchImpl)).toHaveLength(1);
  });

  it('an answer the browser refuses is a "webrtc" error, and the session is DELETEd', async () => {
    const { options, fetchImpl } = setup();
    const original = FakePeerConnection.prototype.setRemoteDescription;
    FakePeerConnection.prototype.setRemoteDescription = async () => { throw new Error('bad fingerprint'); };
    try {
      const error = await startWhep('/whep/r1', options).catch((e) => e);
      expect(error.kind).toBe('webrtc');
      expect(error.message).toMatch(/bad fingerprint/);
      expect(deletes(fetchImpl)).toHaveLength(1);
    } finally {
      FakePeerConnection.prototype.setRemoteDescription = original;
    }
  });

  it('a server that cannot be reached, or does not answer in time, is a "network" error', async () => {
    let { options } = setup(() => { throw new TypeError('Failed to fetch'); });
    let error = await startWhep('/whep/r1', options).catch((e) => e);
    expect([error.kind, error.message]).toEqual(['network', 'the server could not be reached (Failed to fetch)']);

    vi.useFakeTimers();
    ({ options } = setup((url, init) => new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })));
    const started = startWhep('/whep/r1', { ...options, answerMs: 3000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(3100);
    error = await started;
    expect([error.kind, error.message]).toEqual(['network', 'no answer from the server within 3 s']);
  });

  it('an abort while the offer is out cleans up: no session is left on the server', async () => {
    const controller = new AbortController();
    const { options, pc, fetchImpl } = setup(async () => {
      controller.abort();
      return answer(201);
    });
    const error = await startWhep('/whep/r1', { ...options, signal: controller.signal }).catch((e) => e);
    expect(error.name).toBe('AbortError');
    expect(pc().closed).toBe(true);
    expect(deletes(fetchImpl).map(([url]) => url)).toEqual(['http://app.test/whep/r1/sessions/abc']);
  });

  it('a browser without WebRTC is told so', async () => {
    const error = await startWhep('/whep/r1', { PeerConnection: undefined }).catch((e) => e);
    expect(error.kind).toBe('webrtc');
  });
});

describe('iceGatheringDone', () => {
  it('ends on a null candidate in browsers that skip the state event', async () => {
    const pc = new FakePeerConnection();
    pc.iceGatheringState = 'gathering';
    const done = iceGatheringDone(pc, 60000);
    const event = new Event('icecandidate');
    event.candidate = null;
    pc.dispatchEvent(event);
    await expect(done).resolves.toBeUndefined();
  });
});
