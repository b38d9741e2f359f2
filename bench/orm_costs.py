#!/usr/bin/env python
"""What the ORM costs on the generation's own statements: the thread CPU of each read and insert a
generation makes, through a QuerySet, as the code makes it (the two reads in hand-written SQL,
``apps.common.sql_rows``) and as the bare SQL through a cursor, plus the input serializer's
validation. The figures behind docs/benchmarks.md's "where the floor is".

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench_m REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/orm_costs.py --calls 2000

One process, one thread, one connection, no contention: each figure is a median over ``--rounds``
rounds of ``--calls`` calls, in thread CPU (the machine is shared; wall time would count the
neighbours). The inserts run inside a transaction that is rolled back. Rows are created under a
random tag and deleted at the end.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_ms_per_call(fn: Callable[[], object], *, calls: int, rounds: int) -> float:
    for _ in range(min(calls, 50)):  # warm: imports, caches, the connection
        fn()
    per_round = []
    for _ in range(rounds):
        started = time.thread_time()
        for _ in range(calls):
            fn()
        per_round.append((time.thread_time() - started) * 1000 / calls)
    return statistics.median(per_round)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.db import connection, transaction

    from apps.brand.selectors import BRAND_VOICE_RELATED
    from apps.common.sql_rows import insert
    from apps.content.apis import ContentGenerateApi
    from apps.content.models import Content, ContentVersion
    from apps.organizations.models import OrganizationMember, Workspace
    from apps.organizations.selectors import membership_get, workspace_default
    from bench.builders import account_create, bench_data_delete

    tag = secrets.token_hex(4)
    account = account_create(email=f"bench-{tag}-0@example.com")
    user, organization = account.user, account.organization

    def sql_of(queryset) -> tuple[str, tuple]:
        return queryset.query.sql_with_params()

    def through_cursor(sql: str, params: tuple) -> Callable[[], object]:
        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def workspace_queryset():
        return (
            Workspace.objects.filter(organization_id=organization.pk)
            .select_related(*BRAND_VOICE_RELATED)
            .order_by("-is_default", "created_at")[:1]
        )

    def membership_queryset():
        return OrganizationMember.objects.select_related("organization").filter(user=user)

    def membership_queryset_get() -> object:
        return membership_queryset().get(organization_id=organization.pk)

    membership_sql = sql_of(membership_queryset().filter(organization_id=organization.pk))
    body = {"platform": "twitter", "tone": "casual", "prompt": "Launch day", "organization_id": str(organization.pk)}
    serializer_class = ContentGenerateApi.InputSerializer
    version_number = iter(range(2, 10**9))
    content = None

    def new_content() -> Content:
        return Content(
            organization=organization, workspace=account.workspace, created_by=user, platform="twitter", tone="casual"
        )

    def new_version() -> ContentVersion:
        return ContentVersion(
            content=content,
            organization_id=organization.pk,
            workspace_id=account.workspace.pk,
            version=next(version_number),
            text="Launch day",
            source="generated",
            provider="openai",
            model="bench-model",
            parameters={"platform": "twitter", "calls": [{"model": "bench-model", "total_tokens": 37}]},
            created_by=user,
        )

    def saved(instance):  # what Model.objects.create does
        instance.save(force_insert=True)
        return instance

    def inserted(instance):  # what the code does (apps.common.sql_rows)
        insert(instance)
        return instance

    def content_insert_cursor() -> object:
        ids = [uuid.uuid4(), organization.pk, account.workspace.pk, user.pk]
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO "content_content" ("id", "organization_id", "workspace_id", "created_by_id", "platform",'
                ' "tone", "audience", "prompt", "current_version", "current_text", "review_state", "created_at",'
                ' "updated_at") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1, %s, %s, now(), now())',
                [*ids, "twitter", "casual", "", "", "", "draft"],
            )

    measure = {"calls": args.calls, "rounds": args.rounds}
    try:
        rows = [
            ("membership read through a QuerySet (select_related, get)", membership_queryset_get),
            (
                "  membership_get (hand-written SQL, apps.common.sql_rows)",
                lambda: membership_get(user=user, organization_id=organization.pk),
            ),
            ("  the SQL alone through a cursor", through_cursor(*membership_sql)),
            ("workspace + brand voice read through a QuerySet", lambda: workspace_queryset().first()),
            ("  building its QuerySet only", workspace_queryset),
            ("  building and compiling its SQL", lambda: sql_of(workspace_queryset())),
            (
                "  workspace_default (hand-written SQL)",
                lambda: workspace_default(organization_id=organization.pk, related=BRAND_VOICE_RELATED),
            ),
            ("  the SQL alone through a cursor", through_cursor(*sql_of(workspace_queryset()))),
            ("SELECT 1 through a cursor", through_cursor("SELECT 1", ())),
            ("input serializer: validate a generation's body", lambda: serializer_class(data=body).is_valid()),
            ("  its per-request copy of the declared fields", lambda: serializer_class(data=body).fields),
        ]
        figures = [(name, cpu_ms_per_call(fn, **measure)) for name, fn in rows]
        with transaction.atomic():
            content = saved(new_content())
            figures += [
                ("content insert, Model.objects.create", cpu_ms_per_call(lambda: saved(new_content()), **measure)),
                (
                    "  apps.common.sql_rows.insert (as the code does it)",
                    cpu_ms_per_call(lambda: inserted(new_content()), **measure),
                ),
                ("  a like INSERT through a cursor", cpu_ms_per_call(content_insert_cursor, **measure)),
                (
                    "version insert (JSON parameters), Model.objects.create",
                    cpu_ms_per_call(lambda: saved(new_version()), **measure),
                ),
                ("  apps.common.sql_rows.insert", cpu_ms_per_call(lambda: inserted(new_version()), **measure)),
            ]
            transaction.set_rollback(True)
    finally:
        bench_data_delete(tag)
    print(f"thread CPU per call, median of {args.rounds} rounds x {args.calls} calls ({connection.vendor})")
    for name, ms in figures:
        print(f"  {name:62} {ms:6.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
