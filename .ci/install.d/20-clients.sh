#!/usr/bin/env bash
# Real calendar clients for tests/test_clients_*.py: khal and calcurse import every feed.
set -euo pipefail
if ! command -v khal >/dev/null || ! command -v calcurse >/dev/null; then
  apt-get install -y -qq --no-install-recommends khal calcurse >/dev/null
fi
