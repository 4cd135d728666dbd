#!/usr/bin/env bash
# Issue 4 (serve): the browser test shows content errors in the page through Debian's chromium,
# driven by Playwright (a pip test extra). Never `playwright install`.
set -euo pipefail
if ! [ -x /usr/bin/chromium ]; then
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
