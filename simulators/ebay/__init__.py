"""A local simulator of the ebay channel (see its app.py)."""
