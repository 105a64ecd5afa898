/**
 * Command-line flags through node:util parseArgs, with docker's (Go pflag) conventions on top:
 * `--flag=false` turns a boolean off, repeated value flags keep the last value unless declared
 * `multiple`, and errors read as docker's ("unknown flag: --x", "flag needs an argument: --x").
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';

export interface ParsedArgs {
  /** Flags given: a value flag's last value, or true for a boolean that is on. */
  flags: Map<string, string | true>;
  /** Every value of a `multiple` flag, in order. */
  lists: Map<string, string[]>;
  positionals: string[];
}

export interface FlagSpec {
  /** Flags that take a value, e.g. ['--server']. */
  withValue?: string[];
  /** Value flags that may repeat, each value kept (e.g. ['--key']). */
  multiple?: string[];
  /** Boolean flags, e.g. ['--pretty']. */
  booleans?: string[];
  /** Short aliases: { '-h': '--help' }. */
  aliases?: Record<string, string>;
}

export class UsageError extends Error {}

/** Go's strconv.ParseBool, as pflag reads `--flag=value` for booleans. */
function goBool(name: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new UsageError(
    `invalid argument "${value}" for "${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
  );
}

function usageFrom(e: unknown): UsageError {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message;
  const name = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown flag: ${name}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(`flag needs an argument: ${name}`);
  return new UsageError(message);
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const booleans = new Set(spec.booleans ?? []);
  const options: NonNullable<ParseArgsConfig['options']> = {};
  const shortOf = new Map(Object.entries(spec.aliases ?? {}).map(([s, long]) => [long, s.replace(/^-/, '')]));
  const add = (name: string, type: 'string' | 'boolean', multiple: boolean): void => {
    const short = shortOf.get(name);
    options[name.replace(/^--/, '')] = { type, ...(multiple ? { multiple: true } : {}), ...(short ? { short } : {}) };
  };
  for (const f of spec.withValue ?? []) add(f, 'string', false);
  for (const f of spec.multiple ?? []) add(f, 'string', true);
  for (const f of booleans) add(f, 'boolean', false);

  // `--bool=value` (pflag) becomes `--bool` or `--no-bool`; everything after `--` is positional
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : '';
    if (a.startsWith('--') && booleans.has(name))
      args.push(goBool(name, a.slice(eq + 1)) ? name : `--no-${name.slice(2)}`);
    else args.push(a);
  }

  let parsed;
  try {
    parsed = nodeParseArgs({ args, options, strict: true, allowPositionals: true, allowNegative: true });
  } catch (e) {
    throw usageFrom(e);
  }
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (const [key, value] of Object.entries(parsed.values)) {
    const name = `--${key}`;
    if (Array.isArray(value)) lists.set(name, value.map(String));
    else if (value === true) flags.set(name, true);
    else if (typeof value === 'string') flags.set(name, value);
  }
  return { flags, lists, positionals: parsed.positionals };
}
