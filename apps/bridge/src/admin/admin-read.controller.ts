import {
  agencyScope,
  AlertListQuery,
  Alert,
  AuditEntry,
  DEAD_LETTER_ID,
  DeadLetterDetail,
  DeadLetterListQuery,
  DeadLetterSummary,
  DocumentDetail,
  DocumentSummary,
  DossierDetail,
  DossierListQuery,
  DossierSummary,
  EFileListQuery,
  EFileRevisions,
  EFileSummary,
  ListQuery,
  MAX_PERIOD_DAYS,
  Overview,
  type Page,
  Pending,
  type PendingDocument,
  PendingDossier,
  Principal,
  Statistics,
  StatisticsExportQuery,
  StatisticsQuery,
  Suggestion,
  SuggestionListQuery,
} from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  AdminApi,
  Answers,
  AnswersFile,
  AuditedRead,
  Caller,
  Fails,
  invalidRequest,
  agenciesAsked,
  ownAgency,
  provinceOnly,
  QueryFrom,
  visibleTo,
} from '../http';
import { agencyTableCsv, agencyTableXlsx, daysIn, matching, periodOf, totalOf, XLSX } from './statistics';

/** What a viewer may read: dossiers, documents, e-files, pending items, suggestions, alerts, dead letters. */
@AdminApi('admin: read')
@Controller('admin')
export class AdminReadController {
  constructor(private readonly records: OperationsRecords) {}

  @Get('whoami')
  @ApiOperation({ summary: "The caller as its token says: name and role (the dashboard's sign-in)" })
  @Answers(200, Principal, 'the caller')
  whoami(@Caller() caller: Principal): Principal {
    return caller;
  }

  @Get('dossiers')
  @ApiOperation({ summary: 'Dossiers in code order, by agency and status' })
  @QueryFrom(DossierListQuery)
  @Answers(200, { page: DossierSummary }, 'a page of dossiers')
  dossiers(@Query() q: DossierListQuery, @Caller() caller: Principal): Promise<Page<DossierSummary>> {
    return this.records.dossiers({ ...q, within: agencyScope(caller) });
  }

  @Get('dossiers/:code')
  @AuditedRead('dossier.read')
  @ApiOperation({
    summary: 'A dossier with its file members, e-file revisions, alerts, suggestions and events',
  })
  @Answers(200, DossierDetail, 'the dossier')
  @Fails(404, 'no such dossier')
  async dossier(@Param('code') code: string, @Caller() caller: Principal): Promise<DossierDetail> {
    const detail = await this.records.dossier(code);
    return visibleTo(caller, detail?.dossier.agencyCode, detail, `No dossier ${code}`);
  }

  @Get('documents/:id')
  @AuditedRead('document.read')
  @ApiOperation({ summary: 'A document, the dossiers whose files hold it, and its events' })
  @Answers(200, DocumentDetail, 'the document')
  @Fails(404, 'no such document')
  async document(@Param('id') id: string, @Caller() caller: Principal): Promise<DocumentDetail> {
    const detail = await this.records.document(id);
    return visibleTo(caller, detail?.document.agencyCode, detail, `No document ${id}`);
  }

  @Get('efiles/:fileCode')
  @AuditedRead('efile.read')
  @ApiOperation({
    summary: 'Every revision of an e-file, as emitted; a code it had before it was reclassified finds it too',
  })
  @Answers(200, EFileRevisions, 'the revisions, oldest first')
  @Fails(404, 'no such e-file')
  async efile(@Param('fileCode') fileCode: string, @Caller() caller: Principal): Promise<EFileRevisions> {
    const revisions = await this.records.revisions(fileCode);
    const last = revisions.at(-1);
    const file = last ? { fileCode: last.fileCode, revisions } : null;
    return visibleTo(caller, last?.efile.organId, file, `No e-file ${fileCode}`);
  }

  @Get('efiles')
  @ApiOperation({ summary: "An agency's e-files, newest first, each at its latest revision" })
  @QueryFrom(EFileListQuery)
  @Answers(200, { page: EFileSummary }, 'a page of e-files')
  efiles(@Query() q: EFileListQuery, @Caller() caller: Principal): Promise<Page<EFileSummary>> {
    return this.records.recentEFiles({ ...q, agency: ownAgency(caller, q.agency) });
  }

  @Get('pending')
  @ApiOperation({
    summary:
      'What waits: documents that joined no file and ended dossiers not filed yet, counted, with the first page of each',
  })
  @QueryFrom(ListQuery)
  @Answers(200, Pending, 'the counts and the first pages')
  async pending(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Pending> {
    const within = agencyScope(caller);
    const first = { limit: q.limit, within };
    return {
      counts: await this.records.pendingCounts(within),
      documents: await this.records.pendingDocuments(first),
      dossiers: await this.records.pendingDossiers(first),
    };
  }

  @Get('pending/documents')
  @ApiOperation({ summary: 'Documents that joined no file, in id order' })
  @QueryFrom(ListQuery)
  @Answers(200, { page: DocumentSummary }, 'a page of documents')
  pendingDocuments(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Page<PendingDocument>> {
    return this.records.pendingDocuments({ ...q, within: agencyScope(caller) });
  }

  @Get('pending/dossiers')
  @ApiOperation({ summary: 'Ended dossiers not filed yet, those waiting longest first' })
  @QueryFrom(ListQuery)
  @Answers(200, { page: PendingDossier }, 'a page of dossiers')
  pendingDossiers(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Page<PendingDossier>> {
    return this.records.pendingDossiers({ ...q, within: agencyScope(caller) });
  }

  @Get('suggestions')
  @ApiOperation({
    summary: 'Rule-4 suggestions (applicant named in a document), newest first, pending by default',
  })
  @QueryFrom(SuggestionListQuery)
  @Answers(200, { page: Suggestion }, 'a page of suggestions')
  suggestions(@Query() q: SuggestionListQuery, @Caller() caller: Principal): Promise<Page<Suggestion>> {
    return this.records.suggestions({ ...q, within: agencyScope(caller) });
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts raised, newest first' })
  @QueryFrom(AlertListQuery)
  @Answers(200, { page: Alert }, 'a page of alerts')
  alerts(@Query() q: AlertListQuery, @Caller() caller: Principal): Promise<Page<Alert>> {
    return this.records.alerts({ ...q, within: agencyScope(caller) });
  }

  @Get('dlq')
  @ApiOperation({ summary: 'Dead letters, newest first, without their bytes' })
  @QueryFrom(DeadLetterListQuery)
  @Answers(200, { page: DeadLetterSummary }, 'a page of dead letters')
  deadLetters(
    @Query() q: DeadLetterListQuery,
    @Caller() caller: Principal,
  ): Promise<Page<DeadLetterSummary>> {
    return this.records.deadLetters({ ...q, within: agencyScope(caller) });
  }

  @Get('dlq/:id')
  @AuditedRead('dlq.read')
  @ApiOperation({ summary: 'One dead letter, with its key, value (as text when it is UTF-8) and headers' })
  @Answers(200, DeadLetterDetail, 'the dead letter')
  @Fails(404, 'no such dead letter')
  async deadLetter(@Param('id') id: string, @Caller() caller: Principal): Promise<DeadLetterDetail> {
    const letter = DEAD_LETTER_ID.test(id) ? await this.records.deadLetterDetail(id) : null;
    return visibleTo(caller, letter?.agencyCode, letter, `No dead letter ${id}`);
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Per agency over a period: dossiers received and resolved, e-files, e-file rate, on time, officials and documents in e-files, alerts',
  })
  @QueryFrom(StatisticsQuery)
  @Answers(200, Statistics, 'the figures of the period')
  async stats(@Query() q: StatisticsQuery, @Caller() caller: Principal): Promise<Statistics> {
    const period = checkedPeriod(q);
    const agencies = await this.records.statistics(period, agenciesAsked(q, caller));
    return { period, total: totalOf(agencies), agencies };
  }

  @Get('overview')
  @ApiOperation({
    summary:
      "Over a period: the totals, each agency's figures, the trend per day, and what is pending or dead-lettered now",
  })
  @QueryFrom(StatisticsQuery)
  @Answers(200, Overview, 'the figures of the period and what waits now')
  async overview(@Query() q: StatisticsQuery, @Caller() caller: Principal): Promise<Overview> {
    const period = checkedPeriod(q);
    const asked = agenciesAsked(q, caller);
    const agencies = await this.records.statistics(period, asked);
    return {
      period,
      total: totalOf(agencies),
      agencies,
      pending: await this.records.pendingCounts(asked),
      deadLetters: await this.records.deadLetterCount(asked),
      daily: await this.records.daily(period, asked),
    };
  }

  @Get('stats/export')
  @ApiOperation({ summary: 'The agency table of a period as CSV or XLSX, optionally only matching agencies' })
  @QueryFrom(StatisticsExportQuery)
  @AnswersFile(['text/csv', XLSX], 'the table, as an attachment')
  async exportStats(@Query() q: StatisticsExportQuery, @Caller() caller: Principal): Promise<StreamableFile> {
    const period = checkedPeriod(q);
    const agencies = matching(await this.records.statistics(period, agenciesAsked(q, caller)), q.q);
    const csv = q.format === 'csv';
    return new StreamableFile(
      csv ? Buffer.from(agencyTableCsv(agencies, q.lang)) : await agencyTableXlsx(agencies, q.lang, period),
      {
        type: csv ? 'text/csv; charset=utf-8' : XLSX,
        disposition: `attachment; filename="thong-ke-${period.from}-${period.to}.${q.format}"`,
      },
    );
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail of operator actions, newest first' })
  @QueryFrom(ListQuery)
  @Answers(200, { page: AuditEntry }, 'a page of the audit trail')
  audit(@Query() q: ListQuery, @Caller() caller: Principal): Promise<Page<AuditEntry>> {
    provinceOnly(caller, 'The audit trail');
    return this.records.auditTrail(q);
  }
}

/** The period asked for, at most MAX_PERIOD_DAYS long and not running backwards. */
function checkedPeriod(q: StatisticsQuery) {
  const period = periodOf(q);
  const days = daysIn(period);
  if (days < 1) throw invalidRequest('from', 'from must not come after to');
  if (days > MAX_PERIOD_DAYS) throw invalidRequest('from', `a period is at most ${MAX_PERIOD_DAYS} days`);
  return period;
}
