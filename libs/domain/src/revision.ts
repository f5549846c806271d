import { type CompletedBy, type EFileAssembled } from '@hoso/contracts';
import { type Assembly, type EFileContent } from './assemble';
import { type Completion } from './correlation';
import { type DossierFacts, type TerminalKind } from './facts';

/** The last revision the bridge emitted for a file. */
export interface PreviousRevision {
  revision: number;
  contentHash: string;
  content: EFileContent;
}

/** An emitted revision as the next one is compared with: its content without what is the revision's own. */
export function previousOf(efile: EFileAssembled): PreviousRevision {
  const { revision, supersedes: _s, completedBy: _c, contentHash, provenance: _p, ...content } = efile;
  return { revision, contentHash, content };
}

/** Why a dossier's file is being emitted now. */
export type Trigger =
  | { kind: 'complete'; terminal: TerminalKind }
  | { kind: 'grace_expired'; terminal: TerminalKind }
  | { kind: 'forced' }
  /** Emitted before: any change of content makes a new revision. */
  | { kind: 'update'; terminal?: TerminalKind };

/**
 * Whether a dossier's file is due now: once it has ended with every named result document present, or
 * when the grace period for missing ones ran out, or an operator forced it; after the first emission,
 * whenever its content changes.
 */
export function emissionTrigger(
  dossier: DossierFacts,
  state: Completion,
  emittedBefore: boolean,
  flags: { graceExpired: boolean; forced: boolean },
): Trigger | undefined {
  if (flags.forced) return { kind: 'forced' };
  if (emittedBefore) return { kind: 'update', terminal: dossier.terminal?.kind };
  if (!dossier.terminal) return undefined;
  if (state.complete) return { kind: 'complete', terminal: dossier.terminal.kind };
  if (flags.graceExpired) return { kind: 'grace_expired', terminal: dossier.terminal.kind };
  return undefined;
}

/**
 * The next revision of a file, or null when its content did not change: a file is emitted once in
 * effect, and again only when something in it changed (a late document, a revocation, or its metadata
 * after a file-plan change, which keeps the way the dossier ended).
 */
export function nextRevision(
  assembly: Assembly,
  previous: PreviousRevision | undefined,
  trigger: Trigger,
): EFileAssembled | null {
  if (previous?.contentHash === assembly.contentHash) return null;
  const completedBy: CompletedBy =
    trigger.kind === 'forced'
      ? 'forced'
      : !previous
        ? firstEmission(trigger)
        : revisedBecause(previous.content, assembly.content, trigger);
  return {
    ...assembly.content,
    revision: (previous?.revision ?? 0) + 1,
    supersedes: previous?.revision ?? null,
    completedBy,
    contentHash: assembly.contentHash,
    provenance: assembly.provenance,
  };
}

function firstEmission(trigger: Trigger): CompletedBy {
  if (trigger.kind === 'complete' || trigger.kind === 'grace_expired') return trigger.terminal;
  throw new Error(`a first revision needs an ended dossier or an operator, not ${trigger.kind}`);
}

/** A revocation, else a document that was not there, else only metadata changed. */
function revisedBecause(before: EFileContent, after: EFileContent, trigger: Trigger): CompletedBy {
  const was = new Map(before.documents.map((d) => [`${d.source}/${d.sourceId}`, d.status]));
  const status = (d: { source: string; sourceId: string }) => was.get(`${d.source}/${d.sourceId}`);
  if (after.documents.some((d) => d.status === 'revoked' && status(d) !== 'revoked'))
    return 'revoked_document';
  if (after.documents.some((d) => status(d) === undefined)) return 'late_document';
  return (trigger.kind === 'update' && trigger.terminal) || 'forced';
}

/** The file's earlier codes: the previous revision's, and its code if it was reclassified since. */
export function aliasesAfter(previous: PreviousRevision | undefined, fileCode: string): string[] {
  if (!previous) return [];
  const { aliases = [], fileCode: before } = previous.content;
  return before === fileCode ? [...aliases] : [...aliases.filter((a) => a !== fileCode), before];
}
