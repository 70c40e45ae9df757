"""A local simulator of the amazon channel (see its app.py)."""
