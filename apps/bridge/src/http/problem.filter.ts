import { PROBLEM_CONTENT_TYPE, PROBLEMS, type Problem, type ProblemKind, problemType } from '@hoso/contracts';
import { isBrokerUnreachable } from '@hoso/messaging';
import { InvalidCursorError, isDatabaseUnreachable } from '@hoso/persistence';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';

/** An error of the admin API, of one of the kinds its contract names, with what its kind adds. */
export class ProblemException extends HttpException {
  constructor(
    readonly kind: ProblemKind,
    detail: string,
    readonly extensions: Partial<Pick<Problem, 'invalidParams' | 'binaries' | 'reason'>> = {},
  ) {
    super(detail, PROBLEMS[kind].status);
  }
}

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

/** The kind of an error Nest or a library raised, from its status. */
const KIND_OF_STATUS: Record<number, ProblemKind> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  422: 'package-refused',
  503: 'dependency-unavailable',
  507: 'insufficient-storage',
};

interface Reply {
  status(code: number): Reply;
  setHeader(name: string, value: string): void;
  send(body: string): void;
  headersSent: boolean;
}

/**
 * Every error of the admin API as application/problem+json (RFC 9457), with a stable `type` per kind; a
 * 401 says in WWW-Authenticate how to authenticate; a database or broker that cannot be reached is 503.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ originalUrl: string; method: string }>();
    const reply = http.getResponse<Reply>();
    const { kind, detail, extensions } = this.describe(error, request);
    const status = PROBLEMS[kind].status;
    const problem: Problem = {
      type: problemType(kind),
      title: PROBLEMS[kind].title,
      status,
      detail,
      instance: request.originalUrl.split('?')[0]!,
      ...extensions,
    };
    // A streamed answer (a package) that broke off cannot become an error answer any more.
    if (reply.headersSent) return;
    reply.status(status);
    reply.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    if (error instanceof Unauthenticated)
      reply.setHeader(
        'www-authenticate',
        `Bearer realm="hoso-bridge"${error.bearerError ? `, error="${error.bearerError}"` : ''}`,
      );
    if (kind === 'dependency-unavailable') reply.setHeader('retry-after', '30');
    reply.send(JSON.stringify(problem));
  }

  private describe(
    error: unknown,
    request: { originalUrl: string; method: string },
  ): { kind: ProblemKind; detail: string; extensions: object } {
    if (error instanceof ProblemException)
      return { kind: error.kind, detail: error.message, extensions: error.extensions };
    if (error instanceof HttpException) {
      const kind =
        KIND_OF_STATUS[error.getStatus()] ?? (error.getStatus() >= 500 ? 'internal' : 'invalid-request');
      return { kind, detail: messageOf(error), extensions: {} };
    }
    if (error instanceof InvalidCursorError)
      return {
        kind: 'invalid-request',
        detail: error.message,
        extensions: { invalidParams: [{ name: 'after', reason: error.message }] },
      };
    if (isDatabaseUnreachable(error))
      return {
        kind: 'dependency-unavailable',
        detail: 'the database cannot be reached; try again later',
        extensions: {},
      };
    if (isBrokerUnreachable(error))
      return {
        kind: 'dependency-unavailable',
        detail: 'the Kafka brokers cannot be reached; try again later',
        extensions: {},
      };
    this.logger.error({ err: error, route: `${request.method} ${request.originalUrl}` }, 'unexpected error');
    return { kind: 'internal', detail: 'the bridge failed; its log says why', extensions: {} };
  }
}

/** The words of an HttpException, whether Nest was given a string or an object with a message. */
function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}
