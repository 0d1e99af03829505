"""Data files of Dump Reader (phrase lists, month names, stylesheets, sample dumps), read through
importlib.resources as the package ``reader.resources``."""
