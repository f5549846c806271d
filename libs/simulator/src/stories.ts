import { type Random } from './random';
import { type Agency, citizen, PROCEDURES } from './world';

/** An event as a partner system means it, before the simulation spells it or breaks it. */
export interface StoryEvent {
  topic: 'dossier' | 'document';
  /** Event time, ms since the epoch. */
  at: number;
  id: string;
  source: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** How a dossier must end up: filed with exactly these documents, or not filed at all. */
export interface ExpectedDossier {
  dossierCode: string;
  agencyCode: string;
  /** How the dossier ended, the first revision's `completedBy`; null: still open, no file. */
  endedBy: 'result_returned' | 'refused' | 'withdrawn' | 'stopped' | null;
  /** `source/sourceId` → status, of the last revision. */
  documents: Record<string, 'active' | 'revoked'>;
}

export interface StoryKnobs {
  /** Share of result documents the document system sends without `relatedDossierCodes`. */
  namedOnly: number;
  lateDocuments: number;
  revocations: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MOTCUA = 'urn:motcua:000.00.00.H17';

/** RFC 3339 in Vietnam's offset, as the partners write it. */
export function vnTime(ms: number): string {
  return `${new Date(ms + 7 * HOUR).toISOString().slice(0, 19)}+07:00`;
}
const vnDate = (ms: number) => vnTime(ms).slice(0, 10);

/** Most dossiers one agency receives in a day: the daily number has 4 digits. */
export const MAX_DAILY_DOSSIERS = 9999;

/**
 * A dossier code as Circular 01/2018/TT-VPCP Article 19 gives it, V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX:
 * the receiving unit's code, the day of receipt, and the dossier's 4-digit number in that day.
 */
export function dossierCodeOf(agencyCode: string, receivedAt: number, dailyNumber: number): string {
  if (!Number.isInteger(dailyNumber) || dailyNumber < 1 || dailyNumber > MAX_DAILY_DOSSIERS)
    throw new Error(`a dossier's daily number is 1 to ${MAX_DAILY_DOSSIERS}, not ${dailyNumber}`);
  return `${agencyCode}-${vnDate(receivedAt).slice(2).replaceAll('-', '')}-${String(dailyNumber).padStart(4, '0')}`;
}

/** Numbers of each agency's documents, in issue order; each seed numbers from its own block. */
export class Registers {
  private readonly next = new Map<string, number>();
  constructor(private readonly seed: number) {}

  take(agency: string): number {
    const n = (this.next.get(agency) ?? this.seed * 100_000) + 1;
    this.next.set(agency, n);
    return n;
  }
}

/**
 * One dossier's life at one agency: received (sometimes asked to supplement, transferred), then mostly
 * resolved with one or two decisions that the document system issues and the desk returns; some are refused,
 * withdrawn, stopped, or still open. Documents may reach it through a reply chain or an official's link,
 * arrive after the file was made, or be revoked.
 */
export function dossierStory(
  random: Random,
  agency: Agency,
  dayStart: number,
  sequence: number,
  registers: Registers,
  knobs: StoryKnobs,
): { events: StoryEvent[]; expected: ExpectedDossier } {
  const procedure = random.pick(PROCEDURES);
  const applicant = citizen(random);
  const receivedAt = dayStart + 7.5 * HOUR + random.int(0, 9 * 60) * 60_000;
  const dossierCode = dossierCodeOf(agency.code, receivedAt, sequence);
  const events: StoryEvent[] = [];
  const documents: ExpectedDossier['documents'] = {};
  const named = { code: procedure.code, name: procedure.name, sector: procedure.sector };
  // Half the time the one-stop side names the procedure on an ending event too (docs/events.md section 3).
  const ending = (data: Record<string, unknown>) =>
    random.chance(0.5) ? { ...data, procedure: named } : data;
  const motcua = (type: string, at: number, data: Record<string, unknown>) =>
    events.push({
      topic: 'dossier',
      at,
      id: random.uuid(),
      source: MOTCUA,
      type: `vn.motcua.dossier.${type}.v1`,
      subject: dossierCode,
      data: { dossierCode, agencyCode: agency.code, ...data },
    });
  const component = (name: string, id: string, issued?: { issuer: string; issuedDate: string }) => {
    documents[`motcua/${dossierCode}/${id}`] = 'active';
    const pageCount = random.int(1, 12);
    const digitized = random.chance(0.6);
    return {
      componentId: id,
      name,
      fileName: `${id.toLowerCase()}.pdf`,
      mediaType: 'application/pdf',
      sizeBytes: random.int(40_000, 2_000_000),
      sha256: random.hex(64),
      pageCount,
      digitized,
      ...issued,
      // The desk keeps the paper it scanned, printed on both sides or one, now and then worn.
      ...(digitized && {
        paperOriginal: {
          sheets: random.chance(0.5) ? Math.ceil(pageCount / 2) : pageCount,
          condition: random.pick(['01', '01', '01', '02', '02', '03']),
          location: `Bộ phận Một cửa ${agency.name}, hộp ${vnTime(receivedAt).slice(0, 7)}`,
        },
      }),
    };
  };
  const dueAt = receivedAt + procedure.days * DAY;
  motcua('received', receivedAt, {
    agencyName: agency.name,
    procedure: named,
    applicant: { kind: 'citizen', ...applicant },
    summary: `${procedure.name} cho ông/bà ${applicant.fullName}`,
    channel: random.pick(['in_person', 'online', 'online', 'postal']),
    receivedAt: vnTime(receivedAt),
    dueAt: vnTime(dueAt),
    receivedBy: random.pick(agency.receivers),
    components: procedure.components.map((name, i) =>
      component(name, `TP-${String(i + 1).padStart(2, '0')}`),
    ),
  });

  const fate = random.int(0, 99);
  const clerk = random.pick(agency.clerks);
  if (random.chance(0.1)) {
    motcua('supplement-requested', receivedAt + 2 * HOUR, {
      requestedAt: vnTime(receivedAt + 2 * HOUR),
      reason: 'Thiếu bản sao giấy tờ tùy thân',
      requestedBy: clerk,
    });
    if (fate >= 8)
      motcua('supplemented', receivedAt + DAY, {
        supplementedAt: vnTime(receivedAt + DAY),
        components: [
          component('Bản sao căn cước công dân', 'TP-BS-01', {
            issuer: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
            issuedDate: vnTime(receivedAt - random.int(30, 3000) * DAY).slice(0, 10),
          }),
        ],
      });
  }
  const expected = (endedBy: ExpectedDossier['endedBy']) => ({
    events,
    expected: { dossierCode, agencyCode: agency.code, endedBy, documents: endedBy ? documents : {} },
  });
  if (fate < 8) return expected(null);
  const endedAt = receivedAt + random.int(2, 20) * HOUR;
  const reason = 'Theo đề nghị của người nộp hồ sơ';
  if (fate < 13) {
    motcua(
      'refused',
      endedAt,
      ending({ refusedAt: vnTime(endedAt), reason: 'Hồ sơ không thuộc thẩm quyền giải quyết' }),
    );
    return expected('refused');
  }
  if (fate < 16) {
    motcua('withdrawn', endedAt, ending({ withdrawnAt: vnTime(endedAt), reason }));
    return expected('withdrawn');
  }
  if (fate < 18) {
    motcua(
      'stopped',
      endedAt,
      ending({ stoppedAt: vnTime(endedAt), reason: 'Người nộp hồ sơ không bổ sung' }),
    );
    return expected('stopped');
  }

  if (random.chance(0.3))
    motcua('transferred', receivedAt + HOUR, {
      transferredAt: vnTime(receivedAt + HOUR),
      fromUnit: 'Bộ phận Một cửa',
      toUnit: clerk.unit,
      actor: random.pick(agency.receivers),
    });
  // Mostly on time; one in ten takes a third longer than the law allows.
  const resolvedAt =
    receivedAt + Math.round(procedure.days * DAY * (random.chance(0.1) ? 1.3 : random.int(30, 95) / 100));
  const approved = random.chance(0.9);
  const issue = new DocumentIssuer(random, agency, registers, clerk, events);
  const replied = random.chance(0.15)
    ? issue.incoming(resolvedAt - 6 * HOUR, `Về việc xác minh thông tin của ông/bà ${applicant.fullName}`)
    : undefined;
  const decisions = Array.from({ length: approved && random.chance(0.15) ? 2 : 1 }, (_, i) =>
    issue.outgoing(resolvedAt - HOUR + i * 60_000, {
      approved,
      subject: `Về việc ${approved ? 'giải quyết' : 'từ chối giải quyết'} hồ sơ ${procedure.name.toLowerCase()} của ông/bà ${applicant.fullName}`,
      dossierCode: random.chance(knobs.namedOnly) ? undefined : dossierCode,
      inReplyTo: i === 0 && replied ? [replied] : undefined,
    }),
  );
  for (const id of [...decisions.map((d) => d.documentId), ...(replied ? [replied] : [])])
    documents[`qlvb/${id}`] = 'active';
  if (random.chance(0.05)) {
    const report = issue.outgoing(resolvedAt - 3 * HOUR, {
      typeCode: '15',
      subject: `Tờ trình về hồ sơ ${dossierCode}`,
    }).documentId;
    issue.link(report, dossierCode, resolvedAt - 2 * HOUR);
    documents[`qlvb/${report}`] = 'active';
  }
  motcua(
    'resolved',
    resolvedAt,
    ending({
      resolvedAt: vnTime(resolvedAt),
      outcome: approved ? 'approved' : 'denied',
      resultDocuments: decisions.map((d) => namedAs(random, d, agency.code)),
      actor: clerk,
    }),
  );
  const returnedAt = resolvedAt + random.int(1, 48) * HOUR;
  motcua(
    'result-returned',
    returnedAt,
    ending({ returnedAt: vnTime(returnedAt), method: random.pick(['in_person', 'postal', 'online']) }),
  );
  if (random.chance(knobs.lateDocuments)) {
    const late = issue.outgoing(returnedAt + 2 * DAY, {
      typeCode: '07',
      subject: `Thông báo về việc cập nhật kết quả giải quyết hồ sơ ${dossierCode}`,
      dossierCode,
    }).documentId;
    documents[`qlvb/${late}`] = 'active';
  }
  if (random.chance(knobs.revocations)) {
    const revoked = decisions[0]!.documentId;
    issue.revoke(revoked, returnedAt + 5 * DAY);
    documents[`qlvb/${revoked}`] = 'revoked';
  }
  return expected('result_returned');
}

interface Issued {
  documentId: string;
  number: string;
  notation: string;
  issuedDate: string;
}

/** The one-stop side's reference to a decision, spelled the many ways the partners spell it. */
function namedAs(random: Random, document: Issued, agencyCode: string) {
  const n = document.number;
  const [number, notation] = random.pick([
    [n, document.notation],
    [`Số ${n}`, document.notation],
    [n, document.notation.replace('Đ', 'D')],
    [`0${n}`, document.notation.toLowerCase().replace('-', ' – ')],
    [n, `${n}/${document.notation}`],
    [n, document.notation.normalize('NFD')],
  ]);
  return { number, notation, issuedDate: document.issuedDate, agencyCode };
}

/** The document system of one agency: what it issues, receives, links and revokes. */
class DocumentIssuer {
  constructor(
    private readonly random: Random,
    private readonly agency: Agency,
    private readonly registers: Registers,
    private readonly clerk: Agency['clerks'][number],
    private readonly events: StoryEvent[],
  ) {}

  outgoing(
    at: number,
    what: {
      subject: string;
      approved?: boolean;
      typeCode?: string;
      dossierCode?: string;
      inReplyTo?: string[];
    },
  ): Issued {
    const typeCode = what.typeCode ?? (what.approved === false ? '07' : '02');
    const kind = DOCUMENT_KINDS[typeCode]!;
    const number = String(this.registers.take(this.agency.code));
    const documentId = `${this.agency.code}.${vnDate(at).slice(0, 4)}.VB${number.padStart(6, '0')}`;
    const issued = {
      documentId,
      number,
      notation: `${kind.abbreviation}-${this.agency.issuer}`,
      issuedDate: vnDate(at),
    };
    this.push('issued', at, documentId, {
      ...this.common(issued, typeCode, what.subject, at),
      signer: this.random.pick(this.agency.signers),
      recipients: [{ organName: 'Bộ phận Một cửa' }],
      ...(what.dossierCode ? { relatedDossierCodes: [what.dossierCode] } : {}),
      ...(what.inReplyTo ? { inReplyTo: what.inReplyTo } : {}),
      createdBy: this.clerk,
    });
    return issued;
  }

  /** A letter from another organ, received by the agency (văn bản đến). */
  incoming(at: number, subject: string): string {
    const number = String(this.random.int(10, 999));
    const documentId = `${this.agency.code}.${vnDate(at).slice(0, 4)}.VBD${String(this.registers.take(`${this.agency.code}/in`)).padStart(6, '0')}`;
    const from = `Công an ${this.agency.name.replace(/^UBND /, '')}`;
    this.push('received', at, documentId, {
      ...this.common(
        { documentId, number, notation: 'CV-CA', issuedDate: vnDate(at - 2 * HOUR) },
        '22',
        subject,
        at,
      ),
      organName: from,
      signer: { position: 'Trưởng Công an', fullName: this.random.pick(this.agency.signers).fullName },
      recipients: [{ organName: this.agency.organName }],
      arrivalNumber: this.registers.take(`${this.agency.code}/arrival`),
      arrivalDate: vnDate(at),
      fromOrgan: { organName: from },
      createdBy: this.clerk,
    });
    return documentId;
  }

  link(documentId: string, dossierCode: string, at: number): void {
    this.push('linked', at, documentId, {
      documentId,
      agencyCode: this.agency.code,
      dossierCode,
      linkedBy: this.clerk,
      linkedAt: vnTime(at),
    });
  }

  revoke(documentId: string, at: number): void {
    this.push('revoked', at, documentId, {
      documentId,
      agencyCode: this.agency.code,
      revokedAt: vnTime(at),
      reason: 'Sai sót thông tin người nộp hồ sơ',
    });
  }

  private common(issued: Issued, typeCode: string, subject: string, at: number) {
    return {
      documentId: issued.documentId,
      agencyCode: this.agency.code,
      organName: this.agency.organName,
      typeCode,
      typeName: DOCUMENT_KINDS[typeCode]!.name,
      number: issued.number,
      notation: issued.notation,
      issuedDate: issued.issuedDate,
      subject,
      language: 'vi',
      pageCount: this.random.int(1, 4),
      file: {
        fileName: `${issued.documentId}.pdf`,
        mediaType: 'application/pdf',
        sizeBytes: this.random.int(80_000, 600_000),
        sha256: this.random.hex(64),
        signatures: [
          {
            kind: 'organization',
            signer: this.agency.organName,
            signedAt: vnTime(at),
            certificateSerial: this.random.digits(16),
          },
        ],
      },
    };
  }

  private push(type: string, at: number, documentId: string, data: Record<string, unknown>) {
    this.events.push({
      topic: 'document',
      at,
      id: this.random.uuid(),
      source: `urn:qlvb:${this.agency.code}`,
      type: `vn.qlvb.document.${type}.v1`,
      subject: documentId,
      data,
    });
  }
}

const DOCUMENT_KINDS: Record<string, { name: string; abbreviation: string }> = {
  '02': { name: 'Quyết định', abbreviation: 'QĐ' },
  '07': { name: 'Thông báo', abbreviation: 'TB' },
  '15': { name: 'Tờ trình', abbreviation: 'TTr' },
  '22': { name: 'Công văn', abbreviation: 'CV' },
};

/** A letter about the agency's own business: it belongs to no dossier (an `unmatched` alert). */
export function unrelatedDocument(
  random: Random,
  agency: Agency,
  at: number,
  registers: Registers,
): StoryEvent[] {
  const events: StoryEvent[] = [];
  new DocumentIssuer(random, agency, registers, random.pick(agency.clerks), events).outgoing(at, {
    typeCode: '22',
    subject: random.pick([
      'Về việc triển khai công tác cải cách hành chính năm 2026',
      'Về việc tăng cường số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
      'Về việc báo cáo tình hình tiếp nhận hồ sơ tháng',
    ]),
  });
  return events;
}
