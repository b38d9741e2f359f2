"""Errors of the planner (catalogued in docs/errors.md)."""

from apps.common.exceptions import Conflict, NotFound


class QueueFull(Conflict):
    code = "queue_full"
    default_message = "The posting schedule has no free slot in the next 90 days: add slots or remove queued posts."


class SlotTaken(Conflict):
    code = "slot_taken"
    default_message = "Another queued post holds this slot."


class EntryNotMovable(Conflict):
    code = "queue_entry_not_movable"
    default_message = "This queued post already has its scheduled post (its slot is near or past); cancel it instead."


class QueueEntryNotFound(NotFound):
    code = "not_found"
    default_message = "Queued post not found, or you are not a member of its organization."


class SeriesNotFound(NotFound):
    code = "not_found"
    default_message = "Recurring series not found, or you are not a member of its organization."


class SlotMissed(Conflict):
    code = "slot_missed"
    default_message = "The slot passed while the worker was not running; the post was not published late."


class AuthorGone(Conflict):
    code = "author_gone"
    default_message = "The member who planned this post is no longer an editor (or higher) of the organization."


class VariantRepeats(Conflict):
    code = "variant_repeats"
    default_message = "The new variant repeats the previous text; it was not queued."
