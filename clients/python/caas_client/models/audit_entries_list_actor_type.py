from typing import Literal

AuditEntriesListActorType = Literal["anonymous", "api_key", "system", "user"]

AUDIT_ENTRIES_LIST_ACTOR_TYPE_VALUES: set[AuditEntriesListActorType] = {
    "anonymous",
    "api_key",
    "system",
    "user",
}


def check_audit_entries_list_actor_type(value: str) -> AuditEntriesListActorType:
    if value in AUDIT_ENTRIES_LIST_ACTOR_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUDIT_ENTRIES_LIST_ACTOR_TYPE_VALUES!r}")
