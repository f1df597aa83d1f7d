"""A debunk as the matcher sees it: plain values, no database row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tipline.matching.headlines import claim_of_headline

# Long forwarded essays only dilute the embedding: the claim is nearly always in the first lines.
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class DebunkDoc:
    id: int
    url: str
    claim: str
    headline: str | None = None
    body: str | None = None
    language: str | None = None
    date_published: date | None = None
    # Where the claim appeared (ClaimReview itemReviewed), besides the debunk's url.
    urls: tuple[str, ...] = ()

    def fields(self) -> dict[str, str]:
        """Texts worth embedding, without repeats (headline often equals the claim); the headline without
        its verdict label ("[HOAKS] ...", "..., benarkah?")."""
        out: dict[str, str] = {}
        headline = claim_of_headline(self.headline) if self.headline else None
        for name, value in (("claim", self.claim), ("headline", headline), ("body", self.body)):
            text = (value or "").strip()
            if text and text not in out.values():
                out[name] = text[:MAX_QUERY_CHARS]
        return out
