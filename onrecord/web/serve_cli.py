"""`onrecord serve`: the web app and API over a store, with uvicorn."""
from __future__ import annotations

from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[Optional[str], typer.Option("--db", help="the store file (default: $ONRECORD_DB, else ./onrecord.db)",
                                                  show_default=False)] = None,
        host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port to listen on", min=0, max=65535)] = 8000,
        allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="enable POST /api/articles")] = False,
        max_body: Annotated[int, typer.Option(help="largest request body, in bytes", min=1)] = 1_000_000,
    ) -> None:
        """Serve the web app and the JSON API (OpenAPI at /openapi.json) over a store."""
        from ..store.db import StoreError, default_db_path

        try:
            from .app import create_app

            web = create_app(db or default_db_path(), allow_ingest=allow_ingest, max_body=max_body)
        except StoreError as exc:
            typer.echo(f"onrecord: error: {exc}", err=True)
            raise typer.Exit(2) from None
        import uvicorn

        uvicorn.run(web, host=host, port=port, log_level="info")
