/** `signet key list`: the private keys of the stores, as a docker-style table or JSON. */
import type { KeyLocation } from '../../../core/keystore/key-store.js';
import { UsageError } from '../../args.js';
import { argsOf, type Context, exactly, KeyCommandError, LOCATION_NAME } from './shared.js';

interface ListedKey {
  id: string;
  role: string;
  gun?: string;
  locations: KeyLocation[];
  /** The token holding it (location `hardware`). */
  token?: string;
  /** Its token is not inserted (the key is remembered from when it was). */
  absent?: true;
}

async function listAll(ctx: Context): Promise<ListedKey[]> {
  const byId = new Map<string, ListedKey>();
  const tokenKeys = ctx.tokens ? await ctx.tokens.list() : [];
  const absent = { list: async () => (ctx.tokens ? await ctx.tokens.absent() : []) };
  for (const store of [{ list: async () => tokenKeys }, ...ctx.stores, absent]) {
    for (const info of await store.list()) {
      const seen = byId.get(info.id);
      if (seen) {
        if (!seen.locations.includes(info.location)) seen.locations.push(info.location);
        if (info.token && !seen.token) Object.assign(seen, { token: info.token }, info.absent ? { absent: true } : {});
      } else {
        byId.set(info.id, {
          id: info.id,
          role: info.role,
          ...(info.gun ? { gun: info.gun } : {}),
          locations: [info.location],
          ...(info.token ? { token: info.token } : {}),
          ...(info.absent ? { absent: true as const } : {}),
        });
      }
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...byId.values()].sort((a, b) => cmp(a.role, b.role) || cmp(a.id, b.id));
}

export async function list(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'list');
  exactly(positionals, 0, 'list');
  const format = flags.get('--format');
  if (format !== undefined && format !== 'json' && format !== 'table')
    throw new UsageError(`unsupported --format ${String(format)}: use json or table`);
  let keys: ListedKey[];
  try {
    keys = await listAll(ctx);
  } catch (e) {
    throw new KeyCommandError('cannot list keys', e);
  }
  if (format === 'json') {
    const rows = keys.map((k) => ({
      role: k.role,
      ...(k.gun ? { gun: k.gun } : {}),
      id: k.id,
      location: k.locations[0],
      locations: k.locations,
      ...(k.token ? { token: k.token } : {}),
      ...(k.absent ? { absent: true } : {}),
    }));
    ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (keys.length === 0) {
    ctx.io.stdout('No signing keys found.\n');
    return 0;
  }
  const rows = [
    ['ROLE', 'GUN', 'KEY ID', 'LOCATION'],
    ...keys.map((k) => [
      k.role,
      k.gun ?? '',
      k.id,
      k.locations
        .map((l) =>
          l === 'hardware' ? `hardware: ${k.token ?? ''}${k.absent ? ' (not inserted)' : ''}` : LOCATION_NAME[l],
        )
        .join(', '),
    ]),
  ];
  ctx.io.stdout(table(rows));
  return 0;
}

/** docker's tabwriter layout: columns padded to their widest cell plus 3 spaces, last column unpadded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map(
      (r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3)))
          .join('')
          .trimEnd() + '\n',
    )
    .join('');
}
