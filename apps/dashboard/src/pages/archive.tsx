import { get } from '../api';
import { AgencySection, type Column } from '../components/agency-table';
import { Failure, Figure, Updated } from '../components/parts';
import { formatInstant, formatNumber, formatRate, label, t } from '../i18n';
import { href, navigate, route } from '../route';
import {
  type ArchiveAgencyStatistics,
  type ArchiveCounts,
  type ArchiveFile,
  type ArchiveFileHistory,
  type ArchiveStatistics,
  type ExpiredFile,
  type Page,
} from '../types';
import { useApi } from '../use-api';

const COLUMNS: Array<Column<ArchiveAgencyStatistics>> = [
  { key: 'files', label: 'archiveFiles' },
  { key: 'notYetDue', label: 'notYetDue' },
  { key: 'due', label: 'due' },
  { key: 'sent', label: 'sent' },
  { key: 'accepted', label: 'accepted' },
  { key: 'rejected', label: 'rejected' },
  { key: 'overdue', label: 'transferOverdue' },
  { key: 'defaultClassified', label: 'defaultClassified' },
  { key: 'defaultClassifiedRate', label: 'defaultClassifiedRate', rate: true },
  { key: 'permanent', label: 'permanent' },
  { key: 'fixedTerm', label: 'fixedTerm' },
  { key: 'digitizationRate', label: 'digitizationRate', rate: true },
  { key: 'missingFields', label: 'missingFields' },
];

/** The headline figures: the table's columns, summed for the province. */
const WARN: ReadonlyArray<keyof ArchiveCounts> = ['overdue', 'rejected'];

const FILTERS = {
  all: () => true,
  withTransferOverdue: (a: ArchiveAgencyStatistics) => a.overdue > 0,
  withRejected: (a: ArchiveAgencyStatistics) => a.rejected > 0,
  withDue: (a: ArchiveAgencyStatistics) => a.due > 0,
};

/** The year in the address, or this year in Vietnam. */
function useYear(): string {
  return route.value.params.get('year') ?? new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4);
}

/** "Nộp lưu": per agency, where a year's files stand with the archive (GET /admin/stats/archive). */
export function ArchivePage() {
  const year = useYear();
  const stats = useApi(() => get<ArchiveStatistics>('stats/archive', { year }), [year]);
  const expired = useApi(() => get<Page<ExpiredFile>>('archive/destruction'), []);
  const total = stats.data?.total;
  return (
    <main>
      <section class="toolbar">
        <label>
          {t('year')}
          <input
            type="number"
            name="year"
            min="2000"
            max="2100"
            value={year}
            onChange={(e) => navigate(href('archive', '', { year: e.currentTarget.value }))}
          />
        </label>
        <Updated at={stats.at} />
      </section>
      <p class="muted">{t('archiveLaw')}</p>
      <Failure error={stats.error ?? expired.error} />
      {total && (
        <section class="figures" data-testid="archive-figures">
          {COLUMNS.map(({ key, label: heading, rate }) => {
            const value = total[key as keyof ArchiveCounts] as number | null;
            return (
              <Figure
                key={key}
                id={key}
                label={t(heading)}
                value={rate ? formatRate(value) : formatNumber(value ?? 0)}
                warn={WARN.includes(key as keyof ArchiveCounts) && (value ?? 0) > 0}
              />
            );
          })}
        </section>
      )}
      {total && total.reasons.length > 0 && (
        <section>
          <h2>{t('archiveReasons')}</h2>
          <table data-testid="archive-reasons">
            <tbody>
              {total.reasons.map((r) => (
                <tr key={r.code}>
                  <td>{r.code}</td>
                  <td>{r.text}</td>
                  <td class="number">{formatNumber(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {stats.data && (
        <AgencySection
          rows={stats.data.agencies}
          columns={COLUMNS}
          filters={FILTERS}
          exportPath="stats/archive/export"
          exportParams={{ year }}
          link={(code) => href('archive-agency', code, { year })}
          testId="archive-table"
        />
      )}
      {expired.data && (
        <section data-testid="archive-expired">
          <h2>
            {t('expiredFiles')}: {formatNumber(expired.data.items.length)}
          </h2>
          <p class="muted">{t('expiredHint')}</p>
          {expired.data.items.length > 0 && (
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>{t('fileCode')}</th>
                    <th>{t('fileTitle')}</th>
                    <th>{t('expiresOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {expired.data.items.map((f) => (
                    <tr key={f.fileCode}>
                      <td>{f.fileCode}</td>
                      <td>{f.title}</td>
                      <td>{f.expiresOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </main>
  );
}

/** One agency's files of the year, each with its transfer state and deadline. */
export function ArchiveAgencyPage({ code }: { code: string }) {
  const year = useYear();
  const files = useApi(
    () => get<Page<ArchiveFile>>('archive/files', { year, agency: code, limit: 500 }),
    [code, year],
  );
  return (
    <main>
      <p>
        <a href={href('archive', '', { year })}>← {t('back')}</a>
      </p>
      <h2>
        {t('archive')} {year}: {code}
      </h2>
      <Failure error={files.error} />
      {files.data && (
        <div class="table-scroll">
          <table data-testid="archive-files">
            <thead>
              <tr>
                <th>{t('fileCode')}</th>
                <th>{t('fileTitle')}</th>
                <th>{t('transferState')}</th>
                <th>{t('dueBy')}</th>
                <th>{t('attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {files.data.items.map((f) => (
                <tr key={f.fileCode}>
                  <td>
                    <a href={href('archive-file', f.dossierCode, { year })}>{f.fileCode}</a>
                  </td>
                  <td>{f.title}</td>
                  <td data-state={f.state}>{label(`transfer_${f.state}`)}</td>
                  <td>{f.dueBy}</td>
                  <td class="number">{f.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

/** A file's packages sent to the archive, and each answer. */
export function ArchiveFilePage({ code }: { code: string }) {
  const year = useYear();
  const file = useApi(() => get<ArchiveFileHistory>(`archive/files/${encodeURIComponent(code)}`), [code]);
  const f = file.data;
  return (
    <main>
      <p>
        <a href={href('archive-agency', f?.agencyCode ?? '', { year })}>← {t('back')}</a>
      </p>
      <Failure error={file.error} />
      {f && (
        <>
          <h2>{f.fileCode}</h2>
          <p class="muted" data-testid="archive-file-state">
            {label(`transfer_${f.state}`)} · {t('dueBy')} {f.dueBy}
            {f.historicalDueBy && ` · ${t('historicalDueBy')} ${f.historicalDueBy}`}
          </p>
          <div class="table-scroll">
            <table data-testid="archive-attempts">
              <thead>
                <tr>
                  <th>{t('package')}</th>
                  <th>{t('revision')}</th>
                  <th>{t('sentAt')}</th>
                  <th>{t('transferState')}</th>
                  <th>{t('reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {f.history.map((a) => (
                  <tr key={a.packageId}>
                    <td>{a.packageId}</td>
                    <td class="number">
                      {a.fileCode} r{a.revision}
                    </td>
                    <td>{formatInstant(a.sentAt)}</td>
                    <td>{label(`transfer_${a.outcome ?? 'sent'}`)}</td>
                    <td>{a.reasons.map((r) => `${r.code}: ${r.text}`).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
