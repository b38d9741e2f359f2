"""The database router: everything on the primary ("default").

Only the analytics selectors read from a replica, and they say so explicitly with
``.using(replica_alias())`` (apps.analytics.replicas). Every write, every read of a request that
wrote, auth, the admin and the quota checks stay on the primary whatever DATABASES holds; no
table is ever migrated on a replica.
"""

from typing import Any

PRIMARY = "default"


class PrimaryRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY
