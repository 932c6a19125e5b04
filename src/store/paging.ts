/** A keyset page request: ids are time-ordered, so "after this id" is a stable cursor. */
export interface PageRequest {
  limit: number;
  startingAfter?: string | undefined;
}

/** Fetches one row more than the page holds, to know whether more follow. */
export async function fetchPage<Row>(
  page: PageRequest,
  fetch: (startingAfter: string | undefined, take: number) => Promise<Row[]>,
): Promise<{ rows: Row[]; hasMore: boolean }> {
  const rows = await fetch(page.startingAfter, page.limit + 1);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
