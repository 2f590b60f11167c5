"""Compare every write the simulated clients sent (sent-*.jsonl) with the database: nothing lost, nothing duplicated.

    python -m loadtest.verify var/loadtest/run --accounts var/loadtest/accounts.json   (prints a JSON summary)

A write is *confirmed* when the server answered it as saved (`ok`), *unconfirmed* when the request failed (a network
error or a server error: the client cannot know whether it was saved). The rules:

- answers: for each (attempt, question), the database holds exactly one answer, whose value is the one of the last
  confirmed post that carried it (or of a later unconfirmed one); no answer exists that no client sent; an attempt a
  client saw finish is finished, with its result;
- autosaves: the stored needs analysis has the texts of the last confirmed save, and its version equals the version
  the client first read plus the number of confirmed saves (each confirmed save applied exactly once);
- messages: each confirmed message is stored exactly once; an unconfirmed one at most once; no other message exists
  in the threads of the load test.
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\[([0-9a-f]{32})\]")


def read_sent(folder: Path) -> dict[str, list[dict]]:
    records: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(folder.glob("sent-*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    records[item["t"]].append(item)
    for items in records.values():
        items.sort(key=lambda item: (item["u"], item["seq"]))
    return records


def check_answers(records: list[dict]) -> dict:
    from openbilan.assessments.models import Answer, Attempt

    expected: dict[tuple[int, str], int] = {}  # the last confirmed value
    possible: dict[tuple[int, str], set[int]] = defaultdict(set)  # later unconfirmed values
    finished = set()
    confirmed = unconfirmed = 0
    for item in records:
        attempt = item["attempt"]
        if item["ok"]:
            confirmed += 1
            for question, value in item["answers"].items():
                expected[(attempt, question)] = value
                possible[(attempt, question)] = set()
            if item.get("finished"):
                finished.add(attempt)
        else:
            unconfirmed += 1
            for question, value in item["answers"].items():
                possible[(attempt, question)].add(value)
    attempts = {attempt for attempt, _question in possible}
    stored: dict[tuple[int, str], list[int]] = defaultdict(list)
    for attempt, question, value in Answer.objects.filter(attempt_id__in=attempts).values_list(
        "attempt_id", "item_id", "value"
    ):
        stored[(attempt, question)].append(value)
    lost = [
        key
        for key, value in expected.items()
        if len(stored.get(key, [])) != 1 or stored[key][0] not in {value} | possible[key]
    ]
    duplicated = [key for key, values in stored.items() if len(values) > 1]
    unexpected = [key for key in stored if key not in expected and key not in possible]
    unconfirmed_extra = [
        key for key in stored if key in possible and key not in expected and stored[key][0] not in possible[key]
    ]
    finished_in_db = set(
        Attempt.objects.filter(pk__in=finished, finished_at__isnull=False, result__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return {
        "posts_confirmed": confirmed,
        "posts_unconfirmed": unconfirmed,
        "answers_checked": len(expected),
        "attempts": len(attempts),
        "attempts_finished": len(finished),
        "lost": len(lost) + len(finished - finished_in_db),
        "duplicated": len(duplicated),
        "unexpected": len(unexpected) + len(unconfirmed_extra),
        "examples": [list(map(str, key)) for key in (lost + duplicated + unexpected)[:5]],
    }


def check_autosaves(records: list[dict]) -> dict:
    from openbilan.journeys.models import NeedsAnalysis

    by_enrolment: dict[int, list[dict]] = defaultdict(list)
    for item in records:
        by_enrolment[item["enrolment"]].append(item)
    stored = {
        row.journey.enrolment_id: row
        for row in NeedsAnalysis.objects.filter(journey__enrolment_id__in=list(by_enrolment)).select_related("journey")
    }
    lost = duplicated = confirmed = unconfirmed = 0
    examples = []
    for enrolment, items in by_enrolment.items():
        oks = [item for item in items if item["ok"]]
        confirmed += len(oks)
        unconfirmed += len(items) - len(oks)
        row = stored.get(enrolment)
        if not oks:
            continue
        first_version = items[0]["version"]
        expected_version = first_version + len(oks)
        last = oks[-1]["values"]
        later = [item["values"] for item in items[items.index(oks[-1]) + 1 :]]
        texts_ok = row is not None and any(
            all(getattr(row, key) == value for key, value in candidate.items()) for candidate in [last, *later]
        )
        version = row.version if row is not None else 0
        extra_allowed = len(items) - len(oks)
        if not texts_ok or version < expected_version:
            lost += 1
            examples.append(f"enrolment {enrolment}: version {version}, expected {expected_version}")
        elif version > expected_version + extra_allowed:
            duplicated += 1
            examples.append(f"enrolment {enrolment}: version {version}, expected {expected_version}")
    return {
        "saves_confirmed": confirmed,
        "saves_unconfirmed": unconfirmed,
        "entries": len(by_enrolment),
        "lost": lost,
        "duplicated": duplicated,
        "examples": examples[:5],
    }


def check_messages(records: list[dict]) -> dict:
    from openbilan.coaching.models import Message

    sent = {item["token"]: item["ok"] for item in records}
    enrolments = {item["enrolment"] for item in records}
    counts: dict[str, int] = defaultdict(int)
    foreign = 0
    for body in Message.objects.filter(enrolment_id__in=enrolments).values_list("body", flat=True):
        match = TOKEN.search(body)
        if match is None or match.group(1) not in sent:
            foreign += 1
        else:
            counts[match.group(1)] += 1
    lost = [token for token, ok in sent.items() if ok and counts.get(token, 0) == 0]
    duplicated = [token for token, n in counts.items() if n > 1]
    return {
        "sent_confirmed": sum(1 for ok in sent.values() if ok),
        "sent_unconfirmed": sum(1 for ok in sent.values() if not ok),
        "stored": sum(counts.values()),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "unexpected": foreign,
    }


def verify(folder: Path) -> dict:
    records = read_sent(folder)
    result = {
        "answers": check_answers(records.get("answer", [])),
        "autosaves": check_autosaves(records.get("autosave", [])),
        "messages": check_messages(records.get("message", [])),
    }
    result["lost"] = sum(part["lost"] for part in result.values())
    result["duplicated"] = sum(part["duplicated"] for part in result.values() if isinstance(part, dict))
    result["unexpected"] = result["answers"]["unexpected"] + result["messages"]["unexpected"]
    result["tasks"] = task_counts()
    return result


def task_counts() -> dict[str, int]:
    """The task queue lives in the database: what the web processes queued and the worker ran."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(n=Count("pk")).order_by("status")
    return {row["status"].lower(): row["n"] for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare what the load test's clients sent with the database.")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    result = verify(args.folder)
    print(json.dumps(result, indent=1))
    return 0 if result["lost"] == result["duplicated"] == result["unexpected"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
