"""Helpers shared by the tests: building the site, serving it, finding a browser."""
