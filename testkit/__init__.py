"""Test helpers for orderhub and channel plug-in authors: a fake clock and the plug-in test kit."""
