/**
 * `/harness/chooser`: how a test drives the harness's stand-in dialogs over HTTP. POST queues the
 * next answer, one of
 *   { "paths": ["/abs/file"], "replace": true }   a file dialog's choice (a save takes the first)
 *   { "cancel": true }                            a file dialog cancelled
 *   { "confirm": true | false }                   a confirmation's answer
 * and GET lists the dialogs shown so far. Main still checks every path chosen.
 */
import * as v from 'valibot';
import type { HarnessChooser } from './chooser.js';

const answer = v.union([
  v.strictObject({
    paths: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))), v.minLength(1), v.maxLength(50)),
    replace: v.optional(v.boolean()),
  }),
  v.strictObject({ cancel: v.literal(true) }),
  v.strictObject({ confirm: v.boolean() }),
]);

export function chooserControl(
  chooser: HarnessChooser,
  method: string,
  body: string | undefined,
): { status: number; body: string } {
  if (method === 'GET') return { status: 200, body: JSON.stringify(chooser.shown) };
  if (method !== 'POST') return { status: 405, body: JSON.stringify({ error: 'GET or POST' }) };
  let parsed: v.InferOutput<typeof answer>;
  try {
    parsed = v.parse(answer, JSON.parse(body ?? ''));
  } catch {
    return {
      status: 400,
      body: JSON.stringify({ error: 'expected {"paths":[...],"replace"?:bool}, {"cancel":true} or {"confirm":bool}' }),
    };
  }
  if ('confirm' in parsed) chooser.confirmNext(parsed.confirm);
  else if ('cancel' in parsed) chooser.chooseNext({ cancel: true });
  else
    chooser.chooseNext({ paths: parsed.paths, ...(parsed.replace !== undefined ? { replace: parsed.replace } : {}) });
  return { status: 200, body: JSON.stringify({ queued: true }) };
}
