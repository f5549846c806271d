import { applyDecorators, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from './auth.guard';
import { Fails } from './openapi';
import { ProblemFilter } from './problem.filter';
import { adminValidation } from './validation.pipe';

/**
 * Makes a controller part of the admin API: a bearer token on every route (a viewer's at least), its
 * queries and bodies checked against their contract classes, and every error as problem+json.
 */
export const AdminApi = (tag: string) =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    UseGuards(AdminAuthGuard),
    UsePipes(adminValidation),
    UseFilters(ProblemFilter),
    Fails(400, 'a query, path or body member is not valid (`invalidParams` names each)'),
    Fails(401, 'no token, or one the bridge does not know (see WWW-Authenticate)'),
    Fails(403, 'the token lacks the role'),
    Fails(500, 'the bridge failed'),
    Fails(503, 'the database or the Kafka brokers cannot be reached; try again later'),
  );
