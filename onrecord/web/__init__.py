"""The local web app and HTTP API over an onrecord store: `create_app(db_path)`; `onrecord serve`."""
from .app import create_app

__all__ = ["create_app"]
