import * as oauth from 'oauth4webapi';
import { replaceAddress } from './route';
import { type OidcSignIn } from './types';

/** What a sign-in in progress keeps across the trip to the provider: the PKCE verifier, the state, the view. */
interface Pending {
  verifier: string;
  state: string;
  hash: string;
}

const PENDING = 'hoso.sso';

/** The dashboard's own address, without query or view: the redirect URI registered with the provider. */
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Plain HTTP only to a provider on this machine (a test or a demo); anywhere else it must be HTTPS. */
const options = (issuer: URL) => ({
  [oauth.allowInsecureRequests]: ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname),
});

async function discover(oidc: OidcSignIn): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(oidc.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options(issuer)));
}

/** Sends the browser to the provider's sign-in page (authorization code with PKCE, RFC 7636). */
export async function startSignIn(oidc: OidcSignIn): Promise<void> {
  const server = await discover(oidc);
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    hash: location.hash,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(server.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: oidc.scopes,
    // RFC 8707: a token for the admin API, whose audience the bridge checks.
    resource: oidc.audience,
    state: pending.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url);
}

/** Whether the provider has just sent the browser back here, with a code or an error. */
export const returnedFromProvider = (): boolean => {
  const query = new URLSearchParams(location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
};

/**
 * Ends the sign-in the provider sent the browser back from: checks the state, trades the code for the
 * access token and returns it. The address loses the code whatever happens, so a reload does not replay it.
 */
export async function finishSignIn(oidc: OidcSignIn): Promise<string> {
  const answer = new URL(location.href);
  const stored = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = stored ? (JSON.parse(stored) as Pending) : null;
  replaceAddress(redirectUri() + (pending?.hash ?? ''));
  if (!pending) throw new Error('no sign-in was started in this tab');
  const server = await discover(oidc);
  const client: oauth.Client = { client_id: oidc.clientId };
  const issuer = new URL(oidc.issuer);
  const parameters = oauth.validateAuthResponse(server, client, answer, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    parameters,
    redirectUri(),
    pending.verifier,
    { ...options(issuer), additionalParameters: { resource: oidc.audience } },
  );
  return (await oauth.processAuthorizationCodeResponse(server, client, response)).access_token;
}

/** Why a sign-in failed, in the provider's words where it gave them (access_denied: …). */
export function whySignInFailed(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) {
    return [error.error, error.error_description].filter(Boolean).join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}
