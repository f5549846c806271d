import { type AuditRecord, OperationsRecords } from '@hoso/persistence';
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

/** Writes every operator action to the audit table: who, what, when, with what, and how it ended. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly records: OperationsRecords,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string>(ACTION, context.getHandler());
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const record = (outcome: 'ok' | 'error', result: unknown) => {
      const entry = auditEntry(request, action, outcome, result);
      this.logger.log({ ...entry, result: undefined }, `${entry.actor}: ${action} ${outcome}`);
      return this.records.audit(entry);
    };
    return next.handle().pipe(
      mergeMap((result: unknown) => from(record('ok', result).then(() => result))),
      catchError((error: unknown) =>
        from(record('error', error instanceof Error ? error.message : String(error))).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}

/** The audit entry of an action a request asked for: who, what, on what, with what, and how it ended. */
export function auditEntry(
  request: AdminRequest,
  action: string,
  outcome: 'ok' | 'error',
  result: unknown,
): Omit<AuditRecord, 'id'> {
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

/** An operator's action, recorded in the audit table under this name. */
export const Audited = (action: string) =>
  applyDecorators(OperatorOnly(), SetMetadata(ACTION, action), UseInterceptors(AuditInterceptor));
