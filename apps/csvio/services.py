"""Import of posts to schedule from a CSV file: every row validated, then all or nothing (docs/csv.md).

Two passes. **Validate** every row without writing (columns, workspace, content or text,
platform, tone, time, length as the network counts it, duplicates within the file) and report
every problem at once, numbered by row (the header is row 1). **Create**, in ONE transaction and a
few statements whatever the row count: the posts quota for the whole file (each ``text`` row is a
new content, i.e. one post of the plan's posts/month; all of them must fit or none is taken), the
contents of the ``text`` rows (``contents_create_from_text``), then every row's post through
``scheduled_posts_create`` — the one implementation of scheduling (``scheduled_post_create`` is its
batch of one), so every rule of scheduling applies to imported rows, each row checked as if the
rows were scheduled one after the other (a row duplicating an earlier row's post is refused as a
duplicate of a post already scheduled would be). A rule broken there is reported with the row
number; any row error rolls the whole file back.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.common.exceptions import DomainError
from apps.content.attachments import (
    Attachment,
    content_current_attachments,
    content_current_attachments_prefetch,
    media_rules_check,
)
from apps.content.measure import measure
from apps.content.models import Content, Platform, Tone
from apps.content.services import NewContent, contents_create_from_text
from apps.csvio.csv_format import unescape_cell
from apps.csvio.exceptions import CsvFileTooLarge, CsvInvalid, CsvTooManyRows
from apps.media.models import DerivativeKind, Media, MediaState
from apps.organizations.models import Role, Workspace
from apps.organizations.selectors import membership_require, workspace_default, workspace_scope
from apps.scheduling.models import ScheduledPost
from apps.scheduling.services import MAX_SCHEDULE_AHEAD, PostToSchedule, scheduled_posts_create
from apps.subscriptions.usage import usage_spend_posts
from apps.users.models import User

NUL_REFUSED = "Null characters are not allowed."
COLUMNS = ("workspace_id", "content_id", "text", "platform", "tone", "scheduled_at", "media_ids")
# media_ids: media of the row's workspace, in order, separated by spaces, commas or semicolons.
MEDIA_IDS_SPLIT = re.compile(r"[\s,;]+")
SOURCE_NOTE = "csv_import"


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


@dataclass
class ImportRow:
    row: int
    workspace: Workspace
    platform: str
    tone: str
    scheduled_at: datetime
    text: str = ""
    content: Content | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass
class ImportResult:
    organization_id: UUID
    dry_run: bool
    rows: int
    contents_created: int
    posts: list[tuple[int, ScheduledPost]] = field(default_factory=list)


# --------------------------------------------------------------------------- reading the file


def _read_text(file: IO[bytes], *, size: int | None) -> str:
    limit = settings.CSV_IMPORT_MAX_BYTES
    data = file.read(limit + 1)
    if (size is not None and size > limit) or len(data) > limit:
        raise CsvFileTooLarge(f"The file is larger than {limit} bytes; split it.", details={"max_bytes": limit})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvInvalid(
            details={"errors": [RowError(line, "file", "encoding", "The file is not UTF-8 text.").as_dict()]}
        ) from exc


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each non-blank record; row 1 is the header (a record may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            yield number, cells
    except csv.Error as exc:
        raise CsvInvalid(
            details={"errors": [RowError(number + 1, "file", "malformed", f"Not valid CSV: {exc}.").as_dict()]}
        ) from exc


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    errors = []
    for name in names:
        if name not in COLUMNS:
            errors.append(
                RowError(1, name or "(empty)", "unknown_column", f"Unknown column; use {', '.join(COLUMNS)}.")
            )
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(RowError(1, name, "duplicate_column", "This column appears twice."))
    if "scheduled_at" not in names:
        errors.append(RowError(1, "scheduled_at", "missing_column", "The scheduled_at column is required."))
    if "text" not in names and "content_id" not in names:
        errors.append(RowError(1, "text", "missing_column", "Give a text column, a content_id column, or both."))
    if errors:
        raise CsvInvalid(details={"errors": [e.as_dict() for e in errors]})
    return names


def _header_and_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header row and the numbered rows of the file; at most ``CSV_IMPORT_MAX_ROWS``, at least one."""
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    max_rows = settings.CSV_IMPORT_MAX_ROWS
    for number, cells in _records(text):
        if header is None:
            header = _header(cells)
            continue
        if len(records) >= max_rows:
            raise CsvTooManyRows(
                f"An import takes at most {max_rows} rows; split the file.", details={"max_rows": max_rows}
            )
        records.append((number, cells))
    if header is None or not records:
        raise CsvInvalid(
            "The file has no rows to import.",
            details={
                "errors": [RowError(1, "file", "empty", "A header row and at least one row are needed.").as_dict()]
            },
        )
    return header, records


# --------------------------------------------------------------------------- validation


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@dataclass
class _RowCheck:
    """The checks of one row: what they need to know, and the errors they found."""

    number: int
    values: dict[str, str]
    scope: UUID | None
    errors: list[RowError] = field(default_factory=list)

    def fail(self, field_name: str, code: str, message: str) -> None:
        self.errors.append(RowError(self.number, field_name, code, message))


def _row_workspace(
    check: _RowCheck, *, workspaces: dict[UUID, Workspace], default_workspace: Workspace | None
) -> Workspace | None:
    """The row's ``workspace_id`` (one of the organization's, within the user's scope) or the default."""
    raw = check.values.get("workspace_id", "")
    if not raw:
        if default_workspace is None:
            check.fail("workspace_id", "not_found", "The organization has no workspace.")
        return default_workspace
    wanted = _uuid(raw)
    workspace = workspaces.get(wanted) if wanted else None
    if wanted is None:
        check.fail("workspace_id", "invalid", "Not a UUID.")
    elif workspace is None or (check.scope is not None and wanted != check.scope):
        check.fail("workspace_id", "not_found", "No such workspace in this organization.")
    return workspace


def _row_content(
    check: _RowCheck, text: str, workspace: Workspace | None, *, contents: dict[UUID, Content]
) -> Content | None:
    """The existing content the row schedules (``content_id``), if it names one; either it or ``text``."""
    raw = check.values.get("content_id", "")
    if raw and text:
        check.fail("text", "content_or_text", "Give either content_id (schedule existing content) or text, not both.")
        return None
    if not raw:
        if not text:
            check.fail("text", "required", "Give the text to publish, or the content_id of existing content.")
        return None
    wanted = _uuid(raw)
    content = contents.get(wanted) if wanted else None
    if wanted is None:
        check.fail("content_id", "invalid", "Not a UUID.")
    elif content is None or (check.scope is not None and content.workspace_id != check.scope):
        check.fail("content_id", "not_found", "No such content in this organization.")
    elif check.values.get("workspace_id") and workspace is not None and content.workspace_id != workspace.pk:
        check.fail("workspace_id", "mismatch", "The content belongs to another workspace.")
    return content


def _row_platform(check: _RowCheck, text: str, content: Content | None) -> str:
    """The row's platform, or the content's; "" when missing or unknown (the error recorded)."""
    platform = check.values.get("platform", "").strip().lower()
    if not platform:
        if content is not None:
            return content.platform
        if text:
            check.fail("platform", "required", "The platform is required with text.")
        return ""
    if platform not in Platform.values:
        check.fail("platform", "invalid_choice", f"Unknown platform; use one of {', '.join(Platform.values)}.")
        return ""
    return platform


def _row_tone(check: _RowCheck, content: Content | None) -> str:
    tone = check.values.get("tone", "").strip().lower() or (content.tone if content else Tone.PROFESSIONAL)
    if tone not in Tone.values:
        check.fail("tone", "invalid_choice", f"Unknown tone; use one of {', '.join(Tone.values)}.")
    return tone


def _row_scheduled_at(check: _RowCheck, *, now: datetime) -> datetime | None:
    """The time to publish: ISO 8601 with a timezone, in the future, at most a year ahead."""
    raw = check.values.get("scheduled_at", "").strip()
    if not raw:
        check.fail("scheduled_at", "required", "The time to publish is required (ISO 8601 with timezone).")
        return None
    try:
        scheduled_at = parse_datetime(raw)
    except ValueError:
        scheduled_at = None
    if scheduled_at is None:
        check.fail("scheduled_at", "invalid", "Not an ISO 8601 date and time (e.g. 2026-02-15T10:00:00Z).")
    elif timezone.is_naive(scheduled_at):
        check.fail("scheduled_at", "timezone_required", "Give a timezone (e.g. 2026-02-15T10:00:00Z).")
        return None
    elif scheduled_at <= now:
        check.fail("scheduled_at", "not_in_future", "Must be in the future.")
    elif scheduled_at > now + MAX_SCHEDULE_AHEAD:
        check.fail("scheduled_at", "too_far_ahead", "Must be at most one year ahead.")
    return scheduled_at


def _row_length(check: _RowCheck, platform: str, text: str, content: Content | None) -> None:
    """The text to publish, measured as the network counts it."""
    publish = text or (content.current_text if content is not None else "")
    if platform and publish:
        for reason in measure(platform=platform, text=publish).reasons:
            check.fail("text" if text else "platform", reason.code, reason.message)


def _row_media(
    check: _RowCheck, workspace: Workspace | None, content: Content | None, *, media: dict[UUID, Media]
) -> tuple[Attachment, ...]:
    """The attachments of a text row (``media_ids``, each alt text the library's), or the current
    version's of the content a ``content_id`` row schedules (``media_ids`` must then be empty)."""
    raw = [part for part in MEDIA_IDS_SPLIT.split(check.values.get("media_ids", "")) if part]
    if content is not None:
        if raw:
            check.fail("media_ids", "content_or_text", "media_ids go with text; existing content keeps its media.")
        return tuple(Attachment(media=row.media, alt_text=row.alt_text) for row in content_current_attachments(content))
    attachments = []
    for position, value in enumerate(raw, start=1):
        wanted = _uuid(value)
        found = media.get(wanted) if wanted else None
        if found is None or workspace is None or found.workspace_id != workspace.pk:
            check.fail("media_ids", "not_found", f"Media {position}: no such media in the row's workspace.")
        elif found.state != MediaState.READY or found.derivative_kind == DerivativeKind.THUMBNAIL:
            check.fail("media_ids", "invalid", f"Media {position}: not ready, or a thumbnail.")
        else:
            attachments.append(Attachment(media=found, alt_text=found.alt_text))
    if len({item.media.pk for item in attachments}) != len(attachments):
        check.fail("media_ids", "invalid", "A media may be attached once per post.")
    return tuple(attachments)


def _row_media_rules(check: _RowCheck, platform: str, attachments: tuple[Attachment, ...]) -> None:
    if platform and not check.errors:
        for reason in media_rules_check(platform=platform, attachments=attachments):
            check.fail("media_ids", reason.code, reason.message)


def _validate_row(
    number: int,
    values: dict[str, str],
    *,
    workspaces: dict[UUID, Workspace],
    default_workspace: Workspace | None,
    scope: UUID | None,
    contents: dict[UUID, Content],
    media: dict[UUID, Media],
    now: datetime,
) -> tuple[ImportRow | None, list[RowError]]:
    # PostgreSQL refuses a NUL character in text: the row's error, not the database's.
    refused = [name for name, value in values.items() if "\x00" in value]
    if refused:
        return None, [RowError(number, name, "null_character", NUL_REFUSED) for name in refused]
    check = _RowCheck(number=number, values=values, scope=scope)
    workspace = _row_workspace(check, workspaces=workspaces, default_workspace=default_workspace)
    text = unescape_cell(values.get("text", "")).strip()
    content = _row_content(check, text, workspace, contents=contents)
    platform = _row_platform(check, text, content)
    tone = _row_tone(check, content)
    scheduled_at = _row_scheduled_at(check, now=now)
    _row_length(check, platform, text, content)
    attachments = _row_media(check, workspace, content, media=media)
    _row_media_rules(check, platform, attachments)
    if check.errors:
        return None, check.errors
    assert workspace is not None and scheduled_at is not None
    return (
        ImportRow(
            row=number,
            workspace=content.workspace if content is not None else workspace,
            platform=platform,
            tone=tone,
            scheduled_at=scheduled_at,
            text=text,
            content=content,
            attachments=attachments,
        ),
        [],
    )


def _duplicate_key(row: ImportRow) -> tuple[Any, ...]:
    what = ("content", row.content.pk) if row.content is not None else ("text", " ".join(row.text.split()).casefold())
    return (row.platform, row.scheduled_at, *what)


def _media_named(
    *, organization_id: UUID, header: list[str], records: list[tuple[int, list[str]]]
) -> dict[UUID, Media]:
    """The organization's media the file names (``media_ids``), in one query."""
    if "media_ids" not in header:
        return {}
    index = header.index("media_ids")
    ids = {
        _uuid(part)
        for _, cells in records
        if index < len(cells)
        for part in MEDIA_IDS_SPLIT.split(cells[index])
        if part
    } - {None}
    return {m.pk: m for m in Media.objects.filter(organization_id=organization_id, pk__in=ids)} if ids else {}


def _validate(
    *, user: User, organization_id: UUID, header: list[str], records: list[tuple[int, list[str]]]
) -> list[ImportRow]:
    scope = workspace_scope(user=user)
    workspaces = {w.pk: w for w in Workspace.objects.filter(organization_id=organization_id)}
    default_workspace = (
        workspaces.get(scope) if scope is not None else workspace_default(organization_id=organization_id)
    )
    content_ids = set()
    if "content_id" in header:
        index = header.index("content_id")
        content_ids = {_uuid(cells[index].strip()) for _, cells in records if index < len(cells)} - {None}
    contents = {
        c.pk: c
        for c in Content.objects.filter(organization_id=organization_id, pk__in=content_ids)
        .select_related("workspace")
        .prefetch_related(content_current_attachments_prefetch())
    }
    media = _media_named(organization_id=organization_id, header=header, records=records)
    now = timezone.now()
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in records:
        if len(cells) > len(header):
            errors.append(RowError(number, "row", "too_many_cells", f"{len(cells)} cells for {len(header)} columns."))
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row, row_errors = _validate_row(
            number,
            values,
            workspaces=workspaces,
            default_workspace=default_workspace,
            scope=scope,
            contents=contents,
            media=media,
            now=now,
        )
        errors.extend(row_errors)
        if row is None:
            continue
        key = _duplicate_key(row)
        if key in seen:
            errors.append(
                RowError(number, "row", "duplicate_row", f"Same post (platform, time, text) as row {seen[key]}.")
            )
            continue
        seen[key] = number
        rows.append(row)
    if errors:
        raise CsvInvalid(
            f"{len({e.row for e in errors})} row(s) of the file have errors; nothing was imported.",
            details={"errors": [e.as_dict() for e in errors]},
        )
    return rows


# --------------------------------------------------------------------------- the service


def _row_errors_of(number: int, exc: DomainError) -> list[RowError]:
    """A scheduling error of one row, as row errors (each field of its details, or the row)."""
    if isinstance(exc.details, dict) and exc.details and all(isinstance(v, list) for v in exc.details.values()):
        return [
            RowError(number, name, exc.code, " ".join(str(m) for m in messages))
            for name, messages in exc.details.items()
        ]
    return [RowError(number, "row", exc.code, exc.message)]


def _rows_schedule(*, user: User, organization_id: UUID, rows: list[ImportRow]) -> list[ScheduledPost | DomainError]:
    """The new contents of the ``text`` rows, then every row's post through ``scheduled_posts_create``
    (the one implementation of scheduling's rules): one outcome per row, in order."""
    created = contents_create_from_text(
        user=user,
        items=[
            NewContent(
                workspace=row.workspace,
                platform=row.platform,
                tone=row.tone,
                text=row.text,
                attachments=row.attachments,
            )
            for row in rows
            if row.content is None
        ],
        source_note=SOURCE_NOTE,
    )
    new_contents = iter(version.content for version in created)
    return scheduled_posts_create(
        user=user,
        organization_id=organization_id,
        posts=[
            PostToSchedule(
                content_id=(row.content or next(new_contents)).pk, scheduled_at=row.scheduled_at, platform=row.platform
            )
            for row in rows
        ],
        created=created,
    )


def scheduled_posts_import(
    *,
    user: User,
    organization_id: UUID | str | None,
    file: IO[bytes],
    size: int | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Schedule every row of the CSV ``file`` (editor+), or nothing (docs/csv.md)."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.EDITOR)
    organization_id = membership.organization_id
    header, records = _header_and_records(_read_text(file, size=size))
    rows = _validate(user=user, organization_id=organization_id, header=header, records=records)

    contents_created = sum(1 for row in rows if row.content is None)
    result = ImportResult(organization_id=organization_id, dry_run=dry_run, rows=len(rows), contents_created=0)
    with transaction.atomic():
        usage_spend_posts(organization_id=organization_id, posts=contents_created)
        outcomes = _rows_schedule(user=user, organization_id=organization_id, rows=rows)
        errors: list[RowError] = []
        for row, outcome in zip(rows, outcomes, strict=True):
            if isinstance(outcome, ScheduledPost):
                result.posts.append((row.row, outcome))
            elif outcome.status_code in (400, 404, 409):
                errors.extend(_row_errors_of(row.row, outcome))
            else:
                raise outcome  # not about this row: the whole request fails
        if errors:
            raise CsvInvalid(
                f"{len({e.row for e in errors})} row(s) of the file cannot be scheduled; nothing was imported.",
                details={"errors": [e.as_dict() for e in errors]},
            )
        if dry_run:  # everything was checked, as for real; nothing stays
            transaction.set_rollback(True)
            result.posts = []
        else:
            result.contents_created = contents_created
    return result
