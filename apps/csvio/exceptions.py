"""Domain errors of the CSV import (the one handler maps them; docs/csv.md)."""

from apps.common.exceptions import DomainError, ValidationFailed


class CsvInvalid(ValidationFailed):
    """The file, or some of its rows, cannot be imported: ``details.errors`` lists
    ``{row, field, code, message}`` for every problem found (row 1 is the header)."""

    code = "csv_invalid"
    default_message = "The CSV file has errors; nothing was imported."


class CsvTooManyRows(ValidationFailed):
    code = "csv_too_many_rows"
    default_message = "The CSV file has more rows than an import accepts."


class CsvFileTooLarge(DomainError):
    status_code = 413
    code = "csv_file_too_large"
    default_message = "The CSV file is larger than an import accepts."
