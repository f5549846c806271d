import { adminConfig, type OidcConfig } from '@hoso/config';
import { ADMIN_ROLES, AGENCY_CODE, EVERY_AGENCY, type Principal } from '@hoso/contracts';
import { ForbiddenException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Unauthenticated } from './problem.filter';

/** The algorithms an identity provider signs with; `none` and the symmetric ones are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A claim by name or dotted path (Keycloak keeps roles at realm_access.roles). */
function claim(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], payload);
}

/** A claim's values: a list, or one text of values separated by spaces or commas. */
function values(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/**
 * Who a verified token says the caller is: its name, the highest role it holds (operator over viewer) and
 * the agencies it may see (`*` for the province; none named, none seen). A token with neither role is 403.
 */
export function principalOfClaims(
  payload: JWTPayload,
  oidc: Pick<OidcConfig, 'rolesClaim' | 'agenciesClaim'>,
): Principal {
  const name = [payload.preferred_username, payload.email, payload.sub].find(
    (v) => typeof v === 'string',
  ) as string;
  const roles = values(claim(payload, oidc.rolesClaim));
  const role = [...ADMIN_ROLES].reverse().find((r) => roles.includes(r));
  if (!role)
    throw new ForbiddenException(
      `The token of ${name} holds neither role (${ADMIN_ROLES.join(', ')}) in ${oidc.rolesClaim}`,
    );
  const agencies = values(claim(payload, oidc.agenciesClaim)).filter(
    (a) => a === EVERY_AGENCY || AGENCY_CODE.test(a),
  );
  return { name, role, agencies };
}

/**
 * Checks OpenID Connect access tokens: signed by a key the issuer publishes (fetched from its discovery
 * document, and again when a token names a key not seen yet, so keys rotate without a restart), for the
 * configured audience, within their expiry and not-before times give or take the clock tolerance.
 */
@Injectable()
export class OidcVerifier {
  private readonly oidc: OidcConfig | null;
  private keys?: Promise<{ jose: typeof import('jose'); keys: JWTVerifyGetKey; issuer: string }>;

  constructor(@Inject(adminConfig.KEY) admin: ConfigType<typeof adminConfig>) {
    this.oidc = admin.oidc;
  }

  get enabled(): boolean {
    return this.oidc !== null;
  }

  /** The principal of a valid token; 401 (with the reason) for any other, 503 when the issuer is away. */
  async principalOf(token: string): Promise<Principal> {
    const oidc = this.oidc!;
    const { jose, keys, issuer } = await this.discovered();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keys, {
        issuer,
        audience: oidc.audience,
        clockTolerance: oidc.clockToleranceS,
        algorithms: ALGORITHMS,
      }));
    } catch (error) {
      if (error instanceof jose.errors.JWKSTimeout || error instanceof TypeError)
        throw new ServiceUnavailableException('the identity provider cannot be reached; try again later');
      throw new Unauthenticated(`The bearer token is not valid: ${describe(error)}`, 'invalid_token');
    }
    return principalOfClaims(payload, oidc);
  }

  /** The issuer's key set, found once through its discovery document (again after a failure). */
  private discovered() {
    const oidc = this.oidc!;
    this.keys ??= (async () => {
      // jose is an ES module: loaded when the first token comes, not with the bridge.
      const jose = await import('jose');
      const response = await fetch(`${oidc.issuerUrl}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`its discovery document answered ${response.status}`);
      const { issuer, jwks_uri } = (await response.json()) as { issuer: string; jwks_uri: string };
      const keys = jose.createRemoteJWKSet(new URL(jwks_uri), { cooldownDuration: oidc.jwksCooldownMs });
      return { jose, keys, issuer };
    })();
    return this.keys.catch((error: unknown) => {
      this.keys = undefined;
      throw new ServiceUnavailableException(`the identity provider cannot be reached: ${describe(error)}`);
    });
  }
}

/** What jose says is wrong with a token (the expiry, the audience, the signature…), without the token. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
