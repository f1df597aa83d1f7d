"""The inbound edge: Meta's WhatsApp Cloud API webhooks.

The only package that knows Meta's inbound JSON. `webhooks.parse.parse_delivery(body)` turns a stored raw
body into the project's own events (tipline.events); the route and signature check live beside it.
"""
