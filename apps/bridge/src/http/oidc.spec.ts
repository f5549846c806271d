import { ForbiddenException } from '@nestjs/common';
import { principalOfClaims } from './oidc';

const CLAIMS = { rolesClaim: 'roles', agenciesClaim: 'agencies' };

describe('principalOfClaims: who a verified token says the caller is', () => {
  it('should take the name, the highest role and the agencies from the claims', () => {
    expect(
      principalOfClaims(
        {
          sub: 'u-1',
          preferred_username: 'nguyen.van.a',
          roles: ['viewer', 'operator', 'other'],
          agencies: ['000.00.20.H17'],
        },
        CLAIMS,
      ),
    ).toEqual({ name: 'nguyen.van.a', role: 'operator', agencies: ['000.00.20.H17'] });
  });

  it('should read claims at a dotted path, and values in one text separated by spaces or commas', () => {
    expect(
      principalOfClaims(
        {
          sub: 'u-2',
          realm_access: { roles: ['viewer'] },
          hoso: { agencies: '000.00.20.H17, 000.00.21.H17' },
        },
        { rolesClaim: 'realm_access.roles', agenciesClaim: 'hoso.agencies' },
      ),
    ).toEqual({ name: 'u-2', role: 'viewer', agencies: ['000.00.20.H17', '000.00.21.H17'] });
  });

  it('should give the province to *, drop values that are not agency codes, and see nothing without any', () => {
    expect(principalOfClaims({ sub: 's', roles: 'viewer', agencies: ['*'] }, CLAIMS).agencies).toEqual(['*']);
    expect(
      principalOfClaims({ sub: 's', roles: 'viewer', agencies: ['H17', 42, '000.00.20.H17'] }, CLAIMS)
        .agencies,
    ).toEqual(['000.00.20.H17']);
    expect(principalOfClaims({ sub: 's', roles: 'viewer' }, CLAIMS).agencies).toEqual([]);
  });

  it('should refuse (403) a token that holds neither role', () => {
    expect(() => principalOfClaims({ sub: 's', roles: ['admin'], agencies: ['*'] }, CLAIMS)).toThrow(
      ForbiddenException,
    );
    expect(() => principalOfClaims({ sub: 's', agencies: ['*'] }, CLAIMS)).toThrow(/holds neither role/);
  });
});
