"""tipline: a WhatsApp tipline that answers forwarded election hoaxes with verified debunks."""

__version__ = "0.1.0"
