"""The server runtime: the ASGI handler and the body bounds wrapped around it (``config.asgi``),
gunicorn's worker class and access log format (``gunicorn.conf.py``), and the task worker's command
(``python -m runtime.db_worker``).

Not a Django app: nothing here defines models, URLs or settings. It imports ``apps``; no module of
``apps`` imports it (an import-linter contract, ``.importlinter``).
"""
