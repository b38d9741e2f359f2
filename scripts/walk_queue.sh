#!/usr/bin/env bash
# The walk of docs/scheduling.md#queue-recurrence-and-calendar, against a running `make run`
# (WALK_BASE, default http://localhost:8000): fill a posting schedule, queue five posts, pause, reorder,
# resume, a weekly recurrence across a daylight-saving change (in the calendar), an evergreen recycle.
# Two steps use `manage.py` on the same database as the server (WALK_MANAGE; run it from the repository,
# with the same DATABASE_URL as the server): the embedded default has no billing, so the walk puts
# its organization on the Team plan as a checkout would; and it moves an evergreen content's
# "last queued" back by its interval instead of waiting a day.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${WALK_BASE:-http://localhost:8000}
MANAGE=${WALK_MANAGE:-.venv/bin/python manage.py}
EMAIL="walk-$(date +%s)@example.com"
say() { printf '\n== %s\n' "$*"; }
api() {  # api METHOD PATH [JSON]
    curl -sS -X "$1" "$BASE$2" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" ${3:+-d "$3"}
}

say "register $EMAIL"
TOKEN=$(curl -sS -X POST "$BASE/api/v1/auth/register/" -H "Content-Type: application/json" \
    -d "{\"email\": \"$EMAIL\", \"password\": \"walk-the-queue-42\"}" | jq -r .access)
WS=$(api GET /api/v1/organizations/workspaces/ | jq -r '.results[0].id')
ORG=$(api GET /api/v1/organizations/workspaces/ | jq -r '.results[0].organization_id')
$MANAGE shell -c "
from apps.subscriptions.models import Plan, Subscription
from apps.subscriptions.throttles import organization_rate_limits_invalidate
Subscription.objects.filter(organization_id='$ORG').update(plan=Plan.objects.get(slug='team'))
organization_rate_limits_invalidate(organization_id='$ORG')"
P="/api/v1/planner/workspaces/$WS"

say "1. fill the schedule: Monday to Friday 09:00 and 17:00, Europe/Berlin"
SLOTS=$(jq -nc '[range(0;5) as $d | ("09:00","17:00") as $t | {weekday: $d, local_time: $t}]')
api PUT "$P/schedule/" "{\"timezone\": \"Europe/Berlin\", \"slots\": $SLOTS, \"evergreen_interval_days\": 7}" \
    | jq '{timezone, slots: (.slots | length), next_free_slots}'

say "2. five posts into the queue (each content generated offline, then queued)"
for i in 1 2 3 4 5; do
    CONTENT=$(api POST /api/v1/content/generate/ \
        "{\"platform\": \"linkedin\", \"tone\": \"professional\", \"prompt\": \"Tip $i for planning a week of posts\", \"audience\": \"marketers\", \"ai_provider\": \"offline\"}" | jq -r .id)
    api POST "$P/queue/" "{\"content_id\": \"$CONTENT\"}" | jq -c '{id, slot_at, status}'
done

say "3. pause: nothing will be published, the order stays"
api POST "$P/queue/pause/" | jq -c '{paused, paused_at}'
api GET "$P/queue/" | jq -c '.results[] | {id, slot_at, status}'

say "4. reorder: last first"
IDS=$(api GET "$P/queue/" | jq -c '[.results[].id] | reverse')
api POST "$P/queue/reorder/" "{\"entry_ids\": $IDS}" | jq -c '.[] | {id, slot_at}'

say "5. resume: the waiting posts take the next free slots, in their order"
api POST "$P/queue/resume/" | jq -c '{paused}'
api GET "$P/queue/" | jq -c '.results[] | {id, slot_at}'

say "6. a weekly recurrence, Sundays 09:00 Europe/Berlin: the occurrences of the next 14 days are real posts"
CONTENT=$(api POST /api/v1/content/generate/ \
    "{\"platform\": \"twitter\", \"tone\": \"casual\", \"prompt\": \"Sunday reading list\", \"audience\": \"everyone\", \"ai_provider\": \"offline\"}" | jq -r .id)
SERIES=$(api POST "$P/recurrences/" \
    "{\"content_id\": \"$CONTENT\", \"frequency\": \"weekly\", \"weekdays\": [6], \"local_time\": \"09:00\", \"timezone\": \"Europe/Berlin\"}")
echo "$SERIES" | jq -c '{id, frequency, weekdays, local_time, occurrences: [.occurrences[] | {occurrence_at, status}]}'

say "   ... and across the spring-forward of the last Sunday of March, in the calendar (09:00 local, 08:00 then 07:00 UTC)"
YEAR=$(( $(date -u +%Y) + ( $(date -u +%m) > 3 ? 1 : 0 ) ))
for TZ in Europe/Berlin UTC; do
    api GET "$P/calendar/?start=$YEAR-03-15&end=$YEAR-04-05&tz=$TZ" \
        | jq -c --arg tz "$TZ" '{tz: $tz, sundays: [.days[] | select(.items | length > 0) | {date, at: [.items[] | select(.kind == "occurrence") | .local_time]}]}'
done

say "7. evergreen: the first queued content comes back as a new AI variant once its interval passed"
FIRST=$(api GET "$P/queue/" | jq -r '.results[-1].content_id')
api POST "$P/evergreen/" "{\"content_id\": \"$FIRST\"}" | jq -c '{content_id, last_queued_at, recycled}'
api DELETE "$P/queue/$(api GET "$P/queue/" | jq -r --arg c "$FIRST" '.results[] | select(.content_id == $c) | .id')/"
$MANAGE shell -c "
from datetime import timedelta
from django.utils import timezone
from apps.planner.models import EvergreenContent
EvergreenContent.objects.filter(content_id='$FIRST').update(last_queued_at=timezone.now() - timedelta(days=8))"
$MANAGE planner_tick
api GET "$P/queue/" | jq -c --arg c "$FIRST" '.results[] | select(.content_id == $c) | {id, slot_at, source, version}'
api GET "/api/v1/content/$FIRST/versions/" | jq -c '.results[] | {version, source, generated_text}'
