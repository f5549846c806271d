import {
  ARCHIVE_COLUMNS,
  ArchiveFile,
  ArchiveFileHistory,
  ArchiveFilesQuery,
  ArchiveStatistics,
  ArchiveStatisticsExportQuery,
  ArchiveStatisticsQuery,
  DestructionQuery,
  ExpiredFile,
  type Page,
  type Principal,
} from '@hoso/contracts';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { matching, tableCsv, tableXlsx, XLSX } from '../admin/statistics';
import {
  AdminApi,
  agenciesAsked,
  Answers,
  AnswersFile,
  Caller,
  Fails,
  ownAgency,
  QueryFrom,
  visibleTo,
} from '../http';
import { ArchiveView } from './archive-view';

/** The province's view of archive compliance (docs/archive-export.md, "After the hand-over"): the "Nộp lưu" page. */
@AdminApi('admin: archive')
@Controller('admin')
export class ArchiveStatsController {
  constructor(private readonly view: ArchiveView) {}

  @Get('stats/archive')
  @ApiOperation({
    summary:
      "Per agency, a year's files and where they stand with the archive: due, sent, accepted, rejected, overdue; default classification, permanent and fixed-term, digitized, missing fields; the archive's reasons",
  })
  @QueryFrom(ArchiveStatisticsQuery)
  @Answers(200, ArchiveStatistics, 'the figures of the year, computed now')
  @Fails(404, 'the agency is not one the caller sees')
  stats(@Query() q: ArchiveStatisticsQuery, @Caller() caller: Principal): Promise<ArchiveStatistics> {
    return this.view.statistics(q.year, agenciesAsked(q, caller));
  }

  @Get('stats/archive/export')
  @ApiOperation({ summary: 'The archive table of a year as CSV or XLSX, optionally only matching agencies' })
  @QueryFrom(ArchiveStatisticsExportQuery)
  @AnswersFile(['text/csv', XLSX], 'the table, as an attachment')
  async export(
    @Query() q: ArchiveStatisticsExportQuery,
    @Caller() caller: Principal,
  ): Promise<StreamableFile> {
    const { agencies } = await this.view.statistics(q.year, agenciesAsked(q, caller));
    const rows = matching(agencies, q.q);
    const csv = q.format === 'csv';
    return new StreamableFile(
      csv
        ? Buffer.from(tableCsv(ARCHIVE_COLUMNS, rows, q.lang))
        : await tableXlsx(ARCHIVE_COLUMNS, rows, q.lang, `Nộp lưu ${q.year}`, [
            'defaultClassifiedRate',
            'digitizationRate',
          ]),
      {
        type: csv ? 'text/csv; charset=utf-8' : XLSX,
        disposition: `attachment; filename="nop-luu-${q.year}.${q.format}"`,
      },
    );
  }

  @Get('archive/files')
  @ApiOperation({
    summary: "An agency's files of a year, each with its transfer state and deadlines, in code order",
  })
  @QueryFrom(ArchiveFilesQuery)
  @Answers(200, { page: ArchiveFile }, 'a page of files')
  @Fails(404, 'the agency is not one the caller sees')
  files(@Query() q: ArchiveFilesQuery, @Caller() caller: Principal): Promise<Page<ArchiveFile>> {
    return this.view.files({ ...q, agency: ownAgency(caller, q.agency) });
  }

  @Get('archive/files/:code')
  @ApiOperation({
    summary: 'A file (by dossier code or file code) and every package of it sent to the archive',
  })
  @Answers(200, ArchiveFileHistory, 'the file, its state, and its attempts oldest first')
  @Fails(404, 'no such file, or not of an agency the caller sees')
  async history(@Param('code') code: string, @Caller() caller: Principal): Promise<ArchiveFileHistory> {
    const found = await this.view.history(code);
    return visibleTo(caller, found?.agencyCode, found, `No e-file ${code}`);
  }

  @Get('archive/destruction')
  @ApiOperation({
    summary:
      "Fixed-term files whose retention has run out: a list for the agency's appraisal council, which decides; the bridge deletes nothing",
  })
  @QueryFrom(DestructionQuery)
  @Answers(200, { page: ExpiredFile }, 'every such file (one page)')
  async destruction(@Query() q: DestructionQuery, @Caller() caller: Principal): Promise<Page<ExpiredFile>> {
    return { items: await this.view.destructionSchedule(agenciesAsked(q, caller)), next: null };
  }
}
