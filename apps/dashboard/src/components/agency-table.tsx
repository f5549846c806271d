import { useMemo, useState } from 'preact/hooks';
import { includesFolded } from '../../../../libs/domain/src/text';
import { formatNumber, formatRate, type Key, t } from '../i18n';
import { href } from '../route';
import { type AgencyStatistics } from '../types';

type Column = keyof AgencyStatistics;
const COLUMNS: Array<{ key: Column; label: Key; rate?: boolean }> = [
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

export const FILTERS = {
  all: () => true,
  withOverdue: (a: AgencyStatistics) => a.overdue > 0,
  withUnmatched: (a: AgencyStatistics) => a.unmatched > 0,
  belowHalf: (a: AgencyStatistics) => a.efileRate !== null && a.efileRate < 0.5,
} as const;
export type Filter = keyof typeof FILTERS;

/** Agencies whose code or name contains the text, compared without diacritics or case. */
export function matching(agencies: readonly AgencyStatistics[], text: string): AgencyStatistics[] {
  return agencies.filter((a) => includesFolded(`${a.agencyCode} ${a.agencyName ?? ''}`, text));
}

/** The per-agency figures: search, a filter, and sorting by any column (click again to reverse). */
export function AgencyTable({
  agencies,
  search,
  filter,
}: {
  agencies: AgencyStatistics[];
  search: string;
  filter: Filter;
}) {
  const [sort, setSort] = useState<{ key: Column; descending: boolean }>({
    key: 'agencyCode',
    descending: false,
  });
  const rows = useMemo(() => {
    const shown = matching(agencies, search).filter(FILTERS[filter]);
    const value = (a: AgencyStatistics) => a[sort.key] ?? -1;
    return shown.sort((a, b) => {
      const order = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0;
      return sort.descending ? -order : order;
    });
  }, [agencies, search, filter, sort]);
  // A button in each heading, so that sorting works from the keyboard too.
  const header = (key: Column, label: string) => (
    <th key={key} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        class="sort"
        onClick={() =>
          setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'agencyCode' })
        }
      >
        {label}
      </button>
    </th>
  );
  return (
    <div class="table-scroll">
      <table data-testid="agency-table">
        <thead>
          <tr>
            {header('agencyCode', t('agency'))}
            {COLUMNS.map((c) => header(c.key, t(c.label)))}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.agencyCode}>
              <td>
                <a href={href('agency', a.agencyCode)}>{a.agencyName ?? a.agencyCode}</a>
                <div class="muted">{a.agencyCode}</div>
              </td>
              {COLUMNS.map((c) => (
                <td class="number" key={c.key}>
                  {c.rate ? formatRate(a.efileRate) : formatNumber(a[c.key] as number)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">{t('noAgency')}</p>}
    </div>
  );
}
