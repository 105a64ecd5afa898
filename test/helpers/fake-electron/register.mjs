// `node --import ./register.mjs dist/electron/main/index.js`: the compiled Electron entry runs with
// 'electron' resolved to ./electron.mjs, a recording stand-in (there is no Electron binary here).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
