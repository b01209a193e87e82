// A minimal RTMP publisher for tests that need what real encoders never do on
// purpose: publish with a key and then leave (or unpublish) before any media.
// It speaks just enough RTMP: the plain handshake, connect, createStream and
// publish as AMF0 commands; it reads the server's answers as text (the status
// codes are ASCII inside the AMF0 payloads). Every wait is bounded.
import net from 'node:net';
import crypto from 'node:crypto';

function amfString(text) {
  const bytes = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(3);
  head[0] = 0x02;
  head.writeUInt16BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}
function amfNumber(value) {
  const out = Buffer.alloc(9);
  out[0] = 0x00;
  out.writeDoubleBE(value, 1);
  return out;
}
const amfNull = () => Buffer.from([0x05]);
function amfObject(properties) {
  const parts = [Buffer.from([0x03])];
  for (const [key, value] of Object.entries(properties)) {
    const name = Buffer.from(key, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(name.length);
    parts.push(length, name, amfString(String(value)));
  }
  parts.push(Buffer.from([0x00, 0x00, 0x09]));
  return Buffer.concat(parts);
}

/** One RTMP message in a single type-0 chunk (the payload fits our announced chunk size). */
function chunk(chunkStreamId, type, streamId, payload) {
  const header = Buffer.alloc(12);
  header[0] = chunkStreamId & 0x3f;
  header.writeUIntBE(0, 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = type;
  header.writeUInt32LE(streamId, 8);
  return Buffer.concat([header, payload]);
}

/**
 * Connects, handshakes and publishes `streamKey` on `rtmp://127.0.0.1:port/app`.
 * Resolves with { status, socket, unpublish(), close() } where status is the
 * NetStream.Publish.* code the server answered (or 'closed' / 'timeout').
 */
export async function rtmpPublishOnly(port, streamKey, { app = 'live', timeoutMs = 10000 } = {}) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let received = Buffer.alloc(0);
  let closed = false;
  const waiters = [];
  const check = () => {
    for (const waiter of [...waiters]) if (waiter.test()) { waiters.splice(waiters.indexOf(waiter), 1); waiter.resolve(true); }
  };
  socket.on('data', (d) => { received = Buffer.concat([received, d]); check(); });
  socket.on('close', () => { closed = true; for (const w of waiters.splice(0)) w.resolve(false); });
  const waitUntil = (test) => new Promise((resolve) => {
    if (test()) return resolve(true);
    if (closed) return resolve(false);
    const waiter = { test, resolve };
    waiters.push(waiter);
    setTimeout(() => { const i = waiters.indexOf(waiter); if (i >= 0) { waiters.splice(i, 1); resolve(false); } }, timeoutMs);
  });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });

  const c1 = Buffer.concat([Buffer.alloc(8), crypto.randomBytes(1528)]);
  socket.write(Buffer.concat([Buffer.from([3]), c1]));
  if (!await waitUntil(() => received.length >= 1 + 1536 * 2)) return { status: closed ? 'closed' : 'timeout', socket, close: () => socket.destroy() };
  const s1 = received.subarray(1, 1 + 1536);
  socket.write(Buffer.from(s1));
  received = received.subarray(1 + 1536 * 2);
  const text = () => received.toString('latin1');

  const chunkSize = Buffer.alloc(4);
  chunkSize.writeUInt32BE(4096);
  socket.write(chunk(2, 1, 0, chunkSize));
  socket.write(chunk(3, 20, 0, Buffer.concat([amfString('connect'), amfNumber(1),
    amfObject({ app, type: 'nonprivate', flashVer: 'FMLE/3.0 (sockstream test)', tcUrl: `rtmp://127.0.0.1:${port}/${app}` })])));
  if (!await waitUntil(() => text().includes('NetConnection.Connect.Success'))) {
    return { status: closed ? 'closed' : 'timeout', socket, close: () => socket.destroy() };
  }
  socket.write(chunk(3, 20, 0, Buffer.concat([amfString('createStream'), amfNumber(2), amfNull()])));
  socket.write(chunk(4, 20, 1, Buffer.concat([amfString('publish'), amfNumber(3), amfNull(), amfString(streamKey), amfString('live')])));
  await waitUntil(() => /NetStream\.Publish\.(Start|BadName|Failed)/.test(text()));
  const match = /NetStream\.Publish\.(Start|BadName|Failed)/.exec(text());
  const status = match ? match[0] : (closed ? 'closed' : 'timeout');
  return {
    status,
    socket,
    /** FCUnpublish then deleteStream, as an encoder's clean stop sends them. */
    async unpublish() {
      socket.write(chunk(3, 20, 0, Buffer.concat([amfString('FCUnpublish'), amfNumber(4), amfNull(), amfString(streamKey)])));
      socket.write(chunk(3, 20, 0, Buffer.concat([amfString('deleteStream'), amfNumber(5), amfNull(), amfNumber(1)])));
      await waitUntil(() => text().includes('NetStream.Unpublish.Success'));
      socket.end();
    },
    close() { socket.destroy(); },
  };
}
