import { PassThrough } from 'node:stream';
import {
  type Page,
  type Principal,
  SIP_HEADERS,
  SipQuery,
  TransferFile,
  TransferQuery,
} from '@hoso/contracts';
import { codeHeldSince } from '@hoso/domain';
import { OperationsRecords, Transactions } from '@hoso/persistence';
import {
  Controller,
  Get,
  Logger,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  AdminApi,
  type AdminRequest,
  Answers,
  AnswersFile,
  auditEntry,
  AuditTrail,
  Caller,
  ownAgency,
  Fails,
  ProblemException,
  QueryFrom,
} from '../http';
import { ArchiveMetrics, type PackageOutcome } from './archive.metrics';
import { type PreparedSip, SipExport } from './sip-export';

/** Transfer to the agency's current archive: submission packages (SIP) and the files of a year. */
@AdminApi('admin: archive')
@Controller('admin')
export class ArchiveController {
  private readonly logger = new Logger(ArchiveController.name);

  constructor(
    private readonly records: OperationsRecords,
    private readonly sips: SipExport,
    private readonly metrics: ArchiveMetrics,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
  ) {}

  /** The export is audited as it ends, once its last byte is sent: it is a hand-over to the archive. */
  private audit(request: AdminRequest, outcome: 'ok' | 'error', result: unknown) {
    return this.trail.record(auditEntry(request, 'efile.export-sip', outcome, result));
  }

  @Get('efiles/:fileCode/sip')
  @ApiOperation({
    summary:
      'An e-file revision as a Circular 05/2025 submission package (ZIP); 422 lists the binaries that cannot be fetched or do not match',
  })
  @QueryFrom(SipQuery)
  @AnswersFile(['application/zip'], 'the package, as an attachment')
  @Fails(404, 'no such e-file or revision')
  @Fails(422, 'the file needs classification, or `binaries` lists what cannot be packaged')
  @Fails(507, 'the binaries would not fit on the temporary disk')
  async sip(
    @Param('fileCode') fileCode: string,
    @Query() q: SipQuery,
    @Req() request: AdminRequest,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const started = performance.now();
    let prepared: PreparedSip;
    try {
      prepared = await this.sips.prepare(fileCode, q, request.principal!);
    } catch (error) {
      this.metrics.packages.inc({ outcome: outcomeOf(error) });
      await this.audit(request, 'error', (error as Error).message);
      throw error;
    }
    const { sip, zipName, referenced } = prepared;
    response.setHeader(SIP_HEADERS.objid, sip.objid);
    response.setHeader(SIP_HEADERS.revision, String(sip.revision));
    response.setHeader(SIP_HEADERS.referenced, String(referenced));
    // What the package counts (the slip included), for the transfer's inventory.
    response.setHeader(SIP_HEADERS.documents, String(sip.totals.documents));
    response.setHeader(SIP_HEADERS.pages, String(sip.totals.pages));
    const body = new PassThrough();
    const handedOver = { objid: sip.objid, revision: sip.revision, zipName, referenced };
    // A whole package is an attempt the archive answers (docs/events.md section 9), recorded before its
    // first byte so that no answer can outrun it; withdrawn if the download breaks off.
    const attempt = q.metadataOnly
      ? null
      : {
          packageId: sip.objid,
          dossierCode: prepared.dossierCode,
          fileCode: sip.fileCode,
          revision: sip.revision,
          agencyCode: prepared.agencyCode,
          sentAt: new Date(),
          sentBy: request.principal!.name,
        };
    if (attempt)
      await this.transactions
        .run((uow) => uow.transfers.sent(attempt))
        .catch(async (error: Error) => {
          await prepared.dispose();
          throw error;
        });
    // Which package went to the archive, and who asked for it, once the last byte is sent: a hand-over.
    prepared
      .write(body)
      .then(
        async () => {
          this.metrics.packages.inc({ outcome: 'ok' });
          this.metrics.binaryBytes.inc(prepared.binaryBytes);
          this.metrics.seconds.observe((performance.now() - started) / 1000);
          await this.audit(request, 'ok', handedOver);
        },
        async (error: Error) => {
          this.metrics.packages.inc({ outcome: 'failed' });
          this.logger.error(`The package of ${fileCode} broke off: ${error.message}`);
          body.destroy(error);
          if (attempt) await this.withdraw(attempt);
          await this.audit(request, 'error', `broke off: ${error.message}`);
        },
      )
      .catch((error: Error) =>
        this.logger.error(`The export of ${fileCode} was not audited: ${error.message}`),
      )
      .finally(() => void prepared.dispose());
    return new StreamableFile(body, {
      type: 'application/zip',
      disposition: `attachment; filename="${zipName}"`,
    });
  }

  /** A package that broke off is no attempt: the file keeps its code only for the packages left. */
  private withdraw(attempt: { packageId: string; dossierCode: string }): Promise<void> {
    return this.transactions.run(async (uow) => {
      await uow.transfers.withdraw(attempt.packageId);
      await uow.transfers.holdCode(
        attempt.dossierCode,
        codeHeldSince(await uow.transfers.attemptsOfFile(attempt.dossierCode)),
      );
    });
  }

  @Get('transfers')
  @ApiOperation({
    summary:
      'The e-files an agency formed in a year, at their latest revision, in code order: what a transfer to the archive holds',
  })
  @QueryFrom(TransferQuery)
  @Answers(200, { page: TransferFile }, 'a page of e-files')
  @Fails(404, 'the agency is not one the caller sees')
  transfer(@Query() q: TransferQuery, @Caller() caller: Principal): Promise<Page<TransferFile>> {
    return this.records.transferFiles({ ...q, agency: ownAgency(caller, q.agency) });
  }
}

function outcomeOf(error: unknown): PackageOutcome {
  if (error instanceof ProblemException && error.getStatus() === 422) return 'refused';
  if (error instanceof NotFoundException) return 'not_found';
  return 'failed';
}
