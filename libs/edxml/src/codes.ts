// The codes of the edXML header that the adapter acts on (QCVN 102:2016/BTTTT, SĐ1:2022; libs/edxml/SOURCES.md).

/** What an exchange does to a document: TraceHeaderList 2.2.1 BussinessDocType. */
export const BUSINESS_DOC_TYPES = {
  '0': 'new',
  '1': 'revocation',
  '2': 'update',
  '3': 'replacement',
} as const;
export type BusinessDocType = (typeof BUSINESS_DOC_TYPES)[keyof typeof BUSINESS_DOC_TYPES];

/**
 * A recipient's status message about a document (StatusCode), with its Vietnamese label. None has an event
 * in the contract: a recipient's handling is not the issuing agency's record (docs/edxml.md).
 */
export const STATUS_CODES: Record<string, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Phân công xử lý',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Lấy lại',
  '15': 'Đồng ý cập nhật, lấy lại, thu hồi',
  '16': 'Từ chối cập nhật, lấy lại, thu hồi',
};

/** The namespace of every edXML element. */
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
