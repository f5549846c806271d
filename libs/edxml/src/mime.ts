import PostalMime from 'postal-mime';

/** A part of the message other than the envelope: an attachment the manifest names by its Content-ID. */
export interface MimePart {
  contentId: string | null;
  mediaType: string;
  fileName: string | null;
  bytes: Buffer;
}

/** The envelope's XML bytes and the parts beside it. */
export interface MimeMessage {
  xml: Buffer;
  parts: MimePart[];
}

/** Why the bytes are not an edXML message at the MIME level. */
export class MimeProblem extends Error {}

/** The transport says XML, and the bytes are not. */
export class XmlProblem extends Error {}

const XML_TYPES = /^(text\/xml|application\/xml|application\/[\w.+-]+\+xml)$/i;

/**
 * Reads an edXML message as it travels (QCVN 102:2016/BTTTT): a MIME multipart/related entity whose root
 * part is the XML envelope (the `start` part, else the first XML part) and whose other parts are the
 * attachments, or the envelope alone as XML (attachments then inline, in AttachmentEncoded). `contentType`
 * is the transport's (HTTP Content-Type, Kafka content-type header): with it, the bytes may be the
 * multipart body without its own headers.
 */
export async function readMimeMessage(bytes: Buffer, contentType?: string): Promise<MimeMessage> {
  if (startsWithXml(bytes)) return { xml: bytes, parts: [] };
  if (XML_TYPES.test((contentType ?? '').split(';')[0]!.trim()))
    throw new XmlProblem('the message is declared XML but does not begin with XML');
  const entity = /^multipart\//i.test(contentType ?? '')
    ? Buffer.concat([Buffer.from(`Content-Type: ${contentType!.replace(/[\r\n]/g, ' ')}\r\n\r\n`), bytes])
    : bytes;
  const email = await PostalMime.parse(entity, { attachmentEncoding: 'arraybuffer' }).catch(
    (error: unknown) => {
      throw new MimeProblem(`the MIME message cannot be read (${String(error).slice(0, 200)})`);
    },
  );
  const type = email.headers.find((h) => h.key === 'content-type')?.value ?? contentType ?? '';
  if (!/^\s*multipart\/related\b/i.test(type))
    throw new MimeProblem('the message is neither edXML nor a MIME multipart/related message');
  const parts = email.attachments.map((a) => ({
    contentId: a.contentId ? unbracket(a.contentId) : null,
    mediaType: a.mimeType.toLowerCase(),
    fileName: a.filename ?? null,
    bytes: Buffer.from(a.content as ArrayBuffer),
  }));
  const start = /\bstart\s*=\s*"?<?([^">;]+)>?"?/i.exec(type)?.[1];
  const root = start
    ? parts.find((p) => p.contentId === start)
    : parts.find((p) => XML_TYPES.test(p.mediaType));
  if (!root)
    throw new MimeProblem(
      start
        ? `the start part <${start}> is not in the message`
        : 'the multipart message has no XML part (the edXML envelope)',
    );
  return { xml: root.bytes, parts: parts.filter((p) => p !== root) };
}

/** A Content-ID without its angle brackets or cid: scheme. */
export const unbracket = (id: string) => id.trim().replace(/^cid:/i, '').replace(/^<|>$/g, '');

/** XML first (after a byte-order mark and white space): the envelope alone. */
function startsWithXml(bytes: Buffer): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i += 1;
  return bytes[i] === 0x3c; // '<'
}
