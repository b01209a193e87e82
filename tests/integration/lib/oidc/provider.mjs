// Runs a real OpenID Provider (the npm package oidc-provider) over HTTPS on
// 127.0.0.1 with a test CA, for the auth-google integration tests.
//
// Tests can misbehave the provider on purpose through `provider.hooks`:
//   hooks.idToken(claims, header) -> { claims, header, sign } rewrites the ID
//     token the token endpoint returns, re-signed with the provider's key unless
//     `sign` says otherwise: 'none', { hmac: secret } (HS256), { key } (another
//     RSA key) or 'original' (keep the provider's signature on the new payload)
//   hooks.tokenEndpoint(ctx) -> true answers the token request itself
//   hooks.jwks(keys) -> keys to publish instead
//   hooks.delayMs(ctx) -> milliseconds to stall before answering
import crypto from 'node:crypto';
import https from 'node:https';
import Provider from 'oidc-provider';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

export function makeSigningKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

export function publicJwk({ jwk }) {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

/** Encodes and signs a JWT: sign = { key } (RS256), { hmac } (HS256) or 'none'. */
export function signJwt(header, claims, sign) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (sign === 'none') return `${input}.`;
  if (sign.hmac !== undefined) {
    return `${input}.${b64url(crypto.createHmac('sha256', sign.hmac).update(input).digest())}`;
  }
  const signature = crypto.createSign('RSA-SHA256').update(input).sign(sign.key.privateKey);
  return `${input}.${b64url(signature)}`;
}

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), claims: JSON.parse(Buffer.from(p, 'base64url')) };
}

/**
 * Starts the provider. `accounts` maps a login name to claims overrides
 * (email, email_verified, hd, name); any other login gets defaults.
 */
export async function startProvider({ certs, port = 0, clientId, clientSecret, redirectUri,
  tokenEndpointAuthMethod = 'client_secret_basic', idTokenAlg = 'RS256', accounts = {} }) {
  const signingKey = makeSigningKey('key-1');
  const hooks = {};
  const server = https.createServer({ cert: certs.cert, key: certs.key });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const issuer = `https://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: tokenEndpointAuthMethod,
      id_token_signed_response_alg: idTokenAlg,
    }],
    jwks: { keys: [signingKey.jwk] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub', 'hd'], email: ['email', 'email_verified'], profile: ['name', 'picture'] },
    // Like Google: the ID token itself carries email and profile claims.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true, methods: ['S256'] },
    async findAccount(ctx, sub) {
      const overrides = accounts[sub] || {};
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: `${sub}@example.com`,
            email_verified: true,
            name: `Test ${sub}`,
            picture: `https://pictures.example/${sub}.png`,
            ...overrides,
          };
        },
      };
    },
  });
  provider.on('server_error', (ctx, err) => { if (process.env.OIDC_DEBUG) console.error('oidc-provider', err); });

  provider.use(async (ctx, next) => {
    if (hooks.delayMs) {
      const ms = hooks.delayMs(ctx);
      if (ms) await new Promise((r) => setTimeout(r, ms));
    }
    if (ctx.path === '/token' && hooks.tokenEndpoint && await hooks.tokenEndpoint(ctx)) return;
    await next();
    if (ctx.path === '/jwks' && hooks.jwks && ctx.status === 200) {
      ctx.body = { keys: hooks.jwks(ctx.body.keys) };
    }
    if (ctx.path === '/token' && hooks.idToken && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      const { header, claims } = decodeJwt(ctx.body.id_token);
      const changed = hooks.idToken(claims, header) || {};
      const sign = changed.sign || { key: signingKey };
      let token;
      if (sign === 'original') {
        const [h, , signature] = ctx.body.id_token.split('.');
        token = `${h}.${b64url(JSON.stringify(changed.claims || claims))}.${signature}`;
      } else {
        token = signJwt(changed.header || header, changed.claims || claims, sign);
      }
      ctx.body = { ...ctx.body, id_token: token };
    }
  });

  const callback = provider.callback();
  server.on('request', callback);
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  return {
    issuer, provider, hooks, signingKey,
    port: server.address().port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A TLS server that accepts connections and never answers: the "slow provider".
 */
export async function startSilentServer(certs) {
  const sockets = new Set();
  const server = https.createServer({ cert: certs.cert, key: certs.key }, () => { /* never respond */ });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: `https://127.0.0.1:${server.address().port}`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
