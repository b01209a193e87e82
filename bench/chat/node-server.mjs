// The peer for the benchmark: a Node.js socket.io 4.8 server doing the same
// job as the chat plugin (join a room, broadcast each message to it).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/package.json'));
const { Server } = require('socket.io');

const port = Number(process.argv[2]);
const httpServer = createServer();
const io = new Server(httpServer, { cors: { origin: true } });
io.of('/gaming').on('connection', (socket) => {
  socket.on('room:join', ({ roomId }, ack) => {
    socket.join(roomId);
    if (typeof ack === 'function') ack({ room: { id: roomId }, viewers: io.of('/gaming').adapter.rooms.get(roomId)?.size ?? 0, history: [] });
  });
  socket.on('chat:send', ({ roomId, text }, ack) => {
    const message = { id: Math.random().toString(36).slice(2), roomId, user: { id: 'u', name: 'bench' }, text, ts: Date.now() };
    io.of('/gaming').to(roomId).emit('chat:message', message);
    if (typeof ack === 'function') ack({ ok: true, id: message.id });
  });
});
httpServer.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
