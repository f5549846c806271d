import { get } from '../api';
import { AgencySection, type Column } from '../components/agency-table';
import { Failure, Figure, Updated } from '../components/parts';
import { TrendChart } from '../components/trend-chart';
import { formatNumber, formatRate, language, t } from '../i18n';
import { href, navigate, route } from '../route';
import { type AgencyStatistics, type Overview } from '../types';
import { useApi } from '../use-api';

const COLUMNS: Array<Column<AgencyStatistics>> = [
  { key: 'received', label: 'received' },
  { key: 'resolved', label: 'resolved' },
  { key: 'efiles', label: 'efiles' },
  { key: 'efileRate', label: 'efileRate', rate: true },
  { key: 'onTime', label: 'onTime' },
  { key: 'officials', label: 'officials' },
  { key: 'outgoingDocuments', label: 'outgoing' },
  { key: 'incomingDocuments', label: 'incoming' },
  { key: 'overdue', label: 'overdue' },
  { key: 'unmatched', label: 'unmatched' },
  { key: 'needsClassification', label: 'needsClassification' },
];

const FILTERS = {
  all: () => true,
  withOverdue: (a: AgencyStatistics) => a.overdue > 0,
  withUnmatched: (a: AgencyStatistics) => a.unmatched > 0,
  belowHalf: (a: AgencyStatistics) => a.efileRate !== null && a.efileRate < 0.5,
};

/** The period in the address, or the server's default (the last 30 days). */
export function usePeriod() {
  const params = route.value.params;
  return { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
}

export function OverviewPage() {
  const period = usePeriod();
  const overview = useApi(() => get<Overview>('overview', period), [period.from, period.to]);
  const shown = overview.data?.period ?? period;
  const total = overview.data?.total;

  return (
    <main>
      <section class="toolbar">
        {(['from', 'to'] as const).map((end) => (
          <label key={end}>
            {t(end)}
            <input
              type="date"
              name={end}
              value={shown[end]}
              onChange={(e) => navigate(href('', '', { [end]: e.currentTarget.value }))}
            />
          </label>
        ))}
        <Updated at={overview.at} />
      </section>
      <Failure error={overview.error} />

      {overview.data && total && (
        <section class="figures" data-testid="overview">
          <Figure id="received" label={t('received')} value={formatNumber(total.received)} />
          <Figure id="resolved" label={t('resolved')} value={formatNumber(total.resolved)} />
          <Figure id="efiles" label={t('efiles')} value={formatNumber(total.efiles)} />
          <Figure id="efileRate" label={t('efileRate')} value={formatRate(total.efileRate)} strong />
          <Figure id="onTimeRate" label={t('onTimeRate')} value={formatRate(total.onTimeRate)} />
          <Figure id="pending" label={t('pending')} value={formatNumber(overview.data.pending.documents)} />
          <Figure
            id="pendingDossiers"
            label={t('pendingDossiers')}
            value={formatNumber(overview.data.pending.dossiers)}
          />
          <Figure
            id="overdue"
            label={t('overdue')}
            value={formatNumber(total.overdue)}
            warn={total.overdue > 0}
          />
          <Figure id="unmatched" label={t('unmatched')} value={formatNumber(total.unmatched)} />
          <Figure
            id="needsClassification"
            label={t('needsClassification')}
            value={formatNumber(total.needsClassification)}
          />
          <Figure
            id="deadLetters"
            label={t('deadLetters')}
            value={formatNumber(overview.data.deadLetters)}
            warn={overview.data.deadLetters > 0}
          />
        </section>
      )}

      {overview.data && (
        <section>
          <h2>{t('trend')}</h2>
          <TrendChart daily={overview.data.daily} key={language.value} />
        </section>
      )}

      {overview.data && (
        <AgencySection
          rows={overview.data.agencies}
          columns={COLUMNS}
          filters={FILTERS}
          exportPath="stats/export"
          exportParams={shown}
          link={(code) => href('agency', code)}
          testId="agency-table"
        />
      )}
    </main>
  );
}
