"""The corpus store: analysed articles, cross-article people and full-text search in SQLite."""
from .db import DEFAULT_DB, Store, StoreError, Writer, default_db_path

__all__ = ["DEFAULT_DB", "Store", "StoreError", "Writer", "default_db_path"]
