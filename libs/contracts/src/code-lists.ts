// Code lists of Circular 05/2025/TT-BNV as the domain brief gives them (vn-records-domain.md section 2.2).

/** Retention period (thời hạn bảo quản). There is no "5 years" code. */
export const RETENTION = {
  '01': 'Vĩnh viễn',
  '02': '70 năm',
  '03': '50 năm',
  '04': '30 năm',
  '05': '20 năm',
  '06': '10 năm',
  '07': 'Khác',
} as const;
export type RetentionCode = keyof typeof RETENTION;

/** Access regime (chế độ sử dụng). */
export const ACCESS_MODES = { '01': 'Công khai', '02': 'Sử dụng có điều kiện', '03': 'Mật' } as const;
export type AccessMode = keyof typeof ACCESS_MODES;

/** How reliable the records are: born digital, digitized from paper, or both. */
export const CONFIDENCE_LEVELS = { '01': 'Gốc điện tử', '02': 'Số hóa', '03': 'Hỗn hợp' } as const;
export type ConfidenceLevel = keyof typeof CONFIDENCE_LEVELS;

/**
 * Physical condition of a paper original (tình trạng vật lý, EAD/EAD_DOC `format`), filled only for records
 * digitized from paper (Circular 05/2025/TT-BNV appendix III; vn-records-domain.md section 2.2).
 */
export const PHYSICAL_CONDITIONS = { '01': 'Tốt', '02': 'Bình thường', '03': 'Hỏng' } as const;
export type PhysicalCondition = keyof typeof PHYSICAL_CONDITIONS;

/** Document types 01-32. */
export const DOCUMENT_TYPES = {
  '01': 'Nghị quyết',
  '02': 'Quyết định',
  '03': 'Chỉ thị',
  '04': 'Quy chế',
  '05': 'Quy định',
  '06': 'Thông cáo',
  '07': 'Thông báo',
  '08': 'Hướng dẫn',
  '09': 'Chương trình',
  '10': 'Kế hoạch',
  '11': 'Phương án',
  '12': 'Đề án',
  '13': 'Dự án',
  '14': 'Báo cáo',
  '15': 'Tờ trình',
  '16': 'Giấy ủy quyền',
  '17': 'Phiếu gửi',
  '18': 'Phiếu chuyển',
  '19': 'Phiếu báo',
  '20': 'Biên bản',
  '21': 'Hợp đồng',
  '22': 'Công văn',
  '23': 'Công điện',
  '24': 'Bản ghi nhớ',
  '25': 'Bản thỏa thuận',
  '26': 'Giấy mời',
  '27': 'Giấy giới thiệu',
  '28': 'Giấy nghỉ phép',
  '29': 'Thư công',
  '30': 'Bản đồ',
  '31': 'Bản vẽ kỹ thuật',
  '32': 'Khác',
} as const;
export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;

/** Why a document belongs to a dossier's file (docs/events.md section 5); a suggestion becomes `confirmed`. */
export const LINK_RULES = ['explicit', 'named', 'confirmed', 'reply_chain'] as const;
export type LinkRule = (typeof LINK_RULES)[number];
