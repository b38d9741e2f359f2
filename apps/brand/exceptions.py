"""Domain errors of the brand app (brand voice and prompt templates)."""

from apps.common.exceptions import Conflict, NotFound, ValidationFailed


class TemplateNotFound(NotFound):
    code = "template_not_found"
    default_message = "Prompt template not found."


class TemplateNameTaken(Conflict):
    code = "template_name_taken"
    default_message = "A prompt template with this name already exists in this workspace."


class TemplateVariablesInvalid(ValidationFailed):
    """details: ``missing`` (named by the template, not given) and ``unknown`` (given, not in the
    template), each a sorted list of names."""

    code = "template_variables_invalid"
    default_message = "The variables do not match the template's."
