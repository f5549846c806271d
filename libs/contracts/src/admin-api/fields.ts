import {
  Allow,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { isVnDate } from '../rules/vn-time';

// Decorators of the admin API's shapes, beside the event contract's field rules.

type Decorator = PropertyDecorator;
const all =
  (...decorators: Decorator[]): Decorator =>
  (target, key) =>
    decorators.forEach((decorate) => decorate(target, key));

/** What a member means, for the OpenAPI document, with a default or an example where it helps. */
export const Doc = (description: string, extra: Record<string, unknown> = {}): Decorator =>
  JSONSchema({ description, ...extra }) as Decorator;

/** Text in an answer: the API says what it holds, not how long it may be. */
export const Str = (): Decorator => IsString();

/** A Vietnamese calendar day, YYYY-MM-DD, that exists (2026-13-01 and 2026-02-30 do not). */
export const Day = (name: string): Decorator =>
  all(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} must be a day as YYYY-MM-DD` }),
    ValidateBy({
      name: 'realDay',
      validator: { validate: isVnDate, defaultMessage: () => `${name} must be a day that exists` },
    }),
    JSONSchema({ type: 'string', format: 'date' }) as Decorator,
  );

/** A whole number (Min and Max alone would describe it as any number). */
export const Whole = (description = '', extra: Record<string, unknown> = {}): Decorator =>
  all(IsInt(), Doc(description, { type: 'integer', ...extra }));

/** A count of things, from 0. */
export const Count = (description: string): Decorator => Whole(description, { minimum: 0 });

/** A share from 0 to 1, null when there is nothing to share. */
export const Rate = (description: string): Decorator =>
  all(IsOptional(), IsNumber(), Doc(description, { minimum: 0, maximum: 1 }));

/** An instant, as ISO 8601 text (the API answers in UTC). */
export const At = (description = ''): Decorator => all(IsISO8601(), Doc(description));

/** A member that may be left out (or be null in an answer). */
export const Omittable = (): Decorator => IsOptional();

/** One of a closed list, named in the message. */
export const In = (name: string, values: readonly string[]): Decorator =>
  IsIn(values, { message: `${name} must be one of ${values.join(', ')}` });

/** Any JSON value (parameters, a job's result before it is known). */
export const AnyJson = (description: string): Decorator =>
  all(Allow(), JSONSchema({ description }) as Decorator);
