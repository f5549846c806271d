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

/** A dossier's side of rule 4 as stored: its agency, applicant's folded name and window of issue dates. */
export interface SuggestionProfileRow {
  dossierCode: string;
  agencyCode: string;
  applicantKey: string;
  from: string;
  until: string;
}

/** A document that joined no file, as rule 4 reads it. */
export interface SuggestionTargetRow {
  documentId: string;
  agencyCode: string;
  subjectKey: string;
  issuedDate: string;
}

export interface SuggestionsDue {
  documents: string[];
  dossiers: string[];
}
