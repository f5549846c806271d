import { randomUUID } from 'node:crypto';
import { describeProblem, verifySip } from '@hoso/archive';
import { type KafkaConfig } from '@hoso/config';
import {
  ARCHIVE_RECEIPT_TYPE,
  type ArchiveReceipt,
  formatVnDateTime,
  type Page,
  SIP_HEADERS,
  type TransferAttempt,
} from '@hoso/contracts';
import { encodeStructured, KafkajsMessagePublisher } from '@hoso/messaging';

/** A file the archive is sent: its code, and whether the file plan classified it. */
export interface FileToSend {
  fileCode: string;
  classified: boolean;
}

export interface ArchiveRun {
  sent: number;
  accepted: number;
  rejected: Record<string, number>;
  /** Files the bridge would not package at all (a binary missing). */
  notSent: number;
  /** Packages handed over before, answered over HTTP (accepted). */
  overHttp: number;
}

const ARCHIVE_NAME = 'Lưu trữ hiện hành (mô phỏng)';
/** Of the packages that pass every check, the share this archive still refuses, for the demo to show. */
const REFUSED_EVERY = 8;

/**
 * A simulated agency archive (lưu trữ hiện hành) for the demo: it downloads each file's submission package
 * from the bridge, as the transfer would hand it over, checks it as an archive would (checksums, schemas,
 * what the metadata means), and answers on the receipts topic: accepted, or rejected with its reasons.
 * An unclassified file is refused for it; every eighth file that passes is refused for a signature, so
 * that the page has reasons to show. Packages handed over earlier it answers over HTTP, as an archive
 * without Kafka would. Nothing here is the real archive's rule book.
 */
export async function answerAsArchive(
  base: string,
  token: string,
  kafka: KafkaConfig,
  files: readonly FileToSend[],
): Promise<ArchiveRun> {
  const run: ArchiveRun = { sent: 0, accepted: 0, rejected: {}, notSent: 0, overHttp: 0 };
  const publisher = new KafkajsMessagePublisher(kafka);
  try {
    for (const [i, file] of files.entries()) {
      const query = file.classified ? '' : '?allowUnclassified=true';
      const response = await fetch(`${base}/admin/efiles/${encodeURIComponent(file.fileCode)}/sip${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        await response.arrayBuffer();
        run.notSent += 1;
        continue;
      }
      run.sent += 1;
      const check = await verifySip(Buffer.from(await response.arrayBuffer()));
      const reasons = [
        ...(file.classified
          ? []
          : [{ code: 'PHAN_LOAI', text: 'Hồ sơ chưa được phân loại theo danh mục hồ sơ của cơ quan' }]),
        ...check.problems.slice(0, 5).map((p) => ({ code: 'KIEM_TRA_GOI', text: describeProblem(p) })),
      ];
      if (reasons.length === 0 && i % REFUSED_EVERY === REFUSED_EVERY - 1)
        reasons.push({ code: 'CHU_KY_SO', text: 'Không xác thực được chữ ký số của cơ quan trên văn bản' });
      const receipt: ArchiveReceipt = {
        packageId: response.headers.get(SIP_HEADERS.objid)!,
        fileCode: file.fileCode,
        revision: Number(response.headers.get(SIP_HEADERS.revision)),
        outcome: reasons.length > 0 ? 'rejected' : 'accepted',
        reasons,
        answeredAt: formatVnDateTime(Date.now()),
        archive: ARCHIVE_NAME,
      };
      if (receipt.outcome === 'accepted') run.accepted += 1;
      for (const { code } of reasons) run.rejected[code] = (run.rejected[code] ?? 0) + 1;
      const { value, headers } = encodeStructured(receiptEvent(receipt));
      await publisher.publish([
        { topic: kafka.topics.archiveReceipts, key: receipt.packageId, value, headers },
      ]);
    }
  } finally {
    await publisher.close();
  }
  run.overHttp = await answerWaitingOverHttp(base, token);
  return run;
}

/**
 * Packages the bridge handed over before (the demo's step 7), which this archive answers the way an archive
 * without Kafka does: it lists what waits for an answer and posts each answer.
 */
async function answerWaitingOverHttp(base: string, token: string): Promise<number> {
  const headers = { authorization: `Bearer ${token}` };
  const waiting = (await (
    await fetch(`${base}/archive/packages?limit=500`, { headers })
  ).json()) as Page<TransferAttempt>;
  for (const p of waiting.items) {
    const data: ArchiveReceipt = {
      packageId: p.packageId,
      fileCode: p.fileCode,
      revision: p.revision,
      outcome: 'accepted',
      reasons: [],
      answeredAt: formatVnDateTime(Date.now()),
      archive: ARCHIVE_NAME,
    };
    const response = await fetch(`${base}/archive/receipts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(receiptEvent(data)),
    });
    if (response.status !== 202)
      throw new Error(`the bridge refused an answer: ${response.status} ${await response.text()}`);
  }
  return waiting.items.length;
}

/** An answer as a structured CloudEvent. */
const receiptEvent = (data: ArchiveReceipt) => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'urn:luutru:demo',
  type: ARCHIVE_RECEIPT_TYPE,
  time: data.answeredAt,
  subject: data.packageId,
  datacontenttype: 'application/json',
  data,
});
