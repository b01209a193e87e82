// Chat replay seek benchmark: what a viewer's seek in a three-hour recorded
// show costs the server, with the chat's (room_id, created_at, seq) index and
// without it.
//
//   bench/chat-replay/run.sh [--messages 50000] [--hours 3] [--other-rooms 20]
//                            [--other-messages 200000] [--seeks 400] [--json]
//
// Method: the real server (build/bin/sockstream, auth-password + chat) starts
// once on a fresh data directory, so its own migrations create the schema and
// a user signs up and creates the room through the API. The server is then
// stopped and the chat history is written straight into its SQLite file with
// the sqlite3 CLI, in the chat store's own columns: --messages messages in the
// room spread evenly (with jitter) over --hours hours, plus --other-messages
// in --other-rooms other rooms over the same hours (a database is never one
// room). Going through socket.io instead would stamp every message with the
// time it was sent, i.e. pack three hours of chat into the minutes the
// insertion takes. The server restarts on that file and each seek is one
// GET /api/rooms/{roomId}/chat/history?from=&to=&limit=1000 for a 60 s window
// at a random moment of the show (what the web app asks on a seek), timed
// from request to the last byte on 127.0.0.1, one at a time. Then the server
// stops, the index is dropped with sqlite3 (its migration is recorded as
// applied, so the restart does not bring it back), and the same seeks run
// again. The answers of both runs are compared (same messages). Reports
// median, p95 and max per run. Needs sqlite3 and tests/node_modules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, shippedPlugins, CookieJar } from '../../tests/integration/lib/server.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const messages = option('messages', 50000);
const hours = option('hours', 3);
const otherRooms = option('other-rooms', 20);
const otherMessages = option('other-messages', 200000);
const seeks = option('seeks', 400);
const json = process.argv.includes('--json');
const windowMs = 60000;

function serverOptions(dataDir) {
  return {
    dataDir,
    plugins: shippedPlugins().filter((p) => ['auth-password', 'chat'].includes(p.name)),
    configure(config) {
      config.plugins.find((p) => p.name === 'auth-password').config = { rateLimit: { enabled: false } };
      config.server.logLevel = 'warning';
    },
  };
}

/** A pseudo-random sequence that is the same on every run (seeks comparable across runs). */
function random(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', [db], { input: sql, encoding: 'utf8', maxBuffer: 1 << 26 });
}

/**
 * The SQL that writes `count` messages of `room` spread over [startMs, startMs + spanMs):
 * message i at startMs + i * spanMs / count plus up to one gap of jitter, seq after created_at
 * as the store makes it (microseconds, unique).
 */
function insertSql(room, count, startMs, spanMs, salt) {
  const step = spanMs / count;
  return `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${count})
INSERT INTO chat_messages (id, room_id, user_id, user_name, text, created_at, seq)
SELECT '${salt}-' || i, '${room}', 'u' || (i % 500), 'viewer ' || (i % 500),
       'message number ' || i || ' of a long show, about as long as chat lines are',
       ${startMs} + CAST(i * ${step} + (abs(random()) % ${Math.max(1, Math.floor(step))}) AS INTEGER),
       (${startMs} + CAST(i * ${step} AS INTEGER)) * 1000 + (i % 1000)
FROM n;\n`;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeSeeks(server, roomId, startMs, spanMs) {
  const next = random(42);
  const times = [];
  const answers = [];
  let returned = 0;
  for (let i = 0; i < seeks; i++) {
    const at = startMs + Math.floor(next() * (spanMs - windowMs));
    const t0 = process.hrtime.bigint();
    const res = await server.fetch(`/api/rooms/${roomId}/chat/history?from=${at}&to=${at + windowMs}&limit=1000`);
    const body = await res.text();
    const t1 = process.hrtime.bigint();
    if (res.status !== 200) throw new Error(`history answered ${res.status}: ${body}`);
    const parsed = JSON.parse(body);
    returned += parsed.messages.length;
    answers.push(parsed.messages.map((m) => m.id).join(','));
    times.push(Number(t1 - t0) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1),
    meanMessages: returned / seeks, answers,
  };
}

function plan(db, roomId) {
  return sqlite(db, `EXPLAIN QUERY PLAN SELECT id, user_id, user_name, text, created_at FROM chat_messages
 WHERE room_id = '${roomId}' AND created_at >= 1 AND created_at < 2 ORDER BY created_at, seq LIMIT 1001;`).trim();
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-chat-replay-'));
const db = path.join(dataDir, 'sockstream.db');
let server;
try {
  server = await startServer(serverOptions(dataDir));
  const jar = new CookieJar();
  const signUp = await server.postJson(jar, '/api/auth/sign-up/email',
    { name: 'host', email: `host-${Date.now()}@example.test`, password: 'correct horse battery staple' });
  if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}`);
  const created = await server.postJson(jar, '/api/rooms', { channelId: 'gaming', title: 'A three-hour show' });
  if (created.status !== 201) throw new Error(`room creation answered ${created.status}`);
  const roomId = (await created.json()).room.id;
  await server.stop();

  const spanMs = hours * 3600000;
  const startMs = Date.now() - spanMs - 3600000;
  let sql = 'BEGIN;\n' + insertSql(roomId, messages, startMs, spanMs, 'show');
  for (let r = 0; r < otherRooms; r++) sql += insertSql(`other-room-${r}`, Math.floor(otherMessages / otherRooms), startMs, spanMs, `o${r}`);
  sql += 'COMMIT;\n';
  const t0 = Date.now();
  sqlite(db, sql);
  const insertSeconds = (Date.now() - t0) / 1000;
  const rows = Number(sqlite(db, 'SELECT count(*) FROM chat_messages;').trim());
  const dbBytes = Number(sqlite(db, 'PRAGMA page_count;').trim()) * Number(sqlite(db, 'PRAGMA page_size;').trim());

  server = await startServer(serverOptions(dataDir));
  // One warm-up pass of the same seeks: both runs measure a warm page cache.
  await timeSeeks(server, roomId, startMs, spanMs);
  const withIndex = await timeSeeks(server, roomId, startMs, spanMs);
  const planWith = plan(db, roomId);
  await server.stop();

  sqlite(db, 'DROP INDEX chat_messages_room_time;');
  server = await startServer(serverOptions(dataDir));
  await timeSeeks(server, roomId, startMs, spanMs);
  const withoutIndex = await timeSeeks(server, roomId, startMs, spanMs);
  const planWithout = plan(db, roomId);
  await server.stop();
  server = null;

  const same = withIndex.answers.every((a, i) => a === withoutIndex.answers[i]);
  const summary = (r) => ({
    medianMs: +r.median.toFixed(2), p95Ms: +r.p95.toFixed(2), maxMs: +r.max.toFixed(2), meanMessagesPerWindow: +r.meanMessages.toFixed(1),
  });
  const result = {
    messagesInShow: messages, hours, otherRooms, otherMessages, rowsInTable: rows, databaseMiB: +(dbBytes / 1048576).toFixed(1),
    insertSeconds, seeks, windowSeconds: windowMs / 1000,
    withIndex: { ...summary(withIndex), plan: planWith },
    withoutIndex: { ...summary(withoutIndex), plan: planWithout },
    sameAnswers: same,
  };
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`${rows} messages in the table (${messages} in the ${hours} h show, ${otherMessages} in ${otherRooms} other rooms), ${result.databaseMiB} MiB, written in ${insertSeconds} s`);
    console.log(`${seeks} seeks, 60 s windows, ${result.withIndex.meanMessagesPerWindow} messages per window on average`);
    for (const [name, r] of [['with the index   ', result.withIndex], ['without the index', result.withoutIndex]]) {
      console.log(`${name}: median ${r.medianMs} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms  [${r.plan.replace(/\s+/g, ' ')}]`);
    }
    console.log(`same answers in both runs: ${same}`);
  }
  if (!same) process.exitCode = 1;
} finally {
  if (server) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
