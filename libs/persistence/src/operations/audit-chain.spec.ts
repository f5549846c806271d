import { type AuditInput, auditHash, ChainCheck, GENESIS, storedForm } from './audit-chain';
import { type AuditRecord } from './operations.entities';

const input = (n: number): AuditInput => ({
  at: new Date(Date.UTC(2026, 11, 7, 8, 0, n)),
  actor: 'le.thi.xem',
  role: 'viewer',
  action: 'dlq.read',
  target: String(n),
  parameters: '{}',
  outcome: 'ok',
  result: 'read',
});

/** A chain of n entries, each linked to the one before. */
function chain(n: number): AuditRecord[] {
  const entries: AuditRecord[] = [];
  let previous = GENESIS;
  for (let i = 1; i <= n; i += 1) {
    const hash = auditHash(previous, input(i));
    entries.push({ ...input(i), id: String(i), previousHash: previous, hash });
    previous = hash;
  }
  return entries;
}

const check = (entries: AuditRecord[], head: { hash: string; entries: number }) => {
  const c = new ChainCheck();
  entries.forEach((e) => c.add(e));
  return c.end(head);
};

describe('the audit chain', () => {
  const entries = chain(5);
  const head = { hash: entries.at(-1)!.hash!, entries: 5 };

  it('should hold when nothing was touched', () => {
    expect(check(entries, head)).toEqual({ entries: 5, breaks: [] });
  });

  it('should find a changed field, whatever the field', () => {
    for (const field of ['actor', 'role', 'action', 'target', 'parameters', 'outcome', 'result'] as const) {
      const changed = entries.map((e) => (e.id === '2' ? { ...e, [field]: 'changed' } : e));
      expect([field, check(changed, head).breaks.map((b) => b.id)]).toEqual([field, ['2']]);
    }
    const earlier = entries.map((e) => (e.id === '2' ? { ...e, at: new Date(e.at.getTime() - 1000) } : e));
    expect(check(earlier, head).breaks.map((b) => b.id)).toEqual(['2']);
  });

  it('should find an entry removed from the middle, and entries cut from the end', () => {
    const middle = check(
      entries.filter((e) => e.id !== '3'),
      head,
    ).breaks;
    expect(middle.map((b) => [b.id, b.problem.split(':')[0]])).toEqual([
      ['4', 'it does not follow the entry before it'],
      ['5', 'the trail holds 4 entries where its head counts 5'],
    ]);
    const cut = check(entries.slice(0, 3), head).breaks;
    expect(cut.map((b) => [b.id, b.problem.split(':')[0]])).toEqual([
      ['3', 'the trail holds 3 entries where its head counts 5'],
      ['3', "the last entry is not the head's"],
    ]);
  });

  it('should keep what a DATETIME keeps: whole seconds, and the result cut to its column', () => {
    const stored = storedForm({
      ...input(1),
      at: new Date('2026-12-07T08:00:01.999Z'),
      result: 'r'.repeat(2100),
    });
    expect([stored.at.toISOString(), stored.result.length]).toEqual(['2026-12-07T08:00:01.000Z', 2000]);
  });
});
