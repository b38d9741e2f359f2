"""Scheduled posts and their outbox (filled in by the scheduling issue)."""
