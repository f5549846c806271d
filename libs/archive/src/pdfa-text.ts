import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type * as fontkit from 'fontkit';
import { dejaVu, type DejaVuStyle } from './dejavu';

// A PDF/A-2b writer for pages of plain text, for the processing-control slip that goes with every revision
// of every e-file. pdfkit takes about 20 ms a slip: it shapes every word with fontkit and subsets the fonts
// for each document. Text in NFC Vietnamese needs no shaping (DejaVu has every precomposed letter), so this
// lays lines out by the fonts' advance widths and embeds one subset of each font, made once per process:
// the Vietnamese alphabet, Latin-1, Latin Extended-A and common punctuation. A character outside it prints
// as the replacement character �, since PDF/A forbids showing .notdef (ISO 19005-2, 6.2.11.8).

export interface TextLine {
  text: string;
  size: number;
  bold?: boolean;
  align?: 'left' | 'center';
}

/** A paragraph (wrapped to the text width), or blank space of so many lines of the last paragraph's size. */
export type TextBlock = TextLine | { gap: number };

export interface TextPage {
  width: number;
  height: number;
  margin: number;
}

export interface TextMeta {
  title: string;
  author: string;
  subject: string;
  creator: string;
  date: Date;
}

const REPLACEMENT = 0xfffd;
const REPERTOIRE: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
  [0x1a0, 0x1a1],
  [0x1af, 0x1b0],
  [0x1ea0, 0x1ef9],
  [0x2010, 0x2027],
  [REPLACEMENT, REPLACEMENT],
];

interface Font {
  /** Its name in a page's resources, and its Type0 font object. */
  resource: string;
  ref: string;
  /** By code point: its CID (the glyph's id in the embedded subset) as 4 hex digits, and its advance width in thousandths of the font size. */
  hex: string[];
  advance: number[];
  ascent: number;
  lineHeight: number;
}

const FONTS: Record<DejaVuStyle, { resource: string; tag: string }> = {
  regular: { resource: 'F1', tag: 'HOSOVA' },
  bold: { resource: 'F2', tag: 'HOSOVB' },
};
// The sRGB profile pdfkit ships for its own PDF/A output intent.
const ICC_PROFILE = join(dirname(require.resolve('pdfkit')), 'data/sRGB_IEC61966_2_1.icc');

/**
 * What every document shares, made once: the output intent with its sRGB profile (objects 4-5) and both
 * fonts (6-10, 11-15), as bytes, with each object's offset in them.
 */
interface Shared {
  fonts: Record<DejaVuStyle, Font>;
  objects: Buffer;
  offsets: number[];
  /** SHA-256 over the header and these objects, the start of every document, to be copied and continued. */
  digest: Hash;
}
const FIRST_SHARED = 4;
// The binary comment marks the file as binary for transports that look (ISO 32000-1, 7.5.2).
const HEADER = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1');
let shared: Shared | null = null;

function sharedParts(): Shared {
  if (shared) return shared;
  const bodies = [
    `<< /Type /OutputIntent /S /GTS_PDFA1 /Info (sRGB IEC61966-2.1) /OutputConditionIdentifier (sRGB IEC61966-2.1) /DestOutputProfile ${FIRST_SHARED + 1} 0 R >>`,
    stream(readFileSync(ICC_PROFILE), '/N 3'),
  ];
  const fonts = {} as Shared['fonts'];
  for (const style of ['regular', 'bold'] as const) {
    const { resource, tag } = FONTS[style];
    const { font, objects } = embeddedFont(dejaVu()[style], resource, tag, FIRST_SHARED + bodies.length);
    fonts[style] = font;
    bodies.push(...objects);
  }
  let objects = '';
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(objects.length);
    objects += `${FIRST_SHARED + i} 0 obj\n${body}\nendobj\n`;
  });
  const bytes = Buffer.from(objects, 'latin1');
  const digest = createHash('sha256').update(HEADER).update(bytes);
  return (shared = { fonts, objects: bytes, offsets, digest });
}

/** A subset of the font with the repertoire, and its five objects numbered from `first`. */
function embeddedFont(font: fontkit.Font, resource: string, tag: string, first: number) {
  const scale = 1000 / font.unitsPerEm;
  const subset = font.createSubset();
  const cids = new Map<number, number>();
  const widths = [Math.round(font.getGlyph(0).advanceWidth * scale)];
  const unicode: [number, number][] = [];
  for (const [from, to] of REPERTOIRE) {
    for (let cp = from; cp <= to; cp++) {
      const glyph = font.glyphForCodePoint(cp);
      if (glyph.id === 0) continue;
      // fontkit's subset numbers glyphs in the order they are included (0 is .notdef): the CID.
      const cid = subset.includeGlyph(glyph) as unknown as number;
      cids.set(cp, cid);
      if (widths[cid] !== undefined) continue; // a glyph shared with an earlier code point
      widths[cid] = Math.round(glyph.advanceWidth * scale);
      unicode.push([cid, cp]);
    }
  }
  const program = Buffer.from(subset.encode());
  const name = `${tag}+${font.postscriptName}`;
  const box = [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY].map((v) =>
    Math.round(v * scale),
  );
  const ref = (i: number) => `${first + i} 0 R`;
  const objects = [
    `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${ref(1)}] /ToUnicode ${ref(4)} >>`,
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${ref(2)} /CIDToGIDMap /Identity /W [0 [${widths.join(' ')}]] >>`,
    `<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${box.join(' ')}] /ItalicAngle ${font.italicAngle} /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)} /CapHeight ${Math.round((font.capHeight || font.ascent) * scale)} /XHeight ${Math.round((font.xHeight || 0) * scale)} /StemV 0 /FontFile2 ${ref(3)} >>`,
    stream(program, `/Length1 ${program.length}`),
    stream(Buffer.from(toUnicodeCmap(unicode), 'latin1')),
  ];
  const lineHeight = (font.ascent - font.descent + font.lineGap) * scale;
  const hex: string[] = [];
  const advance: number[] = [];
  for (const [cp, cid] of cids) [hex[cp], advance[cp]] = [hex4(cid), widths[cid]!];
  return { font: { resource, ref: ref(0), hex, advance, ascent: font.ascent * scale, lineHeight }, objects };
}

/** A stream object, its data deflated, as latin1 text. */
function stream(data: Buffer, entries = ''): string {
  const deflated = deflateSync(data);
  const dict = `<< /Length ${deflated.length} /Filter /FlateDecode${entries ? ` ${entries}` : ''} >>`;
  return `${dict}\nstream\n${deflated.toString('latin1')}\nendstream`;
}

function toUnicodeCmap(pairs: readonly [number, number][]): string {
  const blocks: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    const entries = chunk.map(([cid, cp]) => `<${hex4(cid)}> <${hex4(cp)}>`);
    blocks.push(`${chunk.length} beginbfchar\n${entries.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The blocks laid out on as many pages as they take, each page a content stream. */
function layout(blocks: readonly TextBlock[], page: TextPage, fonts: Shared['fonts']): string[] {
  const pages: string[] = [];
  const width = page.width - 2 * page.margin;
  const bottom = page.height - page.margin;
  let y = page.margin;
  let content: string[] = [];
  let last: { font: Font; size: number } = { font: fonts.regular, size: 12 };
  const newPage = () => {
    pages.push(['0 0 0 rg', ...content].join('\n'));
    content = [];
    y = page.margin;
  };
  for (const block of blocks) {
    if ('gap' in block) {
      y += (block.gap * last.font.lineHeight * last.size) / 1000;
      continue;
    }
    const font = block.bold ? fonts.bold : fonts.regular;
    last = { font, size: block.size };
    const lineHeight = (font.lineHeight * block.size) / 1000;
    for (const line of wrapped(block.text, font, block.size, width)) {
      if (y + lineHeight > bottom && content.length > 0) newPage();
      const x = page.margin + (block.align === 'center' ? (width - line.width) / 2 : 0);
      const baseline = page.height - y - (font.ascent * block.size) / 1000;
      content.push(
        `BT /${font.resource} ${num(block.size)} Tf ${num(x)} ${num(baseline)} Td <${line.glyphs}> Tj ET`,
      );
      y += lineHeight;
    }
  }
  if (content.length > 0 || pages.length === 0) newPage();
  return pages;
}

interface Line {
  glyphs: string;
  width: number;
}

/** The text broken at spaces into lines no wider than `width`; a word longer than a line is cut. */
function wrap(text: string, font: Font, size: number, width: number): Line[] {
  const scale = size / 1000;
  const lines: Line[] = [];
  let line = ''; // the words laid on the line so far
  let lineWidth = 0;
  let space = ''; // the spaces after them
  let spaceWidth = 0;
  let word = ''; // the word being read
  let wordWidth = 0;
  const endLine = () => {
    lines.push({ glyphs: line, width: lineWidth });
    line = '';
    lineWidth = 0;
  };
  const endWord = () => {
    if (lineWidth > 0 && lineWidth + spaceWidth + wordWidth > width) endLine();
    if (lineWidth > 0) {
      line += space;
      lineWidth += spaceWidth;
    }
    line += word;
    lineWidth += wordWidth;
    space = word = '';
    spaceWidth = wordWidth = 0;
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      i += 1; // a character beyond the BMP, none of which the repertoire has
      cp = REPLACEMENT;
    } else if (cp < 0x20) cp = 0x20; // a line break or tab in the text is a space
    if (font.hex[cp] === undefined) cp = REPLACEMENT;
    const hex = font.hex[cp]!;
    const advance = font.advance[cp]! * scale;
    if (cp === 0x20) {
      if (word !== '') endWord();
      space += hex;
      spaceWidth += advance;
      continue;
    }
    if (word !== '' && wordWidth + advance > width) {
      if (lineWidth > 0) endLine();
      line = word;
      lineWidth = wordWidth;
      endLine();
      word = '';
      wordWidth = 0;
    }
    word += hex;
    wordWidth += advance;
  }
  if (word !== '') endWord();
  if (lineWidth > 0 || lines.length === 0) endLine();
  return lines;
}

/**
 * Paragraphs as wrapped before, by font, size, width and text: a slip's headings, results and officials
 * recur from one file to the next. Bounded, and the same answer either way.
 */
const WRAPPED = new Map<string, Line[]>();
const MAX_WRAPPED = 20_000;

function wrapped(text: string, font: Font, size: number, width: number): Line[] {
  const key = `${font.resource} ${size} ${width} ${text}`;
  let lines = WRAPPED.get(key);
  if (!lines) {
    if (WRAPPED.size >= MAX_WRAPPED) WRAPPED.clear();
    lines = wrap(text.normalize('NFC'), font, size, width);
    WRAPPED.set(key, lines);
  }
  return lines;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/** XMP metadata: the PDF/A-2b identification and the document's description (ISO 19005-2, 6.6). */
function xmp(meta: TextMeta): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const date = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.title)}</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>${esc(meta.author)}</rdf:li></rdf:Seq></dc:creator><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.subject)}</rdf:li></rdf:Alt></dc:description></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>${esc(meta.creator)}</xmp:CreatorTool><xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${esc(meta.creator)}</pdf:Producer></rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}

export interface PdfaTextDocument {
  bytes: Buffer;
  pages: number;
}

/**
 * The blocks as a PDF/A-2b document on pages of the given size (points, the origin at the top left as in
 * pdfkit). The same blocks and meta give the same bytes.
 */
export function pdfaText(blocks: readonly TextBlock[], page: TextPage, meta: TextMeta): PdfaTextDocument {
  const { tail, pages } = composed(blocks, page, meta);
  const { objects } = sharedParts();
  return { bytes: Buffer.concat([HEADER, objects, tail]), pages };
}

/** The size, SHA-256 and pages of what `pdfaText` writes, without writing it: what an e-file lists of it. */
export function pdfaTextDigest(blocks: readonly TextBlock[], page: TextPage, meta: TextMeta) {
  const { tail, pages } = composed(blocks, page, meta);
  const { objects, digest } = sharedParts();
  const sha256 = digest.copy().update(tail).digest('hex');
  return { sizeBytes: HEADER.length + objects.length + tail.length, sha256, pages };
}

/** What follows the shared objects: the document's own objects, the cross-reference table and the trailer. */
function composed(blocks: readonly TextBlock[], page: TextPage, meta: TextMeta) {
  const { fonts, objects: sharedObjects, offsets: sharedOffsets } = sharedParts();
  const contents = layout(blocks, page, fonts);
  const firstPage = FIRST_SHARED + sharedOffsets.length;
  const pageRef = (i: number) => `${firstPage + 2 * i} 0 R`;
  const fontResources = `<< ${[fonts.regular, fonts.bold].map((f) => `/${f.resource} ${f.ref}`).join(' ')} >>`;
  const metadata = Buffer.from(xmp(meta), 'utf8');
  const own: [number, string][] = [
    [1, `<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R /OutputIntents [4 0 R] /Lang (vi-VN) >>`],
    [
      2,
      `<< /Type /Pages /Kids [${contents.map((_, i) => pageRef(i)).join(' ')}] /Count ${contents.length} >>`,
    ],
    [
      3,
      `<< /Type /Metadata /Subtype /XML /Length ${metadata.length} >>\nstream\n${metadata.toString('latin1')}\nendstream`,
    ],
    ...contents.flatMap((content, i): [number, string][] => [
      [
        firstPage + 2 * i,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Resources << /Font ${fontResources} >> /Contents ${firstPage + 2 * i + 1} 0 R >>`,
      ],
      [firstPage + 2 * i + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
    ]),
  ];
  const offsets: number[] = [];
  sharedOffsets.forEach((offset, i) => (offsets[FIRST_SHARED + i] = HEADER.length + offset));
  let body = '';
  const start = HEADER.length + sharedObjects.length;
  for (const [number, text] of own) {
    offsets[number] = start + body.length;
    body += `${number} 0 obj\n${text}\nendobj\n`;
  }
  const size = offsets.length;
  const xref = [`xref\n0 ${size}\n0000000000 65535 f \n`];
  for (let i = 1; i < size; i++) xref.push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  // The shared objects are the same in every document, so what identifies one is its own.
  const id = createHash('sha256').update(body, 'latin1').digest('hex').slice(0, 32);
  const trailer = `trailer\n<< /Size ${size} /Root 1 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${start + body.length}\n%%EOF\n`;
  return { tail: Buffer.from(body + xref.join('') + trailer, 'latin1'), pages: contents.length };
}
