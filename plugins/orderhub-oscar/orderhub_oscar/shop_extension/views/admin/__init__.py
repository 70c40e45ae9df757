"""Overridden admin views (only the order detail)."""
