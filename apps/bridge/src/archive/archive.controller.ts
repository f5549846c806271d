import { PassThrough } from 'node:stream';
import type { EFileAssembled } from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
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
  UnprocessableEntityException,
  UsePipes,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminApi, type AdminRequest } from '../admin/admin-auth';
import { SipQuery, TransferQuery } from '../admin/admin.dto';
import { adminValidation } from '../admin/admin-read.controller';
import { ArchiveMetrics, type PackageOutcome } from './archive.metrics';
import { type PreparedSip, SipExport } from './sip-export';

/** Transfer to the agency's current archive: submission packages (SIP) and the files of a year. */
@ApiTags('admin: archive')
@AdminApi()
@UsePipes(adminValidation)
@Controller('admin')
export class ArchiveController {
  private readonly logger = new Logger(ArchiveController.name);

  constructor(
    private readonly records: OperationsRecords,
    private readonly sips: SipExport,
    private readonly metrics: ArchiveMetrics,
  ) {}

  private audit(
    request: AdminRequest,
    fileCode: string,
    q: SipQuery,
    outcome: 'ok' | 'error',
    result: unknown,
  ) {
    return this.records.audit({
      at: new Date(),
      actor: request.principal?.name ?? 'unknown',
      role: request.principal?.role ?? 'unknown',
      action: 'efile.export-sip',
      target: fileCode,
      parameters: JSON.stringify({ query: q }),
      outcome,
      result: (typeof result === 'string' ? result : JSON.stringify(result)).slice(0, 2000),
    });
  }

  @Get('efiles/:fileCode/sip')
  @ApiOperation({
    summary:
      'An e-file revision as a Circular 05/2025 submission package (ZIP); 422 lists the binaries that cannot be fetched or do not match',
  })
  @ApiProduces('application/zip')
  async sip(
    @Param('fileCode') fileCode: string,
    @Query() q: SipQuery,
    @Req() request: AdminRequest,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const started = performance.now();
    let prepared: PreparedSip;
    try {
      prepared = await this.sips.prepare(fileCode, q);
    } catch (error) {
      this.metrics.packages.inc({ outcome: outcomeOf(error) });
      await this.audit(request, fileCode, q, 'error', (error as Error).message);
      throw error;
    }
    const { sip, zipName, referenced } = prepared;
    response.setHeader('x-package-objid', sip.objid);
    response.setHeader('x-efile-revision', String(sip.revision));
    response.setHeader('x-binaries-referenced', String(referenced));
    // What the package counts (the slip included), for the transfer's inventory.
    response.setHeader('x-package-documents', String(sip.totals.documents));
    response.setHeader('x-package-pages', String(sip.totals.pages));
    const body = new PassThrough();
    const handedOver = { objid: sip.objid, revision: sip.revision, zipName, referenced };
    // Which package went to the archive, and who asked for it, once the last byte is sent: a hand-over.
    prepared
      .write(body)
      .then(
        async () => {
          this.metrics.packages.inc({ outcome: 'ok' });
          this.metrics.binaryBytes.inc(prepared.binaryBytes);
          this.metrics.seconds.observe((performance.now() - started) / 1000);
          if (!q.metadataOnly) await this.records.markTransferred(prepared.dossierCode, new Date());
          await this.audit(request, fileCode, q, 'ok', handedOver);
        },
        async (error: Error) => {
          this.metrics.packages.inc({ outcome: 'failed' });
          this.logger.error(`The package of ${fileCode} broke off: ${error.message}`);
          body.destroy(error);
          await this.audit(request, fileCode, q, 'error', `broke off: ${error.message}`);
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

  @Get('transfers')
  @ApiOperation({
    summary:
      'The e-files an agency formed in a year, at their latest revision: what a transfer to the archive holds',
  })
  async transfer(@Query() q: TransferQuery) {
    const files = await this.records.efilesOfYear(q.agency, q.year);
    return files.map(({ fileCode, revision, body }) => {
      const efile = JSON.parse(body) as EFileAssembled;
      return {
        fileCode,
        revision,
        title: efile.title,
        startDate: efile.startDate,
        endDate: efile.endDate,
        maintenance: efile.maintenance,
        docTotal: efile.docTotal,
        pageTotal: efile.pageTotal,
      };
    });
  }
}

function outcomeOf(error: unknown): PackageOutcome {
  if (error instanceof UnprocessableEntityException) return 'refused';
  if (error instanceof NotFoundException) return 'not_found';
  return 'failed';
}
