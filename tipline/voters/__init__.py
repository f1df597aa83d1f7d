"""Voters, known by a pseudonymous key; their phone number is stored only encrypted."""
