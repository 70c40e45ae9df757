"""Buyers' personal data encrypted per person: the key store and the sealing of events (crypto-shredding)."""
