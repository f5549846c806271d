// The HTTP kit of the admin API, for feature modules to import.
export * from './admin-api.decorator';
export * from './audit.interceptor';
export * from './auth.guard';
export * from './http-kit.module';
export * from './jobs';
export * from './openapi';
export * from './problem.filter';
export * from './validation.pipe';
export * from './caller';
export * from './oidc';
