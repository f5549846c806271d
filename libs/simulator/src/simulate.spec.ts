import { createHash } from 'node:crypto';
import { checkOutput, type EmittedFile } from './check';
import { parseSimulatedFilePath, simulatedFile } from './files';
import { DEFAULT_SIMULATION, simulate } from './simulate';

describe('simulate', () => {
  const options = { ...DEFAULT_SIMULATION, agencies: 3, dossiers: 40 };

  it('should give the same messages and truth for the same seed, and others for another', () => {
    const a = simulate(options);
    const b = simulate(options);
    expect(b.messages).toEqual(a.messages);
    expect(b.truth).toEqual(a.truth);
    expect(simulate({ ...options, seed: 2 }).messages).not.toEqual(a.messages);
  });

  it('should count what it sends, and use its knobs', () => {
    const { messages, truth } = simulate({ ...options, duplicates: 0.2, malformed: 0.1, nfd: 0.5 });
    expect(truth.counts.messages).toBe(messages.length);
    expect(truth.counts.duplicates).toBeGreaterThan(0.1 * truth.counts.accepted);
    const bad = Object.values(truth.counts.deadLetters).reduce((n, c) => n + c, 0);
    expect(bad).toBe(messages.length - truth.counts.accepted - truth.counts.duplicates);
    expect(bad).toBeGreaterThan(0.05 * truth.counts.accepted);
    expect(messages.some((m) => m.value.toString().normalize('NFC') !== m.value.toString())).toBe(true);
    expect(messages.some((m) => m.headers.ce_id !== undefined)).toBe(true);
  });

  it('should vary the dossiers: open, refused, withdrawn, stopped, returned, with late and revoked documents', () => {
    const { truth } = simulate({ ...options, agencies: 6, lateDocuments: 0.2, revocations: 0.2 });
    const endings = new Set(truth.dossiers.map((d) => d.endedBy));
    expect(endings).toEqual(new Set([null, 'refused', 'withdrawn', 'stopped', 'result_returned']));
    const documents = truth.dossiers.flatMap((d) => Object.entries(d.documents));
    expect(documents.some(([id]) => id.startsWith('motcua/'))).toBe(true);
    expect(documents.some(([, status]) => status === 'revoked')).toBe(true);
    expect(truth.unrelatedDocuments.length).toBeGreaterThan(0);
  });

  it('should give dossiers lawful codes (Circular 01/2018/TT-VPCP Article 19), unique per seed, and name the procedure on some endings', () => {
    const lawful = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;
    const codes = simulate(options).truth.dossiers.map((d) => d.dossierCode);
    expect(codes.filter((c) => !lawful.test(c))).toEqual([]);
    expect(codes[0]).toMatch(/^000\.00\.10\.H17-\d{6}-1001$/);
    const other = new Set(simulate({ ...options, seed: 2 }).truth.dossiers.map((d) => d.dossierCode));
    expect(codes.filter((c) => other.has(c))).toEqual([]);
    expect(() => simulate({ ...options, dossiers: 1001 })).toThrow(/at most 1000 dossiers/);
    const { messages } = simulate({ ...options, malformed: 0, binary: 0 });
    const endings = messages
      .map((m) => JSON.parse(m.value.toString()) as { type: string; data: { procedure?: unknown } })
      .filter((e) => /refused|withdrawn|stopped|resolved|result-returned/.test(e.type));
    expect(endings.some((e) => e.data.procedure)).toBe(true);
    expect(endings.some((e) => !e.data.procedure)).toBe(true);
  });

  it('should point every file at a document store that serves bytes of the size and SHA-256 the events give', () => {
    const store = 'http://127.0.0.1:3901';
    const stored = simulate({ ...options, malformed: 0, binary: 0, nfd: 0, fileStore: store });
    const plain = simulate({ ...options, malformed: 0, binary: 0, nfd: 0 });
    const filesOf = (messages: typeof stored.messages) =>
      messages.flatMap((m) => {
        const { data } = JSON.parse(m.value.toString()) as {
          data: { file?: StoredFile; components?: StoredFile[] };
        };
        return [...(data.file ? [data.file] : []), ...(data.components ?? [])];
      });
    const files = filesOf(stored.messages);
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.digitized) && files.some((f) => !f.digitized)).toBe(true);
    for (const file of files) {
      const path = parseSimulatedFilePath(new URL(file.uri!).pathname)!;
      const kind = file.digitized ? 'scan' : 'document';
      expect(file.uri!.startsWith(`${store}/${file.digitized ? 'scans' : 'files'}/`)).toBe(true);
      expect(path).toEqual({ fileName: file.fileName, size: file.sizeBytes, kind });
      const bytes = simulatedFile(path.fileName, path.size, kind);
      expect(bytes.length).toBe(file.sizeBytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
    // Only the files differ from a simulation without a store.
    expect(filesOf(plain.messages).map((f) => [f.fileName, f.sizeBytes])).toEqual(
      files.map((f) => [f.fileName, f.sizeBytes]),
    );
    expect(stored.truth.dossiers).toEqual(plain.truth.dossiers);
  });
});

interface StoredFile {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  uri?: string;
  digitized?: boolean;
}

describe('checkOutput', () => {
  const { messages, truth } = simulate({ ...DEFAULT_SIMULATION, agencies: 1, dossiers: 20, malformed: 0.1 });
  const delivery = {
    expected: Object.fromEntries(messages.map((m, i) => [`${m.topic}/0/${i}`, m.expect])),
  };
  const deadLetters = Object.entries(delivery.expected)
    .filter(([, e]) => e !== 'accepted' && e !== 'duplicate')
    .map(([from, reason]) => ({ from, reason }));
  // What a perfect bridge emits: one revision per filed dossier, with exactly the expected documents and,
  // last, its processing-control slip.
  const perfect: EmittedFile[] = truth.dossiers
    .filter((d) => d.endedBy !== null)
    .map((d, i) => ({
      fileCode: `000.00.10.H17.2026.${String(i + 1).padStart(2, '0')}.HT`,
      revision: 1,
      completedBy: d.endedBy!,
      contentHash: String(i),
      classified: true,
      dossier: { dossierCode: d.dossierCode },
      documents: [
        ...Object.entries(d.documents).map(([id, status]) => {
          const [source, ...rest] = id.split('/');
          return { source: source!, sourceId: rest.join('/'), status };
        }),
        { source: 'bridge', sourceId: `${d.dossierCode}/processing-slip`, status: 'active' },
      ],
    }));

  it('should pass the output the truth describes', () => {
    expect(checkOutput(truth, delivery, perfect, deadLetters).ok).toBe(true);
  });

  it('should report a missing file, a duplicate, a lost document, a missing slip and a lost dead letter', () => {
    const [first, second, third, ...rest] = perfect;
    const report = checkOutput(
      truth,
      delivery,
      [
        { ...second!, documents: second!.documents.slice(1) },
        { ...third!, documents: third!.documents.slice(0, -1) },
        ...rest,
        rest[0]!,
      ],
      deadLetters.slice(1),
    );
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([first!.dossier.dossierCode]);
    expect(report.duplicates).toEqual([`${rest[0]!.fileCode}#1 ×2`]);
    expect(report.wrongDocuments.map((w) => [w.dossierCode, w.missing.length])).toEqual([
      [second!.dossier.dossierCode, 1],
      [third!.dossier.dossierCode, 1],
    ]);
    expect(report.wrongDocuments[1]!.missing).toEqual(['bridge/processing-slip']);
    expect(deadLetters.length).toBeGreaterThan(1);
    expect(report.deadLetters.missing).toEqual([
      `${deadLetters[0]!.from} ${deadLetters[0]!.reason} (got none)`,
    ]);
  });
});
