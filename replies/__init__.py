"""The outbound edge: what we say to voters and how it reaches Meta's Graph API."""
