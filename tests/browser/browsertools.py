"""Where the browser tests find their tools, and the moment they pretend it is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = Path(__file__).resolve().parent / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
TODAY = "2026-11-28"
BROWSER_NOW = datetime(2026, 11, 28, 8, 0)  # the browser's clock: the morning of the build day
