import {
  type ContractEvent,
  type DocumentIssued,
  type DocumentReceived,
  type DocumentRevoked,
  type DossierReceived,
  type DossierRefused,
  type DossierResolved,
  type DossierResultReturned,
  type DossierStopped,
  type DossierSupplemented,
  type DossierSupplementRequested,
  type DossierTransferred,
  type DossierWithdrawn,
  type Procedure,
} from '@hoso/contracts';
import { documentMatchKey } from './notation';

/** An accepted event as the inbox holds it: normalized data plus where it was read from. */
export type StoredEvent = ContractEvent & {
  source: string;
  id: string;
  /** RFC 3339 in +07:00. */
  time: string;
  topic: string;
  partition: number;
  offset: string;
};

/** Same events, same order, whatever order they arrived in (and each source+id once). */
export function inEventOrder(events: readonly StoredEvent[]): StoredEvent[] {
  const unique = new Map(events.map((e) => [`${e.source}\u0000${e.id}`, e]));
  return [...unique.values()].sort(
    (a, b) =>
      compare(a.time, b.time) ||
      compare(a.type, b.type) ||
      compare(a.source, b.source) ||
      compare(a.id, b.id),
  );
}

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const TERMINAL_KINDS = ['result_returned', 'refused', 'withdrawn', 'stopped'] as const;
export type TerminalKind = (typeof TERMINAL_KINDS)[number];

/** What the one-stop side has said about one dossier. */
export interface DossierFacts {
  dossierCode: string;
  agencyCode: string;
  received?: DossierReceived;
  supplementRequests: DossierSupplementRequested[];
  supplements: DossierSupplemented[];
  transfers: DossierTransferred[];
  resolved?: DossierResolved;
  returned?: DossierResultReturned;
  refused?: DossierRefused;
  withdrawn?: DossierWithdrawn;
  stopped?: DossierStopped;
  /** The earliest end of the dossier, if it has ended. */
  terminal?: { kind: TerminalKind; at: string };
  /** The procedure, from the receipt, else from the first ending event that names it. */
  procedure?: Procedure;
  /** Rule-2 keys of the result documents the one-stop side named. */
  namedKeys: string[];
  events: StoredEvent[];
}

/** Folds a dossier's events; a later event of the same kind replaces an earlier one. */
export function dossierFacts(dossierCode: string, events: readonly StoredEvent[]): DossierFacts {
  const facts: DossierFacts = {
    dossierCode,
    agencyCode: '',
    supplementRequests: [],
    supplements: [],
    transfers: [],
    namedKeys: [],
    events: inEventOrder(events),
  };
  for (const event of facts.events) {
    facts.agencyCode = event.data.agencyCode;
    switch (event.type) {
      case 'vn.motcua.dossier.received.v1':
        facts.received = event.data;
        break;
      case 'vn.motcua.dossier.supplement-requested.v1':
        facts.supplementRequests.push(event.data);
        break;
      case 'vn.motcua.dossier.supplemented.v1':
        facts.supplements.push(event.data);
        break;
      case 'vn.motcua.dossier.transferred.v1':
        facts.transfers.push(event.data);
        break;
      case 'vn.motcua.dossier.resolved.v1':
        facts.resolved = event.data;
        break;
      case 'vn.motcua.dossier.result-returned.v1':
        facts.returned = event.data;
        break;
      case 'vn.motcua.dossier.refused.v1':
        facts.refused = event.data;
        break;
      case 'vn.motcua.dossier.withdrawn.v1':
        facts.withdrawn = event.data;
        break;
      case 'vn.motcua.dossier.stopped.v1':
        facts.stopped = event.data;
        break;
      default:
        break;
    }
  }
  const ends: Array<[TerminalKind, string | undefined]> = [
    ['result_returned', facts.returned?.returnedAt],
    ['refused', facts.refused?.refusedAt],
    ['withdrawn', facts.withdrawn?.withdrawnAt],
    ['stopped', facts.stopped?.stoppedAt],
  ];
  const [first] = ends
    .filter((end): end is [TerminalKind, string] => end[1] !== undefined)
    .sort((a, b) => compare(a[1], b[1]));
  if (first) facts.terminal = { kind: first[0], at: first[1] };
  facts.procedure =
    facts.received?.procedure ??
    facts.events
      .map((e) => ('procedure' in e.data ? e.data.procedure : undefined))
      .find((p) => p !== undefined);
  facts.namedKeys = [
    ...new Set(
      (facts.resolved?.resultDocuments ?? []).map((d) =>
        documentMatchKey(d.agencyCode, d.issuedDate, d.number, d.notation),
      ),
    ),
  ].sort();
  return facts;
}

/** What the document system has said about one document. */
export interface DocumentFacts {
  documentId: string;
  agencyCode: string;
  /** The document itself (issued or received); without it the document cannot join a file yet. */
  base?: { kind: 'issued' | 'received'; data: DocumentIssued | DocumentReceived };
  /** Dossiers the document names itself, or an official attached it to. */
  explicitDossiers: string[];
  inReplyTo: string[];
  revoked?: DocumentRevoked;
  /** The rule-2 key, once the document itself is known. */
  matchKey?: string;
  events: StoredEvent[];
}

export function documentFacts(documentId: string, events: readonly StoredEvent[]): DocumentFacts {
  const facts: DocumentFacts = {
    documentId,
    agencyCode: '',
    explicitDossiers: [],
    inReplyTo: [],
    events: inEventOrder(events),
  };
  const linked = new Set<string>();
  for (const event of facts.events) {
    facts.agencyCode = event.data.agencyCode;
    if (event.type === 'vn.qlvb.document.issued.v1') facts.base = { kind: 'issued', data: event.data };
    if (event.type === 'vn.qlvb.document.received.v1') facts.base = { kind: 'received', data: event.data };
    if (event.type === 'vn.qlvb.document.linked.v1') linked.add(event.data.dossierCode);
    if (event.type === 'vn.qlvb.document.revoked.v1') facts.revoked = event.data;
  }
  const base = facts.base?.data;
  if (base) {
    for (const code of base.relatedDossierCodes ?? []) linked.add(code);
    facts.inReplyTo = [...new Set(base.inReplyTo ?? [])].sort();
    facts.matchKey = documentMatchKey(base.agencyCode, base.issuedDate, base.number, base.notation);
  }
  facts.explicitDossiers = [...linked].sort();
  return facts;
}

/**
 * The year the file was formed (FileCatalog, Decree 30/2020 Appendix VI): of the receipt, else of the
 * dossier's end, else of its earliest event; none for a dossier only documents have named so far.
 */
export function filingYear(dossier: DossierFacts): number | undefined {
  const at = dossier.received?.receivedAt ?? dossier.terminal?.at ?? dossier.events[0]?.time;
  return at === undefined ? undefined : Number(at.slice(0, 4));
}
