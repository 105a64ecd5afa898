#!/usr/bin/env node
// Validates electron-builder.yml without building or downloading anything, through
// app-builder-lib's own config loader and schema (internal API: re-check on electron-builder bumps).
//   node scripts/validate-eb.cjs [electron-builder.yml]
const path = require('node:path');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

(async () => {
  const file = process.argv[2] || 'electron-builder.yml';
  const config = await getConfig(process.cwd(), path.resolve(file), null);
  await validateConfiguration(config, new DebugLogger(false));
  const missing = ['appId', 'productName', 'files', 'asarUnpack'].filter((k) => config[k] === undefined);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
  if (config.npmRebuild !== false)
    throw new Error('npmRebuild must be false (keytar is N-API; a rebuild would download Electron headers)');
  console.log(
    `validate-eb: ${file} is valid (appId ${config.appId}, targets: linux ${JSON.stringify(config.linux && config.linux.target)}, mac ${JSON.stringify(config.mac && config.mac.target)}, win ${JSON.stringify(config.win && config.win.target)})`,
  );
})().catch((e) => {
  console.error(`validate-eb: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
