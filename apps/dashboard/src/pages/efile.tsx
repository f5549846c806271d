import { useState } from 'preact/hooks';
import { type ApiError, download, get } from '../api';
import { Failure } from '../components/parts';
import { formatInstant, label, t } from '../i18n';
import { type EFileRevisions, type Problem } from '../types';
import { useApi } from '../use-api';

/** One e-file as it was emitted: every revision, its metadata and its documents. */
export function EFilePage({ fileCode }: { fileCode: string }) {
  const file = useApi(() => get<EFileRevisions>(`efiles/${encodeURIComponent(fileCode)}`), [fileCode]);
  const [chosen, setChosen] = useState<number | null>(null);
  const revisions = file.data?.revisions ?? [];
  const shown = revisions.find((r) => r.revision === chosen) ?? revisions[revisions.length - 1];
  const e = shown?.efile;

  return (
    <main>
      <p>
        <button type="button" class="link" onClick={() => history.back()}>
          ← {t('back')}
        </button>
      </p>
      <h2>{e?.title ?? fileCode}</h2>
      <Failure error={file.error} />
      {revisions.length > 0 && (
        <nav class="tabs" aria-label={t('revision')}>
          {revisions.map((r) => (
            <button
              type="button"
              key={r.revision}
              aria-pressed={r === shown}
              onClick={() => setChosen(r.revision)}
            >
              {t('revision')} {r.revision} · {formatInstant(r.createdAt)}
            </button>
          ))}
        </nav>
      )}
      {e && (
        <>
          <section>
            <h3>{t('metadata')}</h3>
            <dl class="metadata" data-testid="efile-metadata">
              <dt>{t('fileCode')}</dt>
              <dd>{e.fileCode}</dd>
              <dt>{t('dossierCode')}</dt>
              <dd>{e.dossier.dossierCode}</dd>
              <dt>{t('procedure')}</dt>
              <dd>{e.dossier.procedureName ?? t('notSet')}</dd>
              <dt>{t('applicant')}</dt>
              <dd>{e.dossier.applicant?.fullName ?? t('notSet')}</dd>
              <dt>{t('retention')}</dt>
              <dd>{e.maintenance ? `${e.maintenance.code} · ${e.maintenance.label}` : t('notSet')}</dd>
              <dt>{t('classification')}</dt>
              <dd data-testid="efile-classification">
                {e.classified ? t('classified') : t('needsClassification')}
              </dd>
              {e.aliases.length > 0 && (
                <>
                  <dt>{t('aliases')}</dt>
                  <dd>{e.aliases.join(', ')}</dd>
                </>
              )}
              {e.unknownFields.length > 0 && (
                <>
                  <dt>{t('unknownFields')}</dt>
                  <dd>{e.unknownFields.join(', ')}</dd>
                </>
              )}
              <dt>{t('mode')}</dt>
              <dd>{e.mode}</dd>
              <dt>{t('language')}</dt>
              <dd>{e.language}</dd>
              <dt>{t('startDate')}</dt>
              <dd>{e.startDate}</dd>
              <dt>{t('endDate')}</dt>
              <dd>{e.endDate}</dd>
              <dt>{t('documents')}</dt>
              <dd>{e.docTotal}</dd>
              <dt>{t('pageTotal')}</dt>
              <dd>{e.pageTotal}</dd>
              <dt>{t('completedBy')}</dt>
              <dd>{label(e.completedBy)}</dd>
            </dl>
          </section>
          <ArchivePackage fileCode={fileCode} revision={shown.revision} />
          <section>
            <h3>{t('documents')}</h3>
            <div class="table-scroll">
              <table data-testid="efile-documents">
                <thead>
                  <tr>
                    <th>{t('ordinal')}</th>
                    <th>{t('docType')}</th>
                    <th>{t('numberNotation')}</th>
                    <th>{t('issuedDate')}</th>
                    <th>{t('subject')}</th>
                    <th>{t('organ')}</th>
                    <th>{t('role')}</th>
                    <th>{t('status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.documents.map((d) => (
                    <tr key={d.docCode}>
                      <td class="number">{d.docOrdinal}</td>
                      <td>{d.typeName}</td>
                      <td>{[d.number, d.notation].filter(Boolean).join('/')}</td>
                      <td>{d.issuedDate}</td>
                      <td>{d.subject}</td>
                      <td>{d.organName}</td>
                      <td>{label(d.role)}</td>
                      <td>{label(d.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </main>
  );
}

/** The revision as a Circular 05/2025 submission package, or why its files cannot be packaged. */
function ArchivePackage({ fileCode, revision }: { fileCode: string; revision: number }) {
  const [metadataOnly, setMetadataOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const refusal = error?.body as Partial<Problem> | null;
  const problems = refusal?.binaries ?? [];
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await download(`efiles/${encodeURIComponent(fileCode)}/sip`, {
        revision,
        metadataOnly: metadataOnly ? 'true' : undefined,
      });
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section data-testid="archive-package">
      <h3>{t('archivePackage')}</h3>
      <p class="muted">{t('archiveHint')}</p>
      <div class="toolbar">
        <label>
          <input
            type="checkbox"
            checked={metadataOnly}
            onChange={(e) => setMetadataOnly(e.currentTarget.checked)}
          />{' '}
          {t('metadataOnly')}
        </label>
        <button type="button" disabled={busy} onClick={() => void run()}>
          {busy ? t('packaging') : t('downloadPackage')}
        </button>
      </div>
      {error && (
        <div role="alert" class="error">
          <p>
            {refusal?.type?.endsWith(':file-unclassified')
              ? t('packageUnclassified')
              : problems.length > 0
                ? t('packageRefused')
                : error.message}
          </p>
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={p.docCode} title={p.reason}>
                  {p.docCode}: {label(p.kind)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
