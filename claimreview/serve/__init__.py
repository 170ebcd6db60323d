"""``claimreview serve``: a local web app for fact-checkers (the ``serve`` extra).

Offline and without an account: it reads and writes claimreview YAML files in one folder, checks
them with the same checks as the CLI, and shows what will be published. See :mod:`.app`.
"""

from __future__ import annotations

from pathlib import Path

EXTRA_HINT = "claimreview serve needs its extra: pip install 'claimreview[serve]'"


def run(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``folder`` at http://host:port/ until interrupted."""
    try:
        import uvicorn
    except ImportError:
        raise ImportError(EXTRA_HINT) from None
    from claimreview.serve.app import create_app

    uvicorn.run(create_app(folder, host, port), host=host, port=port, log_level="warning")
