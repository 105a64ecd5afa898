/**
 * notary-server's changefeed (server/handlers/changefeed.go, storage Change): one record per
 * publish of a GUN (its new timestamp: version and sha256 of the stored bytes) or per deletion.
 * Checked against notary-server 0.7.0: `{"count":n,"records":[{"ID":"1","CreatedAt":"…Z",
 * "GUN":…,"Version":1,"SHA256":hex,"Category":"update"}]}`; an empty page has `"records":null`.
 */
import { SignetError } from '../errors.js';
import { fromUtf8 } from '../util/bytes.js';

export interface ChangeRecord {
  /** The server's change ID (a decimal string, increasing across all GUNs). */
  id: string;
  /** RFC 3339 time the server stored the change. */
  createdAt: string;
  gun: string;
  /** Version of the timestamp that publish made (0 for a deletion). */
  version: number;
  /** Hex sha256 of that timestamp's stored bytes ('' for a deletion). */
  sha256: string;
  /** 'update' (a publish) or 'deletion' (the GUN's trust data was deleted). */
  category: string;
}

export interface ChangefeedPage {
  count: number;
  records: ChangeRecord[];
}

const bad = (what: string): SignetError =>
  new SignetError('TUF_MALFORMED', `changefeed: ${what}`, {
    hint: 'the trust server answered the changefeed request with something that is not a notary changefeed',
  });

/** Parses a changefeed response body; throws TUF_MALFORMED naming what is wrong. */
export function parseChangefeed(body: Uint8Array): ChangefeedPage {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(body));
  } catch {
    throw bad('the response is not JSON');
  }
  if (typeof doc !== 'object' || doc === null) throw bad('the response is not an object');
  const raw = (doc as Record<string, unknown>)['records'];
  if (raw !== null && raw !== undefined && !Array.isArray(raw)) throw bad('"records" is not an array');
  const records = ((raw as unknown[] | null | undefined) ?? []).map((r, i): ChangeRecord => {
    if (typeof r !== 'object' || r === null) throw bad(`record ${i} is not an object`);
    const o = r as Record<string, unknown>;
    const id = typeof o['ID'] === 'number' ? String(o['ID']) : o['ID'];
    const { CreatedAt, GUN, Version, SHA256, Category } = o;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw bad(`record ${i} has no numeric "ID"`);
    if (typeof CreatedAt !== 'string' || Number.isNaN(Date.parse(CreatedAt)))
      throw bad(`record ${id} has no RFC 3339 "CreatedAt"`);
    if (typeof GUN !== 'string') throw bad(`record ${id} has no "GUN"`);
    if (typeof Version !== 'number' || !Number.isSafeInteger(Version) || Version < 0)
      throw bad(`record ${id} has no "Version"`);
    if (typeof SHA256 !== 'string' || !/^([0-9a-f]{64})?$/.test(SHA256)) throw bad(`record ${id} has a bad "SHA256"`);
    return {
      id,
      createdAt: CreatedAt,
      gun: GUN,
      version: Version,
      sha256: SHA256,
      category: typeof Category === 'string' ? Category : 'update',
    };
  });
  const count = (doc as Record<string, unknown>)['count'];
  return { count: typeof count === 'number' ? count : records.length, records };
}

/** Records per changefeed request. */
export const CHANGEFEED_PAGE = 1000;
/** Records one read takes at most (100 pages): a server that never ends its feed is stopped there. */
export const MAX_CHANGEFEED_RECORDS = 100_000;

/**
 * Every changefeed record of the store's GUN, oldest first, page by page. A page is asked for
 * after the last ID seen until a short page arrives (`since`: start after this change ID).
 */
export async function readChangefeed(
  feed: (changeId: string, records: number) => Promise<ChangefeedPage>,
  since = '0',
): Promise<ChangeRecord[]> {
  const out: ChangeRecord[] = [];
  let after = since;
  for (;;) {
    const page = await feed(after, CHANGEFEED_PAGE);
    out.push(...page.records);
    if (page.records.length < CHANGEFEED_PAGE) return out;
    if (out.length >= MAX_CHANGEFEED_RECORDS) {
      throw new SignetError(
        'HISTORY_TOO_MANY_VERSIONS',
        `the changefeed lists more than ${MAX_CHANGEFEED_RECORDS} changes; Signet stops reading it there`,
        {
          hint: 'The server may be misbehaving; read the history from what is kept locally (--offline), or from an archive.',
        },
      );
    }
    const last = page.records[page.records.length - 1]!.id;
    if (BigInt(last) <= BigInt(after)) return out; // a server that does not advance: stop, never loop
    after = last;
  }
}
