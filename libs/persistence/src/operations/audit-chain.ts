import { createHash } from 'node:crypto';
import { type AuditRecord } from './operations.entities';

// The audit trail is hash-chained: each entry's hash covers its content and the hash before it, and the
// chain's head is kept apart, so an entry edited, removed or cut from the end shows (hoso audit verify).

/** What an entry says, before it is chained. */
export type AuditInput = Omit<AuditRecord, 'id' | 'previousHash' | 'hash'>;

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

/** The longest result an entry keeps. */
export const MAX_AUDIT_RESULT = 2000;

/** The entry as stored: whole seconds (a DATETIME keeps no more), the result cut to its column. */
export function storedForm(entry: AuditInput): AuditInput {
  return {
    ...entry,
    at: new Date(Math.floor(entry.at.getTime() / 1000) * 1000),
    result: entry.result.slice(0, MAX_AUDIT_RESULT),
  };
}

/** SHA-256 over the previous hash and every field of the entry, in a fixed order. */
export function auditHash(previousHash: string, e: AuditInput): string {
  const fields = [
    previousHash,
    e.at.toISOString(),
    e.actor,
    e.role,
    e.action,
    e.target,
    e.parameters,
    e.outcome,
    e.result,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Where the chain breaks, and how. */
export interface AuditBreak {
  id: string;
  problem: string;
}

/**
 * Checks entries given in id order against the chain: each must follow the hash before it and hash to
 * what it says, and the last must be the head kept apart. Takes the trail a page at a time.
 */
export class ChainCheck {
  readonly breaks: AuditBreak[] = [];
  private previous = GENESIS;
  private count = 0;
  private lastId = '-';

  add(entry: AuditRecord): void {
    this.count += 1;
    this.lastId = String(entry.id);
    if (entry.previousHash !== this.previous)
      this.breaks.push({
        id: this.lastId,
        problem: 'it does not follow the entry before it: one was removed or changed',
      });
    if (auditHash(entry.previousHash ?? '', entry) !== entry.hash)
      this.breaks.push({ id: this.lastId, problem: 'its content does not match its hash: it was changed' });
    this.previous = entry.hash ?? '';
  }

  /** Every break, the end of the chain checked against the head. */
  end(head: { hash: string; entries: number }): { entries: number; breaks: AuditBreak[] } {
    if (this.count !== head.entries)
      this.breaks.push({
        id: this.lastId,
        problem: `the trail holds ${this.count} entries where its head counts ${head.entries}: entries were removed`,
      });
    if (this.previous !== head.hash)
      this.breaks.push({
        id: this.lastId,
        problem:
          "the last entry is not the head's: entries were removed from the end, or the head was changed",
      });
    return { entries: this.count, breaks: this.breaks };
  }
}
