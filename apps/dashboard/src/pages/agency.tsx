import { get } from '../api';
import { Failure, Figure, Updated } from '../components/parts';
import { formatInstant, formatNumber, formatRate, t } from '../i18n';
import { href } from '../route';
import { type EFileSummary, type Page, type Statistics } from '../types';
import { useApi } from '../use-api';
import { usePeriod } from './overview';

/** One agency: its figures over the period and its most recent e-files. */
export function AgencyPage({ code }: { code: string }) {
  const period = usePeriod();
  const stats = useApi(
    () => get<Statistics>('stats', { ...period, agency: code }),
    [code, period.from, period.to],
  );
  const files = useApi(() => get<Page<EFileSummary>>('efiles', { agency: code, limit: 50 }), [code]);
  const agency = stats.data?.agencies[0];

  return (
    <main>
      <p>
        <a href={href('')}>← {t('back')}</a>
      </p>
      <h2 data-testid="agency-name">{agency?.agencyName ?? code}</h2>
      <p class="muted">
        {t('agencyCode')}: {code} · {stats.data?.period.from} – {stats.data?.period.to}{' '}
        <Updated at={files.at} />
      </p>
      <Failure error={stats.error ?? files.error} />
      {agency && (
        <section class="figures">
          <Figure id="received" label={t('received')} value={formatNumber(agency.received)} />
          <Figure id="resolved" label={t('resolved')} value={formatNumber(agency.resolved)} />
          <Figure id="efiles" label={t('efiles')} value={formatNumber(agency.efiles)} />
          <Figure id="efileRate" label={t('efileRate')} value={formatRate(agency.efileRate)} strong />
          <Figure id="officials" label={t('officials')} value={formatNumber(agency.officials)} />
          <Figure
            id="overdue"
            label={t('overdue')}
            value={formatNumber(agency.overdue)}
            warn={agency.overdue > 0}
          />
        </section>
      )}
      <section>
        <h2>{t('recentEfiles')}</h2>
        {files.data?.items.length === 0 && <p class="muted">{t('noEfiles')}</p>}
        {files.data && files.data.items.length > 0 && (
          <div class="table-scroll">
            <table data-testid="efile-list">
              <thead>
                <tr>
                  <th>{t('fileCode')}</th>
                  <th>{t('fileTitle')}</th>
                  <th>{t('revision')}</th>
                  <th>{t('documents')}</th>
                  <th>{t('createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {files.data.items.map((f) => (
                  <tr key={f.fileCode}>
                    <td>
                      <a href={href('efile', f.fileCode)}>{f.fileCode}</a>
                    </td>
                    <td>{f.title}</td>
                    <td class="number">{f.revision}</td>
                    <td class="number">{f.docTotal}</td>
                    <td>{formatInstant(f.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
