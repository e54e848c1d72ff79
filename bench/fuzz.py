"""A longer fuzzing run: the property tests of tests/test_fuzz.py with many more examples each.

    python bench/fuzz.py [EXAMPLES]      (default 2000; `make fuzz`)

Hypothesis draws fresh random inputs each run (the suite's short run is derandomized). Prints the
examples per property, the wall and CPU time and pytest's verdict; record the result in
bench/RESULTS.md ("Fuzzing").
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    env = {**os.environ, "GONGKAI_FUZZ_EXAMPLES": str(examples), "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/test_fuzz.py", "-q",
                           "-p", "no:cacheprovider", "--hypothesis-show-statistics"],
                          cwd=REPO, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(done.stdout[-6000:], done.stderr[-2000:], sep="\n")
    print(f"examples per property: {examples}; wall {wall:.1f} s; "
          f"CPU {cpu.ru_utime + cpu.ru_stime:.1f} s; pytest exit {done.returncode}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
