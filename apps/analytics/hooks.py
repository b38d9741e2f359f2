"""What analytics plugs into the lower apps (installed by ``AnalyticsConfig.ready()``): the read
replicas' report in /health/ready."""

from apps.analytics.replicas import replica_report
from apps.common.health import register_report


def install() -> None:
    register_report("replicas", replica_report)
