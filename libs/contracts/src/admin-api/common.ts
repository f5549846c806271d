import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Doc, In, Omittable, Str } from './fields';

/** The roles of the admin API: a viewer reads, an operator also acts. */
export const ADMIN_ROLES = ['viewer', 'operator'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Who called, as the presented token says (GET /admin/whoami). */
export class Principal {
  @Str() @Doc('the name the token was issued to') name!: string;
  @In('role', ADMIN_ROLES) role!: AdminRole;
}

/**
 * One page of a list, newest first or in key order. `next` is the cursor of the following page (pass it as
 * `after`), null on the last page. Every list of the admin API answers in this shape.
 */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** The page parameters every list takes. */
export class ListQuery {
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  @Doc('items on a page', { type: 'integer', default: 50, minimum: 1, maximum: 500 })
  limit: number = 50;

  @Omittable()
  @IsString()
  @MaxLength(400)
  @Doc('the `next` of the page before')
  after?: string;
}

/** An agency's electronic identifier as a filter (at most 13 characters). */
export const AGENCY_EXAMPLE = '000.00.20.H17';
