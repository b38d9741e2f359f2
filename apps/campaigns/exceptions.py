"""Domain errors of the campaigns app."""

from apps.common.exceptions import NotFound


class CampaignNotFound(NotFound):
    code = "campaign_not_found"
    default_message = "Campaign not found."
