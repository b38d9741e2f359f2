"""Suites that span apps (tenant isolation, OWASP, OpenAPI, deploy artefacts, settings, production) and the
shared test support: factories, fakes of the outside boundaries, route discovery."""
