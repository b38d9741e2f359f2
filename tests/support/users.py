"""Users in tests: the password ``make_user`` (root conftest) registers them with."""

PASSWORD = "correct-horse-battery-9"
