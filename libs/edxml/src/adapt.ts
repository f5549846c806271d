import { type CheckedEvent, type DeadLetterReason } from '@hoso/contracts';
import { STATUS_CODES } from './codes';
import { MimeProblem, readMimeMessage, XmlProblem } from './mime';
import { readEnvelope } from './read';
import { checkAgainstSchema } from './schema';
import { documentEvents, type FileUri, type KeptFile } from './to-events';

/** What an edXML message comes to. */
export type Adapted =
  | {
      ok: true;
      kind: 'document';
      documentId: string;
      agencyCode: string;
      /** The contract's events, checked as intake checks them. */
      events: CheckedEvent[];
      /** The issued document's file, to keep where its URI serves it. */
      file: KeptFile | null;
    }
  | {
      ok: true;
      kind: 'status';
      documentId: string;
      agencyCode: string | null;
      statusCode: string;
      /** The status in words (STATUS_CODES), or null for a code outside the list. */
      label: string | null;
    }
  | Rejected;

export interface Rejected {
  ok: false;
  reason: DeadLetterReason;
  /** What is wrong, naming elements and rules, never their values. */
  message: string;
  documentId: string | null;
  agencyCode: string | null;
}

const MAX_LISTED_PROBLEMS = 10;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An edXML message (the MIME multipart/related as sent, or the bare envelope) as the events of the contract,
 * or why not: too large, not MIME, not UTF-8, not well-formed XML, against the edXML schema, or not what the
 * contract needs. The one check the Kafka feed and `POST /ingest/edxml` share.
 */
export async function adaptEdxml(
  bytes: Buffer | null,
  contentType: string | undefined,
  { maxBytes, fileUri }: { maxBytes: number; fileUri?: FileUri },
): Promise<Adapted> {
  const refuse = (
    reason: DeadLetterReason,
    message: string,
    known?: { documentId: string; agencyCode: string | null },
  ): Rejected => ({
    ok: false,
    reason,
    message,
    documentId: known?.documentId ?? null,
    agencyCode: known?.agencyCode ?? null,
  });
  if (!bytes || bytes.length === 0) return refuse('INVALID_MIME', 'the message has no value');
  if (bytes.length > maxBytes)
    return refuse(
      'TOO_LARGE',
      `the message is ${bytes.length} bytes, over the ${maxBytes} an edXML message may have`,
    );

  let message;
  try {
    message = await readMimeMessage(bytes, contentType);
  } catch (error) {
    if (error instanceof MimeProblem) return refuse('INVALID_MIME', error.message);
    if (error instanceof XmlProblem) return refuse('INVALID_XML', error.message);
    throw error;
  }
  let xml: string;
  try {
    // Text in NFC, as the contract reads it (senders write NFD Vietnamese too): lengths count the same.
    xml = utf8
      .decode(message.xml)
      .replace(/^\uFEFF/, '')
      .normalize('NFC');
  } catch {
    return refuse('INVALID_ENCODING', 'the edXML envelope is not UTF-8');
  }
  // No document type: nothing to expand, nothing fetched (entity expansion and XXE stay out).
  if (/<!DOCTYPE/i.test(xml))
    return refuse('INVALID_XML', 'the edXML envelope has a DOCTYPE, which edXML does not allow');

  const check = await checkAgainstSchema(xml);
  if (!check.wellFormed)
    return refuse('INVALID_XML', `the edXML envelope is not well-formed XML: ${listed(check.problems)}`);
  if (check.problems.length > 0)
    return refuse(
      'SCHEMA_VIOLATION',
      `the edXML envelope breaks the edXML schema: ${listed(check.problems)}`,
    );

  const envelope = readEnvelope(xml);
  if (envelope.kind === 'status')
    return {
      ok: true,
      kind: 'status',
      documentId: envelope.documentId,
      agencyCode: envelope.from.organId,
      statusCode: envelope.code,
      label: STATUS_CODES[envelope.code] ?? null,
    };
  const known = { documentId: envelope.documentId, agencyCode: envelope.from.organId };
  const mapped = documentEvents(envelope, message.parts, fileUri);
  if (!mapped.ok) return refuse('SCHEMA_VIOLATION', mapped.message, known);
  return { ok: true, kind: 'document', ...known, events: mapped.events, file: mapped.file };
}

function listed(problems: readonly string[]): string {
  const more =
    problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
  return problems.slice(0, MAX_LISTED_PROBLEMS).join('; ') + more;
}
