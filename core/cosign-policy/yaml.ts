/**
 * A small YAML writer for the policies Signet generates: block style; a string plain only when it
 * is a word every YAML reader takes as that string, otherwise double-quoted (a JSON string with the
 * characters YAML does not print escaped); multi-line text (PEM keys) as literal block scalars;
 * comments before a key or item. Deterministic: keys come out in insertion order.
 */

/** A multi-line string written as a literal block scalar (`|`). */
export class Block {
  constructor(readonly text: string) {}
}

/** A value preceded by `# comment` lines (written above its key, or above its `-` item). */
export class Commented {
  constructor(
    readonly comment: string,
    readonly value: YamlValue,
  ) {}
}

export type YamlValue = string | number | boolean | Block | Commented | YamlValue[] | { [key: string]: YamlValue };

/** Characters outside YAML's printable set (and line separators) that JSON.stringify leaves as they are. */
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** A double-quoted YAML scalar (valid JSON too). */
export function quote(s: string): string {
  return JSON.stringify(s).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Comment text on one line: no line breaks, nothing unprintable. */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, '?');
}

/** Words every YAML reader takes as the string they are (no booleans, nulls or numbers). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const NOT_A_STRING = /^(true|false|yes|no|on|off|null|y|n)$/i;

function plainOrQuoted(s: string): string {
  return PLAIN.test(s) && !NOT_A_STRING.test(s) ? s : quote(s);
}

/** A block scalar is only safe for lines of printable text that do not start with a space. */
function blockLines(b: Block): { indicator: string; lines: string[] } | undefined {
  const keep = b.text.endsWith('\n') ? '' : '-';
  const body = keep ? b.text : b.text.slice(0, -1);
  const lines = body.split('\n');
  if (body === '' || body.endsWith('\n') || /^[ \t]/.test(lines[0]!)) return undefined;
  if (lines.some((l) => /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\r]|\s$/.test(l))) return undefined;
  return { indicator: `|${keep}`, lines };
}

function isCollection(v: YamlValue): v is YamlValue[] | { [key: string]: YamlValue } {
  return typeof v === 'object' && !(v instanceof Block) && !(v instanceof Commented);
}

function isEmpty(v: YamlValue[] | { [key: string]: YamlValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function scalar(v: string | number | boolean): string {
  if (typeof v === 'string') return plainOrQuoted(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`YAML: ${v} is not a number YAML can hold`);
  return String(v);
}

function comment(text: string, indent: number, out: string[]): void {
  for (const line of text.split('\n')) out.push(`${' '.repeat(indent)}# ${commentText(line)}`.trimEnd());
}

/** `prefix` (a key with its colon, or `-`) followed by the value, at `indent` spaces. */
function node(prefix: string, value: YamlValue, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (value instanceof Commented) {
    comment(value.comment, indent, out);
    node(prefix, value.value, indent, out);
    return;
  }
  if (value instanceof Block) {
    const b = blockLines(value);
    if (!b) return void out.push(`${pad}${prefix} ${quote(value.text)}`);
    out.push(`${pad}${prefix} ${b.indicator}`);
    for (const line of b.lines) out.push(line === '' ? '' : `${pad}  ${line}`);
    return;
  }
  if (!isCollection(value)) return void out.push(`${pad}${prefix} ${scalar(value)}`);
  if (isEmpty(value)) return void out.push(`${pad}${prefix} ${Array.isArray(value) ? '[]' : '{}'}`);
  out.push(`${pad}${prefix}`);
  body(value, indent + 2, out);
}

function body(value: YamlValue[] | { [key: string]: YamlValue }, indent: number, out: string[]): void {
  if (Array.isArray(value)) {
    for (const entry of value) {
      let item = entry;
      for (; item instanceof Commented; item = item.value) comment(item.comment, indent, out);
      if (isCollection(item) && !Array.isArray(item) && !isEmpty(item)) {
        // `- key: value` with the item's other keys aligned under the first
        const lines: string[] = [];
        body(item, indent + 2, lines);
        const first = lines.findIndex((l) => !l.trimStart().startsWith('#'));
        lines[first] = `${' '.repeat(indent)}- ${lines[first]!.slice(indent + 2)}`;
        out.push(...lines);
      } else node('-', item, indent, out);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) node(`${plainOrQuoted(k)}:`, v, indent, out);
}

/** One YAML document (a mapping), ending in a newline; `header` lines become leading comments. */
export function yamlDocument(value: { [key: string]: YamlValue }, header: string[] = []): string {
  const out = header.map((h) => `# ${commentText(h)}`.trimEnd());
  body(value, 0, out);
  return out.join('\n') + '\n';
}
