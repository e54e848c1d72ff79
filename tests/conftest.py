import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import os
import tempfile

# Test runs must not fill the user's ~/.cache/gongkai with caches of temporary portals.
os.environ.setdefault("GONGKAI_CACHE_DIR", tempfile.mkdtemp(prefix="gongkai-test-cache-"))
