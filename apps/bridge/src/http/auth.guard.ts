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
  UnauthorizedException,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';

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

/** A refused token: the answer's WWW-Authenticate header says why (RFC 6750 section 3). */
export class Unauthenticated extends UnauthorizedException {
  constructor(
    message: string,
    /** invalid_token when a token was presented; none when it was missing. */
    readonly bearerError?: 'invalid_token',
  ) {
    super(message);
  }
}

/**
 * Bearer tokens from ADMIN_TOKENS: a viewer reads, an operator also acts. A missing or unknown token is
 * 401, a viewer's token on an operator route 403; each refusal is logged with the route and the caller.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    @Inject(adminConfig.KEY) private readonly admin: ConfigType<typeof adminConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const required =
      this.reflector.getAllAndOverride<AdminRole | undefined>(REQUIRED_ROLE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'viewer';
    const route = `${request.method} ${request.originalUrl}`;
    const presented = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const holder = presented ? this.admin.tokens.find((t) => sameSecret(t.token, presented)) : undefined;
    if (!holder) {
      this.logger.warn({ route, ip: request.ip, required }, `refused: ${presented ? 'unknown' : 'no'} token`);
      throw presented
        ? new Unauthenticated('The bearer token is not one the bridge knows', 'invalid_token')
        : new Unauthenticated('A bearer token is required');
    }
    if (RANK[holder.role] < RANK[required]) {
      this.logger.warn({ route, ip: request.ip, actor: holder.name, required }, 'refused: role too low');
      throw new ForbiddenException(`This needs the ${required} role; ${holder.name} is a ${holder.role}`);
    }
    request.principal = { name: holder.name, role: holder.role, agencies: holder.agencies };
    return true;
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
