"""Phone numbers are personal data: stored encrypted (Fernet), looked up by keyed hash, shown masked."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet

from tipline.settings import Settings


class MissingSecretKey(RuntimeError):
    pass


def _key_material(settings: Settings) -> bytes:
    if not settings.secret_key:
        # An empty key would make every pseudonym guessable from the phone number alone.
        raise MissingSecretKey("TIPLINE_SECRET_KEY is not set")
    return settings.secret_key.encode()


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"tipline-phone-encryption:" + _key_material(settings)).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_phone(settings: Settings, phone: str) -> str:
    return _fernet(settings).encrypt(phone.encode()).decode()


def decrypt_phone(settings: Settings, token: str) -> str:
    return _fernet(settings).decrypt(token.encode()).decode()


def phone_hash(settings: Settings, phone: str) -> str:
    """A stable pseudonym: the same number always maps to the same value, which cannot be reversed."""
    return hmac.new(_key_material(settings), b"phone:" + phone.encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str | None) -> str:
    """'6281234567890' -> '+62 ••• •••• 7890': enough for a person to recognise, not to dial."""
    if not phone:
        return "(no number)"
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 6:
        return "•" * len(digits)
    return f"+{digits[:2]} ••• •••• {digits[-4:]}"
