"""Django's PostgreSQL backend with a connection pool that recovers from a server restart at once
(``ENGINE = "apps.common.postgresql"``, set by the settings when the pool is on; see ``base``)."""
