"""`python -m synthforge_worker`: the JSON-lines worker the TypeScript client starts."""

from .server import serve

raise SystemExit(serve())
