"""A fake AI server for the real OpenAI and Gemini SDKs: a local pytest-httpserver speaking both HTTP
APIs — text (chat completions, generateContent) and images (OpenAI's ``/images/generations``,
Imagen's Vertex AI ``:predict``) — answering what a test scripts (``oa_text``, ``gm_text``,
``oa_image``, ``gm_image``, ``status``, ...) and recording every request. Its fixtures
(``fake_ai``, ``ai_settings``, ``openai_on``, ``gemini_on``) are registered for every suite by the
root conftest (``pytest_plugins``)."""

import base64
import io
import json
import math
import re
import threading
import time
from collections.abc import Callable

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Action = Callable[[Request, dict], Response]


def _usage(body: dict, text: str, prompt_tokens: int | None) -> tuple[int, int]:
    cap = body.get("max_tokens") or (body.get("generationConfig") or {}).get("maxOutputTokens") or 10**6
    completion = min(math.ceil(len(text.encode()) / 4), cap)
    return (20 if prompt_tokens is None else prompt_tokens), completion


def _chunks(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == 0 else f" {w}" for i, w in enumerate(words)]


# --- OpenAI-compatible answers ------------------------------------------------------------------
def oa_text(
    text: str,
    *,
    prompt_tokens: int | None = None,
    finish: str = "stop",
    refusal: str | None = None,
    delay: float = 0.0,
    usage: bool = True,
) -> Action:
    def action(request: Request, body: dict) -> Response:
        if delay:
            time.sleep(delay)
        p, c = _usage(body, text, prompt_tokens)
        usage_obj = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c} if usage else None
        if body.get("stream"):

            def events():
                base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test"}
                for piece in _chunks(text):
                    chunk = {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    yield f"data: {json.dumps(chunk)}\n\n"
                last = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
                yield f"data: {json.dumps(last)}\n\n"
                if usage and (body.get("stream_options") or {}).get("include_usage"):
                    yield f"data: {json.dumps({**base, 'choices': [], 'usage': usage_obj})}\n\n"
                yield "data: [DONE]\n\n"

            return Response(events(), content_type="text/event-stream")
        message = {"role": "assistant", "content": None if refusal else text, "refusal": refusal}
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-test",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        }
        if usage_obj:
            payload["usage"] = usage_obj
        return Response(json.dumps(payload), content_type="application/json")

    return action


def oa_stream_error(first: str) -> Action:
    """A stream that sends one delta, then an error object (the SDK raises APIError mid-stream)."""

    def action(request: Request, body: dict) -> Response:
        def events():
            base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test"}
            chunk = {**base, "choices": [{"index": 0, "delta": {"content": first}, "finish_reason": None}]}
            yield f"data: {json.dumps(chunk)}\n\n"
            yield f"data: {json.dumps({'error': {'message': 'overloaded', 'type': 'server_error'}})}\n\n"

        return Response(events(), content_type="text/event-stream")

    return action


def status(code: int, headers: dict | None = None, delay: float = 0.0) -> Action:
    def action(request: Request, body: dict) -> Response:
        if delay:
            time.sleep(delay)
        return Response(
            json.dumps({"error": {"message": "upstream says no", "code": code, "status": "UNAVAILABLE"}}),
            status=code,
            headers=headers or {},
            content_type="application/json",
        )

    return action


def sleep_then(seconds: float, then: Action) -> Action:
    def action(request: Request, body: dict) -> Response:
        time.sleep(seconds)
        return then(request, body)

    return action


# --- Gemini answers -------------------------------------------------------------------------------
def gm_text(text: str, *, finish: str = "STOP", prompt_tokens: int | None = None) -> Action:
    def action(request: Request, body: dict) -> Response:
        p, c = _usage(body, text, prompt_tokens)
        usage = {"promptTokenCount": p, "candidatesTokenCount": c, "totalTokenCount": p + c}
        if request.path.endswith(":streamGenerateContent"):

            def events():
                pieces = _chunks(text)
                for i, piece in enumerate(pieces):
                    chunk = {
                        "candidates": [{"content": {"parts": [{"text": piece}], "role": "model"}}],
                        "modelVersion": "gemini-test",
                    }
                    if i == len(pieces) - 1:
                        chunk["candidates"][0]["finishReason"] = finish
                        chunk["usageMetadata"] = usage
                    yield f"data: {json.dumps(chunk)}\n\n"

            return Response(events(), content_type="text/event-stream")
        payload = {
            "candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": finish}],
            "usageMetadata": usage,
            "modelVersion": "gemini-test",
        }
        return Response(json.dumps(payload), content_type="application/json")

    return action


def gm_blocked(reason: str = "SAFETY") -> Action:
    def action(request: Request, body: dict) -> Response:
        payload = {
            "promptFeedback": {"blockReason": reason},
            "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9},
        }
        return Response(json.dumps(payload), content_type="application/json")

    return action


# --- Images ---------------------------------------------------------------------------------------
def png_bytes(width: int, height: int, colour: tuple[int, int, int] = (200, 60, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def _scaled(width: int, height: int) -> tuple[int, int]:
    """The stand-in's pictures are the asked size divided by 8 (same shape, quick to make)."""
    return max(width // 8, 1), max(height // 8, 1)


def oa_image(*, data: bytes | None = None, revised_prompt: str | None = None, delay: float = 0.0) -> Action:
    """OpenAI ``POST /images/generations``: ``{"created", "data": [{"b64_json", "revised_prompt"}], ...}``
    (a PNG of the asked ``size``, divided by 8, unless ``data`` is given)."""

    def action(request: Request, body: dict) -> Response:
        if delay:
            time.sleep(delay)
        width, height = (int(n) for n in str(body.get("size") or "1024x1024").split("x"))
        picture = data if data is not None else png_bytes(*_scaled(width, height))
        item = {"b64_json": base64.b64encode(picture).decode()}
        if revised_prompt is not None:
            item["revised_prompt"] = revised_prompt
        payload = {
            "created": 1,
            "data": [item],
            "output_format": "png",
            "size": body.get("size"),
            "usage": {
                "input_tokens": 10,
                "input_tokens_details": {"image_tokens": 0, "text_tokens": 10},
                "output_tokens": 272,
                "total_tokens": 282,
            },
        }
        return Response(json.dumps(payload), content_type="application/json")

    return action


def oa_image_refused(code: str = "moderation_blocked") -> Action:
    """What OpenAI answers a prompt its safety system blocks: 400 with the error's code."""

    def action(request: Request, body: dict) -> Response:
        error = {
            "message": "Your request was rejected as a result of our safety system.",
            "type": "image_generation_user_error",
            "param": None,
            "code": code,
        }
        return Response(json.dumps({"error": error}), status=400, content_type="application/json")

    return action


_IMAGEN_RATIOS = {"1:1": (1024, 1024), "4:3": (1280, 960), "3:4": (960, 1280), "16:9": (1408, 768)}


def gm_image(*, data: bytes | None = None, enhanced_prompt: str | None = None, delay: float = 0.0) -> Action:
    """Imagen on Vertex AI ``POST …/models/{model}:predict``: ``{"predictions": [{"bytesBase64Encoded",
    "mimeType", "prompt"}]}`` (the image of the asked ``aspectRatio``, divided by 8)."""

    def action(request: Request, body: dict) -> Response:
        if delay:
            time.sleep(delay)
        ratio = (body.get("parameters") or {}).get("aspectRatio") or "1:1"
        picture = data if data is not None else png_bytes(*_scaled(*_IMAGEN_RATIOS.get(ratio, (1024, 1024))))
        prediction = {"bytesBase64Encoded": base64.b64encode(picture).decode(), "mimeType": "image/png"}
        if enhanced_prompt is not None:
            prediction["prompt"] = enhanced_prompt
        return Response(json.dumps({"predictions": [prediction]}), content_type="application/json")

    return action


def gm_image_filtered(reason: str | None = "Your current safety filter threshold filtered out the image.") -> Action:
    """Imagen's Responsible-AI filter: the prediction carries ``raiFilteredReason`` and no bytes
    (``reason`` None: no prediction at all, as without ``includeRaiReason``)."""

    def action(request: Request, body: dict) -> Response:
        predictions = [{"raiFilteredReason": reason}] if reason else []
        return Response(json.dumps({"predictions": predictions}), content_type="application/json")

    return action


class FakeAI:
    """Scripted answers, consumed in order (then the default); every request is recorded."""

    def __init__(self, server: HTTPServer):
        self.server = server
        self.script: list[Action] = []
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        server.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    def _handle(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        with self._lock:
            self.requests.append((request.path, body))
            action = self.script.pop(0) if self.script else None
        if action is None:
            if "chat/completions" in request.path:
                action = oa_text("🚀 Exciting news! We're launching our new product today. #launch")
            elif "images/generations" in request.path:
                action = oa_image()
            elif request.path.endswith(":predict"):
                action = gm_image()
            else:
                action = gm_text("Gemini says: our new product launches today! #launch")
        return action(request, body)

    def url(self, path: str = "/") -> str:
        return self.server.url_for(path)

    def openai_requests(self) -> list[dict]:
        return [body for path, body in self.requests if "chat/completions" in path]

    def gemini_requests(self) -> list[dict]:
        return [body for path, body in self.requests if ":generateContent" in path or ":stream" in path]

    def image_requests(self) -> list[tuple[str, dict]]:
        """(path, body) of every image request, OpenAI's and Imagen's."""
        return [(path, body) for path, body in self.requests if "images/generations" in path or ":predict" in path]


@pytest.fixture
def fake_ai():
    server = HTTPServer(threaded=True)
    server.start()
    yield FakeAI(server)
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def ai_settings(settings):
    settings.AI_RETRY_BACKOFF_SECONDS = 0
    settings.AI_TIMEOUT_SECONDS = 2
    settings.AI_MAX_RETRIES = 2
    settings.AI_FALLBACK_PROVIDER = ""
    settings.OPENAI_API_KEY = ""
    settings.GEMINI_API_KEY = ""
    settings.GEMINI_IMAGE_API_KEY = ""
    return settings


@pytest.fixture
def openai_on(ai_settings, fake_ai):
    ai_settings.OPENAI_API_KEY = "sk-test-not-a-real-key"
    ai_settings.OPENAI_BASE_URL = fake_ai.url("/v1")
    ai_settings.OPENAI_MODEL = "gpt-test"
    ai_settings.OPENAI_IMAGE_MODEL = "gpt-image-test"
    return fake_ai


@pytest.fixture
def gemini_on(ai_settings, fake_ai):
    ai_settings.GEMINI_API_KEY = "gm-test-not-a-real-key"
    ai_settings.GEMINI_BASE_URL = fake_ai.url("/")
    ai_settings.GEMINI_MODEL = "gemini-test"
    ai_settings.GEMINI_IMAGE_MODEL = "imagen-test"
    return fake_ai
