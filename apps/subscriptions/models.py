"""Plans (data, editable in the admin), each organization's subscription, and the usage ledger."""

import uuid

from django.db import models


class PlanManager(models.Manager["Plan"]):
    def get_by_natural_key(self, slug: str) -> "Plan":
        return self.get(slug=slug)


class Plan(models.Model):
    """A tier. ``None`` in a limit field means unlimited."""

    slug = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=64)
    price_cents = models.PositiveIntegerField(help_text="Monthly price in cents.")
    currency = models.CharField(max_length=3, default="usd")
    monthly_token_limit = models.PositiveIntegerField(null=True, blank=True)
    monthly_post_limit = models.PositiveIntegerField(null=True, blank=True)
    workspace_limit = models.PositiveIntegerField(null=True, blank=True)
    member_limit = models.PositiveIntegerField(null=True, blank=True)
    requests_per_minute = models.PositiveIntegerField(default=60)
    generations_per_minute = models.PositiveIntegerField(default=5)
    # AI images a month (SPEC §11: image credits, under the quota invariant of §5).
    monthly_image_limit = models.PositiveIntegerField(null=True, blank=True)
    # Bytes of media an organization may keep in storage (originals and derivatives).
    storage_limit_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    # Stripe price id; when blank, STRIPE_PRICE_ID_<SLUG> from the environment is used.
    stripe_price_id = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = PlanManager()

    class Meta:
        ordering = ["sort_order", "price_cents"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TRIALING = "trialing", "Trialing"
    PAST_DUE = "past_due", "Past due"
    CANCELED = "canceled", "Canceled"
    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete (expired)"
    UNPAID = "unpaid", "Unpaid"
    PAUSED = "paused", "Paused"


class Subscription(models.Model):
    """Organization 1–1 Subscription –1 Plan. Every organization has one (Free until it pays)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=24, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE)
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # Creation time (Stripe's ``created``) of the newest event applied; older events are ignored.
    last_event_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_customer_id"],
                condition=~models.Q(stripe_customer_id=""),
                name="subscription_unique_stripe_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.plan_id} ({self.status})"


class UsagePeriod(models.Model):
    """Usage of one organization in one billing period.

    ``*_used`` is settled usage; ``*_reserved`` is held by calls in flight. Reservations are taken
    with a conditional UPDATE so that used + reserved never passes the plan limit.
    """

    id = models.BigAutoField(primary_key=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="usage_periods"
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    tokens_used = models.PositiveBigIntegerField(default=0)
    tokens_reserved = models.PositiveBigIntegerField(default=0)
    posts_used = models.PositiveIntegerField(default=0)
    posts_reserved = models.PositiveIntegerField(default=0)
    images_used = models.PositiveIntegerField(default=0)
    images_reserved = models.PositiveIntegerField(default=0)
    # Highest quota.threshold event (0, 80, 100 %) already emitted this period, per quota: each once.
    tokens_threshold_notified = models.PositiveSmallIntegerField(default=0)
    posts_threshold_notified = models.PositiveSmallIntegerField(default=0)
    images_threshold_notified = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "period_start"], name="usage_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.period_start:%Y-%m-%d}"


class ReservationStatus(models.TextChoices):
    HELD = "held", "Held"
    SETTLED = "settled", "Settled"
    RELEASED = "released", "Released"


class UsageReservation(models.Model):
    """One reservation against a period: settled to the real count, or released on failure.
    A held reservation older than a few minutes belongs to a dead process and can be released."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(UsagePeriod, on_delete=models.CASCADE, related_name="reservations")
    tokens = models.PositiveBigIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    # AI images (image credits): 1 per image asked. A database default too: the generation hot path
    # inserts reservations in raw SQL (usage._reserve_in_one_statement) without this column.
    images = models.PositiveIntegerField(default=0, db_default=0)
    tokens_settled = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ReservationStatus.choices, default=ReservationStatus.HELD)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.tokens} tokens, {self.posts} posts, {self.images} images ({self.status})"


class StripeEventStatus(models.TextChoices):
    PROCESSED = "processed", "Processed"  # applied to our state
    IGNORED = "ignored", "Ignored"  # a type we do not handle, or nothing to do
    STALE = "stale", "Stale"  # older than the state already applied
    UNMATCHED = "unmatched", "Unmatched"  # unknown customer, subscription or price: nothing changed


class StripeEvent(models.Model):
    """Every verified Stripe webhook event, recorded once: the unique ``stripe_event_id`` makes a
    second delivery of the same event (even a simultaneous one) a no-op. The row is written in the
    same transaction as the event's effects, so an event whose processing failed is not recorded
    and Stripe's retry processes it again."""

    id = models.BigAutoField(primary_key=True)
    stripe_event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    created = models.DateTimeField(help_text="Stripe's creation time of the event.")
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=StripeEventStatus.choices)
    outcome = models.CharField(max_length=255, blank=True, help_text="Why it was ignored, stale or unmatched.")
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stripe_events",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.stripe_event_id} {self.type} ({self.status})"
