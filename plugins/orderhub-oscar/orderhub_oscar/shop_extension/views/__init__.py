"""django-oscar-api looks for overridden views under ``<override module>.views``."""
