"""Test doubles of the outside boundaries (the OpenAI and Gemini APIs, Stripe, the Node.js scheduler),
shared by the suites."""
