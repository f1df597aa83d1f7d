"""Debunks (fact-checks) in schema.org ClaimReview form: imported, stored, exported, matched against."""
