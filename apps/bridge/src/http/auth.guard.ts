import { timingSafeEqual } from 'node:crypto';
import { adminConfig } from '@hoso/config';
import { type AdminRole, type Principal } from '@hoso/contracts';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { OidcVerifier } from './oidc';
import { Unauthenticated } from './problem.filter';

/** The parts of an HTTP request the admin API reads. */
export interface AdminRequest {
  method: string;
  originalUrl: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  principal?: Principal;
}

const REQUIRED_ROLE = 'hoso:required-role';
const RANK: Record<AdminRole, number> = { viewer: 1, operator: 2 };

/**
 * Bearer tokens: the static ones of ADMIN_TOKENS, or OpenID Connect access tokens when OIDC_ISSUER_URL is
 * set. A viewer reads, an operator also acts. A missing, unknown or invalid token is 401, a viewer's token
 * on an operator route 403; each refusal is logged with the route and the caller.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly oidc: OidcVerifier,
    @Inject(adminConfig.KEY) private readonly admin: ConfigType<typeof adminConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const required =
      this.reflector.getAllAndOverride<AdminRole | undefined>(REQUIRED_ROLE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'viewer';
    const route = `${request.method} ${request.originalUrl}`;
    const presented = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const principal = await this.principalOf(presented).catch((error: unknown) => {
      this.logger.warn(
        { route, ip: request.ip, required, reason: (error as Error).message },
        `refused: ${presented ? 'invalid' : 'no'} token`,
      );
      throw error;
    });
    if (RANK[principal.role] < RANK[required]) {
      this.logger.warn({ route, ip: request.ip, actor: principal.name, required }, 'refused: role too low');
      throw new ForbiddenException(
        `This needs the ${required} role; ${principal.name} is a ${principal.role}`,
      );
    }
    request.principal = principal;
    return true;
  }

  /** The static token's holder, else what an OpenID Connect token says (a JWT has three parts). */
  private async principalOf(presented: string | undefined): Promise<Principal> {
    if (!presented) throw new Unauthenticated('A bearer token is required');
    const holder = this.admin.tokens.find((t) => sameSecret(t.token, presented));
    if (holder) return { name: holder.name, role: holder.role, agencies: holder.agencies };
    if (this.oidc.enabled && presented.split('.').length === 3) return this.oidc.principalOf(presented);
    throw new Unauthenticated('The bearer token is not one the bridge knows', 'invalid_token');
  }
}

/** Compares in constant time, so response times do not leak how much of a token matched. */
function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Marks a route that acts: it needs an operator's token. */
export const OperatorOnly = () => SetMetadata(REQUIRED_ROLE, 'operator' satisfies AdminRole);
