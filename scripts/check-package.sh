#!/usr/bin/env bash
# Proves the desktop package's file list without downloading Electron:
#   1. electron-builder.yml passes electron-builder's own schema (scripts/validate-eb.cjs);
#   2. `electron-builder --linux dir` with a stub Electron builds release/linux-unpacked, and the
#      asar holds the compiled main entry, the preload and core, while keytar.node is unpacked;
#   3. the fuses (electron-builder.yml electronFuses) are read back from the packaged binary: the stub
#      carries Electron's default fuse wire, electron-builder flips it, scripts/fuses.mjs reads it.
# Needs: npm ci (built dist/ through prepare). Runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/validate-eb.cjs electron-builder.yml
npx tsc -b
node scripts/build-preload.mjs

stub="$(mktemp -d)"
trap 'rm -rf "$stub"' EXIT
node scripts/fuses.mjs --stub "$stub/electron"
# the stub's wire is Electron's default: the check must fail on it, or reading back proves nothing
if node scripts/fuses.mjs "$stub/electron" >/dev/null 2>&1; then
  echo "check-package: the stub binary already passes the fuse check" >&2
  exit 1
fi

rm -rf release/linux-unpacked
npx electron-builder --linux dir -c.electronDist="$stub" > "$stub/builder.log" 2>&1 || { cat "$stub/builder.log"; exit 1; }

out=release/linux-unpacked/resources
list="$(npx asar list "$out/app.asar")"
fail=0
need() { grep -qx "$1" <<<"$list" || { echo "check-package: missing in app.asar: $1" >&2; fail=1; }; }
need /dist/electron/main/index.js
need /dist/electron/preload.cjs
need /dist/core/operations/writer.js
need /package.json
if grep -q '^/electron/\|^/test/\|^/cli/\|\.ts$' <<<"$(grep -v '\.d\.ts$' <<<"$list" | grep -v '^/node_modules/')"; then
  echo "check-package: sources or tests in app.asar:" >&2
  grep '^/electron/\|^/test/\|^/cli/\|\.ts$' <<<"$list" | grep -v '^/node_modules/' | head >&2
  fail=1
fi
node -e '
  const fs = require("fs"); const asar = require("@electron/asar");
  const pkg = JSON.parse(asar.extractFile(process.argv[1], "package.json").toString());
  if (pkg.main !== "dist/electron/main/index.js") { console.error("check-package: package.json main is " + pkg.main); process.exit(1); }
' "$out/app.asar" || fail=1
keytar_node="$(find "$out/app.asar.unpacked" -name keytar.node 2>/dev/null | head -1)"
if [ -z "$keytar_node" ]; then echo "check-package: keytar.node is not unpacked next to app.asar" >&2; fail=1; fi
pkcs11_node="$(find "$out/app.asar.unpacked" -name pkcs11.node 2>/dev/null | head -1)"
if [ -z "$pkcs11_node" ]; then echo "check-package: pkcs11.node (pkcs11js) is not unpacked next to app.asar" >&2; fail=1; fi
fuses="$(node scripts/fuses.mjs release/linux-unpacked/signet)" || fail=1
if [ "$fail" -ne 0 ]; then exit 1; fi
echo "$fuses"
echo "check-package: OK: $(wc -l <<<"$list") entries in app.asar; main dist/electron/main/index.js; ${keytar_node#release/linux-unpacked/}, ${pkcs11_node#release/linux-unpacked/}"
