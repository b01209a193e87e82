// Sign in with Google (auth-google) against a real OpenID Provider: the npm
// package oidc-provider, run by the test over HTTPS on 127.0.0.1 with a CA made
// for the run. A small browser follows redirects, keeps cookies and submits the
// provider's login and consent forms. The provider is made to misbehave on
// purpose (tampered ID tokens, token endpoint errors, stalls) and every failure
// must end on an error page with no session.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

import { startServer, freePort } from './lib/server.mjs';
import { makeTestCertificates } from './lib/oidc/certs.mjs';
import { startProvider, startSilentServer, makeSigningKey, publicJwk } from './lib/oidc/provider.mjs';
import { Browser } from './lib/oidc/browser.mjs';

const CLIENT_ID = 'sockstream-test';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');
const PENDING_COOKIE = 'sockstream_google_login';
const SESSION_COOKIE = 'sockstream_session';

function plugins(googleConfig, { withPasswords = false } = {}) {
  const list = [{ name: 'auth-google', library: 'auth-google', enabled: true, dependencies: [], config: googleConfig }];
  if (withPasswords) {
    list.unshift({ name: 'auth-password', library: 'auth-password', enabled: true, dependencies: [], config: { rateLimit: { enabled: false } } });
  }
  return list;
}

function googleConfig(op, certs, extra = {}) {
  return {
    issuer: op.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, caFile: certs.caFile,
    connectTimeoutMs: 1000, readTimeoutMs: 1500, ...extra,
  };
}

/** Starts a server on a port chosen first, so the provider knows our redirect URI. */
async function startPair({ certs, accounts, googleExtra = {}, issuerOverride, withPasswords = false } = {}) {
  const httpPort = await freePort();
  const redirectUri = `http://127.0.0.1:${httpPort}/api/auth/google/callback`;
  const op = await startProvider({ certs, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri, accounts });
  const config = googleConfig(op, certs, googleExtra);
  if (issuerOverride) config.issuer = issuerOverride;
  let server;
  try {
    server = await startServer({ httpPort, plugins: plugins(config, { withPasswords }) });
  } catch (e) {
    await op.stop();
    throw e;
  }
  return { op, server, redirectUri };
}

async function stopPair(pair) {
  if (!pair) return;
  await pair.server.stop();
  pair.server.cleanup();
  await pair.op.stop();
}

const isCallback = (server) => (url) => url.startsWith(`${server.baseUrl}/api/auth/google/callback`);

/** Drives authorize -> login -> consent and stops before our callback; returns its URL. */
async function authorize(browser, server, { login = 'alice', redirect = '/rooms/abc', consent = true } = {}) {
  const start = await browser.fetch(`${server.baseUrl}/api/auth/google?redirect=${encodeURIComponent(redirect)}`);
  assert.equal(start.status, 302, `start answered ${start.status}: ${start.body}`);
  const authUrl = new URL(start.headers.location);
  assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
  let page = await browser.navigate(authUrl.toString(), { stopAt: isCallback(server) });
  if (page.stoppedAt) return page.stoppedAt;  // the provider remembered this browser
  assert.equal(page.status, 200, `login page: ${page.status} ${page.body.slice(0, 300)}`);
  page = await browser.submitForm(page, { login, password: 'any' }, { stopAt: isCallback(server) });
  if (page.stoppedAt) return page.stoppedAt;
  assert.equal(page.status, 200, `consent page: ${page.status} ${page.body.slice(0, 300)}`);
  if (!consent) {
    const abort = page.body.match(/href="([^"]*\/abort)"/);
    assert.ok(abort, 'the consent page offers to abort');
    const denied = await browser.navigate(new URL(abort[1], page.url).toString(), { stopAt: isCallback(server) });
    assert.ok(denied.stoppedAt, 'aborting returns to our callback');
    return denied.stoppedAt;
  }
  page = await browser.submitForm(page, {}, { stopAt: isCallback(server) });
  assert.ok(page.stoppedAt, `consent did not return to our callback: ${page.status} ${page.body.slice(0, 300)}`);
  return page.stoppedAt;
}

async function sessionOf(browser, server) {
  const res = await browser.fetch(`${server.baseUrl}/api/auth/session`, { headers: { accept: 'application/json' } });
  return { status: res.status, json: res.body ? JSON.parse(res.body) : undefined };
}

function setCookies(res) {
  return [].concat(res.headers['set-cookie'] || []);
}

/** The callback refused the sign-in: an error, no session cookie, and the core sees nobody. */
async function assertRefused(browser, server, res, { status, code }) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.body.slice(0, 400)}`);
  if (res.headers['content-type'].startsWith('application/json')) {
    assert.equal(JSON.parse(res.body).error.code, code);
  } else {
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.body, new RegExp(`<code id="code">${code}</code>`));
  }
  assert.ok(!setCookies(res).some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0/i.test(c)), 'no session cookie');
  assert.equal(browser.cookies(server.baseUrl).has(SESSION_COOKIE), false);
  const session = await sessionOf(browser, server);
  assert.equal(session.status, 401, 'no session results');
}

describe('auth-google against oidc-provider', { timeout: 180000 }, () => {
  let certs;
  let pair;

  before(async () => {
    certs = makeTestCertificates('google');
    pair = await startPair({
      certs,
      accounts: { unverified: { email_verified: false }, noemail: { email: undefined, email_verified: undefined } },
    });
  });
  after(async () => {
    await stopPair(pair);
    certs?.cleanup();
  });
  beforeEach(() => {
    for (const key of Object.keys(pair.op.hooks)) delete pair.op.hooks[key];
  });

  test('/api/features advertises the sign-in URL', async () => {
    const res = await pair.server.fetch('/api/features');
    const body = await res.json();
    assert.equal(body.features['auth-google'].enabled, true);
    assert.equal(body.features['auth-google'].loginUrl, '/api/auth/google');
  });

  test('the start redirect carries PKCE, state, nonce and a short-lived HttpOnly cookie', async () => {
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(`${pair.server.baseUrl}/api/auth/google?redirect=/x`);
    assert.equal(res.status, 302);
    const location = new URL(res.headers.location);
    assert.equal(location.origin, pair.op.issuer);
    const q = location.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), CLIENT_ID);
    assert.equal(q.get('redirect_uri'), pair.redirectUri);
    assert.equal(q.get('scope'), 'openid email profile');
    assert.ok(q.get('state').length >= 43 && q.get('nonce').length >= 43 && q.get('code_challenge').length === 43);
    const cookie = setCookies(res).find((c) => c.startsWith(`${PENDING_COOKIE}=`));
    assert.ok(cookie, 'pending sign-in cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Max-Age=600/);
    assert.match(cookie, /Path=\/api\/auth\/google/);
    assert.ok(!cookie.includes(q.get('state')), 'the cookie holds a handle, not the state');
  });

  test('full flow: authorize, login, consent, callback, session', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = await authorize(browser, pair.server, { login: 'alice', redirect: '/rooms/abc?tab=chat' });
    assert.equal(new URL(callbackUrl).searchParams.get('iss'), pair.op.issuer);
    const res = await browser.fetch(callbackUrl);
    assert.equal(res.status, 302, res.body);
    assert.equal(res.headers.location, '/rooms/abc?tab=chat');
    const cookies = setCookies(res);
    assert.ok(cookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`) && /HttpOnly/.test(c)), cookies.join('\n'));
    assert.ok(cookies.some((c) => c.startsWith(`${PENDING_COOKIE}=;`) && /Max-Age=0/.test(c)), 'pending cookie cleared');
    const session = await sessionOf(browser, pair.server);
    assert.equal(session.status, 200);
    assert.equal(session.json.user.email, 'alice@example.com');
    assert.equal(session.json.user.emailVerified, true);
    assert.equal(session.json.user.name, 'Test alice');

    // Signing in again (another browser) finds the same user by sub.
    const again = new Browser({ ca: certs.ca });
    const res2 = await again.fetch(await authorize(again, pair.server, { login: 'alice', redirect: '/' }));
    assert.equal(res2.status, 302);
    const session2 = await sessionOf(again, pair.server);
    assert.equal(session2.json.user.id, session.json.user.id);
  });

  test('email_verified=false is recorded as unverified', async () => {
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'unverified' }));
    assert.equal(res.status, 302);
    const session = await sessionOf(browser, pair.server);
    assert.equal(session.json.user.emailVerified, false);
  });

  // Standard OIDC may leave the email scope's claims to the UserInfo endpoint
  // (issue 20, finding 9): such a provider used to be refused with email_required.
  const withoutEmailInIdToken = (claims) => {
    const { email, email_verified: verified, ...rest } = claims;
    return { claims: rest };
  };

  test('an ID token without email: the email comes from the UserInfo endpoint', async () => {
    pair.op.hooks.idToken = withoutEmailInIdToken;
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'userinfo-only' }));
    assert.equal(res.status, 302, res.body);
    const session = await sessionOf(browser, pair.server);
    assert.equal(session.status, 200);
    assert.equal(session.json.user.email, 'userinfo-only@example.com');
    assert.equal(session.json.user.emailVerified, true);
  });

  test('no email in the ID token nor from UserInfo: refused in words, no session', async () => {
    pair.op.hooks.idToken = withoutEmailInIdToken;
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'noemail' }));
    await assertRefused(browser, pair.server, res, { status: 400, code: 'email_required' });
    assert.match(res.body, /neither in its ID token nor from its user information/);
  });

  for (const [redirect, expected] of [['https://evil.example/x', '/'], ['//evil.example/x', '/'], ['javascript:alert(1)', '/'], ['/ok/path', '/ok/path']]) {
    test(`redirect ${JSON.stringify(redirect)} ends on ${expected}`, async () => {
      const browser = new Browser({ ca: certs.ca });
      const res = await browser.fetch(await authorize(browser, pair.server, { login: 'redirector', redirect }));
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, expected);
    });
  }

  test('denied consent: access_denied error page, no session', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = await authorize(browser, pair.server, { login: 'denier', consent: false });
    assert.equal(new URL(callbackUrl).searchParams.get('error'), 'access_denied');
    const res = await browser.fetch(callbackUrl);
    await assertRefused(browser, pair.server, res, { status: 403, code: 'access_denied' });
  });

  test('a replayed callback is refused, even with the old cookie', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = await authorize(browser, pair.server, { login: 'replayer' });
    const handle = browser.cookies(pair.server.baseUrl).get(PENDING_COOKIE);
    assert.ok(handle);
    assert.equal((await browser.fetch(callbackUrl)).status, 302);
    const attacker = new Browser({ ca: certs.ca });
    attacker.cookies(pair.server.baseUrl).set(PENDING_COOKIE, handle);
    const res = await attacker.fetch(callbackUrl);
    await assertRefused(attacker, pair.server, res, { status: 400, code: 'invalid_state' });
  });

  test('a callback without the browser cookie is refused (login CSRF)', async () => {
    const victim = new Browser({ ca: certs.ca });
    const attackerBrowser = new Browser({ ca: certs.ca });
    const callbackUrl = await authorize(attackerBrowser, pair.server, { login: 'mallory' });
    const res = await victim.fetch(callbackUrl);
    await assertRefused(victim, pair.server, res, { status: 400, code: 'invalid_state' });
  });

  test('a wrong state is refused and spends the pending sign-in', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = new URL(await authorize(browser, pair.server, { login: 'stateful' }));
    const right = callbackUrl.toString();
    callbackUrl.searchParams.set('state', 'forged-state');
    const res = await browser.fetch(callbackUrl.toString());
    await assertRefused(browser, pair.server, res, { status: 400, code: 'invalid_state' });
    // The cookie was cleared and the server forgot the sign-in: the right URL fails too.
    const retry = await browser.fetch(right);
    await assertRefused(browser, pair.server, retry, { status: 400, code: 'invalid_state' });
  });

  test('a callback with a missing state is refused', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = new URL(await authorize(browser, pair.server, { login: 'stateless' }));
    callbackUrl.searchParams.delete('state');
    await assertRefused(browser, pair.server, await browser.fetch(callbackUrl.toString()), { status: 400, code: 'invalid_state' });
  });

  test('a response naming another issuer is refused (RFC 9207)', async () => {
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = new URL(await authorize(browser, pair.server, { login: 'mixup' }));
    callbackUrl.searchParams.set('iss', 'https://evil.example');
    await assertRefused(browser, pair.server, await browser.fetch(callbackUrl.toString()), { status: 400, code: 'issuer_mismatch' });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const tamperings = {
    'a wrong nonce': (claims) => ({ claims: { ...claims, nonce: 'not-the-nonce' } }),
    'a missing nonce': (claims) => { const { nonce, ...rest } = claims; return { claims: rest }; },
    'a wrong audience': (claims) => ({ claims: { ...claims, aud: 'another-client' } }),
    'a wrong issuer': (claims) => ({ claims: { ...claims, iss: 'https://evil.example' } }),
    'an expired token': (claims) => ({ claims: { ...claims, iat: now() - 7200, exp: now() - 3600 } }),
    'a token issued in the future': (claims) => ({ claims: { ...claims, iat: now() + 3600, exp: now() + 7200 } }),
    'alg none': (claims, header) => ({ header: { ...header, alg: 'none' }, sign: 'none' }),
    'HS256 signed with the client secret': (claims, header) => ({ header: { ...header, alg: 'HS256' }, sign: { hmac: CLIENT_SECRET } }),
    'a signature by another key under the same kid': (claims) => ({ claims, sign: { key: makeSigningKey('key-1') } }),
    'an unknown kid': (claims, header) => ({ header: { ...header, kid: 'stranger' }, sign: { key: makeSigningKey('stranger') } }),
  };
  for (const [name, tamper] of Object.entries(tamperings)) {
    test(`an ID token with ${name} is refused`, async () => {
      pair.op.hooks.idToken = tamper;
      const browser = new Browser({ ca: certs.ca });
      const res = await browser.fetch(await authorize(browser, pair.server, { login: `tamper-${name.replace(/\W+/g, '-')}` }));
      await assertRefused(browser, pair.server, res, { status: 401, code: 'invalid_id_token' });
    });
  }

  test('the payload of a validly signed token cannot be altered', async () => {
    // The provider's own signature, spliced onto a payload claiming another subject.
    pair.op.hooks.idToken = (claims) => ({ claims: { ...claims, sub: 'admin' }, sign: 'original' });
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'forger' }));
    await assertRefused(browser, pair.server, res, { status: 401, code: 'invalid_id_token' });
  });

  test('a key rotation is picked up by refetching the JWKS once', async () => {
    const rotated = makeSigningKey('key-2');
    pair.op.hooks.jwks = (keys) => [...keys, publicJwk(rotated)];
    pair.op.hooks.idToken = (claims, header) => ({ header: { ...header, kid: 'key-2' }, sign: { key: rotated } });
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'rotator' }));
    assert.equal(res.status, 302, res.body);
    assert.equal((await sessionOf(browser, pair.server)).status, 200);
  });

  test('a token endpoint error is refused', async () => {
    pair.op.hooks.tokenEndpoint = (ctx) => {
      ctx.status = 400;
      ctx.body = { error: 'invalid_grant', error_description: 'grant request is invalid' };
      return true;
    };
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'exchanger' }));
    await assertRefused(browser, pair.server, res, { status: 502, code: 'token_exchange_failed' });
    assert.match(res.body, /invalid_grant/);
  });

  test('a stalled token endpoint ends on a bounded timeout', async () => {
    pair.op.hooks.delayMs = (ctx) => (ctx.path === '/token' ? 5000 : 0);
    const browser = new Browser({ ca: certs.ca });
    const callbackUrl = await authorize(browser, pair.server, { login: 'staller' });
    const started = Date.now();
    const res = await browser.fetch(callbackUrl);
    const elapsed = Date.now() - started;
    await assertRefused(browser, pair.server, res, { status: 502, code: 'provider_unreachable' });
    assert.ok(elapsed < 4500, `the callback took ${elapsed} ms`);
  });

  test('errors are JSON when the client asks for JSON', async () => {
    const browser = new Browser({ ca: certs.ca });
    const res = await browser.fetch(`${pair.server.baseUrl}/api/auth/google/callback?code=x&state=y`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(JSON.parse(res.body).error.code, 'invalid_state');
  });
});

describe('auth-google next to password accounts', { timeout: 180000 }, () => {
  let certs;
  let pair;
  before(async () => {
    certs = makeTestCertificates('google-pw');
    pair = await startPair({
      certs, withPasswords: true,
      accounts: { taken: { email: 'taken@example.com' }, linker: { email: 'linker@example.com' } },
    });
  });
  after(async () => {
    await stopPair(pair);
    certs?.cleanup();
  });

  test('an email that belongs to a password account is not linked by email', async () => {
    const signUp = await pair.server.fetch('/api/auth/sign-up/email', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Taken', email: 'taken@example.com', password: 'violet anchor drizzle 42' }),
    });
    assert.equal(signUp.status, 200, await signUp.text());
    for (let attempt = 0; attempt < 2; attempt++) {
      const browser = new Browser({ ca: certs.ca });
      const res = await browser.fetch(await authorize(browser, pair.server, { login: 'taken' }));
      await assertRefused(browser, pair.server, res, { status: 409, code: 'email_in_use' });
      assert.match(res.body, /password/);
    }
  });

  test('a signed-in password user links Google explicitly', async () => {
    const browser = new Browser({ ca: certs.ca });
    const signUp = await browser.fetch(`${pair.server.baseUrl}/api/auth/sign-up/email`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Linker', email: 'linker@example.com', password: 'violet anchor drizzle 42' }),
    });
    assert.equal(signUp.status, 200, signUp.body);
    const passwordUser = (await sessionOf(browser, pair.server)).json.user;
    const res = await browser.fetch(await authorize(browser, pair.server, { login: 'linker' }));
    assert.equal(res.status, 302, res.body);
    // Google alone now signs in as the same user, with the address verified.
    const other = new Browser({ ca: certs.ca });
    assert.equal((await other.fetch(await authorize(other, pair.server, { login: 'linker' }))).status, 302);
    const session = await sessionOf(other, pair.server);
    assert.equal(session.json.user.id, passwordUser.id);
    assert.equal(session.json.user.emailVerified, true);
  });
});

describe('auth-google with a hosted-domain allow-list', { timeout: 180000 }, () => {
  let certs;
  let pair;
  before(async () => {
    certs = makeTestCertificates('google-hd');
    pair = await startPair({
      certs,
      accounts: { bob: { hd: 'example.com' }, eve: { hd: 'evil.example' }, carol: {} },
      googleExtra: { allowedHostedDomains: ['example.com'] },
    });
  });
  after(async () => {
    await stopPair(pair);
    certs?.cleanup();
  });

  test('the authorization request hints the domain', async () => {
    const res = await new Browser({ ca: certs.ca }).fetch(`${pair.server.baseUrl}/api/auth/google`);
    assert.equal(new URL(res.headers.location).searchParams.get('hd'), 'example.com');
  });

  test('an account of the allowed domain signs in', async () => {
    const browser = new Browser({ ca: certs.ca });
    assert.equal((await browser.fetch(await authorize(browser, pair.server, { login: 'bob' }))).status, 302);
    assert.equal((await sessionOf(browser, pair.server)).status, 200);
  });

  for (const login of ['eve', 'carol']) {
    test(`${login} (${login === 'eve' ? 'another domain' : 'no domain'}) is refused`, async () => {
      const browser = new Browser({ ca: certs.ca });
      const res = await browser.fetch(await authorize(browser, pair.server, { login }));
      await assertRefused(browser, pair.server, res, { status: 401, code: 'invalid_id_token' });
    });
  }
});

describe('auth-google when the provider cannot be used', { timeout: 180000 }, () => {
  let certs;
  before(() => { certs = makeTestCertificates('google-down'); });
  after(() => certs?.cleanup());

  async function startWithIssuer(issuer, caFile) {
    return startServer({
      plugins: plugins({ issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, caFile, connectTimeoutMs: 1000, readTimeoutMs: 1500 }),
    });
  }

  async function expectStartFails(server, code) {
    const browser = new Browser();
    const started = Date.now();
    const res = await browser.fetch(`${server.baseUrl}/api/auth/google`, { headers: { accept: 'application/json' } });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 502, res.body);
    assert.equal(JSON.parse(res.body).error.code, code);
    assert.ok(elapsed < 4000, `took ${elapsed} ms`);
    assert.ok(!setCookies(res).some((c) => c.startsWith(`${PENDING_COOKIE}=`) && !/Max-Age=0/.test(c)));
    const html = await browser.fetch(`${server.baseUrl}/api/auth/google`);
    assert.equal(html.status, 502);
    assert.match(html.headers['content-type'], /^text\/html/);
  }

  /** Runs `body(server)` against a server using `issuer`; stops everything it started, whatever fails. */
  async function withServer(issuer, caFile, body, ...extraStops) {
    let server;
    try {
      server = await startWithIssuer(issuer, caFile);
      await body(server);
    } finally {
      if (server) { await server.stop(); server.cleanup(); }
      for (const stop of extraStops) await stop();
    }
  }

  test('unreachable (connection refused)', async () => {
    const port = await freePort();
    await withServer(`https://127.0.0.1:${port}`, certs.caFile, (server) => expectStartFails(server, 'provider_unreachable'));
  });

  test('slow (accepts, never answers)', async () => {
    const silent = await startSilentServer(certs);
    await withServer(silent.issuer, certs.caFile, (server) => expectStartFails(server, 'provider_unreachable'), () => silent.stop());
  });

  test('a certificate from an untrusted CA', async () => {
    const other = makeTestCertificates('google-other');
    let op;
    try {
      op = await startProvider({ certs, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: 'http://127.0.0.1:9/cb' });
      await withServer(op.issuer, other.caFile, (server) => expectStartFails(server, 'provider_unreachable'));
    } finally {
      await op?.stop();
      other.cleanup();
    }
  });

  test('a discovery document naming another issuer', async () => {
    const op = await startProvider({ certs, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: 'http://127.0.0.1:9/cb' });
    // localhost reaches the same provider, but the document names 127.0.0.1 as its issuer.
    await withServer(op.issuer.replace('127.0.0.1', 'localhost'), certs.caFile,
      (server) => expectStartFails(server, 'invalid_discovery'), () => op.stop());
  });
});
