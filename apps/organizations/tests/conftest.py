"""Fixtures for the organizations tests: ``team`` (an organization with one member per role) is the
shared one of tests/support/fixtures.py."""
