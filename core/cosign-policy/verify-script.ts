/**
 * verify.sh: `cosign verify --key <signer>.pub <repo>@<digest>` for every migrated tag and each
 * signer DCT named for it. POSIX sh; every argument single-quoted; key files found next to the
 * script wherever the folder is copied; each check prints a line, a failed one also cosign's reason;
 * it goes on after a failure and exits 1 when any check failed.
 */
import { commentText } from './yaml.js';

export interface ScriptCheck {
  tag: string;
  digest: string;
  signer: string;
  /** The key file, relative to the script's folder. */
  keyFile: string;
}

/** A shell word that is exactly `s`: single quotes, a quote inside written as '\''. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * cosign's flags: signatures are written without Rekor (no transparency log entry to check); a
 * plain-HTTP registry also needs the two registry flags.
 */
export function cosignVerifyFlags(insecureRegistry: boolean): string[] {
  const flags = ['--insecure-ignore-tlog=true'];
  if (insecureRegistry) flags.push('--allow-http-registry', '--allow-insecure-registry');
  return flags;
}

export function verifyScript(repository: string, checks: readonly ScriptCheck[], insecureRegistry: boolean): string {
  const flags = cosignVerifyFlags(insecureRegistry).map(shQuote).join(' ');
  const lines = [
    '#!/bin/sh',
    `# Written by Signet (signet migrate --policy-dir) for ${commentText(repository)}.`,
    '# Checks with cosign that every tag Docker Content Trust signed carries a cosign signature',
    '# on its signed digest from each signer DCT named for it. Exit status: 0 all verified, 1 not.',
    '# COSIGN=/path/to/cosign chooses the cosign binary (default: cosign on PATH).',
    'set -eu',
    'here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)',
    'cosign=${COSIGN:-cosign}',
    'checked=0',
    'failed=0',
    '',
    '# check TAG REFERENCE SIGNER KEYFILE',
    'check() {',
    '  checked=$((checked + 1))',
    `  if out=$("$cosign" verify --key "$here/$4" ${flags} "$2" 2>&1); then`,
    `    printf 'ok      %s  %s  signed by %s\\n' "$1" "$2" "$3"`,
    '  else',
    '    failed=$((failed + 1))',
    `    printf 'FAILED  %s  %s  signed by %s\\n' "$1" "$2" "$3"`,
    // cosign's warning about the skipped transparency log says nothing about this check
    `    printf '%s\\n' "$out" | sed -e '/^WARNING: Skipping tlog verification/d' -e 's/^/        /'`,
    '  fi',
    '}',
    '',
    `repository=${shQuote(repository)}`,
    ...checks.map(
      (c) =>
        `check ${shQuote(c.tag)} "$repository"${shQuote(`@${c.digest}`)} ${shQuote(c.signer)} ${shQuote(c.keyFile)}`,
    ),
    '',
    'if [ "$failed" -ne 0 ]; then',
    `  printf '%s of %s checks failed\\n' "$failed" "$checked"`,
    '  exit 1',
    'fi',
    `printf 'all %s checks passed\\n' "$checked"`,
  ];
  return lines.join('\n') + '\n';
}
