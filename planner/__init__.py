"""Strategic Account Planner: CRM exports in, scores, profiles, territories and coaching briefs out."""

import os

import pyarrow as pa

__version__ = "0.1.0"

# Arrow's bundled mimalloc hands freed pages back to the system at once, so a million-row column
# built, dropped and built again faults in fresh zeroed pages every time. On a 2-core VM that was
# a third of the CPU time of `planner score` at 1M accounts (5 s of 13); the C library's malloc keeps
# them. ARROW_DEFAULT_MEMORY_POOL still chooses when set.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())
