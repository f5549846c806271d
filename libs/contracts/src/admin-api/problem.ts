import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../dead-letter';
import { NestedList } from '../rules/field-rules';
import { Doc, In, Omittable, Str, Whole } from './fields';

/**
 * Every kind of error the admin API answers, each with its status and a stable `type` (RFC 9457): a client
 * tells errors apart by `type`, never by the words of `detail`.
 */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'The token lacks the role this needs' },
  'not-found': { status: 404, title: 'No such thing' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'file-unclassified': { status: 422, title: 'The file still needs classification' },
  'package-refused': { status: 422, title: 'The file cannot be packaged for the archive' },
  'edxml-refused': { status: 422, title: 'The edXML message cannot be taken' },
  'receipt-refused': { status: 422, title: "The archive's answer cannot be taken" },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body is not of a type this takes' },
  'insufficient-storage': { status: 507, title: 'Not enough room on the temporary disk' },
  'dependency-unavailable': { status: 503, title: 'A service the bridge depends on is unavailable' },
  internal: { status: 500, title: 'The bridge failed' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** The `type` of a kind of problem: a URN, stable across versions and deployments. */
export const problemType = (kind: ProblemKind): string => `urn:hoso-bridge:problem:${kind}`;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One member of the request that is wrong, and why (never its value, which may be personal data). */
export class InvalidParam {
  @Str() @Doc('the query parameter, path parameter or body member, e.g. `from`') name!: string;
  @Str() @Doc('what is wrong with it') reason!: string;
}

/** What kind of thing kept a binary out of a package, for a reader to act on. */
export const BINARY_PROBLEM_KINDS = [
  'no-uri',
  'not-allowed',
  'unreachable',
  'timeout',
  'http-error',
  'too-large',
  'size-mismatch',
  'hash-mismatch',
] as const;
export type BinaryProblemKind = (typeof BINARY_PROBLEM_KINDS)[number];

/** A binary of the file that cannot be packaged, and why. */
export class BinaryProblem {
  @Str() docCode!: string;
  @Str() fileName!: string;
  @Omittable() @Str() uri!: string | null;
  @In('kind', BINARY_PROBLEM_KINDS) kind!: BinaryProblemKind;
  @Str() @Doc('what went wrong, in words') reason!: string;
}

/** An error answer, as application/problem+json (RFC 9457). */
export class Problem {
  @Str() @Doc('what kind of error it is: one of the `urn:hoso-bridge:problem:*` types') type!: string;
  @Str() title!: string;
  @Whole('the HTTP status') status!: number;
  @Str() @Doc('what went wrong this time, for a person') detail!: string;
  @Str() @Doc('the path of the request') instance!: string;
  @Omittable()
  @NestedList(() => InvalidParam, 100)
  @Doc('invalid-request: each member that is wrong')
  invalidParams?: InvalidParam[];
  @Omittable()
  @NestedList(() => BinaryProblem, 10_000)
  @Doc('package-refused: each binary that cannot be fetched or does not match')
  binaries?: BinaryProblem[];
  @Omittable()
  @In('reason', DEAD_LETTER_REASONS)
  @Doc(
    'edxml-refused, receipt-refused: the dead-letter reason the message gets (it is dead-lettered with its bytes)',
  )
  reason?: DeadLetterReason;
}
