import { type CheckedEvent, type DeadLetterReason } from '@hoso/contracts';
import { STATUS_CODES } from './codes';
import { MimeProblem, type MimePart, readMimeMessage, XmlProblem } from './mime';
import { readEnvelope } from './read';
import { checkAgainstSchema, type SchemaCheck } from './schema';
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

/** An edXML message as it came: its bytes and the transport's content type. */
export interface EdxmlInput {
  bytes: Buffer | null;
  contentType: string | undefined;
}

export interface AdaptOptions {
  maxBytes: number;
  /** Where a kept file will be served; none: the events name no URI. */
  fileUri?: FileUri;
}

/**
 * An edXML message (the MIME multipart/related as sent, or the bare envelope) as the events of the contract,
 * or why not: too large, not MIME, not UTF-8, not well-formed XML, against the edXML schema, or not what the
 * contract needs. The one check the Kafka feed, `POST /ingest/edxml` and redrive share.
 */
export async function adaptEdxml(
  bytes: Buffer | null,
  contentType: string | undefined,
  options: AdaptOptions,
): Promise<Adapted> {
  const [adapted] = await adaptEdxmlMessages([{ bytes, contentType }], options);
  return adapted!;
}

/**
 * Messages adapted together, each as adaptEdxml would: their envelopes are checked against the schema in
 * one libxml2 run, which costs about as much as checking one (a worker and its WebAssembly each time).
 */
export async function adaptEdxmlMessages(
  inputs: readonly EdxmlInput[],
  { maxBytes, fileUri }: AdaptOptions,
): Promise<Adapted[]> {
  const read = await Promise.all(inputs.map((input) => envelopeOf(input, maxBytes)));
  const texts = read.filter((r): r is Envelope => 'xml' in r);
  const checks = new Map((await checkAgainstSchema(texts.map((t) => t.xml))).map((c, i) => [texts[i]!, c]));
  return read.map((r) => ('xml' in r ? adapted(r, checks.get(r)!, fileUri) : r));
}

/** A message's envelope as text, with the files beside it. */
interface Envelope {
  xml: string;
  parts: MimePart[];
}

/** What a message's bytes hold before the schema looks at it, or why they are refused already. */
async function envelopeOf(
  { bytes, contentType }: EdxmlInput,
  maxBytes: number,
): Promise<Envelope | Rejected> {
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
  return { xml, parts: message.parts };
}

/** A checked envelope as the contract's events, or why not. */
function adapted({ xml, parts }: Envelope, check: SchemaCheck, fileUri: FileUri): Adapted {
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
  const mapped = documentEvents(envelope, parts, fileUri);
  if (!mapped.ok) return refuse('SCHEMA_VIOLATION', mapped.message, known);
  return { ok: true, kind: 'document', ...known, events: mapped.events, file: mapped.file };
}

function refuse(
  reason: DeadLetterReason,
  message: string,
  known?: { documentId: string; agencyCode: string | null },
): Rejected {
  return {
    ok: false,
    reason,
    message,
    documentId: known?.documentId ?? null,
    agencyCode: known?.agencyCode ?? null,
  };
}

function listed(problems: readonly string[]): string {
  const more =
    problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
  return problems.slice(0, MAX_LISTED_PROBLEMS).join('; ') + more;
}
