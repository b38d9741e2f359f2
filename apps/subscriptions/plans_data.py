"""The seed's three tiers; loaded by a data migration and mirrored in fixtures/plans.json."""

MIB = 1024**2
GIB = 1024**3

PLANS = [
    {
        "slug": "free",
        "name": "Free",
        "price_cents": 0,
        "monthly_token_limit": 100,
        "monthly_post_limit": 5,
        "workspace_limit": 1,
        "member_limit": 1,
        "requests_per_minute": 60,
        "generations_per_minute": 5,
        "monthly_image_limit": 3,
        "storage_limit_bytes": 100 * MIB,
        "sort_order": 1,
    },
    {
        "slug": "pro",
        "name": "Pro",
        "price_cents": 2900,
        "monthly_token_limit": 5000,
        "monthly_post_limit": 100,
        "workspace_limit": 3,
        "member_limit": 1,
        "requests_per_minute": 300,
        "generations_per_minute": 20,
        "monthly_image_limit": 100,
        "storage_limit_bytes": 10 * GIB,
        "sort_order": 2,
    },
    {
        "slug": "team",
        "name": "Team",
        "price_cents": 9900,
        "monthly_token_limit": 20000,
        "monthly_post_limit": None,  # unlimited
        "workspace_limit": 10,
        "member_limit": 10,
        "requests_per_minute": 1000,
        "generations_per_minute": 60,
        "monthly_image_limit": 500,
        "storage_limit_bytes": 50 * GIB,
        "sort_order": 3,
    },
]
