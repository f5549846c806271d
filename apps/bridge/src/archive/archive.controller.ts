import { PassThrough } from 'node:stream';
import type { EFileAssembled } from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
import { Controller, Get, Logger, Param, Query, Res, StreamableFile, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminApi } from '../admin/admin-auth';
import { SipQuery, TransferQuery } from '../admin/admin.dto';
import { adminValidation } from '../admin/admin-read.controller';
import { SipExport } from './sip-export';

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
  ) {}

  @Get('efiles/:fileCode/sip')
  @ApiOperation({
    summary:
      'An e-file revision as a Circular 05/2025 submission package (ZIP); 422 lists the binaries that cannot be fetched or do not match',
  })
  @ApiProduces('application/zip')
  async sip(
    @Param('fileCode') fileCode: string,
    @Query() q: SipQuery,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const prepared = await this.sips.prepare(fileCode, q);
    response.setHeader('x-package-objid', prepared.sip.objid);
    response.setHeader('x-efile-revision', String(prepared.sip.revision));
    response.setHeader('x-binaries-referenced', String(prepared.referenced));
    const body = new PassThrough();
    prepared
      .write(body)
      .catch((error: Error) => {
        this.logger.error(`The package of ${fileCode} broke off: ${error.message}`);
        body.destroy(error);
      })
      .finally(() => void prepared.dispose());
    return new StreamableFile(body, {
      type: 'application/zip',
      disposition: `attachment; filename="${prepared.zipName}"`,
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
