"""What happens to a voter's message: decide, record the tip, and put the answer in the outbox."""

from tipline.pipeline.handle import Pipeline

__all__ = ["Pipeline"]
