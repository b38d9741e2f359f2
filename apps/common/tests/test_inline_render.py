"""InlineJsonRenderMiddleware: under ASGI a DRF JSON response is rendered on the event loop (no
thread hop), one whose body reads the database on encoding is rendered in a thread as before, and
anything else is left to Django."""

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.test import RequestFactory
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.common.middleware import InlineJsonRenderMiddleware
from apps.subscriptions.models import Plan

pytestmark = pytest.mark.django_db


class RecordingRenderer(JSONRenderer):
    threads: list[int] = []

    def render(self, data, accepted_media_type=None, renderer_context=None):
        RecordingRenderer.threads.append(threading.get_ident())
        return super().render(data, accepted_media_type, renderer_context)


def _json_response(data) -> Response:
    response = Response(data)
    response.accepted_renderer = RecordingRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {}
    return response


async def _rendered(response):
    async def get_response(request):
        return HttpResponse()

    middleware = InlineJsonRenderMiddleware(get_response)
    response = await middleware.process_template_response(RequestFactory().get("/"), response)
    return await response.render() if asyncio.iscoroutinefunction(response.render) else response


def test_a_json_response_is_rendered_on_the_event_loop_thread():
    RecordingRenderer.threads = []

    async def run():
        response = await _rendered(_json_response({"a": 1}))
        return response, threading.get_ident()

    response, loop_thread = asyncio.run(run())
    assert response.content == b'{"a":1}'
    assert RecordingRenderer.threads == [loop_thread]
    assert "render" not in response.__dict__  # the class's method again (e.g. for pickling)


def test_a_body_that_reads_the_database_is_rendered_in_a_thread():
    RecordingRenderer.threads = []
    slugs = sorted(Plan.objects.values_list("slug", flat=True))  # seeded: visible to any connection

    async def run():
        lazy = Plan.objects.order_by("slug").values_list("slug", flat=True)
        response = await _rendered(_json_response({"slugs": lazy}))
        await sync_to_async(connections.close_all, thread_sensitive=True)()  # the thread's connection
        return response, threading.get_ident()

    response, loop_thread = asyncio.run(run())
    assert json.loads(response.content) == {"slugs": slugs}
    assert RecordingRenderer.threads[0] == loop_thread  # tried inline, refused by Django
    assert RecordingRenderer.threads[-1] != loop_thread  # then rendered in a thread


def test_a_template_response_is_left_to_django():
    response = SimpleTemplateResponse("missing-template.html")

    async def run():
        async def get_response(request):
            return HttpResponse()

        middleware = InlineJsonRenderMiddleware(get_response)
        return await middleware.process_template_response(RequestFactory().get("/"), response)

    assert asyncio.run(run()) is response
    assert "render" not in response.__dict__


def test_under_wsgi_no_hook_is_installed():
    middleware = InlineJsonRenderMiddleware(lambda request: HttpResponse())
    assert not hasattr(middleware, "process_template_response")
