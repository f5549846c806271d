import { formatVnDateTime } from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
import { Controller, Get, NotFoundException, Param, Query, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi } from './admin-auth';
import {
  AlertListQuery,
  DeadLetterListQuery,
  DossierListQuery,
  ListQuery,
  StatisticsQuery,
  SuggestionListQuery,
} from './admin.dto';

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
  @ApiOperation({ summary: 'Every revision of an e-file, as emitted' })
  async efile(@Param('fileCode') fileCode: string) {
    const revisions = await this.records.revisions(fileCode);
    if (revisions.length === 0) throw new NotFoundException(`No e-file ${fileCode}`);
    return { fileCode, revisions };
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
    const today = formatVnDateTime(Date.now()).slice(0, 10);
    const to = q.to ?? today;
    const from =
      q.from ?? formatVnDateTime(Date.parse(`${to}T00:00:00+07:00`) - 29 * 86_400_000).slice(0, 10);
    const agencies = await this.records.statistics({ from, to }, q.agency);
    const total = agencies.reduce(
      (sum, a) => ({
        received: sum.received + a.received,
        resolved: sum.resolved + a.resolved,
        efiles: sum.efiles + a.efiles,
      }),
      { received: 0, resolved: 0, efiles: 0 },
    );
    return {
      period: { from, to },
      total: { ...total, efileRate: total.resolved > 0 ? total.efiles / total.resolved : null },
      agencies,
    };
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail of operator actions, newest first' })
  audit(@Query() q: ListQuery) {
    return this.records.auditTrail(q);
  }
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
