import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawnByBridge, type EFileAssembled } from '@hoso/contracts';
import { efileOf, pdfFor, sipDossier, zipOf } from '@test/fixtures';
import {
  concatTransformationMatrix,
  drawObject,
  PageSizes,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import type { FetchedBinary } from '../binaries';
import { docIdOf } from '../sip-fields';
import { buildSip, sha256Of, type SubmissionPackage } from '../sip-package';
import type { SipCheckName } from './sip-checks';
import { verifySip, type VerifyOptions } from './verify-sip';

// The mutation suite: a good package broken one way at a time, its METS checksums made to agree again, so
// only the check that understands the break can find it. Each mutant names the checks it must trip, and
// only those.

const FILE_CODE = '000.00.20.H17.2026.01.HT';
const OTHER_FILE = '000.00.20.H17.2026.02.HT';

let dir: string;
let efile: EFileAssembled;
let binaries: Map<string, FetchedBinary>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoso-verify-test-'));
  const dossier = sipDossier('sip1', 'http://files.invalid');
  efile = efileOf(dossier.events, dossier.dossierCode, FILE_CODE);
  binaries = new Map();
  for (const document of efile.documents.filter((d) => !drawnByBridge(d))) {
    binaries.set(document.docCode, await saved(dossier.binaries.get(new URL(document.file.uri!).pathname)!));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function saved(bytes: Buffer): Promise<FetchedBinary> {
  const path = join(dir, `${sha256Of(bytes)}.bin`);
  await writeFile(path, bytes);
  return { path, size: bytes.length, sha256: sha256Of(bytes) };
}

const packageOf = (file: EFileAssembled, files = binaries) =>
  buildSip({
    efile: file,
    agencyName: 'UBND phường Hải Châu',
    fondCode: 'H17.01',
    binaries: files,
    packageUuid: '0f203b84-6641-4cda-9f52-daae55fef6b1',
    createdAt: new Date('2026-06-12T04:45:37.690Z'),
  });

async function checksOf(sip: SubmissionPackage, options: VerifyOptions = {}): Promise<SipCheckName[]> {
  const { problems } = await verifySip(await zipOf(sip), options);
  return [...new Set(problems.map((p) => p.check))].sort();
}

/** Edits one XML file of the package, and the size and checksum every METS gives it, up to the root. */
function edit(sip: SubmissionPackage, path: string, change: (xml: string) => string): SubmissionPackage {
  const entry = sip.entries.find((e) => e.path.endsWith(path));
  if (!entry || !Buffer.isBuffer(entry.bytes)) throw new Error(`no XML file ${path} in the package`);
  const before = new RegExp(
    `SIZE="${entry.size}"( CREATED="[^"]*") CHECKSUM="${entry.sha256.toUpperCase()}"`,
  );
  const text = entry.bytes.toString('utf8');
  const bytes = Buffer.from(change(text));
  if (bytes.equals(entry.bytes)) throw new Error(`the change leaves ${path} as it was`);
  Object.assign(entry, { bytes, size: bytes.length, sha256: sha256Of(bytes) });
  const after = `SIZE="${entry.size}"$1 CHECKSUM="${entry.sha256.toUpperCase()}"`;
  for (const mets of sip.entries.filter((e) => e.path.endsWith('METS.xml') && e !== entry)) {
    if (before.test((mets.bytes as Buffer).toString('utf8')))
      edit(sip, mets.path, (xml) => xml.replace(before, after));
  }
  return sip;
}

const firstDoc = () => `EAD_DOC_${'0000020H17.2026.01.HT'}.1.xml`;
const scanned = () => efile.documents.find((d) => d.confidenceLevel === '02')!;
const bornDigital = () => efile.documents.find((d) => d.confidenceLevel === '01')!;
const withScan = (scan: FetchedBinary) => packageOf(efile, new Map([...binaries, [scanned().docCode, scan]]));

/** An unsigned A4 page that is one image of the given resolution and colour space. */
async function scanAt(dpi: number, space: 'DeviceRGB' | 'DeviceGray'): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage(PageSizes.A4);
  const [width, height] = [
    Math.round((PageSizes.A4[0] / 72) * dpi),
    Math.round((PageSizes.A4[1] / 72) * dpi),
  ];
  const channels = space === 'DeviceRGB' ? 3 : 1;
  const image = pdf.context.flateStream(Buffer.alloc(width * height * channels, 0xf0), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: space,
    BitsPerComponent: 8,
  });
  page.node.setXObject(PDFName.of('Scan'), pdf.context.register(image));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(PageSizes.A4[0], 0, 0, PageSizes.A4[1], 0, 0),
    drawObject('Scan'),
    popGraphicsState(),
  );
  return Buffer.from(await pdf.save());
}
const withDocuments = (change: (documents: EFileAssembled['documents']) => EFileAssembled['documents']) =>
  packageOf({ ...efile, documents: change(efile.documents.map((d) => ({ ...d }))) });

const MUTANTS: Array<{
  name: string;
  mutant: () => SubmissionPackage | Promise<SubmissionPackage>;
  checks: SipCheckName[];
}> = [
  {
    name: 'a file no METS lists',
    mutant: () => {
      const sip = packageOf(efile);
      const bytes = Buffer.from('%PDF-1.4\n');
      sip.entries.push({
        path: 'representations/rep1/data/extra.pdf',
        bytes,
        size: bytes.length,
        sha256: sha256Of(bytes),
      });
      return sip;
    },
    checks: ['listing'],
  },
  {
    name: 'a record changed after METS was written',
    mutant: () => {
      const sip = packageOf(efile);
      const ead = sip.entries.find((e) => e.path.endsWith('EAD.xml'))!;
      ead.bytes = Buffer.from((ead.bytes as Buffer).toString().replace(/<totalDoc>\d+</, '<totalDoc>99<'));
      return sip;
    },
    checks: ['doc-total', 'fixity'],
  },
  {
    name: 'totalDoc 99 in a file of 7',
    mutant: () => packageOf({ ...efile, docTotal: 99 }),
    checks: ['doc-total'],
  },
  { name: 'numberOfPage 1', mutant: () => packageOf({ ...efile, pageTotal: 1 }), checks: ['page-total'] },
  {
    name: 'startDate after endDate',
    mutant: () => packageOf({ ...efile, startDate: efile.endDate, endDate: efile.startDate }),
    checks: ['date-range'],
  },
  {
    name: 'a startDate of 31/02',
    mutant: () => packageOf({ ...efile, startDate: '2026-02-31' }),
    checks: ['real-date'],
  },
  {
    name: 'an issuedDate of 30/02',
    mutant: () =>
      withDocuments((documents) => [{ ...documents[0]!, issuedDate: '2026-02-30' }, ...documents.slice(1)]),
    checks: ['real-date'],
  },
  {
    name: 'a document dated outside the file',
    mutant: () =>
      withDocuments((documents) => [{ ...documents[0]!, issuedDate: '2020-01-01' }, ...documents.slice(1)]),
    checks: ['date-range'],
  },
  {
    name: 'fileCode replaced by x',
    mutant: () => packageOf({ ...efile, fileCode: 'x' }),
    checks: ['doc-code', 'file-code'],
  },
  {
    name: 'a docCode of another file',
    mutant: () =>
      withDocuments((documents) =>
        documents.map((d, i) => (i === 2 ? { ...d, docCode: `${OTHER_FILE}.0000003` } : d)),
      ),
    checks: ['doc-code'],
  },
  {
    name: 'two documents under one docCode',
    mutant: () =>
      edit(packageOf(efile), firstDoc().replace('.1.xml', '.2.xml'), (xml) =>
        xml.replace(`<docCode>${FILE_CODE}.0000002<`, `<docCode>${FILE_CODE}.0000001<`),
      ),
    checks: ['doc-code', 'doc-id'],
  },
  {
    name: 'a document removed',
    mutant: () => withDocuments((documents) => documents.filter((_, i) => i !== 3)),
    checks: ['doc-code', 'doc-total', 'page-total'],
  },
  {
    name: 'a text file saved as data/*.pdf',
    mutant: async () => {
      const text = await saved(Buffer.from('Biên bản họp\nnot a PDF at all\n'));
      return packageOf(efile, new Map([...binaries, [bornDigital().docCode, text]]));
    },
    checks: ['media-type'],
  },
  {
    name: 'a digitized file without its paper file',
    mutant: () => packageOf({ ...efile, paperFile: null }),
    checks: ['paper-original'],
  },
  {
    name: 'a born-digital document with a paper condition',
    mutant: () =>
      edit(packageOf(efile), `EAD_DOC_${docIdOf(efile, bornDigital())}.xml`, (xml) =>
        xml.replace(/<format\/>|<format><\/format>/, '<format>01</format>'),
      ),
    checks: ['paper-original'],
  },
  {
    name: 'a scan at 100 dpi, unsigned',
    mutant: async () => withScan(await saved(await scanAt(100, 'DeviceRGB'))),
    checks: ['copy-signature', 'scan'],
  },
  {
    name: 'a scan in grey, unsigned',
    mutant: async () => withScan(await saved(await scanAt(300, 'DeviceGray'))),
    checks: ['copy-signature', 'scan'],
  },
  {
    name: 'a born-digital PDF where the scan should be',
    mutant: async () => withScan(await saved(pdfFor('not-a-scan.pdf'))),
    checks: ['copy-signature', 'scan'],
  },
  {
    name: 'a scan changed after it was sealed',
    mutant: async () => {
      const bytes = Buffer.from(await readFile(binaries.get(scanned().docCode)!.path));
      const comment = bytes.lastIndexOf('\n%') + 2; // a padding line, inside the signed range
      bytes[comment] = bytes[comment] === 0x30 ? 0x31 : 0x30;
      return withScan(await saved(bytes));
    },
    checks: ['copy-signature'],
  },
  {
    name: 'a PDF that METS calls a PNG',
    mutant: () =>
      withDocuments((documents) => [
        { ...documents[0]!, file: { ...documents[0]!.file, mediaType: 'image/png' } },
        ...documents.slice(1),
      ]),
    checks: ['media-type'],
  },
  {
    name: 'an agent of another agency',
    mutant: () => packageOf({ ...efile, organId: '000.00.21.H17' }),
    checks: ['file-code'],
  },
  {
    name: 'a file code year after its last document',
    mutant: () =>
      edit(packageOf(efile), 'EAD.xml', (xml) =>
        xml
          .replace(/<endDate>[^<]+/, '<endDate>05/03/2025')
          .replace(/<startDate>[^<]+/, '<startDate>01/01/2025'),
      ),
    checks: ['date-range', 'file-code'],
  },
  {
    name: 'altRecordID of another file',
    mutant: () =>
      edit(packageOf(efile), 'METS.xml', (xml) =>
        xml.replace(
          `<altRecordID TYPE="SUBMISSIONAGREEMENT">${FILE_CODE}`,
          `<altRecordID TYPE="SUBMISSIONAGREEMENT">${OTHER_FILE}`,
        ),
      ),
    checks: ['file-code'],
  },
  {
    name: 'a digitized document in a file said to be born digital',
    mutant: () => packageOf({ ...efile, confidenceLevel: '01', paperFile: null }),
    checks: ['confidence-level'],
  },
  {
    name: 'riskRecovery 1 with no status',
    mutant: () =>
      edit(packageOf(efile), 'EAD.xml', (xml) => xml.replace('<riskRecovery>0<', '<riskRecovery>1<')),
    checks: ['risk-recovery'],
  },
  {
    name: 'a backup status with riskRecovery 0',
    mutant: () =>
      edit(packageOf(efile), firstDoc(), (xml) =>
        xml.replace('<riskRecoveryStatus/>', '<riskRecoveryStatus>01</riskRecoveryStatus>'),
      ),
    checks: ['risk-recovery'],
  },
  {
    name: 'an empty title',
    mutant: () =>
      edit(packageOf(efile), 'EAD.xml', (xml) => xml.replace(/<title>[^<]+<\/title>/, '<title/>')),
    checks: ['schema'],
  },
  {
    name: 'an empty process flag',
    mutant: () =>
      edit(packageOf(efile), firstDoc(), (xml) => xml.replace('<process>0</process>', '<process/>')),
    checks: ['schema'],
  },
  {
    name: 'a language code not in the list',
    mutant: () => edit(packageOf(efile), 'EAD.xml', (xml) => xml.replace('<language>01<', '<language>12<')),
    checks: ['schema'],
  },
  {
    name: 'a docId over 25 characters',
    mutant: () =>
      edit(packageOf(efile), firstDoc(), (xml) => xml.replace(/<docId>[^<]+</, `<docId>${FILE_CODE}.XYZ.1<`)),
    checks: ['doc-id'],
  },
  {
    name: 'an attribute METS 1.12.1 does not have',
    mutant: () =>
      edit(packageOf(efile), 'rep1/METS.xml', (xml) => xml.replace('<file ID=', '<file COLOUR="red" ID=')),
    checks: ['mets-profile', 'schema'],
  },
  {
    name: 'an MD5 checksum type, which METS allows and the circular does not',
    mutant: () =>
      edit(packageOf(efile), 'rep1/METS.xml', (xml) =>
        xml.replace('CHECKSUMTYPE="SHA-256"', 'CHECKSUMTYPE="MD5"'),
      ),
    checks: ['mets-profile'],
  },
  {
    name: 'a time in UTC, not +07:00',
    mutant: () =>
      edit(packageOf(efile), 'METS.xml', (xml) =>
        xml.replace(/CREATEDATE="[^"]+"/, 'CREATEDATE="2026-06-12T04:45:37.690Z"'),
      ),
    checks: ['mets-profile'],
  },
  {
    name: 'a document whose data file is not linked',
    mutant: () =>
      edit(packageOf(efile), 'rep1/METS.xml', (xml) =>
        xml.replace(/(LABEL="MetadataLink\/File" DMDID="[^"]+">\s*)<fptr FILEID="[^"]+"\/>/, '$1'),
      ),
    checks: ['doc-data'],
  },
];

describe('the verifier of a submission package', () => {
  it('finds nothing wrong with the golden package', async () => {
    expect(await checksOf(packageOf(efile))).toEqual([]);
  });

  it('finds every PDF of the golden package PDF/A-2b with veraPDF', async () => {
    expect(await checksOf(packageOf(efile), { pdfa: true })).toEqual([]);
  });

  it('rejects a PDF that is not PDF/A, and leaves a text file that is no PDF to the media-type check', async () => {
    const [first, second] = efile.documents.filter((d) => d.confidenceLevel === '01');
    const plain = await saved(
      Buffer.from(
        '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
          'xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000054 00000 n \ntrailer <</Size 3 /Root 1 0 R>>\nstartxref\n103\n%%EOF\n',
      ),
    );
    const text = await saved(Buffer.from('not a PDF\n'));
    const files = new Map([...binaries, [first!.docCode, plain], [second!.docCode, text]]);
    const { problems } = await verifySip(await zipOf(packageOf(efile, files)), { pdfa: true });
    expect(problems.map((p) => [p.check, p.path])).toEqual([
      ['media-type', expect.stringMatching(new RegExp(`\\.${second!.docOrdinal}\\.pdf$`))],
      ['pdfa', expect.stringMatching(new RegExp(`\\.${first!.docOrdinal}\\.pdf$`))],
    ]);
    expect(problems[1]!.message).toMatch(
      /^(not compliant with the PDF\/A-2B validation profile|veraPDF cannot read it)/,
    );
  });

  it.each(MUTANTS)('rejects $name, naming $checks', async ({ mutant, checks }) => {
    expect(await checksOf(await mutant())).toEqual([...checks].sort());
  });
});
