import { type LinkRule } from '@hoso/contracts';
import { compare, type DocumentFacts, type DossierFacts } from './facts';
import { fold } from './text';

export interface Member {
  document: DocumentFacts;
  rule: LinkRule;
}

/**
 * The documents of a dossier's file, from any superset of candidates: rule 1 (the document or an
 * official names the dossier), rule 2 (the one-stop side named its number and notation), an operator's
 * confirmation of a rule-4 suggestion, and rule 3, the reply chain in both directions from those.
 * A document is eligible once its own issued/received event is known.
 */
export function correlate(
  dossier: DossierFacts,
  candidates: readonly DocumentFacts[],
  confirmed: ReadonlySet<string>,
): Member[] {
  const eligible = new Map(candidates.filter((d) => d.base).map((d) => [d.documentId, d]));
  const named = new Set(dossier.namedKeys);
  const rules = new Map<string, LinkRule>();
  for (const document of eligible.values()) {
    const rule: LinkRule | undefined = document.explicitDossiers.includes(dossier.dossierCode)
      ? 'explicit'
      : document.matchKey !== undefined && named.has(document.matchKey)
        ? 'named'
        : confirmed.has(document.documentId)
          ? 'confirmed'
          : undefined;
    if (rule) rules.set(document.documentId, rule);
  }

  // Rule 3: what a member replies to, and what replies to a member, is a member too.
  const neighbours = new Map<string, Set<string>>();
  const connect = (a: string, b: string) => neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
  for (const document of eligible.values()) {
    for (const target of document.inReplyTo) {
      connect(document.documentId, target);
      connect(target, document.documentId);
    }
  }
  const queue = [...rules.keys()];
  while (queue.length > 0) {
    for (const next of neighbours.get(queue.pop()!) ?? []) {
      if (eligible.has(next) && !rules.has(next)) {
        rules.set(next, 'reply_chain');
        queue.push(next);
      }
    }
  }
  return [...rules]
    .sort(([a], [b]) => compare(a, b))
    .map(([id, rule]) => ({ document: eligible.get(id)!, rule }));
}

/** The dossier side of rule 4: agency, the applicant's name folded, and the window of issue dates. */
export interface SuggestionProfile {
  agencyCode: string;
  applicantKey: string;
  /** YYYY-MM-DD: from the receipt to 30 days after the due date. */
  from: string;
  until: string;
}

/** The document side of rule 4. */
export interface SuggestionTarget {
  agencyCode: string;
  subjectKey: string;
  issuedDate: string;
}

export function suggestionProfile(dossier: DossierFacts): SuggestionProfile | undefined {
  const received = dossier.received;
  const applicantKey = received ? fold(received.applicant.fullName) : '';
  // A name this short would be found in too many subjects to mean anything.
  if (!received || applicantKey.length < 5) return undefined;
  const until = new Date(Date.parse(received.dueAt) + 30 * 86_400_000 + 7 * 3_600_000)
    .toISOString()
    .slice(0, 10);
  return { agencyCode: dossier.agencyCode, applicantKey, from: received.receivedAt.slice(0, 10), until };
}

export function suggestionTarget(document: DocumentFacts): SuggestionTarget | undefined {
  const base = document.base?.data;
  return base && { agencyCode: base.agencyCode, subjectKey: fold(base.subject), issuedDate: base.issuedDate };
}

/**
 * Rule 4, a suggestion only: same agency, the applicant's name in the document's subject (without
 * diacritics), issued between the dossier's receipt and 30 days after its due date.
 */
export function fits(profile: SuggestionProfile, target: SuggestionTarget): boolean {
  return (
    profile.agencyCode === target.agencyCode &&
    target.subjectKey.includes(profile.applicantKey) &&
    target.issuedDate >= profile.from &&
    target.issuedDate <= profile.until
  );
}

/**
 * Rule 4 over many at once: every profile with each target that fits it. The targets are sorted by agency
 * and issue date once, so a profile reads only those of its agency issued in its window.
 */
export function fittingPairs<P extends SuggestionProfile, T extends SuggestionTarget>(
  profiles: readonly P[],
  targets: readonly T[],
): Array<{ profile: P; target: T }> {
  const byAgency = new Map<string, T[]>();
  for (const target of targets) {
    const list = byAgency.get(target.agencyCode);
    if (list) list.push(target);
    else byAgency.set(target.agencyCode, [target]);
  }
  for (const list of byAgency.values()) list.sort((a, b) => compare(a.issuedDate, b.issuedDate));
  const pairs: Array<{ profile: P; target: T }> = [];
  for (const profile of profiles) {
    const list = byAgency.get(profile.agencyCode) ?? [];
    for (let i = firstIssuedFrom(list, profile.from); i < list.length; i++) {
      const target = list[i]!;
      if (target.issuedDate > profile.until) break;
      if (fits(profile, target)) pairs.push({ profile, target });
    }
  }
  return pairs;
}

/** The first target of a list sorted by issue date issued on or after `day`. */
function firstIssuedFrom(sorted: readonly SuggestionTarget[], day: string): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.issuedDate < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function suggests(dossier: DossierFacts, document: DocumentFacts): boolean {
  const profile = suggestionProfile(dossier);
  const target = suggestionTarget(document);
  return profile !== undefined && target !== undefined && fits(profile, target);
}

export interface Completion {
  /** Result documents the one-stop side named that are not (yet) members. */
  missingNamed: string[];
  /** A returned dossier whose resolution (which names its result documents) has not arrived yet. */
  awaitingResolution: boolean;
  /** Ended other than by a refusal at the desk, and its receipt (applicant, papers handed in) is not here yet. */
  awaitingReceipt: boolean;
  /** No event has named the dossier's procedure yet, so its file cannot be classified. */
  awaitingProcedure: boolean;
  /** The dossier has ended, and every fact its file is classified and described from is here. */
  complete: boolean;
}

/**
 * Whether a dossier's file can be closed (the emission table in docs/filing.md). A file is never
 * classified from missing facts: it waits for the procedure, for the receipt of a dossier that was
 * received, for the resolution of a returned one, and for every result document the resolution named.
 */
export function completion(dossier: DossierFacts, members: readonly Member[]): Completion {
  const present = new Set(members.map((m) => m.document.matchKey));
  const missingNamed = dossier.namedKeys.filter((key) => !present.has(key));
  const ended = dossier.terminal !== undefined;
  const awaitingResolution = dossier.terminal?.kind === 'result_returned' && dossier.resolved === undefined;
  // A refusal at the desk may come with no receipt at all; every other ending follows one.
  const awaitingReceipt = ended && dossier.terminal?.kind !== 'refused' && dossier.received === undefined;
  const awaitingProcedure = dossier.procedure === undefined;
  return {
    missingNamed,
    awaitingResolution,
    awaitingReceipt,
    awaitingProcedure,
    complete:
      ended && missingNamed.length === 0 && !awaitingResolution && !awaitingReceipt && !awaitingProcedure,
  };
}

/** What a file emitted after the grace period lacked, in words for the `unmatched` alert. */
export function whatIsMissing(state: Completion): string[] {
  return [
    ...(state.awaitingProcedure ? ['no event named its procedure'] : []),
    ...(state.awaitingReceipt ? ['its receipt never arrived'] : []),
    ...(state.awaitingResolution ? ['its resolution (which names the result documents) never arrived'] : []),
    ...(state.missingNamed.length > 0
      ? [
          `${state.missingNamed.length} named result document(s) are missing: ${state.missingNamed.join('; ')}`,
        ]
      : []),
  ];
}
