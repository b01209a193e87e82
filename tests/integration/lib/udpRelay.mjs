// A lossy UDP relay on loopback between clients and one server port, for
// tests of loss recovery (SRT's ARQ, WebRTC's NACK and PLI): it forwards
// datagrams both ways and drops a share of them, counting what it forwarded
// and dropped in each direction. Each client address gets its own socket
// towards the server (as a NAT would), so the server tells clients apart and
// answers each one through the relay.
import dgram from 'node:dgram';

// Large buffers by default, as the server's: a burst must not be lost in the
// relay's own socket instead of where the test says. `kernelBuffers` keeps
// Linux's default (net.core.rmem_default, 208 KiB), the size a browser's
// receive path has, for a test that the server does not send in bursts.
const bigBuffers = { type: 'udp4', recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 };

/**
 * The same pseudo-random sequence on every run (a linear congruential
 * generator), so a test loses the same datagrams each time.
 */
function lossSequence(seed) {
  let state = seed;
  return () => { state = (state * 1103515245 + 12345) & 0x7fffffff; return state % 1000; };
}

/**
 * Starts a relay on 127.0.0.1 (a free port) towards 127.0.0.1:`serverPort`.
 *
 * - `toServerPercent`, `toClientPercent`: the share of datagrams dropped in
 *   each direction, in percent (0–100, to a tenth).
 * - `keep(datagram, direction)`: datagrams it returns true for are never
 *   dropped by the percentages (e.g. all but media, to keep ICE, DTLS and RTCP
 *   out of a test about media); `direction` is
 *   'toServer' or 'toClient'.
 * - `serverPort` may be given later (`relay.serverPort = port`): a server that
 *   must name the relay's port in its config starts after the relay.
 *
 * - `kernelBuffers`: the relay's sockets keep the kernel's default buffer sizes
 *   (else 4 MiB), so that a burst the server sends overflows them as it would
 *   a browser's.
 *
 * Returns { port, stats, loss, dropIf, serverPort, close() }: `stats.toServer` and
 * `stats.toClient` count { forwarded, dropped }; `stats.forwarded` and
 * `stats.dropped` are both directions together. `loss.toServer` and
 * `loss.toClient` are the percentages, and may be changed while it runs
 * (100 for a blackout). `dropIf(datagram, direction)`, replaceable, drops
 * what it returns true for whatever the rest says (e.g. one RTP sequence
 * number, retransmissions included).
 */
export async function startUdpRelay({ serverPort = 0, toServerPercent = 0, toClientPercent = 0, keep = () => false, seed = 12345,
  kernelBuffers = false } = {}) {
  const socketOptions = kernelBuffers ? { type: 'udp4' } : bigBuffers;
  const front = dgram.createSocket(socketOptions);
  await new Promise((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => { front.off('error', reject); resolve(); });
  });
  const draw = lossSequence(seed);
  const toServer = { forwarded: 0, dropped: 0 };
  const toClient = { forwarded: 0, dropped: 0 };
  const stats = {
    toServer,
    toClient,
    get forwarded() { return toServer.forwarded + toClient.forwarded; },
    get dropped() { return toServer.dropped + toClient.dropped; },
  };
  const backs = new Map();  // client "address:port" -> its socket towards the server
  let closed = false;
  const relay = { port: front.address().port, stats, serverPort, loss: { toServer: toServerPercent, toClient: toClientPercent } };

  relay.dropIf = () => false;
  const lose = (datagram, direction) =>
    relay.dropIf(datagram, direction) || (!keep(datagram, direction) && draw() < relay.loss[direction] * 10);

  const backFor = (client) => {
    const key = `${client.address}:${client.port}`;
    let back = backs.get(key);
    if (back) return back;
    back = dgram.createSocket(socketOptions);
    back.bind(0, '127.0.0.1');
    back.on('error', () => {});
    back.on('message', (datagram) => {
      if (closed) return;
      if (lose(datagram, 'toClient')) { toClient.dropped++; return; }
      toClient.forwarded++;
      front.send(datagram, client.port, client.address);
    });
    backs.set(key, back);
    return back;
  };

  front.on('error', () => {});
  front.on('message', (datagram, client) => {
    if (closed || !relay.serverPort) return;
    const back = backFor(client);
    if (lose(datagram, 'toServer')) { toServer.dropped++; return; }
    toServer.forwarded++;
    back.send(datagram, relay.serverPort, '127.0.0.1');
  });

  relay.close = () => {
    if (closed) return;
    closed = true;
    front.close();
    for (const back of backs.values()) back.close();
  };
  return relay;
}

/**
 * RFC 5761/7983: (S)RTP media on an rtcp-mux port, not RTCP (whose packet
 * types 192–223 sit where RTP has its marker bit and payload type).
 */
export const isRtpMedia = (datagram) => datagram.length >= 12 && datagram[0] >= 128 && datagram[0] <= 191 &&
  !(datagram[1] >= 192 && datagram[1] <= 223);
/** The RTP sequence number of an (S)RTP datagram (its header is not encrypted). */
export const rtpSequence = (datagram) => datagram.readUInt16BE(2);
