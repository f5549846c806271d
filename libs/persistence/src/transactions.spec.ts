import { isLockConflict } from './transactions';

// As mysql2 reports them, inside TypeORM's QueryFailedError.
const failure = (code: string, sqlMessage: string) => ({ driverError: { code, sqlMessage } });

describe('isLockConflict', () => {
  it('retries deadlocks and lock wait timeouts', () => {
    expect(isLockConflict(failure('ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock'))).toBe(true);
    expect(isLockConflict(failure('ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'))).toBe(true);
  });

  it('retries a duplicate only on the keys two intakes may insert at once', () => {
    expect(
      isLockConflict(failure('ER_DUP_ENTRY', "Duplicate entry 'sys-e1' for key 'uq_inbox_event_source_id'")),
    ).toBe(true);
    expect(
      isLockConflict(
        failure('ER_DUP_ENTRY', "Duplicate entry 'hoso.dossier-3-17' for key 'uq_dead_letter_source'"),
      ),
    ).toBe(true);
    expect(
      isLockConflict(failure('ER_DUP_ENTRY', "Duplicate entry 'F-1' for key 'uq_dossier_file_code'")),
    ).toBe(false);
  });

  it('does not retry other failures', () => {
    expect(isLockConflict(failure('ER_NO_SUCH_TABLE', "Table 'x' doesn't exist"))).toBe(false);
    expect(isLockConflict(new Error('connection lost'))).toBe(false);
    expect(isLockConflict(undefined)).toBe(false);
  });
});
