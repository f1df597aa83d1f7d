"""Matching a forwarded message to the right debunk: normalise, find candidates, fuse, decide (DESIGN §6).

No FastAPI here: the pipeline, the CLI and the eval call MatcherService / Matcher directly.
"""
