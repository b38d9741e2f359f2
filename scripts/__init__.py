"""Developer and CI tools; ``harness`` and ``fake_upstreams`` are shared with ``bench/``."""
