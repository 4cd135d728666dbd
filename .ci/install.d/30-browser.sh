#!/usr/bin/env bash
# Browser tests: Debian's chromium (driven by Playwright, never a downloaded browser), a Java
# runtime for the Nu Html Checker, and the npm tools pinned in tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
fi
cd tests/browser
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm ci --ignore-scripts --silent --no-audit --no-fund >/dev/null
fi
