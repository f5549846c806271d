import { useState } from 'preact/hooks';
import { type ApiError, get, post } from '../api';
import { Failure, Updated } from '../components/parts';
import { formatInstant, type Key, label, t } from '../i18n';
import {
  type Alert,
  type DeadLetterSummary,
  type Page,
  type Principal,
  type RedriveReport,
  type Suggestion,
} from '../types';
import { useApi } from '../use-api';

/** What needs an operator: suggestions to confirm or reject, alerts, and dead letters to redrive. */
export function OperatorPage({ principal }: { principal: Principal }) {
  const suggestions = useApi(
    () => get<Page<Suggestion>>('suggestions', { status: 'pending', limit: 100 }),
    [],
  );
  const alerts = useApi(() => get<Page<Alert>>('alerts', { limit: 50 }), []);
  const letters = useApi(() => get<Page<DeadLetterSummary>>('dlq', { limit: 50, redriven: 'false' }), []);
  const [failure, setFailure] = useState<ApiError>();
  const [message, setMessage] = useState('');
  const operator = principal.role === 'operator';

  /** Runs an action, then says how it went and reloads the list it changed. */
  const act = async (what: () => Promise<string>, done: () => void) => {
    setFailure(undefined);
    setMessage('');
    try {
      setMessage(await what());
      done();
    } catch (error) {
      setFailure(error as ApiError);
    }
  };
  const decide = (s: Suggestion, decision: 'confirm' | 'reject') =>
    act(async () => {
      await post(
        `suggestions/${encodeURIComponent(s.dossierCode)}/${encodeURIComponent(s.documentId)}/${decision}`,
      );
      return `${s.documentId} → ${s.dossierCode}: ${t('done')}`;
    }, suggestions.reload);
  const redrive = (d: DeadLetterSummary) =>
    act(async () => {
      const {
        results: [result],
      } = await post<RedriveReport>('dlq/redrive', { ids: [d.id], dryRun: false });
      const why = result?.reason ? ` (${result.reason}: ${result.message})` : '';
      return `${t('deadLetters')} #${d.id}: ${label(result?.outcome ?? '')}${why}`;
    }, letters.reload);

  return (
    <main>
      <section class="toolbar">
        <Updated at={suggestions.at} />
        {message && (
          <span class="ok" role="status">
            {message}
          </span>
        )}
      </section>
      {!operator && <p class="warn-text">{t('needOperator')}</p>}
      <Failure error={failure ?? suggestions.error ?? alerts.error ?? letters.error} />

      <section>
        <h2>{t('suggestions')}</h2>
        <List
          testid="suggestions"
          rows={suggestions.data?.items}
          columns={['dossier', 'document', 'createdAt']}
          cells={(s) => [s.dossierCode, s.documentId, formatInstant(s.createdAt)]}
          actions={(s) =>
            operator && (
              <>
                <button type="button" onClick={() => void decide(s, 'confirm')}>
                  {t('confirm')}
                </button>
                <button type="button" onClick={() => void decide(s, 'reject')}>
                  {t('reject')}
                </button>
              </>
            )
          }
        />
      </section>

      <section>
        <h2>{t('alerts')}</h2>
        <List
          testid="alerts"
          rows={alerts.data?.items}
          columns={['kind', 'dossier', 'agency', 'createdAt']}
          cells={(a) => [label(a.kind), a.dossierCode, a.agencyCode ?? '', formatInstant(a.createdAt)]}
        />
      </section>

      <section>
        <h2>{t('deadLetters')}</h2>
        <List
          testid="dead-letters"
          rows={letters.data?.items}
          columns={['reason', 'detail', 'createdAt']}
          cells={(d) => [
            d.reason,
            <span class="clip" title={d.message}>
              {d.sourceTopic}/{d.sourcePartition}/{d.sourceOffset}: {d.message}
            </span>,
            formatInstant(d.createdAt),
          ]}
          actions={(d) =>
            operator && (
              <button type="button" onClick={() => void redrive(d)}>
                {t('redrive')}
              </button>
            )
          }
        />
      </section>
    </main>
  );
}

/** A plain table of rows with an optional actions column; "nothing here" when empty. */
function List<T>(props: {
  testid: string;
  rows?: T[];
  columns: Key[];
  cells: (row: T) => preact.ComponentChild[];
  actions?: (row: T) => preact.ComponentChild;
}) {
  if (!props.rows) return null;
  if (props.rows.length === 0) return <p class="muted">{t('noneWaiting')}</p>;
  return (
    <div class="table-scroll">
      <table data-testid={props.testid}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c}>{t(c)}</th>
            ))}
            {props.actions && <th />}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {props.cells(row).map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
              {props.actions && <td class="actions">{props.actions(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
