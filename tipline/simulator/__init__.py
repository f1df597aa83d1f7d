"""The demo: a simulated voter phone and a fake WhatsApp Cloud (Graph) API."""
