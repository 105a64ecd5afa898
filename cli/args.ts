/** A small argument parser: boolean flags, flags with values, `--flag=value`, and positionals. */
export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

export interface FlagSpec {
  /** Flags that take a value, e.g. ['--server']. */
  withValue?: string[];
  /** Boolean flags, e.g. ['--pretty']. Short aliases map to long names. */
  booleans?: string[];
  aliases?: Record<string, string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const withValue = new Set(spec.withValue ?? []);
  const booleans = new Set(spec.booleans ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg : arg.slice(0, eq);
    name = spec.aliases?.[name] ?? name;
    if (withValue.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`flag needs an argument: ${name}`);
      flags.set(name, value);
    } else if (booleans.has(name)) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown flag: ${name}`);
    }
  }
  return { flags, positionals };
}
