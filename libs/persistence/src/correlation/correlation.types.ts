import { type DossierRecord } from './correlation.entities';

export interface DocumentUpdate {
  documentId: string;
  agencyCode: string | null;
  matchKey: string | null;
  issuedDate: string | null;
  subjectKey: string | null;
  hasBase: boolean;
  revoked: boolean;
  direction: 'outgoing' | 'incoming' | null;
  creatorId: string | null;
  explicitDossiers: string[];
  inReplyTo: string[];
}

/** A dossier's whole row as recomputed, with its named keys and the members of its file. */
export type DossierUpdate = Omit<DossierRecord, 'updatedAt' | 'suggestDue'> & {
  namedKeys: string[];
  members: Array<{ documentId: string; rule: string }>;
};

export interface NewEFile {
  fileCode: string;
  revision: number;
  dossierCode: string;
  contentHash: string;
  completedBy: string;
  body: string;
}

export interface NewAlert {
  kind: string;
  dossierCode: string;
  agencyCode: string | null;
  fileCode: string | null;
  detail: string;
}

/** Candidate documents of a dossier (a superset: the pure rules decide) and its confirmed suggestions. */
export interface Candidates {
  documents: Set<string>;
  confirmed: Set<string>;
}

/** A document that joined no file, and a dossier whose rule-4 window and applicant it may fit. */
export interface SuggestionCandidate {
  documentId: string;
  subjectKey: string;
  issuedDate: string;
  dossierCode: string;
  agencyCode: string;
  applicantKey: string;
  suggestFrom: string;
  suggestUntil: string;
}

export interface SuggestionsDue {
  documents: string[];
  dossiers: string[];
}
