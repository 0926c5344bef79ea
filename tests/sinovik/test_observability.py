import json
import logging

import pytest

from sinovik.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(client):
    first = client.get("/")
    second = client.get("/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept_and_garbage_replaced(client):
    kept = client.get("/", headers={"X-Request-ID": "nginx-0123456789abcdef"})
    replaced = client.get("/", headers={"X-Request-ID": "<script>"})

    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    assert replaced["X-Request-ID"] != "<script>"


def test_log_records_written_during_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/tidak-ada-halaman-ini/")

    record = next(r for r in caplog.records if r.name == "django.request")
    assert response.status_code == 404
    assert record.request_id == response["X-Request-ID"]


def test_json_formatter_writes_one_object_per_record():
    record = logging.LogRecord("sinovik", logging.ERROR, __file__, 1, "Gagal mengirim %s", ("email",), None)
    record.request_id = "abc12345"

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "Gagal mengirim email"
    assert (entry["level"], entry["request_id"]) == ("ERROR", "abc12345")
