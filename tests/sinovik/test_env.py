import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sinovik.env import env_bool, env_database, env_int, env_list, env_redis_url

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_reads_words_and_default(monkeypatch):
    monkeypatch.setenv("FLAG_ON", "yes")
    monkeypatch.setenv("FLAG_OFF", "0")

    assert env_bool("FLAG_ON", False) is True
    assert env_bool("FLAG_OFF", True) is False
    assert env_bool("FLAG_UNSET_ANYWHERE", True) is True


def test_env_bool_malformed_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_env_int_malformed_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")

    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " sinovik.go.id, ,www.sinovik.go.id ")

    assert env_list("ALLOWED_HOSTS", []) == ["sinovik.go.id", "www.sinovik.go.id"]


def test_env_database_defaults_to_sqlite_and_reads_postgres(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert env_database("DATABASE_URL", "sqlite:///db.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinovik")
    config = env_database("DATABASE_URL", "sqlite:///db.sqlite3")

    assert (config["ENGINE"], config["NAME"], config["HOST"]) == (
        "django.db.backends.postgresql",
        "sinovik",
        "127.0.0.1",
    )


def test_env_database_malformed_names_the_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgress//oops")

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///db.sqlite3")


def test_env_redis_url_rejects_other_schemes(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")

    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL")


def test_startup_stops_with_the_variable_named():
    env = {**os.environ, "DEBUG": "perhaps"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
