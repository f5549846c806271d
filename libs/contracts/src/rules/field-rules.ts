import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { isVnDate, normalizeVnDate, normalizeVnDateTime, parseVnDateTime } from './vn-time';

// Messages name the rule, never the value: values may be personal data (docs/events.md section 3).

type Decorator = PropertyDecorator;
const all =
  (...decorators: Decorator[]): Decorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

export const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** Text of min..max characters (counted after NFC normalization), not blank. */
export const Text = (min: number, max: number): Decorator =>
  all(
    IsString({ message: 'must be text' }),
    Length(min, max, { message: `must be ${min} to ${max} characters long` }),
    Matches(/\S/, { message: 'must not be blank' }),
  );

export const Optional = (): Decorator => IsOptional();

export const AgencyCode = (): Decorator =>
  all(
    IsString({ message: 'must be text' }),
    Matches(AGENCY_CODE, { message: 'must be an agency code like 000.00.20.H17' }),
  );

export const ProcedureCode = (): Decorator =>
  all(
    IsString({ message: 'must be text' }),
    Matches(/^\d\.\d{6}$/, { message: 'must be a procedure code like 1.001193' }),
  );

export const Sha256 = (): Decorator =>
  all(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsString({ message: 'must be text' }),
    Matches(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 digest: 64 hexadecimal characters' }),
  );

export const DocumentTypeCode = (): Decorator =>
  all(
    IsString({ message: 'must be text' }),
    Matches(/^(0[1-9]|[12]\d|3[0-2])$/, { message: 'must be a document type code from 01 to 32' }),
  );

export const MediaType = (): Decorator =>
  all(
    IsString({ message: 'must be text' }),
    Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a media type like application/pdf' }),
  );

export const Int = (min: number, max: number): Decorator =>
  all(
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
    // Min and Max alone would describe it as any number.
    JSONSchema({ type: 'integer' }) as Decorator,
  );

export const Bool = (): Decorator => IsBoolean({ message: 'must be true or false' });

export const OneOf = (values: readonly string[]): Decorator =>
  IsIn(values, { message: `must be one of ${values.join(', ')}` });

/** An RFC 3339 date-time; without an offset it is read as +07:00, and it is stored in +07:00. */
export const VnDateTime = (): Decorator =>
  all(
    Transform(({ value }: { value: unknown }) => normalizeVnDateTime(value)),
    ValidateBy({
      name: 'vnDateTime',
      validator: {
        validate: (value) => typeof value === 'string' && parseVnDateTime(value) !== undefined,
        defaultMessage: () => 'must be a real date-time like 2026-03-02T08:15:00+07:00',
      },
    }),
    JSONSchema({ type: 'string', format: 'date-time', description: 'No offset means +07:00.' }) as Decorator,
  );

/** A calendar date, stored as YYYY-MM-DD; DD/MM/YYYY and date-times (their Vietnam-local day) are accepted. */
export const VnDate = (): Decorator =>
  all(
    Transform(({ value }: { value: unknown }) => normalizeVnDate(value)),
    ValidateBy({
      name: 'vnDate',
      validator: {
        validate: isVnDate,
        defaultMessage: () => 'must be a real date like 2026-03-02',
      },
    }),
    JSONSchema({ type: 'string', format: 'date' }) as Decorator,
  );

/** A nested object validated by its own class. */
export const Nested = (of: () => new () => object): Decorator =>
  // ValidateNested passes over a missing value; IsObject is what makes the object required.
  all(IsObject({ message: 'must be an object' }), ValidateNested({ message: 'must be an object' }), Type(of));

/** A list of nested objects, at most maxItems long. */
export const NestedList = (of: () => new () => object, maxItems: number): Decorator =>
  all(
    IsArray({ message: 'must be a list' }),
    ArrayMaxSize(maxItems, { message: `must hold at most ${maxItems} items` }),
    ValidateNested({ each: true, message: 'must hold objects' }),
    Type(of),
  );

/** A list of texts of min..max characters each. */
export const TextList = (min: number, max: number, maxItems: number): Decorator =>
  all(
    IsArray({ message: 'must be a list' }),
    ArrayMaxSize(maxItems, { message: `must hold at most ${maxItems} items` }),
    IsString({ each: true, message: 'must hold text only' }),
    Length(min, max, { each: true, message: `must hold texts of ${min} to ${max} characters` }),
  );
