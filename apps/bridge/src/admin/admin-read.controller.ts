import { OperationsRecords, type Overview } from '@hoso/persistence';
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  Req,
  StreamableFile,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminApi, type AdminRequest } from './admin-auth';
import {
  AlertListQuery,
  DeadLetterListQuery,
  DossierListQuery,
  EFileListQuery,
  ListQuery,
  StatisticsExportQuery,
  StatisticsQuery,
  SuggestionListQuery,
} from './admin.dto';
import { agencyTableCsv, agencyTableXlsx, daysIn, matching, periodOf, totalOf } from './statistics';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const adminValidation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
});

/** What a viewer may read: dossiers, documents, e-files, pending items, suggestions, alerts, dead letters. */
@ApiTags('admin: read')
@AdminApi()
@UsePipes(adminValidation)
@Controller('admin')
export class AdminReadController {
  constructor(private readonly records: OperationsRecords) {}

  @Get('whoami')
  @ApiOperation({ summary: "The caller as its token says: name and role (the dashboard's sign-in)" })
  whoami(@Req() req: AdminRequest) {
    return req.principal;
  }

  @Get('dossiers')
  @ApiOperation({ summary: 'Dossiers in code order, by agency and status' })
  dossiers(@Query() q: DossierListQuery) {
    return this.records.dossiers(q);
  }

  @Get('dossiers/:code')
  @ApiOperation({
    summary: 'A dossier with its file members, e-file revisions, alerts, suggestions and events',
  })
  async dossier(@Param('code') code: string) {
    return found(await this.records.dossier(code), `No dossier ${code}`);
  }

  @Get('documents/:id')
  @ApiOperation({ summary: 'A document, the dossiers whose files hold it, and its events' })
  async document(@Param('id') id: string) {
    return found(await this.records.document(id), `No document ${id}`);
  }

  @Get('efiles/:fileCode')
  @ApiOperation({
    summary: 'Every revision of an e-file, as emitted; a code it had before it was reclassified finds it too',
  })
  async efile(@Param('fileCode') fileCode: string) {
    const revisions = await this.records.revisions(fileCode);
    if (revisions.length === 0) throw new NotFoundException(`No e-file ${fileCode}`);
    return { fileCode: revisions.at(-1)!.fileCode, revisions };
  }

  @Get('pending')
  @ApiOperation({ summary: 'Documents that joined no file, and ended dossiers not filed yet' })
  async pending(@Query() q: ListQuery) {
    return { counts: await this.records.pendingCounts(), ...(await this.records.pending(q)) };
  }

  @Get('suggestions')
  @ApiOperation({ summary: 'Rule-4 suggestions (applicant named in a document), pending by default' })
  suggestions(@Query() q: SuggestionListQuery) {
    return this.records.suggestions(q);
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts raised, newest first' })
  alerts(@Query() q: AlertListQuery) {
    return this.records.alerts(q);
  }

  @Get('dlq')
  @ApiOperation({ summary: 'Dead letters, newest first, without their bytes' })
  deadLetters(@Query() q: DeadLetterListQuery) {
    return this.records.deadLetters(q);
  }

  @Get('dlq/:id')
  @ApiOperation({ summary: 'One dead letter, with its key, value (as text when it is UTF-8) and headers' })
  async deadLetter(@Param('id') id: string) {
    const letter = found(
      /^\d{1,20}$/.test(id) ? await this.records.deadLetter(id) : null,
      `No dead letter ${id}`,
    );
    const { kafkaKey, kafkaValue, kafkaHeaders, ...rest } = letter;
    return {
      ...rest,
      key: kafkaKey?.toString('utf8') ?? null,
      value: kafkaValue ? asText(kafkaValue) : null,
      headers: JSON.parse(kafkaHeaders) as unknown,
    };
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Per agency over a period: dossiers received and resolved, e-files, e-file rate, on time, officials and documents in e-files, alerts',
  })
  async stats(@Query() q: StatisticsQuery) {
    const period = checkedPeriod(q);
    const agencies = await this.records.statistics(period, q.agency);
    return { period, total: totalOf(agencies), agencies };
  }

  @Get('overview')
  @ApiOperation({
    summary:
      "Over a period: the totals, each agency's figures, the trend per day, and what is pending or dead-lettered now",
  })
  async overview(@Query() q: StatisticsQuery): Promise<Overview> {
    const period = checkedPeriod(q);
    const agencies = await this.records.statistics(period, q.agency);
    return {
      period,
      total: totalOf(agencies),
      agencies,
      pending: await this.records.pendingCounts(),
      deadLetters: await this.records.deadLetterCount(),
      daily: await this.records.daily(period, q.agency),
    };
  }

  @Get('stats/export')
  @ApiOperation({ summary: 'The agency table of a period as CSV or XLSX, optionally only matching agencies' })
  @ApiProduces('text/csv', XLSX)
  async exportStats(@Query() q: StatisticsExportQuery) {
    const period = checkedPeriod(q);
    const agencies = matching(await this.records.statistics(period, q.agency), q.q);
    const csv = q.format === 'csv';
    return new StreamableFile(
      csv ? Buffer.from(agencyTableCsv(agencies, q.lang)) : await agencyTableXlsx(agencies, q.lang, period),
      {
        type: csv ? 'text/csv; charset=utf-8' : XLSX,
        disposition: `attachment; filename="thong-ke-${period.from}-${period.to}.${q.format}"`,
      },
    );
  }

  @Get('efiles')
  @ApiOperation({ summary: "An agency's e-files, newest first, each at its latest revision" })
  async efiles(@Query() q: EFileListQuery) {
    const files = await this.records.recentEFiles(q.agency, q.limit);
    return files.map(({ body, ...file }) => {
      const data = JSON.parse(body) as { title?: string; docTotal?: number };
      return { ...file, title: data.title ?? null, docTotal: data.docTotal ?? null };
    });
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail of operator actions, newest first' })
  audit(@Query() q: ListQuery) {
    return this.records.auditTrail(q);
  }
}

const MAX_PERIOD_DAYS = 366;

function checkedPeriod(q: StatisticsQuery) {
  const period = periodOf(q);
  const days = daysIn(period);
  if (days < 1) throw new BadRequestException('from must not come after to');
  if (days > MAX_PERIOD_DAYS) throw new BadRequestException(`a period is at most ${MAX_PERIOD_DAYS} days`);
  return period;
}

function found<T>(value: T | null, message: string): T {
  if (value === null) throw new NotFoundException(message);
  return value;
}

/** UTF-8 text when the bytes are valid UTF-8, else base64 (marked so). */
function asText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `base64:${bytes.toString('base64')}`;
  }
}
