/**
 * harness-bridge.js: defines `window.signet` in a plain browser with the same shape as the
 * preload, built by the SAME buildApi() from the SAME channel table (electron/ipc/channels.ts);
 * requests go to POST /rpc/<channel>, events come from GET /events (Server-Sent Events, read
 * through fetch so that the token goes in a header, which EventSource cannot send). The token
 * comes from the page URL's fragment (#token=…, never sent to the server), is kept in
 * sessionStorage so a reload keeps it, and is taken out of the address bar and history.
 */
import { EVENT_CHANNELS, REQUEST_ARITY, buildApi, isEventChannel, splitChannel } from '../ipc/channels.js';

const BROWSER_SIDE = `
const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
const token = fromUrl || sessionStorage.getItem('signet-harness-token') || '';
sessionStorage.setItem('signet-harness-token', token);
if (fromUrl) history.replaceState(history.state, '', location.pathname + location.search);
const headers = { 'x-signet-token': token };
const listeners = new Map();
const deliver = (frame) => {
  const name = /^event: (.*)$/m.exec(frame);
  const data = /^data: (.*)$/m.exec(frame);
  if (!name || !data || !EVENT_CHANNELS.includes(name[1])) return;
  const payload = JSON.parse(data[1]);
  for (const l of [...(listeners.get(name[1]) || [])]) l(payload);
};
const listen = async () => {
  for (;;) {
    try {
      const res = await fetch('/events', { headers, cache: 'no-store' });
      if (res.status === 403) return; // a wrong token stays wrong
      if (res.status === 200 && res.body) {
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\\n\\n')) >= 0) {
            deliver(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      }
    } catch {
      /* the harness went away or restarted: try again, as EventSource would */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
};
void listen();
const invoke = async (channel, args) => {
  const res = await fetch('/rpc/' + channel, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(args) });
  if (res.status !== 200) return { ok: false, error: { code: 'IPC_UNTRUSTED_SENDER', message: 'the harness refused the request (HTTP ' + res.status + ')' } };
  return res.json();
};
const on = (event, listener) => {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(listener);
  return () => { set.delete(listener); };
};
Object.defineProperty(window, 'signet', { value: buildApi(invoke, on), enumerable: true, configurable: false, writable: false });
`;

/** The script text: the channel table, the shared helpers (their compiled source), and the browser side. */
export function bridgeScript(): string {
  const parts = [
    'const __name = (f) => f;', // tsx/esbuild keepNames helper, in case the sources below carry it
    `const REQUEST_ARITY = ${JSON.stringify(REQUEST_ARITY)};`,
    'const REQUEST_CHANNELS = Object.keys(REQUEST_ARITY);',
    `const EVENTS = ${JSON.stringify(Object.fromEntries(EVENT_CHANNELS.map((e) => [e, true])))};`,
    `const EVENT_CHANNELS = ${JSON.stringify(EVENT_CHANNELS)};`,
    `const isEventChannel = ${isEventChannel.toString()};`,
    `const splitChannel = ${splitChannel.toString()};`,
    `const buildApi = ${buildApi.toString()};`,
    BROWSER_SIDE,
  ];
  return `"use strict";\n(() => {\n${parts.join('\n')}\n})();\n`;
}
