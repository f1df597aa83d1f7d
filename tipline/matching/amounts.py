"""Amounts of money written the many ways Indonesian messages write them, reduced to one number.

"Rp75.000.000", "Rp 75 juta", "75jt" and "IDR 75,000,000" all become 75000000, so that a giveaway scam
quoting "60jt" shares a word with the debunk headline that says "60 Juta Rupiah". A bare number ("2024",
"ke-79") is left alone; only a currency, a multiplier word (rb, ribu, k, jt, juta, miliar, triliun) or
thousands separators make it an amount. "M" and "T" mean miliar and triliun only after a currency ("Rp2,5 M");
alone they are more often metres or tera.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MULTIPLIERS = {
    "rb": 10**3,
    "ribu": 10**3,
    "k": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
}
_AFTER_CURRENCY = {"m": 10**9, "t": 10**12}
_AMOUNT = re.compile(
    r"(?<![\w.,])(?:(?P<currency>rp|idr)\.?\s?)?"
    r"(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d{1,2})?)"
    r"(?:\s?(?P<unit>ribu|rb|k|juta|jt|miliar|milyar|triliun|m|t)\b)?(?![\w]|[.,]\d)",
    re.IGNORECASE,
)


def _value(number: str) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", number):
        number = number.replace(".", "").replace(",", ".")  # Indonesian: 1.500.000,50
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", number):
        number = number.replace(",", "")  # English: 1,500,000
    else:
        number = number.replace(",", ".")  # a decimal: 2,5 juta
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def _spelled(match: re.Match[str]) -> str:
    currency, number, unit = (
        match.group("currency"),
        match.group("number"),
        (match.group("unit") or "").lower(),
    )
    multiplier = _MULTIPLIERS.get(unit) or (_AFTER_CURRENCY.get(unit) if currency else None)
    separated = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?", number) is not None
    if not (currency or multiplier or separated):
        return match.group(0)
    value = _value(number)
    if value is None:
        return match.group(0)
    amount = value * (multiplier or 1)
    text = str(int(amount)) if amount == amount.to_integral_value() else f"{amount.normalize():f}"
    # A unit that was not read as a multiplier ("5 m" after no currency) stays a word of its own.
    rest = f" {match.group('unit')}" if unit and not multiplier else ""
    return f" {text}{rest} "


def spell_amounts(text: str) -> str:
    """Every amount of money in `text` as plain digits of its value."""
    return _AMOUNT.sub(_spelled, text)
