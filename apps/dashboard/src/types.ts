/** The admin API's answers, as the dashboard reads them. */

import type { Overview } from '../../../libs/persistence/src/operations/statistics.types';

export type {
  AgencyStatistics,
  Overview,
  Period,
  Totals,
} from '../../../libs/persistence/src/operations/statistics.types';

/** GET /admin/stats */
export type Statistics = Pick<Overview, 'period' | 'total' | 'agencies'>;

export interface EFileSummary {
  fileCode: string;
  revision: number;
  dossierCode: string;
  contentHash: string;
  completedBy: string;
  createdAt: string;
  title: string | null;
  docTotal: number | null;
}

export interface EFileDocument {
  docOrdinal: number;
  docCode: string;
  role: string;
  typeCode: string;
  typeName: string;
  number: string | null;
  notation: string | null;
  issuedDate: string;
  organName: string;
  subject: string;
  pageCount: number | null;
  status: string;
}

export interface EFileBody {
  fileCode: string;
  revision: number;
  title: string;
  /** Null while the file needs classification. */
  maintenance: { code: string; label: string } | null;
  classified: boolean;
  unknownFields: string[];
  aliases: string[];
  mode: string;
  language: string;
  startDate: string;
  endDate: string;
  docTotal: number;
  pageTotal: number;
  completedBy: string;
  dossier: { dossierCode: string; procedureName: string | null; applicant: { fullName: string } | null };
  documents: EFileDocument[];
}

export interface EFileRevisions {
  fileCode: string;
  revisions: Array<{ revision: number; createdAt: string; completedBy: string; efile: EFileBody }>;
}

export interface Suggestion {
  dossierCode: string;
  documentId: string;
  status: string;
  createdAt: string;
}

export interface Alert {
  id: string;
  kind: string;
  dossierCode: string;
  agencyCode: string | null;
  detail: string;
  createdAt: string;
}

export interface DeadLetterSummary {
  id: string;
  reason: string;
  message: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  eventType: string | null;
  createdAt: string;
  redrivenAt: string | null;
}

export interface RedriveResult {
  id: string;
  outcome: 'accepted' | 'duplicate' | 'rejected' | 'would_accept' | 'already_redriven';
  reason?: string;
  message?: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Principal {
  name: string;
  role: 'viewer' | 'operator';
}
