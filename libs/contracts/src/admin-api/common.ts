import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Nested } from '../rules/field-rules';
import { Doc, In, Omittable, Str } from './fields';

/** The roles of the admin API: a viewer reads, an operator also acts. */
export const ADMIN_ROLES = ['viewer', 'operator'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** In a principal's agencies: the whole province. */
export const EVERY_AGENCY = '*';

/** Who called, as the presented token says (GET /admin/whoami). */
export class Principal {
  @Str() @Doc('the name the token was issued to') name!: string;
  @In('role', ADMIN_ROLES) role!: AdminRole;
  @IsString({ each: true })
  @Doc('the agency codes it may see and act on; ["*"] for the whole province', {
    type: 'array',
    items: { type: 'string' },
  })
  agencies!: string[];
}

/** The OpenID provider the dashboard signs in with (authorization code with PKCE). */
export class OidcSignIn {
  @Str()
  @Doc('the issuer (its discovery document is under /.well-known/openid-configuration)')
  issuer!: string;
  @Str() @Doc('the public client the dashboard is') clientId!: string;
  @Str() @Doc('the scopes it asks for, separated by spaces') scopes!: string;
  @Str() @Doc('the resource it asks a token for: the audience the admin API accepts') audience!: string;
}

/** How the dashboard signs in (GET /admin/sign-in, the one route without a token). */
export class SignInOptions {
  @Omittable()
  @Nested(() => OidcSignIn)
  @Doc('the OpenID provider; null when only tokens are accepted')
  oidc!: OidcSignIn | null;
}

/** Whether the principal sees the whole province. */
export const seesEveryAgency = (principal: Pick<Principal, 'agencies'>): boolean =>
  principal.agencies.includes(EVERY_AGENCY);

/** Whether the principal may see what belongs to this agency (nothing of no agency, unless it sees all). */
export const seesAgency = (
  principal: Pick<Principal, 'agencies'>,
  agencyCode: string | null | undefined,
): boolean =>
  seesEveryAgency(principal) || (typeof agencyCode === 'string' && principal.agencies.includes(agencyCode));

/** The agencies a principal's lists are limited to: null for every agency. */
export const agencyScope = (principal: Pick<Principal, 'agencies'>): readonly string[] | null =>
  seesEveryAgency(principal) ? null : principal.agencies;

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
