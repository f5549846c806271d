import { agencyScope, type Principal, seesAgency, seesEveryAgency } from '@hoso/contracts';
import {
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { type AdminRequest } from './auth.guard';

/** The principal the bearer token names (the guard has checked it). */
export const Caller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AdminRequest>().principal!,
);

/**
 * What belongs to an agency the caller does not see is as good as not there (404, the same answer as for
 * nothing at all), so that one agency cannot learn what another has.
 */
export function visibleTo<T>(
  caller: Principal,
  agencyCode: string | null | undefined,
  found: T | null,
  missing: string,
): T {
  if (found === null || !seesAgency(caller, agencyCode)) throw new NotFoundException(missing);
  return found;
}

/** What is the whole province's (its rebuilds and jobs, its audit trail): an agency's principal is refused. */
export function provinceOnly(caller: Principal, what: string): void {
  if (!seesEveryAgency(caller))
    throw new ForbiddenException(
      `${what} is for the province's principals; ${caller.name} sees ${caller.agencies.join(', ')}`,
    );
}

/** An agency asked for by name: the caller's own, or none at all (404). */
export function ownAgency(caller: Principal, agency: string): string {
  return visibleTo(caller, agency, agency, `No agency ${agency}`);
}

/** The agencies figures are asked of: the one named (if the caller sees it), else all the caller sees. */
export function agenciesAsked(q: { agency?: string }, caller: Principal): readonly string[] | null {
  return q.agency ? [ownAgency(caller, q.agency)] : agencyScope(caller);
}
