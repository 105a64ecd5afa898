/**
 * harness-bridge.js: defines `window.signet` in a plain browser with the same shape as the
 * preload, built by the SAME buildApi() from the SAME channel table (electron/ipc/channels.ts);
 * requests go to POST /rpc/<channel>, events come from GET /events (Server-Sent Events). The
 * page URL's ?token= is kept in sessionStorage so client-side navigation does not lose it.
 */
import { EVENT_CHANNELS, REQUEST_ARITY, buildApi, isEventChannel, splitChannel } from '../ipc/channels.js';

const BROWSER_SIDE = `
const token = new URLSearchParams(location.search).get('token') || sessionStorage.getItem('signet-harness-token') || '';
sessionStorage.setItem('signet-harness-token', token);
const listeners = new Map();
const source = new EventSource('/events?token=' + encodeURIComponent(token));
for (const name of EVENT_CHANNELS) {
  source.addEventListener(name, (m) => {
    const payload = JSON.parse(m.data);
    for (const l of [...(listeners.get(name) || [])]) l(payload);
  });
}
const invoke = async (channel, args) => {
  const res = await fetch('/rpc/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signet-token': token }, body: JSON.stringify(args) });
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
