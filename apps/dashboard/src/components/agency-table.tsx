import { useMemo, useState } from 'preact/hooks';
import { includesFolded } from '../../../../libs/domain/src/text';
import { download } from '../api';
import { formatNumber, formatRate, type Key, language, t } from '../i18n';

/** What every per-agency table shows first: the agency. */
export interface AgencyRow {
  agencyCode: string;
  agencyName: string | null;
}

/** A figure column: its member and heading; a rate shows as a percentage. */
export interface Column<R> {
  key: keyof R & string;
  label: Key;
  rate?: boolean;
}

/** Agencies whose code or name contains the text, compared without diacritics or case. */
export function matching<R extends AgencyRow>(agencies: readonly R[], text: string): R[] {
  return agencies.filter((a) => includesFolded(`${a.agencyCode} ${a.agencyName ?? ''}`, text));
}

/**
 * The agencies' section of a page: a search without diacritics, a filter, CSV and Excel exports of what
 * matches (from `exportPath` with `exportParams`), and the table.
 */
export function AgencySection<R extends AgencyRow>({
  filters,
  exportPath,
  exportParams,
  ...table
}: {
  rows: R[];
  columns: ReadonlyArray<Column<R>>;
  /** Each filter's name is its label's key; the first shows every agency. */
  filters: Partial<Record<Key, (row: R) => boolean>>;
  exportPath: string;
  exportParams: Record<string, string | undefined>;
  link: (agencyCode: string) => string;
  testId: string;
}) {
  const [search, setSearch] = useState('');
  const names = Object.keys(filters) as Key[];
  const [filter, setFilter] = useState<Key>(names[0]!);
  return (
    <section>
      <h2>{t('agencies')}</h2>
      <div class="toolbar">
        <input
          type="search"
          name="search"
          placeholder={t('search')}
          aria-label={t('search')}
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <label>
          {t('show')}
          <select name="filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Key)}>
            {names.map((f) => (
              <option value={f} key={f}>
                {t(f)}
              </option>
            ))}
          </select>
        </label>
        <span class="spacer" />
        {(['csv', 'xlsx'] as const).map((format) => (
          <button
            type="button"
            key={format}
            onClick={() =>
              void download(exportPath, { ...exportParams, format, q: search, lang: language.value })
            }
          >
            {t(format === 'csv' ? 'exportCsv' : 'exportXlsx')}
          </button>
        ))}
      </div>
      <AgencyTable {...table} search={search} shows={filters[filter]!} />
    </section>
  );
}

/** Per-agency figures: search, a filter, and sorting by any column (click again to reverse). */
export function AgencyTable<R extends AgencyRow>({
  rows: agencies,
  columns,
  search,
  shows,
  link,
  testId,
}: {
  rows: R[];
  columns: ReadonlyArray<Column<R>>;
  search: string;
  shows: (row: R) => boolean;
  link: (agencyCode: string) => string;
  testId: string;
}) {
  const [sort, setSort] = useState<{ key: keyof R & string; descending: boolean }>({
    key: 'agencyCode',
    descending: false,
  });
  const rows = useMemo(() => {
    const shown = matching(agencies, search).filter(shows);
    const value = (a: R) => (a[sort.key] as number | string | null) ?? -1;
    return shown.sort((a, b) => {
      const order = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0;
      return sort.descending ? -order : order;
    });
  }, [agencies, search, shows, sort]);
  // A button in each heading, so that sorting works from the keyboard too.
  const header = (key: keyof R & string, label: string) => (
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
      <table data-testid={testId}>
        <thead>
          <tr>
            {header('agencyCode', t('agency'))}
            {columns.map((c) => header(c.key, t(c.label)))}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.agencyCode}>
              <td>
                <a href={link(a.agencyCode)}>{a.agencyName ?? a.agencyCode}</a>
                <div class="muted">{a.agencyCode}</div>
              </td>
              {columns.map((c) => (
                <td class="number" key={c.key} data-column={c.key}>
                  {c.rate ? formatRate(a[c.key] as number | null) : formatNumber(a[c.key] as number)}
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
