/**
 * What Signet remembers of the keys it has seen on tokens: public facts only (ID, token label, role,
 * GUN). A token holds its keys itself, so an unplugged one makes its keys vanish; remembered, such a
 * key is named ("on the token X, not inserted") instead of "no such key", and still counts as the
 * user's when a plan picks keys.
 */
export interface RememberedTokenKey {
  id: string;
  /** The label of the token that held it when last seen. */
  token: string;
  role: string;
  gun?: string;
}

export interface TokenKeyMemory {
  /** The keys remembered ([] when nothing is, or the record cannot be read). */
  read(): Promise<RememberedTokenKey[]>;
  write(keys: RememberedTokenKey[]): Promise<void>;
}

/** A memory that lasts as long as the object (unit tests; a shell with nowhere to write). */
export class InMemoryTokenKeyMemory implements TokenKeyMemory {
  constructor(private keys: RememberedTokenKey[] = []) {}
  async read(): Promise<RememberedTokenKey[]> {
    return this.keys.map((k) => ({ ...k }));
  }
  async write(keys: RememberedTokenKey[]): Promise<void> {
    this.keys = keys.map((k) => ({ ...k }));
  }
}

/**
 * The memory after one look at the tokens: every key on a token that answered is remembered as
 * seen (a key deleted from it by another tool is forgotten); keys of tokens that did not answer
 * are kept as they were. Sorted by token, then ID, so an unchanged memory compares equal.
 */
export function afterListing(
  remembered: RememberedTokenKey[],
  answered: ReadonlySet<string>,
  seen: RememberedTokenKey[],
): RememberedTokenKey[] {
  const kept = remembered.filter((k) => !answered.has(k.token));
  const byId = new Map<string, RememberedTokenKey>();
  for (const k of [...kept, ...seen]) byId.set(`${k.token}\n${k.id}`, k);
  return [...byId.values()].sort((a, b) => cmp(a.token, b.token) || cmp(a.id, b.id));
}

/**
 * Updates the memory after a listing (what the tokens that answered hold) and returns the keys
 * remembered on the tokens that did not answer, as the key lists show them (`absent`).
 */
export async function rememberListing(
  memory: TokenKeyMemory | undefined,
  answered: ReadonlySet<string>,
  present: Array<{ id: string; token: string; role: string; gun?: string }>,
): Promise<Array<RememberedTokenKey & { location: 'hardware'; absent: true }>> {
  if (!memory) return [];
  const before = await memory.read().catch((): RememberedTokenKey[] => []);
  const seen = present.map((k) => ({ id: k.id, token: k.token, role: k.role, ...(k.gun ? { gun: k.gun } : {}) }));
  const next = afterListing(before, answered, seen);
  // losing the memory only loses the "not inserted" note, so a read-only folder fails no command
  if (JSON.stringify(next) !== JSON.stringify(before)) await memory.write(next).catch(() => undefined);
  const presentIds = new Set(present.map((k) => k.id));
  return next
    .filter((k) => !answered.has(k.token) && !presentIds.has(k.id))
    .map((k) => ({ ...k, location: 'hardware' as const, absent: true as const }));
}

/** Reads a memory file's text leniently: anything not a list of well-formed entries is dropped. */
export function parseTokenKeyMemory(text: string): RememberedTokenKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return [];
  const out: RememberedTokenKey[] = [];
  for (const e of list as Array<Record<string, unknown>>) {
    if (!e || typeof e !== 'object') continue;
    const { id, token, role, gun } = e;
    if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) continue;
    if (typeof token !== 'string' || typeof role !== 'string' || !token || !role) continue;
    out.push({ id, token, role, ...(typeof gun === 'string' && gun ? { gun } : {}) });
  }
  return out;
}

export function formatTokenKeyMemory(keys: RememberedTokenKey[]): string {
  return `${JSON.stringify({ keys }, null, 2)}\n`;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
