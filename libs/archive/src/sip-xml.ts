import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

// The XML of a submission package: METS (E-ARK CSIP style) and the circular's <simpledc> metadata.

/** What a binary left out of a package is replaced by: a text file of where to fetch it, so named. */
export const REFERENCE_SUFFIX = '.fetch.txt';

export const METS_NS = 'http://www.loc.gov/METS/';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const CSIP_NS = 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const CSIP_PROFILE = 'https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml';

/** A file of the package as METS lists it; `href` is relative to the METS file's folder. */
export interface ListedFile {
  href: string;
  mimeType: string;
  size: number;
  /** SHA-256, upper-case hex as in the circular's sample. */
  sha256: string;
}

export interface Div {
  id: string;
  label: string;
  type?: string;
  dmdId?: string;
  /** A pointer to another METS file, titled with the id of the file group that lists it. */
  mptr?: { href: string; title: string };
  fileIds?: string[];
  divs?: Div[];
}

export interface MetsDocument {
  objid: string;
  label?: string;
  /** 2026-06-12T11:45:37.690+07:00 */
  created: string;
  /** The path from this METS file to the package's schemas/ folder. */
  schemas: string;
  agent: { type: 'OTHER' | 'ORGANIZATION'; otherType?: string; name: string; identificationCode: string };
  /** The submission agreement; the circular's sample puts the file code here. */
  altRecordId?: string;
  /** Codes the file had before it was reclassified (E-ARK CSIP's PREVIOUSREFERENCECODE). */
  previousCodes?: readonly string[];
  dmdSecs: Array<{ id: string; file: ListedFile }>;
  amdSecId: string;
  fileSecId: string;
  fileGroups: Array<{ id: string; use: string; files: Array<ListedFile & { id: string }> }>;
  structMapId: string;
  root: Div;
}

export function metsXml(m: MetsDocument): string {
  const mets = create({ version: '1.0', encoding: 'UTF-8' }).ele(METS_NS, 'mets', {
    'xmlns:xlink': XLINK_NS,
    'xmlns:csip': CSIP_NS,
    'xmlns:xsi': XSI_NS,
    OBJID: m.objid,
    ...(m.label ? { LABEL: m.label } : {}),
    TYPE: 'Mixed',
    'csip:CONTENTINFORMATIONTYPE': 'MIXED',
    PROFILE: CSIP_PROFILE,
    'xsi:schemaLocation': [
      `${METS_NS} ${m.schemas}mets.xsd`,
      `${XLINK_NS} ${m.schemas}xlink.xsd`,
      `${CSIP_NS} ${m.schemas}DILCISExtensionMETS.xsd`,
    ].join(' '),
  });

  const header = mets.ele('metsHdr', {
    CREATEDATE: m.created,
    LASTMODDATE: m.created,
    RECORDSTATUS: 'NEW',
    'csip:OAISPACKAGETYPE': 'SIP',
  });
  const agent = header.ele('agent', {
    ROLE: 'CREATOR',
    TYPE: m.agent.type,
    ...(m.agent.otherType ? { OTHERTYPE: m.agent.otherType } : {}),
  });
  agent.ele('name').txt(m.agent.name);
  agent.ele('note', { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' }).txt(m.agent.identificationCode);
  if (m.altRecordId) header.ele('altRecordID', { TYPE: 'SUBMISSIONAGREEMENT' }).txt(m.altRecordId);
  for (const code of m.previousCodes ?? [])
    header.ele('altRecordID', { TYPE: 'PREVIOUSREFERENCECODE' }).txt(code);

  for (const dmd of m.dmdSecs) {
    mets.ele('dmdSec', { ID: dmd.id, CREATED: m.created, STATUS: 'CURRENT' }).ele('mdRef', {
      LOCTYPE: 'URL',
      'xlink:type': 'simple',
      'xlink:href': dmd.file.href,
      MDTYPE: 'DC',
      MDTYPEVERSION: '1.0.0',
      ...checked(dmd.file, m.created),
    });
  }
  mets.ele('amdSec', { ID: m.amdSecId });

  const fileSec = mets.ele('fileSec', { ID: m.fileSecId });
  for (const group of m.fileGroups) {
    const fileGrp = fileSec.ele('fileGrp', { ID: group.id, USE: group.use });
    for (const file of group.files) {
      fileGrp
        .ele('file', { ID: file.id, ...checked(file, m.created) })
        .ele('FLocat', { LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': file.href });
    }
  }

  addDiv(mets.ele('structMap', { ID: m.structMapId, TYPE: 'PHYSICAL', LABEL: 'CSIP' }), m.root);
  return mets.end({ prettyPrint: true }) + '\n';
}

function checked(file: ListedFile, created: string) {
  return {
    MIMETYPE: file.mimeType,
    SIZE: String(file.size),
    CREATED: created,
    CHECKSUM: file.sha256,
    CHECKSUMTYPE: 'SHA-256',
  };
}

function addDiv(parent: XMLBuilder, div: Div): void {
  const element = parent.ele('div', {
    ID: div.id,
    LABEL: div.label,
    ...(div.type ? { TYPE: div.type } : {}),
    ...(div.dmdId ? { DMDID: div.dmdId } : {}),
  });
  if (div.mptr) {
    element.ele('mptr', {
      LOCTYPE: 'URL',
      'xlink:type': 'simple',
      'xlink:href': div.mptr.href,
      'xlink:title': div.mptr.title,
    });
  }
  for (const fileId of div.fileIds ?? []) element.ele('fptr', { FILEID: fileId });
  for (const child of div.divs ?? []) addDiv(element, child);
}

/** The circular's <simpledc> record: one element per field, in the given order, empty when unknown. */
export function simpledcXml(fields: Readonly<Record<string, string>>, schema: string): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('simpledc', {
    'xmlns:xsi': XSI_NS,
    'xsi:noNamespaceSchemaLocation': schema,
  });
  for (const [name, value] of Object.entries(fields)) root.ele(name).txt(value);
  return root.end({ prettyPrint: true }) + '\n';
}
