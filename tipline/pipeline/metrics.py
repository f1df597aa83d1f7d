"""The pipeline's Prometheus counters (served at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter

TIPS = Counter("tipline_tips_total", "Tips by kind and how they were answered", ["kind", "state"])
