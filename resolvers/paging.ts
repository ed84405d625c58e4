import { z } from 'zod';
import { invalid } from '../domain/errors.ts';
import { zRegistryId } from '../domain/registry.ts';

/**
 * Cursors of the lists that page by (a time, an id): `leads` by when received and `matters` by when opened, newest
 * first; `notifications` by when sent, oldest first. The cursor is the last item's time and id, opaque to the caller.
 */

/** The position `after` names, or null for the first page; a string that is no cursor of ours is refused. */
export function positionAfter(after: string | null | undefined): { at: Date; id: string } | null {
  if (!after) return null;
  const [at, id] = Buffer.from(after, 'base64url').toString().split('|');
  if (
    !at ||
    !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) ||
    Number.isNaN(Date.parse(at)) ||
    !z.uuid().safeParse(id).success
  )
    throw invalid('after', 'is not a cursor from this list');
  return { at: new Date(at), id };
}

/** A page of `first` items from `rows` fetched with `first + 1`, and the cursor of the next page if there is one. */
export function pageOf<R>(rows: R[], first: number, position: (row: R) => { at: Date; id: string }) {
  const items = rows.slice(0, first);
  const last = items[items.length - 1];
  if (rows.length <= first || !last) return { items, nextCursor: null };
  return { items, nextCursor: cursorOf(position(last)) };
}

export const cursorOf = ({ at, id }: { at: Date; id: string }) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** The id `after` names, for a list that pages by id alone (the registry's people); a string not of ours is refused. */
export function idAfter(after: string | null | undefined): string | null {
  if (!after) return null;
  const id = Buffer.from(after, 'base64url').toString();
  if (!zRegistryId.safeParse(id).success) throw invalid('after', 'is not a cursor from this list');
  return id;
}

/** A page of `first` items from `rows` fetched with `first + 1`, by id. */
export function pageById<R>(rows: R[], first: number, idOf: (row: R) => string) {
  const items = rows.slice(0, first);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > first && last ? Buffer.from(idOf(last)).toString('base64url') : null };
}
