import { dossierHistory, factsOf, type HistoryOptions, PLAIN_HISTORY, toStored } from '@test/fixtures';
import fc from 'fast-check';
import { completion, correlate, fits, fittingPairs, suggests } from './correlation';
import { type DocumentFacts, dossierFacts, type DossierFacts, filingYear } from './facts';

const BASE: HistoryOptions = { ...PLAIN_HISTORY, seed: 'c1' };

/** Facts of one history: its dossier and every document it mentions. */
function world(options: Partial<HistoryOptions> = {}): { dossier: DossierFacts; documents: DocumentFacts[] } {
  const { dossier, documents } = factsOf(dossierHistory({ ...BASE, ...options }).map(toStored));
  return { dossier: dossier!, documents };
}

const rules = (members: ReturnType<typeof correlate>) =>
  Object.fromEntries(members.map((m) => [m.document.documentId.split('.')[4]!, m.rule]));

describe('correlate', () => {
  it('should link a result document named only by its number and notation (rule 2)', () => {
    const { dossier, documents } = world();
    expect(rules(correlate(dossier, documents, new Set()))).toEqual({ R: 'named' });
  });

  it.each([1, 2, 3, 4])('should link a result document named in notation style %i', (style) => {
    const { dossier, documents } = world({ styles: [style] });
    expect(rules(correlate(dossier, documents, new Set()))).toEqual({ R: 'named' });
  });

  it('should link a document that names the dossier, or that an official attached (rule 1)', () => {
    const { dossier, documents } = world({ results: 0, explicit: true, linked: true });
    expect(rules(correlate(dossier, documents, new Set()))).toEqual({ E: 'explicit', L: 'explicit' });
  });

  it('should link a document replying to a member, and a member replying to it (rule 3)', () => {
    const { dossier, documents } = world({ reply: true });
    expect(rules(correlate(dossier, documents, new Set()))).toEqual({ R: 'named', Y: 'reply_chain' });
    // The other direction: the member is the reply, the document it answers joins.
    const answered = documents.map((d) =>
      d.documentId.includes('.Y.') ? { ...d, explicitDossiers: [dossier.dossierCode] } : d,
    );
    const withoutNaming = { ...dossier, namedKeys: [] };
    expect(rules(correlate(withoutNaming, answered, new Set()))).toEqual({ R: 'reply_chain', Y: 'explicit' });
  });

  it('should link a document an operator confirmed, and nothing merely suggested', () => {
    const { dossier, documents } = world({ results: 0, noise: true });
    const noise = documents.find((d) => d.documentId.includes('.N.'))!;
    expect(correlate(dossier, documents, new Set())).toEqual([]);
    expect(rules(correlate(dossier, documents, new Set([noise.documentId])))).toEqual({ N: 'confirmed' });
  });

  it('should leave out a document of another agency with the same notation', () => {
    const { dossier, documents } = world({ noise: true });
    expect(Object.keys(rules(correlate(dossier, documents, new Set())))).toEqual(['R']);
  });

  it('should wait for a document whose own issued event has not come yet', () => {
    const { dossier, documents } = world({ linked: true, results: 0 });
    const onlyTheLink = documents.map((d) => ({ ...d, base: undefined }));
    expect(correlate(dossier, onlyTheLink, new Set())).toEqual([]);
  });
});

describe('completion', () => {
  it('should complete an ended dossier once every named result document is in its file', () => {
    const { dossier, documents } = world({ results: 2, styles: [1, 2] });
    expect(completion(dossier, correlate(dossier, documents, new Set()))).toEqual({
      missingNamed: [],
      awaitingResolution: false,
      awaitingReceipt: false,
      awaitingProcedure: false,
      complete: true,
    });
    const first = documents.filter((d) => d.documentId.endsWith('.0'));
    expect(completion(dossier, correlate(dossier, first, new Set()))).toMatchObject({
      complete: false,
      missingNamed: [expect.stringMatching(/1\/QD-UBND$/)],
    });
  });

  it.each(['returned', 'refused', 'withdrawn', 'stopped'] as const)(
    'should treat %s as an end',
    (terminal) => {
      const { dossier, documents } = world({ terminal });
      expect(completion(dossier, correlate(dossier, documents, new Set())).complete).toBe(true);
    },
  );

  it('should date a file by its receipt, else its end, and give no year to a dossier only documents named', () => {
    const { dossier } = world({});
    expect(filingYear(dossier)).toBe(2026);
    expect(filingYear(dossierFacts('000.00.20.H17-260302-0001', []))).toBeUndefined();
  });

  it('should wait for the receipt of a dossier that was received, and for its procedure', () => {
    const late = world({ received: false });
    expect(completion(late.dossier, correlate(late.dossier, late.documents, new Set()))).toMatchObject({
      awaitingReceipt: true,
      awaitingProcedure: true,
      complete: false,
    });
    const refused = world({ received: false, terminal: 'refused', procedureOnEnding: true });
    expect(refused.dossier.procedure?.code).toBe('1.001193');
    expect(
      completion(refused.dossier, correlate(refused.dossier, refused.documents, new Set())),
    ).toMatchObject({
      awaitingReceipt: false,
      awaitingProcedure: false,
      complete: true,
    });
  });

  it('should wait for the resolution of a dossier whose result was returned, as it names the results', () => {
    const { dossier, documents } = world({ results: 0 });
    const withoutResolution = { ...dossier, resolved: undefined, namedKeys: [] };
    expect(completion(withoutResolution, correlate(withoutResolution, documents, new Set()))).toMatchObject({
      awaitingResolution: true,
      complete: false,
    });
  });

  it('should not complete a dossier that has not ended', () => {
    const { dossier, documents } = world({ terminal: null });
    expect(completion(dossier, correlate(dossier, documents, new Set())).complete).toBe(false);
  });
});

describe('suggests (rule 4)', () => {
  const { dossier, documents } = world({ results: 0, explicit: true });
  const [document] = documents;
  const withSubject = (
    subject: string,
    issuedDate = '2026-03-10',
    agencyCode = dossier.agencyCode,
  ): DocumentFacts => ({
    ...document!,
    base: { kind: 'issued', data: { ...document!.base!.data, subject, issuedDate, agencyCode } },
  });

  it('should suggest a document whose subject names the applicant, even without diacritics', () => {
    expect(suggests(dossier, withSubject('Cap giay phep cho ba NGUYEN THI MINH ANH tai Hai Chau'))).toBe(
      true,
    );
  });

  it.each([
    ['another name', withSubject('Cấp giấy phép cho ông Lê Văn Tám')],
    ['another agency', withSubject('Cấp phép cho bà Nguyễn Thị Minh Anh', '2026-03-10', '000.00.31.H17')],
    ['issued before receipt', withSubject('Cấp phép cho bà Nguyễn Thị Minh Anh', '2026-03-01')],
    [
      'issued over 30 days after the due date',
      withSubject('Cấp phép cho bà Nguyễn Thị Minh Anh', '2026-04-16'),
    ],
  ])('should not suggest a document with %s', (_label, candidate) => {
    expect(suggests(dossier, candidate)).toBe(false);
  });
});

describe('fittingPairs (rule 4 over many)', () => {
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);
  const agency = fc.constantFrom('A', 'B', 'C');
  const name = fc.constantFrom('an', 'binh', 'chau');
  const profile = fc
    .record({ agencyCode: agency, applicantKey: name, from: day, until: day, id: fc.nat() })
    .map((p) => (p.from <= p.until ? p : { ...p, from: p.until, until: p.from }));
  const target = fc.record({
    agencyCode: agency,
    subjectKey: fc.array(name, { maxLength: 3 }).map((names) => `cap phep ${names.join(' ')}`),
    issuedDate: day,
    id: fc.nat(),
  });

  it('should find exactly the pairs that fit, as trying every pair would', () => {
    fc.assert(
      fc.property(fc.array(profile, { maxLength: 20 }), fc.array(target, { maxLength: 40 }), (ps, ts) => {
        const key = ({
          profile: p,
          target: t,
        }: {
          profile: (typeof ps)[number];
          target: (typeof ts)[number];
        }) => `${ps.indexOf(p)}/${ts.indexOf(t)}`;
        const everyPair = ps.flatMap((p) =>
          ts.filter((t) => fits(p, t)).map((t) => ({ profile: p, target: t })),
        );
        expect(fittingPairs(ps, ts).map(key).sort()).toEqual(everyPair.map(key).sort());
      }),
    );
  });
});
