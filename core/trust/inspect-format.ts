import type { TrustView } from './view-types.js';
import { byteCompare, naturalSortBy } from './natural-sort.js';

/**
 * Renders trust views exactly as `docker trust inspect` does (docker/cli cli/command/trust
 * inspect.go, inspect_pretty.go, formatter.go), so scripts written for docker keep working.
 */
import { REPO_ADMIN } from './names.js';

export { REPO_ADMIN };

interface DockerKey {
  ID: string;
}
interface DockerSigner {
  Name?: string;
  Keys?: DockerKey[];
}

function sortedRows(view: TrustView): TrustView['signedTags'] {
  return naturalSortBy(view.signedTags, (r) => r.tag);
}

function signer(name: string, ids: string[]): DockerSigner {
  const out: DockerSigner = {};
  if (name !== '') out.Name = name;
  if (ids.length > 0) out.Keys = ids.map((ID) => ({ ID }));
  return out;
}

const ADMIN_ONLY: readonly string[] = [REPO_ADMIN];

/**
 * The element docker marshals for one repository. It shares the view's arrays (and one list for
 * Repo Admin): it is made to be serialised, 5,000 tags at a time, not to be changed.
 */
export function dockerInspectElement(view: TrustView): object {
  return {
    Name: view.name,
    SignedTags: sortedRows(view).map((r) => ({
      SignedTag: r.tag,
      Digest: r.digest,
      Signers: r.signers.length > 0 ? r.signers : ADMIN_ONLY,
    })),
    Signers: view.signers.map((s) => signer(s.name, s.keyIds)).sort((a, b) => byteCompare(b.Name ?? '', a.Name ?? '')),
    AdministrativeKeys: [
      signer(
        'Root',
        view.administrativeKeys.root.map((k) => k.id),
      ),
      signer(
        'Repository',
        view.administrativeKeys.repository.map((k) => k.id),
      ),
    ],
  };
}

/** Go's json.Marshal escapes these even inside indented output. */
function goEscape(json: string): string {
  // usually there is none: five native scans of the 1 MB text beat one regular-expression pass
  const none =
    json.indexOf('<') < 0 &&
    json.indexOf('>') < 0 &&
    json.indexOf('&') < 0 &&
    json.indexOf('\u2028') < 0 &&
    json.indexOf('\u2029') < 0;
  if (none) return json;
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `docker trust inspect` JSON: an indented array of the repositories that could be read. */
export function formatInspectJson(views: TrustView[]): string {
  if (views.length === 0) return '[]\n';
  return goEscape(JSON.stringify(views.map(dockerInspectElement), null, 4)) + '\n';
}

/** Go text/tabwriter with minwidth 10, padding 3, space padding; the last cell is not padded. */
export function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 10, runeCount(cell) + 3);
    });
  }
  return rows
    .map(
      (row) =>
        row.map((cell, i) => (i < row.length - 1 ? cell + ' '.repeat(widths[i]! - runeCount(cell)) : cell)).join('') +
        '\n',
    )
    .join('');
}

function runeCount(s: string): number {
  return [...s].length;
}

const truncateId = (id: string): string => id.slice(id.indexOf(':') + 1).slice(0, 12);
const byteSort = (xs: string[]): string[] => [...xs].sort(byteCompare);

/** `docker trust inspect --pretty` text for one repository. */
export function formatInspectPretty(view: TrustView): string {
  const x = view.name;
  let out = '';
  const rows = sortedRows(view);
  if (rows.length > 0) {
    out += `\nSignatures for ${x}\n\n`;
    out += tabwrite([
      ['SIGNED TAG', 'DIGEST', 'SIGNERS'],
      ...rows.map((r) => [r.tag, r.digest, r.signers.length > 0 ? byteSort(r.signers).join(', ') : `(${REPO_ADMIN})`]),
    ]);
  } else {
    out += `\nNo signatures for ${x}\n\n`;
  }
  if (view.signers.length > 0) {
    out += `\nList of signers and their keys for ${x}\n\n`;
    const signers = naturalSortBy(view.signers, (s) => s.name);
    out += tabwrite([
      ['SIGNER', 'KEYS'],
      ...signers.map((s) => [s.name, byteSort(s.keyIds).map(truncateId).join(', ')]),
    ]);
  }
  out += `\nAdministrative keys for ${x}\n\n`;
  out += `  Repository Key:\t${byteSort(view.administrativeKeys.repository.map((k) => k.id)).join(', ')}\n`;
  out += `  Root Key:\t${byteSort(view.administrativeKeys.root.map((k) => k.id)).join(', ')}\n`;
  return out;
}
