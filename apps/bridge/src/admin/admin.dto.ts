import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'the `next` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}

export class DossierListQuery extends ListQuery {
  @ApiPropertyOptional({ example: '000.00.20.H17' })
  @IsOptional()
  @Length(1, 13)
  agency?: string;

  @ApiPropertyOptional({
    enum: [
      'received',
      'processing',
      'resolved',
      'result_returned',
      'refused',
      'withdrawn',
      'stopped',
      'unknown',
    ],
  })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  status?: string;
}

export class SuggestionListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['pending', 'confirmed', 'rejected'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'confirmed', 'rejected'])
  status: string = 'pending';
}

export class AlertListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['overdue', 'unmatched', 'needs_classification'] })
  @IsOptional()
  @IsIn(['overdue', 'unmatched', 'needs_classification'])
  kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Length(1, 13)
  agency?: string;
}

export class DeadLetterListQuery extends ListQuery {
  @ApiPropertyOptional({ example: 'SCHEMA_INVALID' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  reason?: string;

  @ApiPropertyOptional({ description: 'true: only redriven ones; false: only those waiting' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  redriven?: boolean;
}

export class StatisticsQuery {
  @ApiPropertyOptional({ description: 'first day (YYYY-MM-DD, Vietnam time); default: 30 days ago' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'last day, included (YYYY-MM-DD); default: today' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'one agency only' })
  @IsOptional()
  @Length(1, 13)
  agency?: string;
}

export class StatisticsExportQuery extends StatisticsQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'csv';

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'language of the column headings' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  lang: 'vi' | 'en' = 'vi';

  @ApiPropertyOptional({ description: 'only agencies whose code or name contains this, diacritics or not' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class EFileListQuery {
  @ApiPropertyOptional({ example: '000.00.20.H17' })
  @Length(1, 13)
  agency!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 20;
}

export class ReclassifyRequest {
  @ApiPropertyOptional({
    description: 'the symbol of a heading of the file plan, e.g. HT (default: the heading of its procedure)',
  })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9.-]{0,16}$/, {
    message: 'heading must be a heading symbol of the file plan, e.g. HT',
  })
  heading?: string;

  @ApiPropertyOptional({ default: true, description: 'only say what would change; false reclassifies' })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean = true;
}

export class RedriveRequest {
  @ApiPropertyOptional({ type: [String], description: 'dead-letter ids' })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(/^\d{1,20}$/, { each: true, message: 'each id must be a dead-letter id' })
  ids!: string[];

  @ApiPropertyOptional({ default: true, description: 'only judge them; false re-submits them' })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean = true;

  @ApiPropertyOptional({
    description:
      'a corrected value (structured CloudEvent, JSON) for a single dead letter, instead of its bytes',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1_048_576)
  correctedValue?: string;
}

export class ReemitRequest {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  fileCodes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Length(1, 13)
  agency?: string;

  @ApiPropertyOptional({ description: 'e-files made at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'e-files made before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ default: false, description: 'every revision, in order; default: the last one' })
  @IsOptional()
  @IsBoolean()
  allRevisions: boolean = false;

  @ApiPropertyOptional({ default: true, description: 'only count them; false publishes them' })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean = true;
}

export class RebuildRequestBody {
  @ApiPropertyOptional({
    enum: ['dossier', 'document'],
    isArray: true,
    default: ['dossier', 'document'],
    description: 'the source topics to read again',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @IsIn(['dossier', 'document'], { each: true })
  topics: Array<'dossier' | 'document'> = ['dossier', 'document'];

  @ApiPropertyOptional({ description: 'from the first message at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  fromTime?: string;

  @ApiPropertyOptional({ description: 'up to the first message at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  toTime?: string;

  @ApiPropertyOptional({ description: 'from this offset, on every partition' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'fromOffset must be an offset (digits)' })
  fromOffset?: string;

  @ApiPropertyOptional({ description: 'up to this offset (excluded), on every partition' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'toOffset must be an offset (digits)' })
  toOffset?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'false: only show what would change; true: store the events and emit the new revisions',
  })
  @IsOptional()
  @IsBoolean()
  apply: boolean = false;
}

export class SipQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'the revision to package (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'leave the binaries out and record each by reference (URI, size, SHA-256)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  metadataOnly: boolean = false;

  @ApiPropertyOptional({
    default: false,
    description:
      'package a file that still needs classification (retention 07, and the package says it is unclassified)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  allowUnclassified: boolean = false;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 9999,
    default: 1,
    description: "the package's number in the transfer",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  sequence: number = 1;
}

export class TransferQuery {
  @ApiPropertyOptional({ example: '000.00.20.H17' })
  @Length(1, 13)
  agency!: string;

  @ApiPropertyOptional({ example: '2026', description: 'the year the files were formed (file catalog)' })
  @Matches(/^\d{4}$/, { message: 'year must be 4 digits' })
  year!: string;
}
