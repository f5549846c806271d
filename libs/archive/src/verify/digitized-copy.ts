import { createHash } from 'node:crypto';
import forge from 'node-forge';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFSignature,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import type { SipProblem } from './sip-checks';

// A digitized copy (bản sao điện tử từ bản giấy) as Decree 30/2020/NĐ-CP Appendix I (I.8, số hóa) asks it:
// a PDF of version 1.4 or later, in colour, scanned at 200 dpi or more, and signed by the agency. The dpi of
// a page is that of its largest image spread over the whole page, which is what a scanned page is.

/** The least resolution of a digitized copy (Decree 30/2020/NĐ-CP Appendix I). */
export const MIN_SCAN_DPI = 200;

/** What the scan and copy-signature checks find wrong with one digitized document's PDF. */
export async function digitizedCopyProblems(path: string, bytes: Buffer): Promise<SipProblem[]> {
  const problems: SipProblem[] = [];
  const scan = (message: string) => problems.push({ check: 'scan', path, message });
  const version = /^%PDF-(\d)\.(\d)/.exec(bytes.subarray(0, 16).toString('latin1'));
  if (!version) {
    scan('a digitized copy must be a PDF');
    return problems;
  }
  if (Number(version[1]) * 10 + Number(version[2]) < 14)
    scan(`PDF ${version[1]}.${version[2]} is older than 1.4`);
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch (error) {
    scan(`the PDF cannot be read: ${(error as Error).message}`);
    return problems;
  }
  pdf.getPages().forEach((page, i) => {
    const { width, height } = page.getSize();
    const images = imagesOf(pdf, page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict));
    const largest = images.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!largest) {
      scan(`page ${i + 1} holds no scanned image`);
      return;
    }
    const dpi = Math.floor(Math.min(largest.width / (width / 72), largest.height / (height / 72)));
    if (dpi < MIN_SCAN_DPI) scan(`page ${i + 1} is scanned at ${dpi} dpi, under ${MIN_SCAN_DPI}`);
    if (largest.channels < 3) scan(`page ${i + 1} is scanned in grey or black and white, not in colour`);
  });
  problems.push(...signatureProblems(path, bytes, pdf));
  return problems;
}

interface PageImage {
  width: number;
  height: number;
  /** Colour components per pixel: 1 grey, 3 RGB, 4 CMYK. */
  channels: number;
}

function imagesOf(pdf: PDFDocument, xobjects: PDFDict | undefined): PageImage[] {
  const images: PageImage[] = [];
  for (const [, ref] of xobjects?.entries() ?? []) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFStream)) continue;
    const { dict } = stream;
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const number = (key: string) => dict.lookupMaybe(PDFName.of(key), PDFNumber)?.asNumber() ?? 0;
    const mask = dict.get(PDFName.of('ImageMask'))?.toString() === 'true';
    images.push({
      width: number('Width'),
      height: number('Height'),
      channels: mask ? 1 : channelsOf(pdf, dict.get(PDFName.of('ColorSpace'))),
    });
  }
  return images;
}

const DEVICE_CHANNELS: Record<string, number> = {
  '/DeviceGray': 1,
  '/CalGray': 1,
  '/DeviceRGB': 3,
  '/CalRGB': 3,
  '/Lab': 3,
  '/DeviceCMYK': 4,
};

/** How many colour components a colour space has; an unknown one counts as colour, not to refuse a scan. */
function channelsOf(pdf: PDFDocument, space: PDFObject | undefined): number {
  const resolved = space instanceof PDFRef ? pdf.context.lookup(space) : space;
  if (resolved instanceof PDFName) return DEVICE_CHANNELS[resolved.toString()] ?? 3;
  if (!(resolved instanceof PDFArray) || resolved.size() === 0) return 3;
  const family = resolved.get(0).toString();
  if (family === '/ICCBased') {
    const profile = pdf.context.lookup(resolved.get(1));
    return profile instanceof PDFStream
      ? (profile.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() ?? 3)
      : 3;
  }
  if (family === '/Indexed') return channelsOf(pdf, resolved.get(1));
  return DEVICE_CHANNELS[family] ?? 3;
}

/**
 * The agency's signature on the copy: a signature field whose /ByteRange covers the whole file but its own
 * /Contents, holding a PKCS#7 signature whose digest is that of those bytes and whose certificate's key
 * signed it. Whose certificate it is (the agency's, not a person's) an archive checks against its trust list.
 */
function signatureProblems(path: string, bytes: Buffer, pdf: PDFDocument): SipProblem[] {
  const fail = (message: string): SipProblem[] => [{ check: 'copy-signature', path, message }];
  const values = pdf
    .getForm()
    .getFields()
    .filter((field) => field instanceof PDFSignature)
    .map((field) => field.acroField.dict.lookupMaybe(PDFName.of('V'), PDFDict))
    .filter((value) => value !== undefined);
  if (values.length === 0) return fail('the copy carries no signature of the agency');
  const problems: SipProblem[] = [];
  for (const value of values) {
    const message = signatureFault(bytes, value);
    if (message) problems.push(...fail(message));
  }
  return problems;
}

function signatureFault(bytes: Buffer, value: PDFDict): string | null {
  const ranges = value
    .lookupMaybe(PDFName.of('ByteRange'), PDFArray)
    ?.asArray()
    .map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
  const contents = value.lookup(PDFName.of('Contents'));
  if (!ranges || ranges.length !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString))
    return 'the signature has no byte range or contents';
  const [start, first, second, rest] = ranges as [number, number, number, number];
  if (start !== 0 || second + rest !== bytes.length || bytes[first] !== 0x3c || bytes[second - 1] !== 0x3e)
    return `the signature covers bytes ${ranges.join(' ')}, not the whole file of ${bytes.length} but its contents`;
  let signed: forge.pkcs7.PkcsSignedData;
  try {
    const der = forge.util.createBuffer(Buffer.from(contents.asBytes()).toString('binary'));
    // The contents are padded with zeros after the DER; @types/node-forge lacks fromDer's options object.
    const asn1 = forge.asn1.fromDer(der, { parseAllBytes: false } as unknown as boolean);
    signed = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData;
  } catch (error) {
    return `the signature is not PKCS#7: ${(error as Error).message}`;
  }
  const capture = (signed as unknown as { rawCapture: SignerCapture }).rawCapture;
  const certificate = signed.certificates[0];
  const attributes = capture?.authenticatedAttributes ?? [];
  const part = (node: forge.asn1.Asn1, i: number) => (node.value as forge.asn1.Asn1[])[i]!;
  const digest = attributes
    .filter((a) => forge.asn1.derToOid(part(a, 0).value as string) === forge.pki.oids.messageDigest)
    .map((a) => Buffer.from(part(part(a, 1), 0).value as string, 'binary').toString('hex'))[0];
  const actual = createHash('sha256')
    .update(bytes.subarray(0, first))
    .update(bytes.subarray(second))
    .digest('hex');
  if (!certificate || !digest) return 'the signature names no certificate or digest';
  if (digest !== actual) return 'the file was changed after it was signed: its digest is not the signed one';
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes);
  const signedDigest = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes()).digest().bytes();
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  let valid: boolean;
  try {
    valid = publicKey.verify(signedDigest, capture.signature);
  } catch {
    valid = false; // not an RSA signature forge can read
  }
  return valid ? null : `the signature does not verify with the key of ${commonName(certificate)}`;
}

/** What forge keeps of the signer's info when it reads a signed-data message. */
interface SignerCapture {
  authenticatedAttributes?: forge.asn1.Asn1[];
  signature: string;
}

function commonName(certificate: forge.pki.Certificate): string {
  const field = certificate.subject.getField('CN') as { value?: unknown } | null;
  return typeof field?.value === 'string' ? field.value : 'its certificate';
}
