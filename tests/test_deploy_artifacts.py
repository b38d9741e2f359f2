"""Dockerfile and compose.yaml, read without a Docker engine: the properties docs/deploy.md promises,
and every command they run parses with the real command-line parsers. (CI's production smoke,
scripts/production_smoke.sh, then runs those same commands for real.)"""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


INSTRUCTIONS = _instructions(DOCKERFILE)


def _runtime_stage() -> list[tuple[str, str]]:
    starts = [i for i, (keyword, _) in enumerate(INSTRUCTIONS) if keyword == "FROM"]
    return INSTRUCTIONS[starts[-1] :]


def test_dockerfile_is_multi_stage_on_a_slim_python():
    stages = [rest for keyword, rest in INSTRUCTIONS if keyword == "FROM"]

    assert len(stages) >= 2
    assert all(stage.startswith("python:3.11-slim") for stage in stages)
    assert any(rest.startswith("--from=build") for keyword, rest in _runtime_stage() if keyword == "COPY")


def test_dockerfile_runs_as_a_non_root_user_that_cannot_rewrite_the_code():
    runtime = _runtime_stage()
    users = [rest for keyword, rest in runtime if keyword == "USER"]
    user_at = max(i for i, (keyword, _) in enumerate(runtime) if keyword == "USER")
    cmd_at = max(i for i, (keyword, _) in enumerate(runtime) if keyword == "CMD")

    assert users and users[-1] not in ("root", "0") and user_at < cmd_at
    assert not any("--chown" in rest for keyword, rest in runtime if keyword == "COPY")


def test_dockerfile_collects_static_files_at_build_time_with_production_settings():
    runs = " ".join(rest for keyword, rest in _runtime_stage() if keyword == "RUN")

    assert "manage.py collectstatic --noinput --settings=config.settings.production" in runs


def test_dockerfile_cmd_and_healthcheck():
    cmd = next(rest for keyword, rest in reversed(INSTRUCTIONS) if keyword == "CMD")
    healthcheck = next(rest for keyword, rest in INSTRUCTIONS if keyword == "HEALTHCHECK")

    assert yaml.safe_load(cmd) == ["gunicorn", "config.asgi:application", "--config", "gunicorn.conf.py"]
    assert "/health/live" in healthcheck and "PORT" in healthcheck


def test_compose_has_database_cache_migration_web_and_worker():
    services = COMPOSE["services"]

    assert set(services) >= {"db", "redis", "migrate", "web", "worker"}
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_compose_disables_the_web_healthcheck_where_no_web_server_runs():
    services = COMPOSE["services"]

    assert services["worker"]["healthcheck"] == {"disable": True}
    assert services["migrate"]["healthcheck"] == {"disable": True}
    assert "healthcheck" not in services["web"]


def test_compose_web_runs_the_image_command():
    cmd = next(rest for keyword, rest in reversed(INSTRUCTIONS) if keyword == "CMD")

    assert COMPOSE["services"]["web"]["command"] == yaml.safe_load(cmd)


def _management_command(command: list[str]) -> tuple[str, list[str]]:
    """(command name, arguments) of ``python manage.py NAME ARGS``, or of the task worker's
    ``python -m runtime.db_worker ARGS``, which runs upstream's ``db_worker`` with ARGS."""
    if command[:3] == ["python", "-m", "runtime.db_worker"]:
        return "db_worker", command[3:]
    assert command[:2] == ["python", "manage.py"]
    return command[2], command[3:]


@pytest.mark.parametrize("service", ["migrate", "worker"])
def test_compose_management_commands_parse(service, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production
    name, args = _management_command(COMPOSE["services"][service]["command"])
    app = get_commands()[name]

    parser = load_command_class(app, name).create_parser("manage.py", name)
    parser.parse_args(args)  # SystemExit on an unknown flag


def test_gunicorn_config_file_holds_only_valid_gunicorn_settings(monkeypatch):
    from gunicorn.config import Config

    for name in ("GUNICORN_BIND", "PORT", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_WORKER_CLASS"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # our own config file
    config = Config()
    settings = {k: v for k, v in namespace.items() if k in config.settings}

    for key, value in settings.items():
        config.set(key, value)  # runs gunicorn's validators

    # The ASGI worker by default (issue 13): importable, so the Dockerfile's command starts.
    assert config.worker_class_str == "runtime.gunicorn_worker.JsonAccessUvicornWorker" and config.workers >= 1
    assert config.worker_class.__name__ == "JsonAccessUvicornWorker"
    assert config.bind == ["0.0.0.0:8000"]
    # The file checked above is the one the image and compose's web service really start gunicorn with,
    # read by gunicorn's own command-line parser.
    image_cmd = yaml.safe_load(next(rest for keyword, rest in reversed(INSTRUCTIONS) if keyword == "CMD"))
    for command in (image_cmd, COMPOSE["services"]["web"]["command"]):
        assert command[0] == "gunicorn"
        arguments = config.parser().parse_args(command[1:])
        assert (ROOT / arguments.config).resolve() == (ROOT / "gunicorn.conf.py").resolve()
        assert arguments.args == ["config.asgi:application"]


def test_gunicorn_worker_class_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKER_CLASS", "gthread")
    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)

    assert namespace["worker_class"] == "gthread" and namespace["threads"] >= 1


def test_a_worker_freezes_its_start_up_objects_before_serving():
    """post_worker_init (the application loaded): the start-up's objects go to the collector's
    permanent generation, so the full collections under load do not walk them again and again."""
    import gc

    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    gc.unfreeze()
    try:
        namespace["post_worker_init"](worker=None)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # the test process goes on collecting as before

    assert frozen > 10_000


def test_a_worker_imports_the_urlconf_before_its_first_request():
    """The URLconf and every module it routes to are imported by post_worker_init, not by the first
    request each worker resolves (on the event loop's time, a recycled worker's too)."""
    from django.urls import clear_url_caches, get_resolver

    namespace: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    clear_url_caches()
    try:
        namespace["post_worker_init"](worker=None)
        resolver = get_resolver()
        loaded = "url_patterns" in resolver.__dict__ and "urlconf_module" in resolver.__dict__
    finally:
        import gc

        gc.unfreeze()

    assert loaded
