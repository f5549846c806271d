import { adminConfig } from '@hoso/config';
import { SignInOptions } from '@hoso/contracts';
import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Answers, ProblemFilter } from '../http';

/** What the dashboard needs before it has a token: whether to send people to an OpenID provider. */
@ApiTags('admin: read')
@UseFilters(ProblemFilter)
@Controller('admin')
export class SignInController {
  constructor(@Inject(adminConfig.KEY) private readonly admin: ConfigType<typeof adminConfig>) {}

  @Get('sign-in')
  @ApiOperation({
    summary: 'How to sign in: the OpenID provider and public client, if any (no token needed)',
  })
  @Answers(200, SignInOptions, 'the sign-in options')
  signIn(): SignInOptions {
    const oidc = this.admin.oidc;
    return {
      oidc:
        oidc?.clientId != null
          ? { issuer: oidc.issuerUrl, clientId: oidc.clientId, scopes: oidc.scopes, audience: oidc.audience }
          : null,
    };
  }
}
