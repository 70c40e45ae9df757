"""Developer tools run from the repository (not packaged): ``python -m tools.<name>``."""
