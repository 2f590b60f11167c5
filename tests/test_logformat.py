import json
import logging

from openbilan.logformat import JsonFormatter


def make_record(**extra):
    record = logging.LogRecord("openbilan.test", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    record.__dict__.update(extra)
    return record


def test_one_json_object_per_line_with_the_message_formatted():
    line = JsonFormatter().format(make_record())
    payload = json.loads(line)
    assert payload["message"] == "hello world"
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "openbilan.test"
    assert "\n" not in line


def test_extra_fields_are_kept_and_objects_stringified():
    payload = json.loads(JsonFormatter().format(make_record(enrolment_id=42, status=object())))
    assert payload["enrolment_id"] == 42
    assert payload["status"].startswith("<object")
