import { type ValueTransformer } from 'typeorm';

/** mysql2 returns BIGINT as text and better-sqlite3 as a number: one type (text) for both. */
export const bigintText: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : String(value)),
};
