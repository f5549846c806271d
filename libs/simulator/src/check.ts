import { type DeadLetterReason, drawnByBridge } from '@hoso/contracts';
import { type GroundTruth } from './simulate';

/** An e-file message as read from the output topic: the fields the check needs. */
export interface EmittedFile {
  fileCode: string;
  revision: number;
  completedBy: string;
  contentHash: string;
  /** False while it needs classification. */
  classified: boolean;
  dossier: { dossierCode: string };
  documents: Array<{ source: string; sourceId: string; status: string }>;
}

export interface DeadLetter {
  reason: string;
  /** Where the rejected message was on its source topic: `topic/partition/offset`. */
  from: string;
}

/** Where each simulated message landed, so dead letters can be told apart from other runs'. */
export interface Delivery {
  /** `topic/partition/offset` → what the bridge must make of the message there. */
  expected: Record<string, 'accepted' | 'duplicate' | DeadLetterReason>;
}

/** What `hoso-lab simulate` writes: what must result, and where each message landed. */
export interface TruthFile {
  truth: GroundTruth;
  delivery: Delivery;
}

export interface CheckReport {
  ok: boolean;
  files: { expected: number; filed: number; revisions: number };
  /** Dossiers that must be filed and are not. */
  missing: string[];
  /** Dossiers still open that were filed anyway. */
  unexpected: string[];
  /** Files whose first revision does not say how the dossier ended. */
  wrongEnding: Array<{ dossierCode: string; expected: string; actual: string }>;
  /** Files whose last revision lacks a document, holds one too many, or has a wrong status. */
  wrongDocuments: Array<{ dossierCode: string; missing: string[]; extra: string[]; wrongStatus: string[] }>;
  /** `(fileCode, revision)` on the topic more than once, revisions missing, or a dossier under two codes. */
  duplicates: string[];
  gaps: string[];
  deadLetters: {
    expected: number;
    found: number;
    byReason: Record<string, number>;
    /** Bad messages with no dead letter, or with another reason. */
    missing: string[];
    /** Good messages dead-lettered. */
    wronglyRejected: string[];
  };
}

/** Compares what the bridge emitted with what the simulation says must result, strictly. */
export function checkOutput(
  truth: GroundTruth,
  delivery: Delivery,
  files: readonly EmittedFile[],
  deadLetters: readonly DeadLetter[],
): CheckReport {
  const byDossier = new Map<string, EmittedFile[]>();
  const seen = new Map<string, number>();
  const ours = new Set(truth.dossiers.map((d) => d.dossierCode));
  for (const file of files) {
    if (!ours.has(file.dossier.dossierCode)) continue;
    const list = byDossier.get(file.dossier.dossierCode) ?? [];
    list.push(file);
    byDossier.set(file.dossier.dossierCode, list);
    const id = `${file.fileCode}#${file.revision}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const report: CheckReport = {
    ok: false,
    files: { expected: 0, filed: 0, revisions: 0 },
    missing: [],
    unexpected: [],
    wrongEnding: [],
    wrongDocuments: [],
    duplicates: [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`),
    gaps: [],
    deadLetters: { expected: 0, found: 0, byReason: {}, missing: [], wronglyRejected: [] },
  };
  for (const expected of truth.dossiers) {
    const revisions = [
      ...new Map((byDossier.get(expected.dossierCode) ?? []).map((f) => [f.revision, f])).values(),
    ].sort((a, b) => a.revision - b.revision);
    if (expected.endedBy === null) {
      if (revisions.length > 0) report.unexpected.push(expected.dossierCode);
      continue;
    }
    report.files.expected += 1;
    if (revisions.length === 0) {
      report.missing.push(expected.dossierCode);
      continue;
    }
    report.files.filed += 1;
    report.files.revisions += revisions.length;
    if (revisions.some((f, i) => f.revision !== i + 1)) report.gaps.push(expected.dossierCode);
    if (new Set(revisions.map((f) => f.fileCode)).size > 1)
      report.gaps.push(`${expected.dossierCode}: several file codes`);
    if (revisions[0]!.completedBy !== expected.endedBy)
      report.wrongEnding.push({
        dossierCode: expected.dossierCode,
        expected: expected.endedBy,
        actual: revisions[0]!.completedBy,
      });
    // The partners' documents, and last the processing-control slip the bridge draws of every ended dossier.
    const documents = revisions.at(-1)!.documents;
    const partners = documents.filter((d) => !drawnByBridge(d));
    const last = new Map(partners.map((d) => [`${d.source}/${d.sourceId}`, d.status]));
    const want = Object.entries(expected.documents);
    const slip = documents.at(-1) && drawnByBridge(documents.at(-1)!);
    const problem = {
      dossierCode: expected.dossierCode,
      missing: [
        ...want.filter(([id]) => !last.has(id)).map(([id]) => id),
        ...(slip ? [] : ['bridge/processing-slip']),
      ],
      extra: [...last.keys()].filter((id) => !(id in expected.documents)),
      wrongStatus: want.filter(([id, status]) => last.has(id) && last.get(id) !== status).map(([id]) => id),
    };
    if (problem.missing.length + problem.extra.length + problem.wrongStatus.length > 0)
      report.wrongDocuments.push(problem);
  }

  const bad = Object.entries(delivery.expected).filter(([, e]) => e !== 'accepted' && e !== 'duplicate');
  const rejected = new Map(
    deadLetters.filter((d) => d.from in delivery.expected).map((d) => [d.from, d.reason]),
  );
  report.deadLetters.expected = bad.length;
  report.deadLetters.found = rejected.size;
  for (const reason of rejected.values())
    report.deadLetters.byReason[reason] = (report.deadLetters.byReason[reason] ?? 0) + 1;
  report.deadLetters.missing = bad
    .filter(([at, reason]) => rejected.get(at) !== reason)
    .map(([at, reason]) => `${at} ${reason} (got ${rejected.get(at) ?? 'none'})`);
  report.deadLetters.wronglyRejected = [...rejected]
    .filter(([at]) => ['accepted', 'duplicate'].includes(delivery.expected[at]!))
    .map(([at, reason]) => `${at} ${reason}`);

  report.ok =
    report.missing.length +
      report.unexpected.length +
      report.wrongEnding.length +
      report.wrongDocuments.length +
      report.duplicates.length +
      report.gaps.length +
      report.deadLetters.missing.length +
      report.deadLetters.wronglyRejected.length ===
    0;
  return report;
}
