import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items):
    """Files marked `long` first: a long file started last keeps one worker busy while the
    others have ended. (The sort is stable: the order within each file stays.)"""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
