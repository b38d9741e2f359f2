"""Test doubles of the outside boundaries (Stripe, the Node.js scheduler), shared by the suites."""
