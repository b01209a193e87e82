// Email/password accounts against the real server binary over HTTP: sign-up,
// sign-in, the core's session route, sign-out, the error cases, cookie
// attributes, rate limits (from several loopback source addresses), the
// foreign-Origin refusal, sessions across a restart, and rehashing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startServer, CookieJar, sleep, serverBinary } from './lib/server.mjs';
import { existsSync } from 'node:fs';
import { launchBrowser, missingPrerequisite } from '../e2e/lib/browser.mjs';
import { closeChromium } from './lib/chromium.mjs';

const SESSION_COOKIE = 'sockstream_session';
const WEEK_SECONDS = 7 * 24 * 3600;

function authPlugin(config = {}, enabled = true) {
  return [{ name: 'auth-password', library: 'auth-password', enabled, dependencies: [], config }];
}

// Most tests sign up many users from one address: limits off, except where tested.
const unlimited = { rateLimit: { enabled: false } };

let counter = 0;
function uniqueEmail(tag = 'user') {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now()}-${counter}@example.com`;
}

const goodPassword = 'violet anchor drizzle 42';

async function postJson(server, pathname, body, headers = {}) {
  const response = await server.fetch(pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { response, status: response.status, json, text };
}

async function signUp(server, fields = {}) {
  const body = { name: 'Ada Lovelace', email: uniqueEmail(), password: goodPassword, ...fields };
  const result = await postJson(server, '/api/auth/sign-up/email', body);
  return { ...result, body };
}

function sessionCookieOf(response) {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`)
    || line.startsWith(`__Secure-${SESSION_COOKIE}=`));
}

function cookieHeader(response) {
  const jar = new CookieJar();
  jar.store(response);
  return jar.header();
}

async function session(server, cookie) {
  const response = await server.fetch('/api/auth/session', { headers: cookie ? { cookie } : {} });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, response };
}

/**
 * A POST from a chosen loopback source address, so rate limits see distinct
 * clients. `body` is JSON-encoded unless it is a string; `headers` replace the defaults.
 */
function postFrom(server, localAddress, pathname, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const request = http.request({
      host: '127.0.0.1', port: server.httpPort, path: pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(payload) },
      timeout: 20000,
    }, (response) => {
      let text = '';
      response.on('data', (d) => { text += d; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.end(payload);
  });
}

describe('auth-password', () => {
  let server;
  let dataDir;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sockstream-auth-password-'));
    server = await startServer({ dataDir, plugins: authPlugin(unlimited) });
  });

  after(async () => {
    if (server) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('sign-up answers the user and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const email = uniqueEmail('Ada');
    const { status, json, response } = await signUp(server, {
      name: '  Ada Lovelace  ', email: `  ${email.toUpperCase()} `,
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.user.email, email.toLowerCase());
    assert.equal(json.user.name, 'Ada Lovelace');
    assert.equal(json.user.emailVerified, false);
    assert.match(json.user.id, /^\S{8,}$/);
    assert.match(json.user.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(Math.abs(Date.parse(json.user.createdAt) - Date.now()) < 60000, json.user.createdAt);
    assert.equal(json.user.password, undefined);
    assert.equal(json.token, undefined, 'the token travels only in the HttpOnly cookie');
    assert.equal(response.headers.get('cache-control'), 'no-store');

    const cookie = sessionCookieOf(response);
    assert.ok(cookie, `no session cookie in ${response.headers.getSetCookie()}`);
    const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
    assert.ok(attributes.includes('httponly'));
    assert.ok(attributes.includes('samesite=lax'));
    assert.ok(attributes.includes('path=/'));
    assert.ok(attributes.includes(`max-age=${WEEK_SECONDS}`));
    assert.ok(!attributes.includes('secure'), 'plain-HTTP public URL: no Secure attribute');
    const token = cookie.split(';')[0].split('=')[1];
    assert.ok(Buffer.from(token, 'base64url').length >= 16, 'at least 128 bits of token');

    const current = await session(server, cookieHeader(response));
    assert.equal(current.status, 200);
    assert.equal(current.json.user.id, json.user.id);
    assert.equal(current.json.user.email, email.toLowerCase());
    const expiresAt = Date.parse(current.json.session.expiresAt);
    assert.ok(Math.abs(expiresAt - (Date.now() + WEEK_SECONDS * 1000)) < 120000, `expiresAt ${expiresAt}`);
  });

  test('the session route answers 401 without a valid cookie', async () => {
    assert.equal((await session(server)).status, 401);
    assert.equal((await session(server, `${SESSION_COOKIE}=not-a-real-token`)).status, 401);
  });

  test('sign-in with the right password answers the user and a new session', async () => {
    const { body, json: created, response: signUpResponse } = await signUp(server);
    const { status, json, response } = await postJson(server, '/api/auth/sign-in/email', {
      email: body.email.toUpperCase(), password: body.password,
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.user.id, created.user.id);
    const cookie = sessionCookieOf(response);
    assert.ok(cookie);
    assert.notEqual(cookie.split(';')[0], sessionCookieOf(signUpResponse).split(';')[0]);
    assert.equal((await session(server, cookieHeader(response))).json.user.id, created.user.id);
  });

  test('a wrong password and an unknown email get the same 401', async () => {
    const { body } = await signUp(server);
    const wrongPassword = await postJson(server, '/api/auth/sign-in/email', {
      email: body.email, password: `${body.password}!`,
    });
    const unknownEmail = await postJson(server, '/api/auth/sign-in/email', {
      email: uniqueEmail('nobody'), password: body.password,
    });
    const invalidEmail = await postJson(server, '/api/auth/sign-in/email', {
      email: 'not an email', password: body.password,
    });
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownEmail.status, 401);
    assert.equal(invalidEmail.status, 401);
    assert.equal(wrongPassword.text, unknownEmail.text);
    assert.equal(wrongPassword.text, invalidEmail.text);
    assert.equal(wrongPassword.json.error.code, 'invalid_credentials');
    assert.equal(sessionCookieOf(wrongPassword.response), undefined);
  });

  test('an unknown email costs a password hash too (no fast path that reveals accounts)', async () => {
    // Not a benchmark: the margin is wide. Without the dummy hash an unknown
    // email answers in about a millisecond, a wrong password in tens.
    const { body } = await signUp(server);
    const time = async (email) => {
      const started = process.hrtime.bigint();
      const { status } = await postJson(server, '/api/auth/sign-in/email', { email, password: 'wrong password 1' });
      assert.equal(status, 401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known = [];
    const unknown = [];
    for (let i = 0; i < 5; i += 1) {
      known.push(await time(body.email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    assert.ok(median(unknown) > median(known) * 0.3,
      `unknown email ${median(unknown).toFixed(1)} ms vs wrong password ${median(known).toFixed(1)} ms`);
  });

  test('a second sign-up with the same email, in any case, is 409', async () => {
    const { body } = await signUp(server);
    const again = await signUp(server, { email: ` ${body.email.toUpperCase()}` });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'email_taken');
    assert.equal(sessionCookieOf(again.response), undefined);
  });

  test('password rules: length in characters, no truncation, common passwords refused', async () => {
    const cases = [
      ['short7!', 'password_too_short'],
      ['x'.repeat(129), 'password_too_long'],
      ['\u{1F511}'.repeat(7), 'password_too_short'],
      ['baseball', 'password_too_common'],
      ['PASSWORD1', 'password_too_common'],
      ['iloveyou', 'password_too_common'],
    ];
    for (const [password, code] of cases) {
      const { status, json } = await signUp(server, { password });
      assert.equal(status, 400, `${password}: ${JSON.stringify(json)}`);
      assert.equal(json.error.code, code, password);
    }
    // 128 four-byte characters: 512 bytes, still within the limit.
    const emoji = '\u{1F511}'.repeat(128);
    const accepted = await signUp(server, { password: emoji });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    // Every character counts: a prefix of a long password is not the password.
    const long = `${'long passphrase '.repeat(7)}end!`;
    const { body } = await signUp(server, { password: long });
    const prefix = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: long.slice(0, 72) });
    assert.equal(prefix.status, 401);
    const full = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: long });
    assert.equal(full.status, 200);
  });

  // Issue 20, finding 8: `password123` was accepted (it is not in John's list).
  test('passwords easy to guess are refused with the reason in words (zxcvbn)', async () => {
    const weak = await signUp(server, { password: 'password123' });
    assert.equal(weak.status, 400, weak.text);
    assert.equal(weak.json.error.code, 'password_too_weak');
    assert.equal(weak.json.error.message,
      'This password is too easy to guess: it is a common password with a few characters added. '
      + 'Add another word or two; uncommon words are best.');
    assert.equal(sessionCookieOf(weak.response), undefined);
    assert.equal((await postJson(server, '/api/auth/sign-in/email', { email: weak.body.email, password: 'password123' })).status, 401,
      'no account was created');
    for (const [password, reason] of [['qwertyuiop1', /keyboard pattern|common password/], ['abcdefgh1234', /sequence/],
      ['Summer2024!', /common|date or a year/]]) {
      const { status, json } = await signUp(server, { password });
      assert.equal(status, 400, password);
      assert.equal(json.error.code, 'password_too_weak', password);
      assert.match(json.error.message, reason, password);
    }
    const email = uniqueEmail('grace.hopper');
    const own = await signUp(server, { name: 'Grace Hopper', email, password: `${email.split('@')[0]}!` });
    assert.equal(own.status, 400, own.text);
    assert.match(own.json.error.message, /your name or email address/);
    // A display name that is a common word does not spoil a passphrase (the browser tests sign up so).
    assert.equal((await signUp(server, { name: 'Solo', password: 'solo password 1' })).status, 200);
    const passphrase = await signUp(server, { password: 'correct horse battery staple' });
    assert.equal(passphrase.status, 200, passphrase.text);
  });

  test('a password typed in another Unicode form (NFKC) still signs in', async () => {
    const composed = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e';
    const { body } = await signUp(server, { password: composed });
    const decomposed = composed.normalize('NFD');
    assert.notEqual(decomposed, composed);
    const { status } = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: decomposed });
    assert.equal(status, 200);
  });

  test('bad input is a 400 or 413 JSON error and writes nothing', async () => {
    const email = uniqueEmail('careful');
    const cases = [
      ['{"name":', 400],
      ['[]', 400],
      ['"just a string"', 400],
      ['null', 400],
      [{ email, password: goodPassword }, 400],
      [{ name: 'Ada', password: goodPassword }, 400],
      [{ name: 'Ada', email }, 400],
      [{ name: 'Ada', email, password: 12345678 }, 400],
      [{ name: ['Ada'], email, password: goodPassword }, 400],
      [{ name: 'Ada', email: { address: email }, password: goodPassword }, 400],
      [{ name: '   ', email, password: goodPassword }, 400],
      [{ name: 'n'.repeat(101), email, password: goodPassword }, 400],
      [{ name: 'Ada\u0000', email, password: goodPassword }, 400],
      [{ name: 'Ada', email: 'no-at-sign', password: goodPassword }, 400],
      [{ name: 'Ada', email: "x' OR '1'='1", password: goodPassword }, 400],
      [{ name: 'Ada', email, password: 'short' }, 400],
      [{ name: 'Ada', email, password: goodPassword, padding: 'x'.repeat(9000) }, 413],
    ];
    for (const [body, expected] of cases) {
      const result = await postJson(server, '/api/auth/sign-up/email', body);
      const label = typeof body === 'string' ? body : JSON.stringify(body).slice(0, 80);
      assert.equal(result.status, expected, `${label}: ${result.text}`);
      assert.equal(typeof result.json?.error?.code, 'string', `${label}: ${result.text}`);
      assert.equal(sessionCookieOf(result.response), undefined);
    }
    const signIn = [
      ['not json', 400], [{ email }, 400], [{ password: goodPassword }, 400], [{ email: 1, password: goodPassword }, 400],
      [{ email, password: 'x'.repeat(9000) }, 413],
    ];
    for (const [body, expected] of signIn) {
      const result = await postJson(server, '/api/auth/sign-in/email', body);
      assert.equal(result.status, expected, `${JSON.stringify(body).slice(0, 80)}: ${result.text}`);
    }
    // None of the refused requests created the account.
    const { status } = await signUp(server, { email });
    assert.equal(status, 200);
  });

  test('SQL metacharacters are data, not code', async () => {
    const name = "Robert'); DROP TABLE users;--";
    const { status, json, body } = await signUp(server, { name, email: uniqueEmail("o'brien") });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.user.name, name);
    const again = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: body.password });
    assert.equal(again.status, 200);
    assert.equal(again.json.user.name, name);
  });

  test('sign-out revokes the session server-side and clears the cookie', async () => {
    const { response } = await signUp(server);
    const cookie = cookieHeader(response);
    const out = await postJson(server, '/api/auth/sign-out', '', { cookie, origin: server.publicUrl });
    assert.equal(out.status, 200, out.text);
    const cleared = sessionCookieOf(out.response);
    assert.ok(cleared, 'sign-out sends a clearing Set-Cookie');
    assert.match(cleared, /^sockstream_session=;/);
    assert.match(cleared, /max-age=0/i);
    // The browser would drop the cookie; a replayed copy must not work either.
    assert.equal((await session(server, cookie)).status, 401);
    // Signing out without a session is harmless.
    assert.equal((await postJson(server, '/api/auth/sign-out', '')).status, 200);
  });

  test('a cookie-bearing POST from a foreign Origin is refused with 403', async () => {
    const { response, body } = await signUp(server);
    const cookie = cookieHeader(response);
    const signOut = await postJson(server, '/api/auth/sign-out', '', { cookie, origin: 'https://evil.example' });
    assert.equal(signOut.status, 403, signOut.text);
    assert.equal((await session(server, cookie)).status, 200, 'the refused sign-out revoked nothing');
    const signIn = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: body.password },
      { cookie, origin: 'https://evil.example' });
    assert.equal(signIn.status, 403);
    const sameOrigin = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: body.password },
      { cookie, origin: server.publicUrl });
    assert.equal(sameOrigin.status, 200);
  });

  // Issue 20, finding 4 (login CSRF): a page on another site posted
  // `enctype="text/plain"` forms shaped like JSON and got a session cookie for
  // the attacker's account. Auth routes now take only application/json from
  // our own pages, with or without a cookie.
  test('a cross-site text/plain form cannot sign in, sign up or sign out', async () => {
    const { body: account } = await signUp(server);
    // What <form enctype="text/plain"> sends for <input name='{"email":…,"x":"' value='"}'>.
    const formBody = `{"email":${JSON.stringify(account.email)},"password":${JSON.stringify(account.password)},"x":"="}`;
    const attacks = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { origin: 'null', 'content-type': 'text/plain' },
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },  // JSON, had CORS let it through
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'https://evil.example/login.html' },
    ];
    for (const headers of attacks) {
      const signIn = await postJson(server, '/api/auth/sign-in/email', formBody, headers);
      assert.equal(signIn.status, 403, `${JSON.stringify(headers)}: ${signIn.text}`);
      assert.equal(signIn.json.error.code, 'foreign_origin');
      assert.equal(sessionCookieOf(signIn.response), undefined, JSON.stringify(headers));
    }
    const email = uniqueEmail('csrf');
    const signUpForm = await postJson(server, '/api/auth/sign-up/email',
      `{"name":"Mallory","email":"${email}","password":"${goodPassword}","x":"="}`,
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' });
    assert.equal(signUpForm.status, 403, signUpForm.text);
    assert.equal(sessionCookieOf(signUpForm.response), undefined);
    assert.equal((await signUp(server, { email })).status, 200, 'the refused sign-up created nothing');

    // Sign-out: the cookie-less form of the attack changes nothing, the cookie-bearing one is refused.
    const { response } = await postJson(server, '/api/auth/sign-in/email', { email: account.email, password: account.password });
    const cookie = cookieHeader(response);
    const signOut = await postJson(server, '/api/auth/sign-out', '{}', { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' });
    assert.equal(signOut.status, 403, signOut.text);
    assert.equal((await session(server, cookie)).status, 200, 'still signed in');
  });

  test('our own pages must send JSON: anything else is 415 with an explanation', async () => {
    const { body: account } = await signUp(server);
    const own = { origin: server.publicUrl, 'sec-fetch-site': 'same-origin' };
    const formBody = JSON.stringify({ email: account.email, password: account.password });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const result = await postJson(server, '/api/auth/sign-in/email', formBody, { ...own, 'content-type': type });
      assert.equal(result.status, 415, `${type}: ${result.text}`);
      assert.equal(result.json.error.code, 'unsupported_media_type');
      assert.match(result.json.error.message, /application\/json/);
      assert.equal(sessionCookieOf(result.response), undefined);
    }
    // The web app's own request: JSON from our origin.
    const ok = await postJson(server, '/api/auth/sign-in/email', formBody, { ...own, 'content-type': 'application/json; charset=utf-8' });
    assert.equal(ok.status, 200, ok.text);
    assert.ok(sessionCookieOf(ok.response));
    const host = await postJson(server, '/api/auth/sign-in/email', formBody, { origin: `http://127.0.0.1:${server.httpPort}` });
    assert.equal(host.status, 200, 'the request\'s own Host is our origin too');
    const signOut = await postJson(server, '/api/auth/sign-out', '', { ...own, cookie: cookieHeader(ok.response), 'content-type': 'text/plain' });
    assert.equal(signOut.status, 415);
  });

  test('the plugin declares its feature', async () => {
    const response = await server.fetch('/api/features');
    assert.equal(response.status, 200);
    const { features } = await response.json();
    assert.equal(features['auth-password'].enabled, true);
    assert.equal(features['auth-password'].minPasswordLength, 8);
    assert.equal(features['auth-password'].minPasswordScore, 3);
  });

  test('sessions survive a restart; revoked ones do not', async () => {
    const kept = await signUp(server);
    const revoked = await signUp(server);
    const keptCookie = cookieHeader(kept.response);
    const revokedCookie = cookieHeader(revoked.response);
    const out = await postJson(server, '/api/auth/sign-out', '', { cookie: revokedCookie });
    assert.equal(out.status, 200);

    await server.stop();
    server = await startServer({ dataDir, plugins: authPlugin(unlimited) });

    const still = await session(server, keptCookie);
    assert.equal(still.status, 200);
    assert.equal(still.json.user.id, kept.json.user.id);
    assert.equal((await session(server, revokedCookie)).status, 401);
    const signIn = await postJson(server, '/api/auth/sign-in/email', { email: kept.body.email, password: kept.body.password });
    assert.equal(signIn.status, 200);
  });

  test('raising the Argon2id cost rehashes a password at its next sign-in', async () => {
    const { body } = await signUp(server);
    await server.stop();
    server = await startServer({
      dataDir, plugins: authPlugin({ ...unlimited, argon2: { memoryKiB: 24576, iterations: 3 } }),
    });
    const first = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: body.password });
    assert.equal(first.status, 200, first.text);
    assert.match(server.output, /rehashed the password/);
    const rehashes = server.output.match(/rehashed the password/g).length;
    const second = await postJson(server, '/api/auth/sign-in/email', { email: body.email, password: body.password });
    assert.equal(second.status, 200);
    assert.equal(server.output.match(/rehashed the password/g).length, rehashes, 'only once');
  });
});

describe('auth-password rate limits (defaults: 3 failed sign-ins per 10 s per IP, back-off per IP and account)', () => {
  let server;
  before(async () => { server = await startServer({ plugins: authPlugin({}) }); });
  after(async () => { if (server) { await server.stop(); server.cleanup(); } });

  test('a fourth sign-in from one address within 10 s is 429 with Retry-After', async () => {
    const from = '127.0.0.11';
    for (let i = 0; i < 3; i += 1) {
      const { status } = await postFrom(server, from, '/api/auth/sign-in/email', { email: uniqueEmail('ip'), password: 'wrong password' });
      assert.equal(status, 401);
    }
    const limited = await postFrom(server, from, '/api/auth/sign-in/email', { email: uniqueEmail('ip'), password: 'wrong password' });
    assert.equal(limited.status, 429, limited.text);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 10, `Retry-After ${limited.headers['retry-after']}`);
    assert.equal(JSON.parse(limited.text).error.code, 'too_many_requests');
    // Another address is unaffected.
    const other = await postFrom(server, '127.0.0.12', '/api/auth/sign-in/email', { email: uniqueEmail('ip'), password: 'wrong password' });
    assert.equal(other.status, 401);
  });

  test('failures for one email from other addresses do not close the account', async () => {
    const email = uniqueEmail('target');
    const created = await postFrom(server, '127.0.0.20', '/api/auth/sign-up/email', { name: 'Target', email, password: goodPassword });
    assert.equal(created.status, 200, created.text);
    for (let i = 0; i < 4; i += 1) {
      const { status } = await postFrom(server, `127.0.0.${21 + i}`, '/api/auth/sign-in/email', { email, password: 'wrong password' });
      assert.equal(status, 401);
    }
    const owner = await postFrom(server, '127.0.0.25', '/api/auth/sign-in/email', { email: email.toUpperCase(), password: goodPassword });
    assert.equal(owner.status, 200, owner.text);
  });

  test('repeated failures for one account from one address back off, the right password from elsewhere does not', async () => {
    const email = uniqueEmail('pair');
    const created = await postFrom(server, '127.0.0.26', '/api/auth/sign-up/email', { name: 'Pair', email, password: goodPassword });
    assert.equal(created.status, 200, created.text);
    for (let i = 0; i < 3; i += 1) {
      const { status } = await postFrom(server, '127.0.0.27', '/api/auth/sign-in/email', { email, password: `guess ${i}` });
      assert.equal(status, 401);
    }
    // Even the right password waits once this address has failed too often for this account.
    const blocked = await postFrom(server, '127.0.0.27', '/api/auth/sign-in/email', { email, password: goodPassword });
    assert.equal(blocked.status, 429, blocked.text);
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    const owner = await postFrom(server, '127.0.0.28', '/api/auth/sign-in/email', { email, password: goodPassword });
    assert.equal(owner.status, 200, owner.text);
  });

  test('sign-up is limited per address too', async () => {
    const from = '127.0.0.31';
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const { status } = await postFrom(server, from, '/api/auth/sign-up/email', {
        name: 'Rate', email: uniqueEmail('signup'), password: goodPassword,
      });
      statuses.push(status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });
});

describe('auth-password configuration', () => {
  test('a disabled plugin removes its routes and nothing else', async () => {
    const server = await startServer({ plugins: authPlugin({}, false) });
    try {
      const signIn = await postJson(server, '/api/auth/sign-in/email', { email: 'a@example.com', password: goodPassword });
      assert.equal(signIn.status, 404);
      assert.equal((await session(server)).status, 401, 'the core still answers the session route');
    } finally {
      await server.stop();
      server.cleanup();
    }
  });

  test('an unknown config key or a weak Argon2id setting stops start-up', async () => {
    for (const config of [{ argon2: { memoryKiB: 1024 } }, { rateLimits: {} }, { minPasswordScore: 1 }]) {
      const server = await startServer({ plugins: authPlugin(config), expectExit: true });
      try {
        const result = await Promise.race([
          server.exited,
          new Promise((resolve) => setTimeout(() => resolve('still running'), 15000)),
        ]);
        assert.notEqual(result, 'still running', `${JSON.stringify(config)} did not stop start-up`);
        assert.notEqual(result.code, 0);
      } finally {
        await server.stop('SIGKILL');
        server.cleanup();
      }
    }
  });

  test('over HTTPS the cookie is Secure with the __Secure- prefix', async () => {
    const server = await startServer({ plugins: authPlugin(unlimited), publicUrl: 'https://stream.example' });
    try {
      const { status, response } = await signUp(server);
      assert.equal(status, 200);
      const cookie = sessionCookieOf(response);
      assert.match(cookie, /^__Secure-sockstream_session=/);
      assert.match(cookie, /;\s*Secure/i);
      assert.match(cookie, /HttpOnly/i);
      const current = await session(server, cookieHeader(response));
      assert.equal(current.status, 200);
    } finally {
      await server.stop();
      server.cleanup();
    }
  });
});

// Issue 20, finding 2: one address sending a wrong password every 0.2 s used to
// keep the account closed for everyone (the per-email limit counted every
// attempt). Failures now count per address and per (address, account).
describe('auth-password: an attacker cannot lock the owner out', () => {
  let server;
  before(async () => { server = await startServer({ plugins: authPlugin({}) }); });
  after(async () => { if (server) { await server.stop(); server.cleanup(); } });

  test('wrong passwords every 0.2 s from 127.0.0.2 do not refuse the right password from 127.0.0.1', async () => {
    const email = uniqueEmail('owner');
    const created = await postFrom(server, '127.0.0.3', '/api/auth/sign-up/email', { name: 'Owner', email, password: goodPassword });
    assert.equal(created.status, 200, created.text);

    const attacker = {};
    let attacking = true;
    const attack = (async () => {
      // Bounded: at most 80 guesses, one every 0.2 s after the previous answer.
      for (let i = 0; i < 80 && attacking; i += 1) {
        const { status } = await postFrom(server, '127.0.0.2', '/api/auth/sign-in/email', { email, password: `wrong guess ${i}` });
        attacker[status] = (attacker[status] || 0) + 1;
        await sleep(200);
      }
    })();
    try {
      await sleep(1500);  // the attack is under way
      const owner = [];
      for (let i = 0; i < 8; i += 1) {
        const { status } = await postFrom(server, '127.0.0.1', '/api/auth/sign-in/email', { email, password: goodPassword });
        owner.push(status);
        await sleep(1000);
      }
      const refused = owner.filter((status) => status !== 200).length;
      console.log(`# correct sign-ins refused during the attack: ${refused} of ${owner.length} (owner ${owner.join(',')}; attacker ${JSON.stringify(attacker)})`);
      assert.deepEqual(owner, Array(owner.length).fill(200));
    } finally {
      attacking = false;
      await attack;
    }
    assert.ok(attacker[429] > 0, `the attacker is throttled: ${JSON.stringify(attacker)}`);
    assert.equal(attacker[200], undefined);
  });
});

// Issue 20, finding 4, in a real browser: a page of another site (127.0.0.2 is
// another site than 127.0.0.1) auto-submits a text/plain form shaped like the
// sign-in JSON. Before the fix Chromium came back with the attacker's session.
describe('auth-password: login CSRF from a real browser', () => {
  const missing = !existsSync(serverBinary) ? `no server binary at ${serverBinary}` : missingPrerequisite();
  if (missing && process.env.SOCKSTREAM_REQUIRE_E2E === '1') throw new Error(`browser prerequisites missing: ${missing}`);
  let server;
  let attackerSite;
  let browser;
  before(async () => {
    if (missing) return;
    server = await startServer({ plugins: authPlugin(unlimited) });
    browser = await launchBrowser();
  });
  after(async () => {
    await closeChromium(browser);
    if (attackerSite) await new Promise((resolve) => attackerSite.close(resolve));
    if (server) { await server.stop(); server.cleanup(); }
  });

  test('an auto-submitted cross-site text/plain form gets no session cookie', { skip: missing || false, timeout: 60000 }, async () => {
    const { body: account, status } = await signUp(server);
    assert.equal(status, 200);
    const field = (text) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
    const name = `{"email":${JSON.stringify(account.email)},"password":${JSON.stringify(account.password)},"x":"`;
    const html = `<!doctype html><form id="f" method="POST" enctype="text/plain"
      action="${server.baseUrl}/api/auth/sign-in/email"><input name='${field(name)}' value='"}'></form>
      <script>document.getElementById('f').submit()</script>`;
    attackerSite = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(html);
    });
    await new Promise((resolve) => attackerSite.listen(0, '127.0.0.2', resolve));

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in/email'), { timeout: 20000 });
      await page.goto(`http://127.0.0.2:${attackerSite.address().port}/`);
      const response = await answered;
      const sent = await response.request().allHeaders();
      assert.match(sent['content-type'], /^text\/plain/, 'the browser sent the form as text/plain');
      assert.equal(response.status(), 403, await response.text());
      const cookies = await context.cookies(server.baseUrl);
      assert.equal(cookies.find((c) => c.name === SESSION_COOKIE), undefined, JSON.stringify(cookies));

      // The same browser on our own page signs in as usual.
      await page.goto(`${server.baseUrl}/`);
      const own = await page.evaluate(async (body) => {
        const r = await fetch('/api/auth/sign-in/email', {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
        });
        return r.status;
      }, { email: account.email, password: account.password });
      assert.equal(own, 200);
      assert.ok((await context.cookies(server.baseUrl)).find((c) => c.name === SESSION_COOKIE));
    } finally {
      await context.close();
    }
  });
});
