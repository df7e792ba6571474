"""A deployment is configured from its environment and is safe when it says nothing."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST'),"
    " 'debug': settings.DEBUG, 'redirect': settings.SECURE_SSL_REDIRECT,"
    " 'hsts': settings.SECURE_HSTS_SECONDS, 'hosts': settings.ALLOWED_HOSTS,"
    " 'cache': settings.CACHES['default'], 'version': settings.CACHES['content_version']}))"
)


STRONG_KEY = secrets.token_urlsafe(50)


def settings_under(**env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "careerguide.settings", "DJANGO_SECRET_KEY": STRONG_KEY}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def start_settings(cwd, env):
    """Import the settings in a fresh interpreter, as a server starting up would."""
    return subprocess.run(
        [sys.executable, "-c", "import careerguide.settings"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_server_process_leaves_what_it_loaded_at_start_out_of_garbage_collections():
    # The WSGI module freezes what start-up loaded (Django, the apps, their models), so a
    # full collection during a render no longer walks it (careerguide/wsgi.py).
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = clean | {
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
        "DJANGO_SECRET_KEY": STRONG_KEY,
    }
    frozen = subprocess.run(
        [sys.executable, "-c", "import gc, careerguide.wsgi; print(gc.get_freeze_count())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # A bare interpreter has nothing frozen; Django and the apps are tens of thousands.
    assert int(frozen.stdout) > 10_000


def test_with_no_configuration_the_site_is_locked_down_on_sqlite():
    settings = settings_under()

    assert settings["debug"] is False
    assert settings["redirect"] is True
    assert settings["hsts"] == 31536000
    assert settings["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"].endswith("db.sqlite3")


def test_database_url_points_the_site_at_postgresql():
    settings = settings_under(DATABASE_URL="postgres://guide:secret@db.internal:5432/careerguide")

    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "careerguide"
    assert settings["host"] == "db.internal"


def test_with_no_configuration_the_cache_is_a_small_one_in_memory():
    settings = settings_under()
    cache = settings["cache"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache["OPTIONS"]["MAX_ENTRIES"] == 1000
    # ...and the content version is published where every worker on the machine reads it.
    assert settings["version"]["BACKEND"] == "careerguide.page_cache.machine_cache.MachineCache"


def test_redis_url_shares_one_cache_between_instances():
    settings = settings_under(REDIS_URL="redis://cache.internal:6379/1")
    cache = settings["cache"]

    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/1"
    assert cache["OPTIONS"]["socket_timeout"] == 1
    assert settings["version"] == cache


def deploy_check(**env):
    """`manage.py check --deploy` as a deployment with this environment runs it."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env = clean | {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "guide.example"} | env
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def test_a_database_server_without_redis_is_warned_that_edits_may_show_late_elsewhere():
    postgres = "postgres://guide:secret@db.internal:5432/careerguide"

    assert "page_cache.W001" in deploy_check(DATABASE_URL=postgres)
    assert "page_cache.W001" not in deploy_check(
        DATABASE_URL=postgres, REDIS_URL="redis://cache.internal:6379/1"
    )
    assert "page_cache.W001" not in deploy_check()  # SQLite: one machine


def test_plain_http_is_an_explicit_choice():
    settings = settings_under(DJANGO_HTTPS="0", DJANGO_ALLOWED_HOSTS="guide.example")

    assert settings["redirect"] is False
    assert settings["hsts"] == 0
    assert settings["hosts"] == ["guide.example"]


def test_without_a_secret_key_the_site_refuses_to_start(tmp_path):
    # A copy of the settings in a checkout that has no .secret_key file.
    package = tmp_path / "careerguide"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text((ROOT / "careerguide" / "settings.py").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}

    result = start_settings(tmp_path, env)

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def start_with(env, code="import django; django.setup()"):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean |= {"DJANGO_SETTINGS_MODULE": "careerguide.settings"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "weak_key",
    [
        "changeme",
        "x" * 64,  # long but hardly random
        "django-insecure-" + secrets.token_urlsafe(50),  # what startproject writes
    ],
    # Named, not shown: the random key would name the test differently in each xdist worker.
    ids=["a-word", "one-letter-repeated", "startprojects-key"],
)
def test_a_weak_secret_key_stops_the_start_up_with_a_clear_message(weak_key):
    result = start_with({"DJANGO_SECRET_KEY": weak_key})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_in_debug_a_short_development_key_is_allowed():
    result = start_with({"DJANGO_SECRET_KEY": "changeme", "DJANGO_DEBUG": "1"})

    assert result.returncode == 0, result.stderr


def test_the_admin_can_be_moved_to_another_path():
    code = (
        "import django; django.setup(); from django.urls import reverse;"
        "from django.test import Client;"
        "print(reverse('admin:login'), Client().get('/admin/login/').status_code)"
    )
    env = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ADMIN_URL": "/backstage/"}
    env |= {"DJANGO_HTTPS": "0", "DJANGO_ALLOWED_HOSTS": "testserver"}

    result = start_with(env, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/backstage/login/", "404"]


def test_a_switch_with_a_value_it_does_not_understand_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_HTTPS": "ture"}

    result = start_settings(ROOT, env)

    assert result.returncode != 0
    assert "DJANGO_HTTPS='ture' is not on or off" in result.stderr


def test_a_switch_reads_the_usual_spellings_of_on_and_off():
    assert settings_under(DJANGO_HTTPS=" Off ")["redirect"] is False
    assert settings_under(DJANGO_HTTPS="YES")["redirect"] is True
