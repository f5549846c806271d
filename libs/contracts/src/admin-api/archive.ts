import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Length, Matches, Max, Min } from 'class-validator';
import { Maintenance } from '../hoso/efile-assembled';
import { Nested } from '../rules/field-rules';
import { ListQuery } from './common';
import { Doc, Omittable, Str, Whole } from './fields';

// Transfer to the agency's archive: submission packages (SIP) and the files of a year.

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class SipQuery {
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Doc('the revision to package (default: the latest)', { type: 'integer', minimum: 1 })
  revision?: number;

  @Omittable()
  @Transform(toBoolean)
  @IsBoolean()
  @Doc('leave the binaries out and record each by reference (URI, size, SHA-256)', { default: false })
  metadataOnly: boolean = false;

  @Omittable()
  @Transform(toBoolean)
  @IsBoolean()
  @Doc(
    'package a file that still needs classification (retention 07, and the package says it is unclassified)',
    {
      default: false,
    },
  )
  allowUnclassified: boolean = false;

  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  @Doc("the package's number in the transfer", { type: 'integer', default: 1, minimum: 1, maximum: 9999 })
  sequence: number = 1;
}

export class TransferQuery extends ListQuery {
  @Length(1, 13) @Doc('the agency', { example: '000.00.20.H17' }) agency!: string;
  @Matches(/^\d{4}$/, { message: 'year must be 4 digits' })
  @Doc('the year the files were formed (file catalog)', { example: '2026' })
  year!: string;
}

/** An e-file a transfer holds, at its latest revision. */
export class TransferFile {
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @Str() title!: string;
  @Str() @Doc('YYYY-MM-DD') startDate!: string;
  @Str() @Doc('YYYY-MM-DD') endDate!: string;
  @Omittable() @Nested(() => Maintenance) maintenance!: Maintenance | null;
  @Whole() docTotal!: number;
  @Whole() pageTotal!: number;
}

/** Headers of a package's answer (GET /admin/efiles/{fileCode}/sip), for a transfer's inventory. */
export const SIP_HEADERS = {
  objid: 'x-package-objid',
  revision: 'x-efile-revision',
  referenced: 'x-binaries-referenced',
  documents: 'x-package-documents',
  pages: 'x-package-pages',
} as const;
