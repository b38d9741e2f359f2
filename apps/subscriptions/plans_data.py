"""The seed's three tiers; loaded by a data migration and mirrored in fixtures/plans.json."""

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
        "sort_order": 3,
    },
]
