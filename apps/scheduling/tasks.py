"""Former home of the scheduling worker tasks, now in ``apps.scheduling.outbox``.

The database queue stores a task by its import path: rows queued before the move name
``apps.scheduling.tasks.deliver_outbox_message`` / ``apps.scheduling.tasks.scheduling_sweep``
(a publication may wait up to a year). These aliases keep such rows runnable.
"""

from apps.scheduling.outbox import deliver_outbox_message, scheduling_sweep

__all__ = ["deliver_outbox_message", "scheduling_sweep"]
