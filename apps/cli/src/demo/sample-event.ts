import { randomUUID } from 'node:crypto';

/** A one-stop-shop "dossier received" CloudEvent in structured mode, as a partner would send it. */
export function sampleDossierReceived(now = new Date()) {
  const dossierCode = `000.00.20.H17-${now.toISOString().slice(2, 10).replaceAll('-', '')}-0042`;
  return {
    key: dossierCode,
    value: JSON.stringify({
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:motcua:000.00.00.H17',
      type: 'vn.motcua.dossier.received.v1',
      time: now.toISOString(),
      subject: dossierCode,
      datacontenttype: 'application/json',
      data: {
        dossierCode,
        agencyCode: '000.00.20.H17',
        agencyName: 'UBND phường Hải Châu',
        procedure: { code: '1.001193', name: 'Đăng ký khai sinh', sector: 'Hộ tịch' },
        applicant: { kind: 'citizen', fullName: 'Nguyễn Thị Minh Anh' },
        summary: 'Đăng ký khai sinh cho con',
        channel: 'online',
        receivedAt: now.toISOString(),
        dueAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
        receivedBy: { officialId: 'CB-0007', fullName: 'Trần Văn Bình' },
        components: [],
      },
    }),
  };
}
