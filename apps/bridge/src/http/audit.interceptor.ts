import { type AuditInput, Transactions } from '@hoso/persistence';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { type AdminRequest, OperatorOnly } from './auth.guard';

const ACTION = 'hoso:audit-action';
const READ = 'hoso:audit-read';

/** The audit trail: a hash chain the bridge appends to, one transaction per entry (libs/persistence). */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('Audit');

  constructor(private readonly transactions: Transactions) {}

  async record(entry: AuditInput): Promise<void> {
    this.logger.log({ ...entry, result: undefined }, `${entry.actor}: ${entry.action} ${entry.outcome}`);
    await this.transactions.run((uow) => uow.audit.append(entry));
  }
}

/**
 * Writes every operator action, and every read of personal data, to the audit trail: who, what, when,
 * with what, and how it ended. A read's answer is never copied there, only that it was given.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string>(ACTION, context.getHandler());
    const read = this.reflector.get<boolean>(READ, context.getHandler()) ?? false;
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const record = (outcome: 'ok' | 'error', result: unknown) =>
      this.trail.record(auditEntry(request, action, outcome, result));
    return next.handle().pipe(
      mergeMap((result: unknown) => from(record('ok', read ? 'read' : result).then(() => result))),
      catchError((error: unknown) =>
        from(record('error', error instanceof Error ? error.message : String(error))).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}

/** The audit entry of what a request asked for: who, what, on what, with what, and how it ended. */
export function auditEntry(
  request: AdminRequest,
  action: string,
  outcome: 'ok' | 'error',
  result: unknown,
): AuditInput {
  return {
    at: new Date(),
    actor: request.principal?.name ?? 'unknown',
    role: request.principal?.role ?? 'unknown',
    action,
    target: Object.values(request.params ?? {}).join('/') || null,
    parameters: JSON.stringify({ query: request.query ?? {}, body: request.body ?? null }),
    outcome,
    result: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  };
}

/** An operator's action, recorded in the audit trail under this name. */
export const Audited = (action: string) =>
  applyDecorators(OperatorOnly(), SetMetadata(ACTION, action), UseInterceptors(AuditInterceptor));

/** A read that shows personal data (an applicant, a raw dead letter): who read what is recorded too. */
export const AuditedRead = (action: string) =>
  applyDecorators(SetMetadata(ACTION, action), SetMetadata(READ, true), UseInterceptors(AuditInterceptor));
