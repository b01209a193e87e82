// The core host driven through the real binary: health, metrics, features,
// static files, HTTP limits and bad input, command line, configuration errors,
// clean shutdown, and that disabling a plugin removes exactly its routes.
// Uses the test plugins from <build>/lib/sockstream (tests/test-plugins).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import {
  startServer, serverBinary, buildDir, freePort, waitFor, sleep, defaultChannels, CookieJar,
} from './lib/server.mjs';
import { runExpectingExit, assertRefused, errorLines, isListening, processAlive } from './lib/startupErrors.mjs';

const pluginDir = path.join(buildDir, 'lib', 'sockstream');
const testPlugin = (name, extra = {}) => ({ name, library: name, enabled: true, dependencies: [], config: {}, ...extra });

for (const name of ['test-greeter', 'test-sessions', 'test-abi-mismatch', 'test-no-symbols']) {
  const file = path.join(pluginDir, `libsockstream-${name}.so`);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the sockstream-test-plugins target`);
}

/** A web root like web/dist: index.html, hashed assets, an icon. */
function makeWebRoot() {
  const root = mkdtempSync(path.join(tmpdir(), 'sockstream-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>SockStream test app</title><div id="app"></div>');
  writeFileSync(path.join(root, 'assets', 'index-4f2a9c.js'), 'console.log("app");\n');
  writeFileSync(path.join(root, 'assets', 'index-4f2a9c.css'), 'body { margin: 0 }\n');
  writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'logo.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  writeFileSync(path.join(root, 'site.webmanifest'), '{"name":"SockStream"}');
  return root;
}

/**
 * Sends raw bytes (what fetch() would normalise away) and reads the answer
 * until the server closes or `timeoutMs` passes. Returns { status, text, closed }.
 */
function rawRequest(port, payload, { timeoutMs = 5000, endAfterWrite = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = data.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text, closed });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => {
      socket.write(payload);
      if (endAfterWrite) socket.end();
    });
    socket.on('data', (chunk) => { data = Buffer.concat([data, chunk]); });
    socket.on('end', () => { closed = true; finish(); });
    socket.on('close', () => { closed = true; finish(); });
    socket.on('error', (e) => { if (e.code === 'ECONNRESET' || e.code === 'EPIPE') { closed = true; finish(); } else reject(e); });
  });
}

/** The JSON body of a raw HTTP answer (Content-Length framed). */
function rawJson(text) {
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  return JSON.parse(body);
}

/** A config for runExpectingExit: loopback, a temp data dir, the given plugins. */
function configWith(plugins, httpPort, extra = {}) {
  return (dir) => JSON.stringify({
    server: { host: '127.0.0.1', httpPort, dataDir: path.join(dir, 'data'), pluginDir, ioThreads: 1, ...extra },
    channels: defaultChannels,
    plugins,
  });
}

describe('a running server', () => {
  let server;
  let webRoot;

  before(async () => {
    webRoot = makeWebRoot();
    server = await startServer({
      webRoot,
      plugins: [testPlugin('test-greeter'), testPlugin('test-sessions')],
      server: { limits: { maxHeaderBytes: 4096, maxBodyBytes: 2048, requestTimeoutSeconds: 2, idleTimeoutSeconds: 5 } },
    });
  });
  after(async () => {
    if (server) { await server.stop(); server.cleanup(); }
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  test('/healthz lists the loaded plugins and their state', async () => {
    const res = await server.fetch('/healthz');
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof body.uptimeSeconds, 'number');
    assert.deepEqual(body.plugins.map((p) => [p.name, p.state]),
      [['test-greeter', 'running'], ['test-sessions', 'running']]);
  });

  test('/api/features has an entry for every running plugin', async () => {
    const res = await server.fetch('/api/features');
    assert.equal(res.status, 200);
    const { features } = await res.json();
    assert.deepEqual(Object.keys(features).sort(), ['test-greeter', 'test-sessions']);
    assert.equal(features['test-greeter'].enabled, true);
    assert.equal(features['test-greeter'].greeting, 'Hello, world');
  });

  test('HEAD is answered by the GET route, without a body', async () => {
    const res = await server.fetch('/api/features', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  test('/metrics is Prometheus text with requests by status and open connections', async () => {
    assert.equal((await server.fetch('/no/such/api', { method: 'POST' })).status, 404);
    assert.equal((await server.fetch('/healthz')).status, 200);
    const res = await server.fetch('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const typed = new Map();
    const samples = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type) { typed.set(type[1], type[2]); continue; }
      if (line.startsWith('# HELP ')) continue;
      const sample = /^(\w+)(\{[^}]*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
      assert.ok(sample, `not a Prometheus sample line: "${line}"`);
      samples.push({ name: sample[1], labels: sample[2] || '', value: Number(sample[3]) });
    }
    for (const s of samples) assert.ok(typed.has(s.name), `${s.name} has no # TYPE line`);
    assert.equal(typed.get('sockstream_http_requests_total'), 'counter');
    const byStatus = (status) => samples.find((s) => s.name === 'sockstream_http_requests_total' && s.labels === `{status="${status}"}`);
    assert.ok(byStatus(404)?.value >= 1, 'the 404 was counted');
    assert.ok(byStatus(200)?.value >= 1, 'the 200s were counted');
    assert.equal(typed.get('sockstream_open_connections'), 'gauge');
    const open = samples.find((s) => s.name === 'sockstream_open_connections' && s.labels.includes('kind="http"'));
    assert.ok(open && open.value >= 1, 'this scrape is itself an open HTTP connection');
    assert.ok(samples.some((s) => s.name === 'sockstream_test_greeter_rooms_created'), 'plugin gauges are exported');
  });

  test('static files: MIME types, ETag revalidation and caching headers', async () => {
    const index = await server.fetch('/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.match(await index.text(), /SockStream test app/);

    const types = {
      '/assets/index-4f2a9c.js': /^text\/javascript/,
      '/assets/index-4f2a9c.css': /^text\/css/,
      '/favicon.svg': /^image\/svg\+xml/,
      '/logo.png': /^image\/png/,
      '/site.webmanifest': /^application\/manifest\+json/,
    };
    for (const [file, type] of Object.entries(types)) {
      const res = await server.fetch(file);
      assert.equal(res.status, 200, file);
      assert.match(res.headers.get('content-type'), type, file);
      await res.arrayBuffer();
    }

    const asset = await server.fetch('/assets/index-4f2a9c.js');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const etag = asset.headers.get('etag');
    assert.match(etag, /^(W\/)?"[^"]+"$/);
    assert.equal(await asset.text(), 'console.log("app");\n');
    const revalidated = await server.fetch('/assets/index-4f2a9c.js', { headers: { 'if-none-match': etag } });
    assert.equal(revalidated.status, 304);
    assert.equal((await revalidated.arrayBuffer()).byteLength, 0);
    assert.equal(revalidated.headers.get('etag'), etag);
    const changed = await server.fetch('/assets/index-4f2a9c.js', { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(changed.status, 200);
    await changed.arrayBuffer();
  });

  test('client-side routes fall back to index.html; missing assets are JSON 404s', async () => {
    for (const route of ['/rooms/abc123', '/channels/gaming', '/dashboard/settings']) {
      const res = await server.fetch(route);
      assert.equal(res.status, 200, route);
      assert.match(await res.text(), /SockStream test app/, route);
    }
    for (const missing of ['/assets/gone-000000.js', '/missing.png', '/api/nothing/here', '/media/none/live.mp4']) {
      const res = await server.fetch(missing);
      assert.equal(res.status, 404, missing);
      assert.match(res.headers.get('content-type'), /application\/json/, missing);
      assert.equal((await res.json()).error.code, 'not_found', missing);
    }
  });

  test('HTML answers carry the security headers; every answer is nosniff', async () => {
    for (const route of ['/', '/rooms/abc123', '/channels/gaming', '/index.html']) {
      const res = await server.fetch(route);
      assert.equal(res.status, 200, route);
      assert.match(res.headers.get('content-type'), /text\/html/, route);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, route);
      assert.match(csp, /script-src 'self'(;|$)/, `${route}: no inline or foreign scripts`);
      assert.match(csp, /frame-ancestors 'none'/, route);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, route);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', route);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', route);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', route);
      await res.arrayBuffer();
    }
    for (const route of ['/healthz', '/api/features', '/assets/index-4f2a9c.js', '/api/nothing/here', '/metrics']) {
      const res = await server.fetch(route);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', route);
      await res.arrayBuffer();
    }
    const bad = await rawRequest(server.httpPort, 'GET /%2e%2e/etc HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(bad.text, /X-Content-Type-Options: nosniff/i, 'error answers too');
  });

  test('bad paths (.., encoded dots, NUL) are 400 JSON errors', async () => {
    for (const target of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/assets/%2E%2E/%2e%2E/x',
      '/a%00b', '/index.html%00.png']) {
      const answer = await rawRequest(server.httpPort,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.equal(answer.status, 400, `${target} answered ${answer.text.split('\r\n')[0]}`);
      assert.ok(rawJson(answer.text).error.code, target);
    }
    const nul = await rawRequest(server.httpPort, Buffer.from('GET /a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'));
    assert.equal(nul.status, 400, 'a raw NUL byte in the target');
    assert.equal((await server.fetch('/healthz')).status, 200, 'the server keeps serving');
  });

  test('oversized headers are 431 and oversized bodies 413', async () => {
    const big = 'x'.repeat(8192);
    const headers = await rawRequest(server.httpPort,
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${big}\r\nConnection: close\r\n\r\n`);
    assert.equal(headers.status, 431);
    assert.equal(rawJson(headers.text).error.code, 'headers_too_large');

    const res = await server.fetch('/api/rooms', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'y'.repeat(4096) }),
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'body_too_large');
    assert.equal((await server.fetch('/healthz')).status, 200);
  });

  test('unknown routes are 404 and wrong methods 405 with Allow', async () => {
    const unknown = await server.fetch('/api/unknown-endpoint', { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, 'not_found');

    const wrong = await server.fetch('/healthz', { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow'), /\bGET\b/);
    assert.equal((await wrong.json()).error.code, 'method_not_allowed');
  });

  test('a slow client times out while others are served', async () => {
    const started = Date.now();
    const slow = rawRequest(server.httpPort, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', { timeoutMs: 10000 });
    for (let i = 0; i < 5; i++) {
      const res = await server.fetch('/healthz');
      assert.equal(res.status, 200, 'others are served meanwhile');
      await res.arrayBuffer();
      await sleep(100);
    }
    const answer = await slow;
    assert.ok(answer.closed, 'the server closed the slow connection');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1500 && elapsed < 9000, `closed after ${elapsed} ms (request timeout 2 s)`);
    if (answer.status !== 0) assert.equal(answer.status, 408);
  });

  test('cookie-bearing writes from a foreign Origin are refused; plugins see core events', async () => {
    const jar = new CookieJar();
    const signIn = await server.fetch('/api/test/sessions', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'host@example.test', name: 'Host' }),
    });
    assert.equal(signIn.status, 201, await signIn.clone().text());
    jar.store(signIn);
    const session = await server.fetch('/api/auth/session', { headers: { cookie: jar.header() } });
    assert.equal(session.status, 200);
    assert.equal((await session.json()).user.email, 'host@example.test');

    const room = { channelId: 'gaming', title: 'Origin check' };
    const foreign = await server.fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar.header(), origin: 'https://evil.example' },
      body: JSON.stringify(room),
    });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, 'foreign_origin');

    const before = await (await server.fetch('/api/test/greeter/hello')).json();
    const own = await server.fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar.header(), origin: server.publicUrl },
      body: JSON.stringify(room),
    });
    assert.equal(own.status, 201, await own.clone().text());
    const after = await (await server.fetch('/api/test/greeter/hello')).json();
    assert.equal(after.roomsCreated, before.roomsCreated + 1, 'the RoomCreated event reached the plugin');
  });
});

describe('command line', () => {
  test('--help describes the options and exits 0', () => {
    const result = spawnSync(serverBinary, ['--help'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /--config/);
    assert.match(result.stdout, /--version/);
    assert.match(result.stdout, /SOCKSTREAM_HTTP_PORT/);
  });

  test('--version prints the version and plugin ABI and exits 0', () => {
    const result = spawnSync(serverBinary, ['--version'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^sockstream \d+\.\d+\.\d+/m);
    assert.match(result.stdout, /plugin ABI sockstream-abi\/\d+;headers=[0-9a-f]{16}/);
  });

  test('an unknown option is refused', () => {
    const result = spawnSync(serverBinary, ['--frobnicate'], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(result.status, 0);
  });
});

describe('bad configuration exits non-zero with one line naming the culprit', () => {
  test('not JSON', async () => {
    const result = await runExpectingExit('{"server": {"httpPort": ');
    await assertRefused(result, result.configPath, 'not valid JSON');
  });

  test('an unknown key', async () => {
    const result = await runExpectingExit(JSON.stringify({ server: { httpPort: 0, colour: 'blue' } }));
    await assertRefused(result, result.configPath, 'server.colour is not a known setting');
  });

  test('an exempt address that is not an address', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(JSON.stringify({ server: { httpPort, limits: { exemptAddresses: ['proxy.local'] } } }), { httpPort });
    await assertRefused(result, 'server.limits.exemptAddresses', "'proxy.local' is not an IP address or network");
  });

  test('a wrong type', async () => {
    const result = await runExpectingExit(JSON.stringify({ plugins: [{ name: 'chat', enabled: 'yes' }] }));
    await assertRefused(result, result.configPath, 'plugins[0].enabled must be true or false');
  });

  test('a missing plugin library', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([testPlugin('test-greeter'), testPlugin('ghost', { library: 'no-such-plugin' })], httpPort), { httpPort });
    await assertRefused(result, 'plugin ghost', 'libsockstream-no-such-plugin.so', 'library not found');
  });

  test('a library given as a path that does not exist', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([testPlugin('hello', { library: '/nonexistent/libhello.so' })], httpPort), { httpPort });
    await assertRefused(result, 'plugin hello', '/nonexistent/libhello.so', 'library not found');
  });

  test('a plugin built against other SDK headers', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([testPlugin('test-abi-mismatch')], httpPort), { httpPort });
    await assertRefused(result, 'plugin test-abi-mismatch', 'is not binary compatible', 'headers=0000000000000000');
  });

  test('a library that is not a plugin', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([testPlugin('test-no-symbols')], httpPort), { httpPort });
    await assertRefused(result, 'plugin test-no-symbols', 'missing symbol');
  });

  test('a dependency on a disabled plugin', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([
      testPlugin('test-greeter', { enabled: false }),
      testPlugin('test-dependent', { dependencies: ['test-greeter'] }),
    ], httpPort), { httpPort });
    await assertRefused(result, 'plugin test-dependent', 'depends on "test-greeter", which is disabled');
  });

  test('a dependency on an undeclared plugin', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([testPlugin('test-dependent', { dependencies: ['test-greeter'] })], httpPort), { httpPort });
    await assertRefused(result, 'plugin test-dependent', 'which is not declared');
  });

  test('a dependency cycle', async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(configWith([
      testPlugin('alpha', { library: 'test-lifecycle', dependencies: ['beta'] }),
      testPlugin('beta', { library: 'test-lifecycle', dependencies: ['alpha'] }),
    ], httpPort), { httpPort });
    await assertRefused(result, 'alpha', 'beta', 'cycle');
  });

  test('a plugin that fails to initialise or start leaves nothing running', async () => {
    for (const [failing, reason] of [['test-failing-init', 'failed to initialise'], ['test-failing-start', 'failed to start']]) {
      const httpPort = await freePort();
      const result = await runExpectingExit(configWith([testPlugin('test-greeter'), testPlugin(failing)], httpPort), { httpPort });
      await assertRefused(result, `plugin ${failing}`, reason);
    }
  });

  test('a bad environment override', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockstream-env-'));
    const configPath = path.join(dir, 'sockstream.json');
    writeFileSync(configPath, JSON.stringify({ server: { host: '127.0.0.1', dataDir: path.join(dir, 'data') } }));
    const result = spawnSync(serverBinary, ['--config', configPath], {
      encoding: 'utf8', timeout: 20000, env: { ...process.env, SOCKSTREAM_HTTP_PORT: 'eighty' },
    });
    rmSync(dir, { recursive: true, force: true });
    assert.notEqual(result.status, 0);
    const lines = errorLines(result.stderr);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /SOCKSTREAM_HTTP_PORT/);
  });
});

test('SIGTERM shuts the server down cleanly', async () => {
  const server = await startServer({ plugins: [testPlugin('test-greeter')], webRoot: tmpdir() });
  try {
    const port = server.httpPort;
    assert.equal((await server.fetch('/healthz')).status, 200);
    const idle = net.connect(port, '127.0.0.1');  // an idle keep-alive connection must not hold the shutdown
    idle.on('error', () => {});  // the closing server may reset it rather than close it: either is fine
    await new Promise((resolve) => idle.on('connect', resolve));
    const started = Date.now();
    server.child.kill('SIGTERM');
    const timeout = setTimeout(() => { try { process.kill(server.pid, 'SIGKILL'); } catch {} }, 15000);
    const { code, signal } = await server.exited;
    clearTimeout(timeout);
    idle.destroy();
    assert.equal(signal, null, `ended by ${signal}; output:\n${server.output}`);
    assert.equal(code, 0, server.output);
    assert.ok(Date.now() - started < 10000, 'within 10 s');
    assert.match(server.output, /SockStream stopped/);
    assert.match(server.output, /plugin test-greeter: unloaded/);
    assert.equal(await isListening(port), false);
  } finally {
    await server.stop('SIGKILL');
    server.cleanup();
  }
});

test('disabling a plugin removes exactly its routes', async () => {
  const plugins = (greeterEnabled) => [testPlugin('test-greeter', { enabled: greeterEnabled }), testPlugin('test-sessions')];
  const webRoot = makeWebRoot();
  const [enabled, disabled] = await Promise.all([
    startServer({ plugins: plugins(true), webRoot }),
    startServer({ plugins: plugins(false), webRoot }),
  ]);
  try {
    const probe = async (server, method, route) => {
      const res = await server.fetch(route, { method, headers: method === 'GET' || method === 'HEAD' ? {} : { 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
      const text = await res.text();
      let code = '';
      try { code = JSON.parse(text).error?.code || ''; } catch {}
      return `${res.status} ${code}`.trim();
    };
    const coreRoutes = [
      ['GET', '/healthz'], ['GET', '/metrics'], ['GET', '/api/features'], ['GET', '/api/channels'],
      ['GET', '/api/channels/gaming/rooms'], ['GET', '/api/channels/nope/rooms'], ['GET', '/api/rooms/nope'],
      ['GET', '/api/me/room'], ['GET', '/api/auth/session'], ['POST', '/api/auth/sign-out'], ['POST', '/api/rooms'],
      ['PATCH', '/api/rooms/nope'], ['DELETE', '/api/rooms/nope'], ['POST', '/api/rooms/nope/stream-key'],
      ['POST', '/api/test/sessions'], ['GET', '/'], ['GET', '/rooms/abc'], ['GET', '/assets/index-4f2a9c.js'],
      ['GET', '/missing.js'], ['PUT', '/api/channels'], ['POST', '/nothing'],
    ];
    for (const [method, route] of coreRoutes) {
      const a = await probe(enabled, method, route);
      const b = await probe(disabled, method, route);
      assert.equal(b, a, `${method} ${route} answers the same with the plugin disabled`);
      if (route.startsWith('/api/')) {
        assert.notEqual(a, '404 not_found', `${method} ${route} reaches a route`);
      }
    }
    for (const route of ['/api/test/greeter/hello', '/api/test/greeter/hello/you']) {
      assert.equal(await probe(enabled, 'GET', route), '200', `${route} with the plugin enabled`);
      assert.equal(await probe(disabled, 'GET', route), '404 not_found', `${route} with the plugin disabled`);
    }
    const health = async (server) => (await (await server.fetch('/healthz')).json()).plugins.map((p) => p.name);
    assert.deepEqual(await health(enabled), ['test-greeter', 'test-sessions']);
    assert.deepEqual(await health(disabled), ['test-sessions']);
    const features = async (server) => Object.keys((await (await server.fetch('/api/features')).json()).features).sort();
    assert.deepEqual(await features(enabled), ['test-greeter', 'test-sessions']);
    assert.deepEqual(await features(disabled), ['test-sessions']);
  } finally {
    await Promise.all([enabled.stop(), disabled.stop()]);
    enabled.cleanup();
    disabled.cleanup();
    rmSync(webRoot, { recursive: true, force: true });
  }
});
