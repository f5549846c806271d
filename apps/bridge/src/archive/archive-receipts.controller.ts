import {
  ListQuery,
  type Principal,
  ReceiptTaken,
  seesAgency,
  TransferAttempt,
  agencyScope,
  type Page,
} from '@hoso/contracts';
import { receiptEffect } from '@hoso/domain';
import { attemptOf, Transactions } from '@hoso/persistence';
import { Controller, ForbiddenException, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import { AdminApi, Answers, Caller, Fails, OperatorOnly, ProblemException, QueryFrom } from '../http';
import { ArchiveReceipts } from './archive-receipts';

const STRUCTURED = 'application/cloudevents+json; charset=UTF-8';
/** An answer is small: a package id, a file code and some reasons. */
const MAX_RECEIPT_BYTES = 1 << 20;

/**
 * An archive without Kafka answers packages here (docs/events.md section 9): it lists the packages that
 * wait for an answer, and posts each answer as a CloudEvent, which is checked at once and written to the
 * receipts topic as it came, so both ways in end the same.
 */
@AdminApi('archive')
@Controller('archive')
export class ArchiveReceiptsController {
  constructor(
    private readonly receipts: ArchiveReceipts,
    private readonly transactions: Transactions,
  ) {}

  @Get('packages')
  @ApiOperation({ summary: 'Packages sent to the archive that wait for its answer, oldest first' })
  @QueryFrom(ListQuery)
  @Answers(200, { page: TransferAttempt }, 'a page of the packages without an answer')
  unanswered(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Page<TransferAttempt>> {
    return this.transactions.run((uow) => uow.transfers.unanswered({ ...q, within: agencyScope(caller) }));
  }

  @Post('receipts')
  @HttpCode(202)
  @OperatorOnly()
  @ApiOperation({
    summary:
      "Take the archive's answer to a package: a vn.hoso.archive.receipt.v1 CloudEvent (structured mode)",
  })
  @ApiConsumes('application/cloudevents+json', 'application/json')
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      description:
        'A CloudEvent of type vn.hoso.archive.receipt.v1 whose data is an ArchiveReceipt (docs/asyncapi.json, channel archiveReceipts)',
    },
  })
  @Answers(202, ReceiptTaken, 'written to the receipts topic; recorded as the first answer, or a duplicate')
  @Fails(403, "the package is of an agency the caller's token does not cover")
  @Fails(413, 'the body is over 1 MiB; it is not written')
  @Fails(
    422,
    'malformed, for an unknown package, or contradicting the first answer (`reason`): written and dead-lettered',
  )
  async answer(
    @Req() request: AsyncIterable<Buffer> & { body?: unknown },
    @Caller() caller: Principal,
  ): Promise<ReceiptTaken> {
    const value = await bodyOf(request);
    const headers = { 'content-type': STRUCTURED };
    const read = this.receipts.read({ value, headers });
    const attempt = read.ok
      ? await this.transactions.run((uow) => uow.transfers.attempt(read.receipt.packageId))
      : null;
    if (attempt && !seesAgency(caller, attempt.agencyCode ?? ''))
      throw new ForbiddenException(`The package is of ${attempt.agencyCode}; ${caller.name} does not see it`);
    const written = await this.receipts.write(
      value,
      headers,
      read.ok ? read.receipt.packageId : read.packageId,
    );
    const where = `It was written to ${written.topic} (partition ${written.partition}, offset ${written.offset}) and is dead-lettered with its bytes`;
    if (!read.ok)
      throw new ProblemException('receipt-refused', `${read.message}. ${where}`, { reason: read.reason });
    const effect = receiptEffect(attempt ? attemptOf(attempt) : undefined, read.receipt);
    if (effect.kind === 'unknown_package')
      throw new ProblemException(
        'receipt-refused',
        `no package ${read.receipt.packageId} was sent to the archive by this bridge. ${where}`,
        { reason: 'UNKNOWN_PACKAGE' },
      );
    if (effect.kind === 'mismatch' || effect.kind === 'conflict')
      throw new ProblemException('receipt-refused', `${effect.detail}. ${where}`, {
        reason: 'RECEIPT_CONFLICT',
      });
    return {
      packageId: read.receipt.packageId,
      effect: effect.kind === 'duplicate' ? 'duplicate' : 'recorded',
      ...written,
    };
  }
}

/** The body as bytes: parsed JSON written out again, or the raw structured event, up to 1 MiB. */
async function bodyOf(request: AsyncIterable<Buffer> & { body?: unknown }): Promise<Buffer> {
  if (request.body !== undefined && typeof request.body === 'object' && !Buffer.isBuffer(request.body))
    return Buffer.from(JSON.stringify(request.body));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_RECEIPT_BYTES)
      throw new ProblemException(
        'payload-too-large',
        `an answer may have at most ${MAX_RECEIPT_BYTES} bytes`,
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
