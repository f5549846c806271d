import { IsEmail, Matches, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { PHYSICAL_CONDITIONS, type PhysicalCondition } from './code-lists';
import {
  AgencyCode,
  Bool,
  Int,
  MediaType,
  Nested,
  NestedList,
  OneOf,
  Optional,
  ProcedureCode,
  Sha256,
  Text,
  VnDate,
  VnDateTime,
} from './rules/field-rules';

/** An official of the agency (cán bộ). */
export class Official {
  @Text(1, 50) officialId!: string;
  @Text(1, 100) fullName!: string;
}

/** An official who created a document, with the unit they work in. */
export class Creator extends Official {
  @Text(1, 200) unit!: string;
}

/** An administrative procedure (thủ tục hành chính) from the national procedures database. */
export class Procedure {
  @ProcedureCode() code!: string;
  @Text(1, 500) name!: string;
  @Optional() @Text(1, 200) sector?: string;
}

export const APPLICANT_KINDS = ['citizen', 'organization'] as const;

const ID_NUMBER = { citizen: /^\d{12}$/, organization: /^\d{10}(-\d{3})?$/ } as const;

function IdNumberOfKind(): PropertyDecorator {
  return (target, key) => {
    ValidateBy({
      name: 'idNumberOfKind',
      validator: {
        validate: (value, args) => {
          const kind = (args?.object as Applicant).kind;
          return typeof value === 'string' && (ID_NUMBER[kind]?.test(value) ?? false);
        },
        defaultMessage: (args) =>
          (args?.object as Applicant).kind === 'organization'
            ? 'must be a tax code of 10 digits or 10-3 digits'
            : 'must be a 12-digit citizen identity number (CCCD)',
      },
    })(target, key);
    (JSONSchema({ type: 'string', pattern: '^(\\d{12}|\\d{10}(-\\d{3})?)$' }) as PropertyDecorator)(
      target,
      key,
    );
  };
}

/** Who filed the dossier. idNumber, phone and email are personal data: stored, never logged. */
export class Applicant {
  @OneOf(APPLICANT_KINDS) kind!: (typeof APPLICANT_KINDS)[number];
  @Text(1, 200) fullName!: string;

  /** A citizen's 12-digit identity number (CCCD), or an organization's tax code. */
  @Optional() @IdNumberOfKind() idNumber?: string;

  @Optional()
  @Matches(/^(\+84|0)[\d .-]{8,14}$/, { message: 'must be a Vietnamese phone number' })
  phone?: string;

  @Optional() @IsEmail({}, { message: 'must be an e-mail address' }) email?: string;
  @Optional() @Text(1, 500) address?: string;
}

/** A paper original describes a scan: a born-digital component has none. */
function OnlyWhenDigitized(): PropertyDecorator {
  return ValidateBy({
    name: 'onlyWhenDigitized',
    validator: {
      validate: (_value, args) => (args?.object as DossierComponent).digitized === true,
      defaultMessage: () => 'is only for a digitized component (digitized: true)',
    },
  });
}

/**
 * The paper a digitized component was scanned from, as the desk kept it: its sheets, physical condition
 * (Circular 05/2025/TT-BNV appendix III, `numberOfPaper` and `format`) and where it is held.
 */
export class PaperOriginal {
  @Int(1, 9999) sheets!: number;
  @OneOf(Object.keys(PHYSICAL_CONDITIONS)) condition!: PhysicalCondition;
  /** Where the paper is kept, say "Kho lưu trữ cơ quan, hộp 12". */
  @Text(1, 200) location!: string;
}

/** A part of the dossier (thành phần hồ sơ): one file the applicant handed in. */
export class DossierComponent {
  @Text(1, 64) componentId!: string;
  @Text(1, 500) name!: string;
  @Text(1, 255) fileName!: string;
  @MediaType() mediaType!: string;
  @Int(0, Number.MAX_SAFE_INTEGER) sizeBytes!: number;
  @Sha256() sha256!: string;
  @Optional() @Int(0, 9999) pageCount?: number;
  /** True when scanned from paper. */
  @Bool() digitized!: boolean;
  @Optional() @Text(1, 2000) uri?: string;
  /** Who issued the paper (a civil-status office for a birth certificate), when it is not the applicant. */
  @Optional() @Text(1, 200) issuer?: string;
  /** When the paper was issued, when the desk recorded it; else the dossier's receipt date stands. */
  @Optional() @VnDate() issuedDate?: string;
  /** Only for a digitized component. */
  @Optional() @OnlyWhenDigitized() @Nested(() => PaperOriginal) paperOriginal?: PaperOriginal;
}

/** A result document as the one-stop side names it: by number, notation and date only. */
export class ResultDocumentRef {
  @Text(1, 11) number!: string;
  @Text(1, 30) notation!: string;
  @VnDate() issuedDate!: string;
  @AgencyCode() agencyCode!: string;
}

/** Who signed a document (SignerInfo). */
export class Signer {
  @Text(1, 100) position!: string;
  @Text(1, 50) fullName!: string;
}

/**
 * An organ a document passed through on the national document exchange, and when: a TraceHeader of its
 * edXML message (QCVN 102:2016/BTTTT, TraceHeaderList 2.1), the identifier of Decision 20/2020/QĐ-TTg.
 */
export class TracePoint {
  @Text(1, 35) organId!: string;
  @VnDateTime() at!: string;
}

/** An agency a document goes to or comes from. */
export class Organ {
  @Optional() @Text(1, 13) organId?: string;
  @Text(1, 200) organName!: string;
}

export const SIGNATURE_KINDS = ['personal', 'organization'] as const;

export class DigitalSignature {
  @OneOf(SIGNATURE_KINDS) kind!: (typeof SIGNATURE_KINDS)[number];
  @Text(1, 200) signer!: string;
  @VnDateTime() signedAt!: string;
  @Text(1, 128) certificateSerial!: string;
}

/** The signed file of a document. */
export class DocumentFile {
  @Text(1, 255) fileName!: string;
  @MediaType() mediaType!: string;
  @Int(0, Number.MAX_SAFE_INTEGER) sizeBytes!: number;
  @Sha256() sha256!: string;
  @Optional() @Text(1, 2000) uri?: string;
  @Optional() @NestedList(() => DigitalSignature, 20) signatures?: DigitalSignature[];
}
