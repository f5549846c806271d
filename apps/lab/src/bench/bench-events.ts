import { randomUUID } from 'node:crypto';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi'];
const MIDDLE = ['Thị', 'Văn', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Quang', 'Hữu'];
const GIVEN = ['Anh', 'Bình', 'Châu', 'Dũng', 'Hà', 'Hưng', 'Lan', 'Nam', 'Phúc', 'Trang', 'Vy'];
const PROCEDURES = [
  ['1.001193', 'Cấp giấy phép xây dựng nhà ở riêng lẻ'],
  ['1.004194', 'Đăng ký khai sinh'],
  ['1.005129', 'Chứng thực bản sao từ bản chính'],
  ['2.000794', 'Đăng ký kinh doanh hộ cá thể'],
] as const;

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** A valid structured-mode event for the benchmark: dossier events mostly, some documents (about 1.5 KB). */
export function benchEvent(i: number, topics: { dossier: string; document: string }) {
  const ward = `000.00.${String(10 + (i % 40)).padStart(2, '0')}.H17`;
  const dossierCode = `${ward}-260302-${String(i).padStart(6, '0')}`;
  const name = `${pick(FAMILY, i)} ${pick(MIDDLE, i >> 2)} ${pick(GIVEN, i >> 4)}`;
  const [code, procedureName] = pick(PROCEDURES, i);
  const time = new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + i * 1000).toISOString();
  const envelope = { specversion: '1.0', id: randomUUID(), time, datacontenttype: 'application/json' };
  if (i % 5 === 4) {
    const documentId = `${ward}.2026.${i}`;
    return {
      topic: topics.document,
      key: documentId,
      value: JSON.stringify({
        ...envelope,
        source: `urn:qlvb:${ward}`,
        type: 'vn.qlvb.document.issued.v1',
        subject: documentId,
        data: {
          documentId,
          agencyCode: ward,
          organName: `Ủy ban nhân dân phường ${pick(GIVEN, i)}`,
          typeCode: '02',
          typeName: 'Quyết định',
          number: String(1 + (i % 9999)),
          notation: 'QĐ-UBND',
          issuedDate: time.slice(0, 10),
          subject: `Về việc giải quyết hồ sơ ${procedureName.toLowerCase()} cho ông/bà ${name}`,
          pageCount: 2,
          signer: { position: 'Chủ tịch', fullName: 'Lê Quang Hưng' },
          recipients: [{ organName: name }],
          file: {
            fileName: `${documentId}.pdf`,
            mediaType: 'application/pdf',
            sizeBytes: 180_000,
            sha256: 'ab'.repeat(32),
          },
          relatedDossierCodes: [dossierCode],
          createdBy: { officialId: 'CB-0112', fullName: 'Phạm Thị Thu Hà', unit: 'Văn phòng' },
        },
      }),
    };
  }
  return {
    topic: topics.dossier,
    key: dossierCode,
    value: JSON.stringify({
      ...envelope,
      source: 'urn:motcua:000.00.00.H17',
      type: 'vn.motcua.dossier.received.v1',
      subject: dossierCode,
      data: {
        dossierCode,
        agencyCode: ward,
        agencyName: `UBND phường ${pick(GIVEN, i)}`,
        procedure: { code, name: procedureName, sector: 'Hành chính tư pháp' },
        applicant: {
          kind: 'citizen',
          fullName: name,
          idNumber: String(48190000000 + i).padStart(12, '0'),
          phone: '0905123456',
        },
        summary: `${procedureName} cho ông/bà ${name}`,
        channel: i % 2 ? 'online' : 'in_person',
        receivedAt: time,
        dueAt: new Date(Date.parse(time) + 7 * 86_400_000).toISOString(),
        receivedBy: { officialId: 'CB-0007', fullName: 'Trần Văn Bình' },
        components: [
          {
            componentId: 'TP-01',
            name: 'Tờ khai',
            fileName: 'to-khai.pdf',
            mediaType: 'application/pdf',
            sizeBytes: 50_000 + i,
            sha256: 'cd'.repeat(32),
            pageCount: 1,
            digitized: true,
          },
        ],
      },
    }),
  };
}

/**
 * One dossier's whole life in four events: received, resolved (naming its decision by number and
 * notation only), the decision issued by the document system, and the result returned. The last one
 * is what completes the file.
 */
export function lifecycleEvents(i: number, topics: { dossier: string; document: string }) {
  const received = benchEvent(i * 5, topics);
  const { data } = JSON.parse(received.value) as {
    data: { dossierCode: string; agencyCode: string; receivedAt: string };
  };
  const issued = new Date(Date.parse(data.receivedAt) + 3 * 86_400_000).toISOString();
  const number = String(100_000 + i);
  const envelope = (type: string, time: string) => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:motcua:000.00.00.H17',
    type,
    time,
    subject: data.dossierCode,
    datacontenttype: 'application/json',
  });
  const motcua = (type: string, time: string, extra: object) => ({
    topic: topics.dossier,
    key: data.dossierCode,
    value: JSON.stringify({
      ...envelope(type, time),
      data: { dossierCode: data.dossierCode, agencyCode: data.agencyCode, ...extra },
    }),
  });
  const documentId = `${data.agencyCode}.2026.D${i}`;
  const decision = JSON.parse(benchEvent(i * 5 + 4, topics).value) as { data: Record<string, unknown> };
  return [
    received,
    motcua('vn.motcua.dossier.resolved.v1', issued, {
      resolvedAt: issued,
      outcome: 'approved',
      resultDocuments: [
        {
          number: `Số ${number}`,
          notation: 'QD-UBND',
          issuedDate: issued.slice(0, 10),
          agencyCode: data.agencyCode,
        },
      ],
      actor: { officialId: 'CB-0020', fullName: 'Lê Quang Hưng' },
    }),
    {
      topic: topics.document,
      key: documentId,
      value: JSON.stringify({
        ...envelope('vn.qlvb.document.issued.v1', issued),
        source: `urn:qlvb:${data.agencyCode}`,
        subject: documentId,
        data: {
          ...decision.data,
          documentId,
          agencyCode: data.agencyCode,
          number,
          notation: 'QĐ-UBND',
          issuedDate: issued.slice(0, 10),
          relatedDossierCodes: [],
        },
      }),
    },
    motcua('vn.motcua.dossier.result-returned.v1', new Date(Date.parse(issued) + 86_400_000).toISOString(), {
      returnedAt: new Date(Date.parse(issued) + 86_400_000).toISOString(),
      method: 'in_person',
    }),
  ];
}

/** `count` intake events, made as they are produced. */
export function* benchEvents(count: number, topics: { dossier: string; document: string }) {
  for (let i = 0; i < count; i += 1) yield benchEvent(i, topics);
}

/** `dossiers` whole lifecycles, made as they are produced. */
export function* lifecycles(dossiers: number, topics: { dossier: string; document: string }) {
  for (let i = 0; i < dossiers; i += 1) yield* lifecycleEvents(i, topics);
}

/** `count` decisions naming no dossier, whose number no dossier names: documents the bridge keeps pending. */
export function* pendingDocuments(count: number, topics: { dossier: string; document: string }) {
  for (let i = 0; i < count; i += 1) yield lifecycleEvents(i, topics)[2]!;
}
