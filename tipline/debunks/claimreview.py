"""schema.org ClaimReview <-> DebunkRecord, tolerant of the shapes publishers actually emit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tipline.debunks.records import DebunkRecord

MAX_URL_LENGTH = 2000
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".avif", ".heic")
LANGUAGE_NAMES = {
    "indonesian": "id",
    "bahasa indonesia": "id",
    "indonesia": "id",
    "in": "id",  # the withdrawn ISO 639 code some publishers still emit
    "english": "en",
    "javanese": "jv",
    "sundanese": "su",
    # inLanguage may be a name (schema.org allows Text or a Language): a debunk whose language does not match
    # its tips' codes is compared with them as across languages.
    "malay": "ms",
    "bahasa melayu": "ms",
    "tagalog": "tl",
    "filipino": "tl",
    "spanish": "es",
    "español": "es",
    "portuguese": "pt",
    "português": "pt",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "dutch": "nl",
    "turkish": "tr",
    "vietnamese": "vi",
    "tiếng việt": "vi",
    "thai": "th",
    "arabic": "ar",
    "العربية": "ar",
    "chinese": "zh",
    "中文": "zh",
    "japanese": "ja",
    "korean": "ko",
    "hindi": "hi",
    "हिन्दी": "hi",
    "bengali": "bn",
    "tamil": "ta",
    "urdu": "ur",
    "russian": "ru",
    "ukrainian": "uk",
    "persian": "fa",
    # ISO 639-2/3 codes, which some exports use instead of BCP 47's two letters
    "ind": "id",
    "eng": "en",
    "msa": "ms",
    "may": "ms",
    "zsm": "ms",
    "jav": "jv",
    "sun": "su",
    "spa": "es",
    "por": "pt",
    "fra": "fr",
    "fre": "fr",
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "hin": "hi",
}


class NotAClaimReview(ValueError):
    """The object cannot become a debunk; the message says why."""


def text_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("value") or value.get("@value"))
    return None


def clip(value: str | None, length: int) -> str | None:
    return value[:length] if value else value


def parse_date(value: Any) -> date | None:
    text = text_of(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def normalise_language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    elif isinstance(value, list):
        value = value[0] if value else None
    text = text_of(value)
    if not text:
        return None
    code = text.lower()
    code = LANGUAGE_NAMES.get(code, code)
    if len(code) > 8:
        code = code.split("-")[0][:8]
    return code


def author_name_of(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in (author_name_of(item) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return text_of(value)


def rating_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return (
            text_of(value.get("alternateName"))
            or text_of(value.get("name"))
            or text_of(value.get("ratingValue"))
        )
    return text_of(value)


def looks_like_image(url: str) -> bool:
    return url.lower().split("?")[0].split("#")[0].endswith(IMAGE_EXTENSIONS)


def _image_url(value: Any, *, require_image: bool) -> str | None:
    if isinstance(value, str):
        url = value.strip()
        return url if url and (not require_image or looks_like_image(url)) else None
    if isinstance(value, dict):
        found = text_of(value.get("contentUrl")) or text_of(value.get("url"))
        if not found:
            return None
        is_image_object = "ImageObject" in _types_of(value)
        return found if is_image_object or not require_image or looks_like_image(found) else None
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types_of(obj: dict[str, Any]) -> list[str]:
    return [t for t in as_list(obj.get("@type")) if isinstance(t, str)]


def image_urls_of(obj: dict[str, Any]) -> list[str]:
    found = [_image_url(item, require_image=False) for item in as_list(obj.get("image"))]
    item_reviewed = obj.get("itemReviewed")
    if isinstance(item_reviewed, dict):
        # Appearances are mostly links to posts; only those that are images are worth hashing.
        for appearance in as_list(item_reviewed.get("appearance")) + as_list(item_reviewed.get("image")):
            found.append(_image_url(appearance, require_image=True))
    return list(dict.fromkeys(url for url in found if url))


def is_claimreview(obj: dict[str, Any]) -> bool:
    types = _types_of(obj)
    return not types or any(t.rsplit("/", 1)[-1] == "ClaimReview" for t in types)


def record_from_claimreview(obj: dict[str, Any]) -> DebunkRecord:
    if not is_claimreview(obj):
        raise NotAClaimReview(f"not a ClaimReview (@type {obj.get('@type')!r})")
    url = text_of(obj.get("url"))
    if not url:
        raise NotAClaimReview("missing url")
    if len(url) > MAX_URL_LENGTH:
        raise NotAClaimReview(f"url longer than {MAX_URL_LENGTH} characters")
    headline = text_of(obj.get("headline")) or text_of(obj.get("name"))
    claim = text_of(obj.get("claimReviewed")) or headline
    if not claim:
        raise NotAClaimReview("missing claimReviewed (and no headline to stand in)")
    return DebunkRecord(
        url=url,
        claim_reviewed=claim,
        headline=headline,
        review_body=text_of(obj.get("reviewBody")) or text_of(obj.get("description")),
        rating=clip(rating_of(obj.get("reviewRating")), 200),
        language=normalise_language(obj.get("inLanguage")),
        author_name=clip(author_name_of(obj.get("author")), 300),
        date_published=parse_date(obj.get("datePublished")),
        identifier=clip(text_of(obj.get("identifier")), 200),
        image_urls=image_urls_of(obj),
        raw=obj,
    )


def records_from_factcheck_claim(claim: dict[str, Any]) -> Iterable[DebunkRecord | NotAClaimReview]:
    """One Google Fact Check Tools `claims[]` entry: one record per review of that claim."""
    claim_fields = {key: value for key, value in claim.items() if key != "claimReview"}
    reviews = as_list(claim.get("claimReview"))
    if not reviews:
        yield NotAClaimReview("claim without claimReview")
    for review in reviews:
        if not isinstance(review, dict):
            yield NotAClaimReview("claimReview entry is not an object")
            continue
        url = text_of(review.get("url"))
        claim_text = text_of(claim.get("text")) or text_of(review.get("title"))
        if not url:
            yield NotAClaimReview("missing url")
        elif not claim_text:
            yield NotAClaimReview("missing claim text (and no title to stand in)")
        elif len(url) > MAX_URL_LENGTH:
            yield NotAClaimReview(f"url longer than {MAX_URL_LENGTH} characters")
        else:
            yield DebunkRecord(
                url=url,
                claim_reviewed=claim_text,
                headline=text_of(review.get("title")),
                rating=clip(text_of(review.get("textualRating")), 200),
                language=normalise_language(review.get("languageCode")),
                author_name=clip(author_name_of(review.get("publisher")), 300),
                date_published=parse_date(review.get("reviewDate")),
                raw={"claim": claim_fields, "claimReview": review},
            )


REGENERATED_KEYS = (
    "url",
    "claimReviewed",
    "headline",
    "name",
    "reviewBody",
    "description",
    "inLanguage",
    "author",
    "datePublished",
    "identifier",
    "image",
)


def claimreview_from_fields(record: DebunkRecord) -> dict[str, Any]:
    """A schema.org ClaimReview for the stored fields; keeps what the original had beyond them."""
    base = dict(record.raw) if is_claimreview(record.raw) and "claimReview" not in record.raw else {}
    for key in REGENERATED_KEYS:
        base.pop(key, None)
    out: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview", "url": record.url}
    out["claimReviewed"] = record.claim_reviewed
    if record.headline:
        out["headline"] = record.headline
    if record.review_body:
        out["reviewBody"] = record.review_body
    rating = base.pop("reviewRating", None)
    if record.rating:
        rating = dict(rating) if isinstance(rating, dict) else {"@type": "Rating"}
        rating.setdefault("@type", "Rating")
        rating["alternateName"] = record.rating
        out["reviewRating"] = rating
    if record.language:
        out["inLanguage"] = record.language
    if record.author_name:
        out["author"] = {"@type": "Organization", "name": record.author_name}
    if record.date_published:
        out["datePublished"] = record.date_published.isoformat()
    if record.identifier:
        out["identifier"] = record.identifier
    if record.image_urls:
        out["image"] = list(record.image_urls)
    for key, value in base.items():
        out.setdefault(key, value)
    if "itemReviewed" not in out and isinstance(record.raw.get("claim"), dict):
        out["itemReviewed"] = _claim_from_factcheck(record.raw["claim"])
    return out


def _claim_from_factcheck(claim: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if text_of(claim.get("claimant")):
        item["author"] = {"@type": "Thing", "name": text_of(claim.get("claimant"))}
    if text_of(claim.get("claimDate")):
        item["datePublished"] = text_of(claim.get("claimDate"))
    return item
