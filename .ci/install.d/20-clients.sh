#!/usr/bin/env bash
# Real calendar clients for tests/test_clients_*.py (khal and calcurse import every feed),
# and zbarimg, an independent QR decoder for the subscribe block's QR codes.
set -euo pipefail
if ! command -v khal >/dev/null || ! command -v calcurse >/dev/null || ! command -v zbarimg >/dev/null; then
  apt-get install -y -qq --no-install-recommends khal calcurse zbar-tools >/dev/null
fi
