"""The end of a generation in the database: the version and the spend in one short transaction,
or every reservation released (a provider failure noted for the analytics). Database steps: the
pipeline (``apps.content.services.pipeline``) runs each through ``db_step``."""

import logging
from typing import Any

from django.db import transaction

from apps.common.events import emit
from apps.content.measure import fit
from apps.content.models import Content, ContentVersion, FailureOutcome, GenerationFailure
from apps.content.providers import AIContentRefused, AIProvider, AIProviderError, AITimeout, GenerationResult
from apps.content.services.brand_rules import brand_provenance
from apps.content.services.generation import PreparedGeneration
from apps.content.services.versions import content_lock, version_append
from apps.subscriptions.usage import usage_settle

logger = logging.getLogger(__name__)


def call_record(prepared: PreparedGeneration, result: GenerationResult, *, purpose: str) -> None:
    """Note one provider call of the generation (kept in the version's parameters)."""
    prepared.calls.append(
        {
            "purpose": purpose,
            "provider": result.provider,
            "model": result.model,
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "total_tokens": result.total_tokens,
            "latency_ms": result.latency_ms,
            "finish_reason": result.finish_reason,
            "usage_estimated": result.usage_estimated,
        }
    )


def _version_parameters(
    prepared: PreparedGeneration, *, provider: AIProvider, shortened: bool, extra: dict[str, Any] | None
) -> dict[str, Any]:
    """What the version records of how it was made: the brief, the calls, the brand rules applied."""
    return {
        "platform": prepared.platform,
        "tone": prepared.tone,
        "audience": prepared.audience,
        "modifications": prepared.modifications,
        "requested_provider": prepared.requested_provider,
        "fallback_used": provider.name != prepared.requested_provider,
        "max_output_tokens": prepared.request.max_output_tokens,
        "reserved_tokens": prepared.reservation.tokens,
        "stream": prepared.stream,
        "shortened": shortened,
        "usage_estimated": any(c["usage_estimated"] for c in prepared.calls),
        "calls": prepared.calls,
        **brand_provenance(prepared),
        **(extra or {}),
    }


def _content_for_version(prepared: PreparedGeneration) -> Content:
    """The content that gets the version: new (inserted with its version 1) or the existing one, locked."""
    if prepared.content is not None:
        return content_lock(prepared.content.pk)
    return Content(
        organization=prepared.organization,
        workspace=prepared.workspace,
        created_by=prepared.user,
        platform=prepared.platform,
        tone=prepared.tone,
        audience=prepared.audience,
        prompt=prepared.prompt,
    )


def generation_save(
    prepared: PreparedGeneration,
    *,
    text: str,
    provider: AIProvider,
    shortened: bool,
    truncated: bool,
    extra: dict[str, Any] | None = None,
) -> ContentVersion:
    """In one short transaction: the content (locked) gets version n+1, ``content.generated`` is
    emitted, and every reservation of the generation is settled to what its call reported."""
    calls = prepared.calls
    tokens = {key: sum(c[key] for c in calls) for key in ("prompt_tokens", "completion_tokens", "total_tokens")}
    model = calls[0]["model"] if calls else provider.model
    parameters = _version_parameters(prepared, provider=provider, shortened=shortened, extra=extra)
    with transaction.atomic():
        content = _content_for_version(prepared)
        version = version_append(
            content=content,
            text=text,
            source=prepared.source,
            created_by=prepared.user,
            content_fields={"tone": prepared.tone, "audience": prepared.audience},
            provider=provider.name,
            model=model,
            parameters=parameters,
            latency_ms=sum(c["latency_ms"] for c in calls),
            truncated=truncated,
            attachments=prepared.attachments,
            **tokens,
        )
        emit(
            "content.generated",
            organization_id=content.organization_id,
            target=("content", content.pk),
            data={
                "content_id": str(content.pk),
                "workspace_id": str(content.workspace_id),
                "version": version.version,
                "source": prepared.source,
                "platform": prepared.platform,
                "provider": provider.name,
                "model": model,
                **tokens,
            },
            on_behalf_of=prepared.user,
        )
        extra_tokens = sum(spent for _, spent in prepared.extra_reservations)
        usage_settle(reservation=prepared.reservation, tokens=tokens["total_tokens"] - extra_tokens)
        for reservation, spent in prepared.extra_reservations:
            usage_settle(reservation=reservation, tokens=spent)
    return version


def _estimated_result(prepared: PreparedGeneration, *, provider: AIProvider, text: str) -> GenerationResult:
    """A stream cut before the provider reported its usage: the documented estimate (prompt estimate
    + completion estimate of the partial text), at most the reservation, flagged ``usage_estimated``."""
    prompt_estimate = provider.estimate_prompt_tokens(prepared.request)
    total = min(prompt_estimate + provider.estimate_completion_tokens(text), prepared.reservation.tokens)
    prompt = min(prompt_estimate, total)
    return GenerationResult(
        text=text,
        provider=provider.name,
        model=provider.model,
        prompt_tokens=prompt,
        completion_tokens=total - prompt,
        total_tokens=total,
        latency_ms=0,
        finish_reason="client_disconnected",
        usage_estimated=True,
    )


def generation_save_partial(
    prepared: PreparedGeneration, *, provider: AIProvider, parts: list[str], result: GenerationResult | None
) -> None:
    """The client left midway through a stream: save what arrived as the version and settle (the
    reported usage, else the documented estimate); nothing arrived: release. The upstream call is
    already closed."""
    text = "".join(parts).strip()
    if not text:
        prepared.release_all()
        return
    try:
        if not prepared.calls:  # the stream's own result has not been recorded yet
            call_record(
                prepared, result or _estimated_result(prepared, provider=provider, text=text), purpose="generate"
            )
        fitted = fit(platform=prepared.platform, text=text)
        generation_save(
            prepared,
            text=fitted,
            provider=provider,
            shortened=False,
            truncated=fitted != text,
            extra={"client_disconnected": True},
        )
    except BaseException:
        prepared.release_all()
        raise


def generation_release(prepared: PreparedGeneration, exc: BaseException | None = None) -> None:
    """Release every reservation of the generation (nothing spent) and, for a provider failure
    (timeout, refusal, error), note it for the analytics' shares (``GenerationFailure``)."""
    prepared.release_all()
    if exc is not None:
        _failure_record(prepared, exc)


def _failure_record(prepared: PreparedGeneration, exc: BaseException) -> None:
    """Best effort: a failure to note it never hides the error itself."""
    if isinstance(exc, AITimeout):
        outcome = FailureOutcome.TIMEOUT
    elif isinstance(exc, AIContentRefused):
        outcome = FailureOutcome.REFUSED
    elif isinstance(exc, AIProviderError):
        outcome = FailureOutcome.ERROR
    else:
        return
    try:
        GenerationFailure.objects.create(
            organization_id=prepared.organization.pk,
            workspace_id=prepared.workspace.pk,
            content_id=prepared.content.pk if prepared.content is not None else None,
            created_by=prepared.user,
            provider=prepared.requested_provider[:16],
            outcome=outcome,
            error_code=str(getattr(exc, "code", ""))[:64],
        )
    except Exception:
        logger.exception("could not record a failed generation")
