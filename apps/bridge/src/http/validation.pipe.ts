import { type InvalidParam } from '@hoso/contracts';
import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem.filter';

/** Each member that is wrong, with every rule it breaks, nested members by their path. */
function invalidParams(errors: ValidationError[], prefix = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...invalidParams(error.children ?? [], name)];
  });
}

/**
 * Checks every query, path and body of the admin API against its contract class, turns it into that class
 * (numbers, booleans, defaults) and refuses members the class does not have; a refusal names each one.
 */
export const adminValidation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) => {
    const params = invalidParams(errors);
    return new ProblemException('invalid-request', params.map((p) => p.reason).join('; '), {
      invalidParams: params,
    });
  },
});

/** A request whose members are each right but do not agree (a period that runs backwards, say). */
export const invalidRequest = (name: string, reason: string) =>
  new ProblemException('invalid-request', reason, { invalidParams: [{ name, reason }] });
