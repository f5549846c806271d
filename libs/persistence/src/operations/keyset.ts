import { type ListQuery, type Page } from '@hoso/contracts';
import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

// Lists a page at a time by position in their order, not by offset: a cursor stays right as rows come.

/** One column of a list's order, and how to read it from a row for the cursor. */
export interface SortKey<R> {
  column: string;
  descending?: boolean;
  /** The column holds instants: the cursor keeps them as ISO text. */
  instant?: boolean;
  of: (row: R) => string | number | Date;
}

/**
 * One page of a list in the order of `keys` (keyset paging): the rows after the cursor's position, read
 * one more than asked, so that the extra row says whether another page follows.
 */
export async function keysetPage<R extends ObjectLiteral, T>(
  query: SelectQueryBuilder<R>,
  q: ListQuery,
  keys: ReadonlyArray<SortKey<R>>,
  view: (row: R) => T,
): Promise<Page<T>> {
  keys.forEach((k, i) => query[i === 0 ? 'orderBy' : 'addOrderBy'](k.column, k.descending ? 'DESC' : 'ASC'));
  const after = decodeCursor(q.after, keys.length);
  if (after?.some((value, i) => keys[i]!.instant && Number.isNaN(Date.parse(value))))
    throw new InvalidCursorError();
  if (after) {
    // (a, b, c) after (x, y, z): a past x, or a = x and b past y, or a = x, b = y and c past z.
    const params = Object.fromEntries(
      keys.map((k, i) => [`k${i}`, k.instant ? new Date(after[i]!) : after[i]]),
    );
    const past = keys.map((k, i) =>
      [
        ...keys.slice(0, i).map((e, j) => `${e.column} = :k${j}`),
        `${k.column} ${k.descending ? '<' : '>'} :k${i}`,
      ].join(' AND '),
    );
    query.andWhere(`(${past.map((p) => `(${p})`).join(' OR ')})`, params);
  }
  const rows = await query.take(q.limit + 1).getMany();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    next: rows.length > q.limit && last !== undefined ? encodeCursor(keys.map((k) => k.of(last))) : null,
  };
}

/** A position in a list, opaque to clients. */
const encodeCursor = (position: Array<string | number | Date>): string =>
  Buffer.from(
    JSON.stringify(position.map((p) => (p instanceof Date ? p.toISOString() : p))),
    'utf8',
  ).toString('base64url');

/** A cursor this list did not give: the client must start the list again. */
export class InvalidCursorError extends Error {
  constructor() {
    super('after must be the `next` of a page of this list');
  }
}

/** The position a cursor holds; undefined for the first page. */
function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(position) || position.length !== arity) throw new InvalidCursorError();
  return position.map(String);
}
