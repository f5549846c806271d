import { EFileAssembled, ofType, subjectOf } from '@hoso/contracts';
import {
  dossierHistory,
  factsOf,
  FILE_PLAN as PLAN,
  type HistoryOptions,
  PLAIN_HISTORY,
  toStored,
} from '@test/fixtures';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { assemble, contentHashOf, onTime, paperFileOf, type SlipDrawer, type SlipFacts } from './assemble';
import { completion, correlate } from './correlation';
import { type StoredEvent } from './facts';
import { fileNotation } from './file-code';
import { planHeadingFor } from './file-plan';
import { emissionTrigger, nextRevision } from './revision';

const BASE: HistoryOptions = { ...PLAIN_HISTORY, seed: 'a1', supplement: true, explicit: true };

function assembled(options: Partial<HistoryOptions> = {}, events?: StoredEvent[]) {
  const all = events ?? dossierHistory({ ...BASE, ...options }).map((e, i) => toStored(e, i));
  const { dossier: facts, documents } = factsOf(all);
  const dossier = facts!;
  const members = correlate(dossier, documents, new Set());
  const plan = planHeadingFor(PLAN, dossier.procedure?.code);
  const file = {
    organId: dossier.agencyCode,
    fileCatalog: '2026',
    fileNotation: fileNotation(42, plan.heading),
  };
  return { dossier, members, assembly: assemble({ dossier, members, plan, file }) };
}

describe('assemble', () => {
  const { assembly } = assembled();
  const { content } = assembly;

  it('should give the file code organId.year.ordinal.heading and each document fileCode + a 7-digit ordinal', () => {
    expect(content).toMatchObject({
      fileCode: '000.00.20.H17.2026.42.XD',
      organId: '000.00.20.H17',
      fileCatalog: '2026',
      fileNotation: '42.XD',
    });
    expect(content.documents.map((d) => d.docCode)).toEqual(
      content.documents.map((_, i) => `000.00.20.H17.2026.42.XD.${String(i + 1).padStart(7, '0')}`),
    );
  });

  it("should carry every document's recipients, priority, arrival and signatures as the document system gave them", () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    const issued = events.find(ofType('vn.qlvb.document.issued.v1'))!;
    const arrival = {
      arrivalNumber: 1024,
      arrivalDate: '2026-03-04',
      fromOrgan: { organId: '000.00.01.H17', organName: 'Sở Xây dựng thành phố Đà Nẵng' },
    };
    const incoming: StoredEvent = {
      ...issued,
      type: 'vn.qlvb.document.received.v1',
      data: { ...issued.data, ...arrival },
    };
    const { assembly: withIncoming } = assembled(
      {},
      events.map((e) => (e === issued ? incoming : e)),
    );
    const { data } = issued;
    const document = withIncoming.content.documents.find((d) => d.sourceId === data.documentId)!;
    expect(document.recipients).toEqual(data.recipients);
    expect(document.recipients.length).toBeGreaterThan(0);
    expect(document.priority).toBe(data.priority ?? null);
    expect(document.file.signatures).toEqual(data.file.signatures ?? []);
    expect(document.arrival).toEqual({ number: 1024, date: '2026-03-04', fromOrgan: arrival.fromOrgan });
    const papers = withIncoming.content.documents.filter((d) => d.source === 'motcua');
    expect(papers.map((d) => [d.recipients, d.priority, d.arrival])).toEqual(
      papers.map(() => [[], null, null]),
    );
  });

  it('should carry where an edXML document was issued, by when, and its trace, and add nothing to others', () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    const issued = events.find(ofType('vn.qlvb.document.issued.v1'))!;
    const extra = {
      place: 'Đà Nẵng',
      dueDate: '2026-03-20',
      trace: [{ organId: '000.00.20.H17', at: '2026-03-05T14:30:00+07:00' }],
    };
    const { assembly: fromEdxml } = assembled(
      {},
      events.map((e) => (e === issued ? { ...issued, data: { ...issued.data, ...extra } } : e)),
    );
    const document = fromEdxml.content.documents.find((d) => d.sourceId === issued.data.documentId)!;
    expect(document).toMatchObject(extra);
    // A file whose events say none of it has none of these members, so its hash is what it was.
    expect(content.documents.every((d) => !('place' in d || 'dueDate' in d || 'trace' in d))).toBe(true);
    expect(contentHashOf(fromEdxml.content)).not.toBe(contentHashOf(content));
  });

  it('should order documents by date, then by role (application, supplement, intermediate, result, notice), from 1', () => {
    expect(content.documents.map((d) => [d.docOrdinal, d.role, d.issuedDate])).toEqual([
      [1, 'application', '2026-03-02'],
      [2, 'supplement', '2026-03-04'],
      [3, 'result', '2026-03-05'],
      [4, 'notice', '2026-03-05'],
    ]);
  });

  it('should take heading, retention, access mode and title from the file plan', () => {
    expect(content.maintenance).toEqual({ code: '01', label: 'Vĩnh viễn' });
    expect(content.mode).toBe('02');
    expect(content.title).toBe('Hồ sơ Cấp giấy phép xây dựng nhà ở riêng lẻ của Nguyễn Thị Minh Anh');
    expect([content.classified, content.unknownFields, content.aliases]).toEqual([true, [], []]);
  });

  it('should total documents and pages, and date the file by its documents, not by its events', () => {
    expect(content.docTotal).toBe(4);
    expect(content.pageTotal).toBe(content.documents.reduce((sum, d) => sum + d.pageCount, 0));
    // The result was returned on 03-06, but the last document is of 03-05 (Decree 30/2020 Appendix VI).
    expect([content.startDate, content.endDate]).toEqual(['2026-03-02', '2026-03-05']);
  });

  it('should call a document the resolution named a result, whichever rule brought it into the file', () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    const alsoExplicit = events.map((e) =>
      ofType('vn.qlvb.document.issued.v1')(e) && e.data.documentId.includes('.R.')
        ? { ...e, data: { ...e.data, relatedDossierCodes: [subjectOf(events[0]!)] } }
        : e,
    );
    const { members, assembly: explicit } = assembled({}, alsoExplicit);
    expect(members.find((m) => m.document.documentId.includes('.R.'))?.rule).toBe('explicit');
    expect(explicit.content.documents.filter((d) => d.role === 'result')).toHaveLength(1);
  });

  it("should restrict access to a file with an applicant's personal data unless the plan entry says otherwise", () => {
    const unplanned = { ...PLAN.entries[0]!, mode: undefined };
    const plan = { ...planHeadingFor({ ...PLAN, entries: [unplanned] }, '1.001193') };
    const { dossier, members } = assembled();
    const file = { organId: dossier.agencyCode, fileCatalog: '2026', fileNotation: '01.XD' };
    expect(assemble({ dossier, members, plan, file }).content.mode).toBe('02');
    const company = {
      ...dossier,
      received: { ...dossier.received!, applicant: { kind: 'organization' as const, fullName: 'Công ty A' } },
    };
    expect(assemble({ dossier: company, members, plan, file }).content.mode).toBe('01');
  });

  it('should date a file forced with no document and no receipt by its events', () => {
    const events = dossierHistory({ ...BASE, terminal: null, results: 0, explicit: false }).map((e, i) =>
      toStored(e, i),
    );
    const onlyRequest = events.filter((e) => e.type === 'vn.motcua.dossier.supplement-requested.v1');
    const { content: forced } = assembled({}, onlyRequest).assembly;
    expect([forced.docTotal, forced.startDate, forced.endDate]).toEqual([0, '2026-03-03', '2026-03-03']);
  });

  it('should mark what it could not know, and never make a title up from missing facts', () => {
    const events = dossierHistory({ ...BASE, terminal: 'refused' }).map((e, i) => toStored(e, i));
    const withoutReceipt = events.filter((e) => e.type !== 'vn.motcua.dossier.received.v1');
    const { content: late } = assembled({}, withoutReceipt).assembly;
    expect(late.fileNotation).toBe('42.TTHC');
    expect(late.title).toBe('Hồ sơ 000.00.20.H17-260302-a1');
    expect(late.maintenance).toBeNull();
    expect(late.classified).toBe(false);
    expect(late.unknownFields).toEqual([
      'dossier.procedureCode',
      'dossier.procedureName',
      'dossier.applicant',
      'dossier.channel',
      'dossier.receivedAt',
      'dossier.dueAt',
      'maintenance',
    ]);
  });

  it('should call a file of digitized and born-digital records mixed (03)', () => {
    expect(content.documents.map((d) => d.confidenceLevel)).toEqual(['02', '01', '01', '01']);
    expect(content.confidenceLevel).toBe('03');
  });

  it('should describe the paper file a digitized file was scanned from, in its worst condition', () => {
    expect(content.documents.map((d) => d.paperOriginal?.sheets ?? null)).toEqual([2, null, null, null]);
    expect(content.paperFile).toEqual({ paperFileCode: content.fileCode, sheets: 2, condition: '01' });
    const original = (sheets: number, condition: '01' | '02' | '03') => ({
      paperOriginal: { sheets, condition, location: 'Hộp 1' },
    });
    expect(
      paperFileOf('X', [original(2, '02'), { paperOriginal: null }, original(5, '03'), original(1, '01')]),
    ).toEqual({ paperFileCode: 'X', sheets: 8, condition: '03' });
    expect(paperFileOf('X', [{ paperOriginal: null }])).toBeNull();
  });

  it('should mark the paper file unknown when a scanned component describes no paper original', () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    for (const e of events) {
      for (const c of 'components' in e.data ? e.data.components : []) delete c.paperOriginal;
    }
    const { content: bare } = assembled({}, events).assembly;
    expect([bare.paperFile, bare.unknownFields]).toEqual([null, ['paperFile']]);
  });

  it('should date and attribute a handed-in paper by its issuer when the desk recorded one', () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    const received = events.find(ofType('vn.motcua.dossier.received.v1'))!;
    Object.assign(received.data.components[0]!, {
      issuer: 'UBND phường Hải Châu',
      issuedDate: '2025-11-20',
    });
    const paper = assembled({}, events).assembly.content.documents[0]!;
    expect([paper.organName, paper.issuedDate]).toEqual(['UBND phường Hải Châu', '2025-11-20']);
  });

  it('should satisfy the output contract, legal lengths included', () => {
    const event = plainToInstance(EFileAssembled, {
      ...content,
      revision: 1,
      supersedes: null,
      completedBy: 'result_returned',
      contentHash: assembly.contentHash,
      provenance: assembly.provenance,
    });
    expect(validateSync(event)).toEqual([]);
  });

  it('should give the same content hash for the same facts in another order', () => {
    const events = dossierHistory(BASE).map((e, i) => toStored(e, i));
    const reversed = assembled({}, [...events].reverse());
    expect(reversed.assembly.contentHash).toBe(assembly.contentHash);
  });

  it('should mark a revoked document, which changes the content hash', () => {
    const revoked = assembled({ revoke: true }).assembly;
    expect(revoked.content.documents.find((d) => d.role === 'result')?.status).toBe('revoked');
    expect(revoked.contentHash).not.toBe(assembly.contentHash);
  });

  it('should fall to the default heading for a procedure the plan does not list', () => {
    expect(planHeadingFor(PLAN, '9.999999')).toMatchObject({ heading: 'TTHC', classified: false });
    expect(planHeadingFor(PLAN, '1.001193')).toMatchObject({ heading: 'XD', classified: true });
  });
});

describe('the processing-control slip', () => {
  const facts: SlipFacts[] = [];
  // A drawer of the slip's shape: a digest of what it is drawn from, so a change of facts shows.
  const drawSlip: SlipDrawer = (slipFacts, organName) => {
    facts.push(slipFacts);
    const sha256 = contentHashOf({ ...slipFacts, organName } as never);
    return { sizeBytes: 4321, sha256, pages: 2, date: slipFacts.processing.at(-1)!.at.slice(0, 10) };
  };
  const world = assembled();
  const plan = planHeadingFor(PLAN, world.dossier.procedure?.code);
  const file = {
    organId: world.dossier.agencyCode,
    fileCatalog: '2026',
    fileNotation: fileNotation(42, plan.heading),
  };
  const { content } = assemble({ dossier: world.dossier, members: world.members, plan, file, drawSlip });
  const without = world.assembly.content;

  it('should be the last document, drawn from the file code, dossier and history under the agency name', () => {
    const slip = content.documents.at(-1)!;
    expect(content.documents.slice(0, -1)).toEqual(without.documents);
    expect(slip).toMatchObject({
      docOrdinal: without.docTotal + 1,
      docCode: `${content.fileCode}.${String(without.docTotal + 1).padStart(7, '0')}`,
      role: 'processing_slip',
      source: 'bridge',
      typeCode: '32',
      subject: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      organName: world.dossier.received!.agencyName,
      issuedDate: without.processing.at(-1)!.at.slice(0, 10),
      pageCount: 2,
      confidenceLevel: '01',
      file: { mediaType: 'application/pdf', sizeBytes: 4321 },
    });
    expect(slip.file.uri).toBeUndefined();
    expect(facts.at(-1)).toEqual({
      fileCode: content.fileCode,
      organId: content.organId,
      dossier: content.dossier,
      processing: content.processing,
    });
  });

  it('should be counted in the totals and dates, and keep the output contract', () => {
    expect([content.docTotal, content.pageTotal]).toEqual([without.docTotal + 1, without.pageTotal + 2]);
    expect(content.endDate >= without.endDate).toBe(true);
    expect(
      validateSync(
        plainToInstance(EFileAssembled, {
          ...content,
          revision: 1,
          supersedes: null,
          completedBy: 'result_returned',
          contentHash: 'a'.repeat(64),
          provenance: [],
        }),
      ),
    ).toEqual([]);
  });
});

describe('onTime', () => {
  const { dossier } = assembled();

  it('should be on time when processing ended by the appointment date with one supplement request', () => {
    expect(onTime(dossier)).toBe(true);
  });

  it('should be late after a second supplement request', () => {
    expect(
      onTime({
        ...dossier,
        supplementRequests: [...dossier.supplementRequests, dossier.supplementRequests[0]!],
      }),
    ).toBe(false);
  });

  it('should be late when processing ended after the appointment date', () => {
    expect(
      onTime({ ...dossier, received: { ...dossier.received!, dueAt: '2026-03-04T17:00:00+07:00' } }),
    ).toBe(false);
  });

  it('should be unknown without an appointment date or an end', () => {
    expect(onTime({ ...dossier, received: undefined })).toBeNull();
  });
});

describe('revisions', () => {
  const { dossier, members, assembly } = assembled();
  const state = completion(dossier, members);
  const previous = (a = assembly) => ({ revision: 1, contentHash: a.contentHash, content: a.content });

  it('should emit revision 1, completed by the way the dossier ended, once it is complete', () => {
    const trigger = emissionTrigger(dossier, state, false, { graceExpired: false, forced: false });
    expect(nextRevision(assembly, undefined, trigger!)).toMatchObject({
      revision: 1,
      supersedes: null,
      completedBy: 'result_returned',
    });
  });

  it('should emit nothing again while the content stays the same', () => {
    expect(nextRevision(assembly, previous(), { kind: 'update' })).toBeNull();
    expect(nextRevision(assembly, previous(), { kind: 'forced' })).toBeNull();
  });

  it('should emit revision 2 for a late document, and for a revocation say so', () => {
    const withoutExplicit = assembled({ explicit: false }).assembly;
    expect(nextRevision(assembly, previous(withoutExplicit), { kind: 'update' })).toMatchObject({
      revision: 2,
      supersedes: 1,
      completedBy: 'late_document',
    });
    const revoked = assembled({ revoke: true }).assembly;
    expect(nextRevision(revoked, previous(), { kind: 'update' })).toMatchObject({
      revision: 2,
      completedBy: 'revoked_document',
    });
  });

  it('should keep the way the dossier ended when only metadata changed (a new file plan)', () => {
    const retitled = { ...assembly.content, title: 'Hồ sơ khác' };
    const changed = { ...assembly, content: retitled, contentHash: contentHashOf(retitled) };
    expect(nextRevision(changed, previous(), { kind: 'update', terminal: 'result_returned' })).toMatchObject({
      revision: 2,
      completedBy: 'result_returned',
    });
    expect(nextRevision(changed, previous(), { kind: 'update' })).toMatchObject({ completedBy: 'forced' });
  });

  it.each([
    ['an ended, complete dossier', { terminal: 'returned' }, {}, 'complete'],
    ['a dossier that has not ended', { terminal: null }, {}, undefined],
    ['an ended dossier missing a named document', { results: 2 }, {}, undefined],
    ['the same after the grace period', { results: 2 }, { graceExpired: true }, 'grace_expired'],
    ['an operator forcing it', { terminal: null }, { forced: true }, 'forced'],
    ['a returned dossier whose receipt is late', { received: false }, {}, undefined],
    ['the same after the grace period', { received: false }, { graceExpired: true }, 'grace_expired'],
    [
      'a dossier refused at the desk, its procedure on the refusal',
      { received: false, terminal: 'refused', procedureOnEnding: true },
      {},
      'complete',
    ],
    [
      'a dossier refused with neither receipt nor procedure',
      { received: false, terminal: 'refused' },
      {},
      undefined,
    ],
  ] as Array<[string, Partial<HistoryOptions>, object, string | undefined]>)(
    'should decide the trigger for %s',
    (_label, options, flags, expected) => {
      const world = assembled(options);
      const partial =
        options.results === 2
          ? world.members.filter((m) => !m.document.documentId.endsWith('.1'))
          : world.members;
      const trigger = emissionTrigger(world.dossier, completion(world.dossier, partial), false, {
        graceExpired: false,
        forced: false,
        ...flags,
      });
      expect(trigger?.kind).toBe(expected);
    },
  );
});
