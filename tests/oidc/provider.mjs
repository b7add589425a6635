// A real OpenID Connect provider for the hub's sign-in tests: `oidc-provider` (a certified
// implementation) with its development login and consent pages.
//
//   node provider.mjs <port> <redirect_uri> <keys.json>
//
// Signs with an RSA key and publishes it beside an EC (P-256) key. The keys come from
// <keys.json> when it exists; otherwise they are made and written there, private parts
// included (PKCS#8 PEM), together with a "foreign" key the provider never publishes, so the
// tests can sign tokens of their own: with the provider's keys (to vary claims) and with a key
// it does not know. Starting again with a new file is a key rotation.
//
// People: any login `name` is the person `name` with the address `name@example.vn`, verified,
// except logins starting with `unverified-`, whose address is not verified. The password is
// not checked (development interactions).
//
// Prints `ready <issuer>` on standard output once it listens.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, redirectUri, keysPath] = process.argv.slice(2);
if (!port || !redirectUri || !keysPath) {
  console.error('usage: node provider.mjs <port> <redirect_uri> <keys.json>');
  process.exit(2);
}

function makeKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  const kid = randomUUID();
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  return { kid, alg, jwk, pem };
}

function loadKeys() {
  if (existsSync(keysPath)) return JSON.parse(readFileSync(keysPath, 'utf8'));
  const keys = {
    rsa: makeKey('rsa', { modulusLength: 2048 }, 'RS256'),
    ec: makeKey('ec', { namedCurve: 'P-256' }, 'ES256'),
    foreign: makeKey('rsa', { modulusLength: 2048 }, 'RS256'),
  };
  writeFileSync(keysPath, JSON.stringify(keys, null, 2));
  return keys;
}

const keys = loadKeys();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'hub',
    client_secret: 'hub-test-client-secret',
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [keys.rsa.jwk, keys.ec.jwk] },
  async findAccount(ctx, id) {
    if (!/^[a-z0-9.-]{1,64}$/.test(id)) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.vn`, email_verified: !id.startsWith('unverified-'), name: id };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The hub reads who signed in from the ID token, not from the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
});
provider.on('server_error', (ctx, error) => console.error('provider error', error));

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
