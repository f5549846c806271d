import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { AuditInterceptor, AuditTrail } from './audit.interceptor';
import { AdminAuthGuard } from './auth.guard';
import { Jobs } from './jobs';
import { OidcVerifier } from './oidc';
import { ProblemFilter } from './problem.filter';

/**
 * What every admin feature's HTTP side needs: the token guard, the audit of actions, problem+json errors,
 * and jobs for long work. Feature modules import it; it imports no feature.
 */
@Module({
  imports: [PersistenceModule],
  providers: [AdminAuthGuard, OidcVerifier, AuditTrail, AuditInterceptor, Jobs, ProblemFilter],
  exports: [
    AdminAuthGuard,
    OidcVerifier,
    AuditTrail,
    AuditInterceptor,
    Jobs,
    ProblemFilter,
    PersistenceModule,
  ],
})
export class HttpKitModule {}
