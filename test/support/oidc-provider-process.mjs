// A real OpenID provider for the tests: the OpenID-certified oidc-provider, run as its own process (it is an
// ES module, and a restart is how its signing key rotates). Its settings come as JSON in argv[2]:
//   { port, resources: [uri], clients: [{ id, secret?, redirectUri?, roles, agencies, ttlS? }],
//     accounts: { <login>: { roles, agencies } } }
// Clients with a secret get tokens by client credentials; one with a redirect URI is a public client signing
// a person in (authorization code with PKCE, through the provider's own login and consent pages).
// Every start signs with a new RSA key; it prints "listening <issuer> <kid>" when ready.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const settings = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${settings.port}`;
const kid = randomUUID();
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const byClient = new Map(settings.clients.map((c) => [c.id, c]));

const provider = new Provider(issuer, {
  clients: settings.clients.map((c) =>
    c.redirectUri
      ? {
          client_id: c.id,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [c.redirectUri],
        }
      : {
          client_id: c.id,
          client_secret: c.secret,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        },
  ),
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] },
  pkce: { required: () => true },
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // A public client asks for the bridge's resource in its authorization request; its token carries it.
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? settings.resources[0],
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => {
        if (!settings.resources.includes(resource)) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'openid profile admin',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: byClient.get(client.clientId)?.ttlS ?? 600,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // The roles and agencies a token carries: the client's own (machine clients) or the signed-in account's.
  extraTokenClaims: (_ctx, token) => {
    const holder = token.accountId ? settings.accounts[token.accountId] : byClient.get(token.clientId);
    return holder ? { roles: holder.roles, agencies: holder.agencies } : undefined;
  },
  findAccount: (_ctx, id) =>
    settings.accounts[id] ? { accountId: id, claims: () => ({ sub: id }) } : undefined,
});

provider.listen(settings.port, '127.0.0.1', () => console.log(`listening ${issuer} ${kid}`));
