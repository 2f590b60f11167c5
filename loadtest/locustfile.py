"""The load test's simulated people. HTTP only: this file never imports Django (locust monkey-patches with gevent).

Beneficiaries sign in through the login form, answer questionnaires (htmx posts one click at a time, or a plain post of
the whole page for people without JavaScript), autosave their needs analysis with its version, and send messages;
coaches browse their caseloads, open a person's screen and reply; a funder reloads the dashboard.

Every request alternates between the two application instances (LOADTEST_BACKENDS), so a session opened on one is
used on the other, a form served by one is posted to the other: nothing may live in a process.

Every write the clients send is appended to `sent-<pid>.jsonl` in LOADTEST_OUTPUT, with whether the server confirmed
it (`ok`); `loadtest/verify.py` then compares them with the database. Every request's latency and instance go to
`requests-<pid>.jsonl` (exact percentiles in the report, not locust's rounded ones).

Environment: LOADTEST_ACCOUNTS (the JSON written by loadtest/seed.py), LOADTEST_BACKENDS (comma-separated base URLs),
LOADTEST_OUTPUT (a folder), LOADTEST_COACHES and LOADTEST_FUNDERS (how many of the users are coaches and funders).
"""

import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from loadtest.pages import attempt_page, needs_version, page_position, radios, totp

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
BACKENDS = [url.rstrip("/") for url in os.environ["LOADTEST_BACKENDS"].split(",") if url]
OUTPUT = Path(os.environ["LOADTEST_OUTPUT"])
OUTPUT.mkdir(parents=True, exist_ok=True)
SENT = open(OUTPUT / f"sent-{os.getpid()}.jsonl", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
REQUESTS = open(OUTPUT / f"requests-{os.getpid()}.jsonl", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
MAX_MESSAGES = 20  # per simulated person and run: the platform allows 30 an hour
NEXT = {"beneficiary": itertools.count(), "coach": itertools.count(), "funder": itertools.count()}

WORDS = (
    "Je veux changer de métier et retrouver un travail qui a du sens pour moi.",
    "J'aime le contact avec les gens et je cherche un rythme compatible avec ma famille.",
    "Je voudrais savoir quelles formations courtes existent près de chez moi.",
    "Mon objectif : un projet réaliste, testé auprès de professionnels.",
    "Des rendez-vous en visio le mardi matin, et sur place une fois par mois.",
)
SEGMENTS = ("age_band", "qualification_level", "qpv", "social_minima", "job_seeker_band", "prescriber_network")


def record(kind: str, **fields) -> None:
    SENT.write(json.dumps({"t": kind, **fields}, ensure_ascii=False) + "\n")


@events.request.add_listener
def _log_request(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    url = getattr(response, "url", None) or ""
    port = urlsplit(url).port if url else None
    failed = exception is not None
    item = {"n": name, "ms": round(response_time, 2), "s": status, "b": port, "f": failed}
    if exception is not None:
        item["e"] = repr(exception)[:300]
    REQUESTS.write(json.dumps(item) + "\n")


class Person(HttpUser):
    abstract = True
    role = ""

    def on_start(self):
        self._turn = random.randrange(len(BACKENDS))
        self._seq = itertools.count()
        self.account = self.pick()
        self.email = self.account["email"]
        self.login()

    def pick(self) -> dict:
        pool = ACCOUNTS[{"beneficiary": "beneficiaries", "coach": "coaches", "funder": "funders"}[self.role]]
        return pool[next(NEXT[self.role]) % len(pool)]

    def backend(self) -> str:
        self._turn = (self._turn + 1) % len(BACKENDS)
        return BACKENDS[self._turn]

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def call(self, method: str, path: str, name: str, *, expect=(200,), data=None, htmx=False):
        headers = {"HX-Request": "true", "HX-Current-URL": path} if htmx else {}
        if method == "POST":
            data = {**(data or {}), "csrfmiddlewaretoken": self.csrf()}
            headers["X-CSRFToken"] = self.csrf()
        with self.client.request(
            method,
            self.backend() + path,
            name=f"{self.role}: {name}",
            data=data,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in expect:
                response.success()
            else:
                error = getattr(response, "error", None)
                response.failure(f"HTTP {response.status_code}" + (f": {error!r}" if error else ""))
        return response

    def login(self):
        self.call("GET", "/compte/connexion/", "login form")
        response = self.call(
            "POST",
            "/compte/connexion/",
            "login (Argon2)",
            data={"username": self.email, "password": ACCOUNTS["password"]},
            expect=(302,),
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.email} could not sign in (HTTP {response.status_code})")
        if self.account.get("totp_key"):  # staff: the authenticator app's code
            response = self.call(
                "POST",
                "/compte/double-authentification/",
                "second factor (TOTP)",
                data={"token": totp(self.account["totp_key"], time.time())},
                expect=(302,),
            )
            if response.status_code != 302:
                raise RuntimeError(f"{self.email}: second factor refused (HTTP {response.status_code})")

    def seq(self) -> int:
        return next(self._seq)


class Beneficiary(Person):
    role = "beneficiary"
    weight = 1
    wait_time = between(1, 4)

    def on_start(self):
        super().on_start()
        self.enrolment = self.account["enrolment"]
        self.htmx = random.random() < 0.7  # three in ten without JavaScript: plain posts only
        self.instruments = list(ACCOUNTS["instruments"])
        random.shuffle(self.instruments)
        self.attempt = None
        self.needs_version = None
        self.needs_text = ""
        self.messages = 0

    # --- Questionnaires -----------------------------------------------------------------------------------------

    def start_attempt(self):
        slug = self.instruments[0]
        self.instruments.append(self.instruments.pop(0))  # the other one next time
        response = self.call("POST", f"/questionnaires/{slug}/commencer/", "start questionnaire", expect=(302,))
        if response.status_code != 302:
            return
        take = response.headers["Location"]
        response = self.call("GET", take, "resume questionnaire", expect=(302,))
        if response.status_code == 302:
            self.open_page(response.headers["Location"])

    def open_page(self, path: str):
        position = attempt_page(path)
        if position is None:
            self.attempt = None
            return
        response = self.call("GET", path, "questionnaire page")
        if response.status_code != 200:
            self.attempt = None
            return
        self.items, self.answers = radios(response.text)
        self.attempt, self.page = position
        self.page_path = path
        if not self.items or page_position(response.text) is None:
            self.attempt = None

    def submit_page(self):
        """The "next page" button: a plain post of the whole page (the only kind of post without JavaScript)."""
        answers = dict(self.answers)
        for item in self.items:
            answers.setdefault(item, random.randint(1, 5))
        response = self.call(
            "POST", self.page_path, "answer page (plain post)", data={**answers, "action": "next"}, expect=(302,)
        )
        ok = response.status_code == 302
        location = response.headers.get("Location", "") if ok else ""
        finished = "/resultats/" in location
        record("answer", u=self.email, seq=self.seq(), attempt=self.attempt, answers=answers, ok=ok, finished=finished)
        if not ok:
            self.attempt = None
            return
        if finished:
            self.call("GET", location, "results")
            self.attempt = None
        else:
            self.open_page(location)

    def click_answer(self):
        """One click on a radio button: htmx posts the whole form, the answers given so far on the page."""
        missing = [item for item in self.items if item not in self.answers]
        if self.answers and (not missing or random.random() < 0.1):
            item = random.choice(list(self.answers))  # the person changes their mind
        else:
            item = missing[0]
        answers = {**self.answers, item: random.randint(1, 5)}
        response = self.call("POST", self.page_path, "answer one click (htmx)", data=answers, htmx=True)
        ok = response.status_code == 200 and "save-error" not in response.text
        record("answer", u=self.email, seq=self.seq(), attempt=self.attempt, answers=answers, ok=ok, finished=False)
        if ok:
            self.answers = answers
        else:
            self.attempt = None  # read the page again

    @task(10)
    def answer(self):
        if self.attempt is None:
            self.start_attempt()
            return
        if not self.htmx or all(item in self.answers for item in self.items):
            self.submit_page()
        else:
            self.click_answer()

    @task(1)
    def questionnaires(self):
        self.call("GET", "/questionnaires/", "questionnaires list")

    # --- Autosaved exercise ---------------------------------------------------------------------------------------

    @task(3)
    def autosave_needs(self):
        path = f"/parcours/{self.enrolment}/analyse-des-besoins/"
        if self.needs_version is None:
            response = self.call("GET", path, "needs analysis page")
            self.needs_version = needs_version(response.text) if response.status_code == 200 else None
            if self.needs_version is None:
                return
        if len(self.needs_text) > 1500:
            self.needs_text = ""
        self.needs_text = (self.needs_text + " " + random.choice(WORDS)).strip()
        values = {
            "needs": self.needs_text,
            "objectives": random.choice(WORDS) + f" ({uuid.uuid4().hex[:8]})",
            "arrangements": random.choice(WORDS),
        }
        data = {f"needs-{key}": value for key, value in values.items()} | {"needs-version": self.needs_version}
        plain = not self.htmx or random.random() < 0.1
        if plain:
            response = self.call("POST", path, "needs analysis save (plain post)", data=data, expect=(302,))
            ok, new_version = response.status_code == 302, None
        else:
            response = self.call("POST", path, "needs analysis autosave (htmx)", data=data, htmx=True)
            version = needs_version(response.text) if response.status_code == 200 else None
            ok = version is not None and 'data-state="saved"' in response.text
            new_version = version if ok else None
        record(
            "autosave",
            u=self.email,
            seq=self.seq(),
            enrolment=self.enrolment,
            version=self.needs_version,
            values=values,
            ok=ok,
            new_version=new_version,
        )
        self.needs_version = new_version  # None after a plain post or a failure: read the page again

    # --- Messages and home ----------------------------------------------------------------------------------------

    @task(1)
    def send_message(self):
        if self.messages >= MAX_MESSAGES:
            return
        self.messages += 1
        token = uuid.uuid4().hex
        path = f"/accompagnement/messages/{self.enrolment}/"
        body = f"Bonjour, voici où j'en suis. [{token}]"
        response = self.call("POST", path, "send message", data={"body": body}, expect=(302,))
        record(
            "message",
            u=self.email,
            seq=self.seq(),
            enrolment=self.enrolment,
            token=token,
            ok=response.status_code == 302,
        )

    @task(1)
    def read_messages(self):
        self.call("GET", f"/accompagnement/messages/{self.enrolment}/", "messages page")

    @task(1)
    def home(self):
        self.call("GET", "/mon-bilan/", "home")


class Coach(Person):
    role = "coach"
    fixed_count = int(os.environ.get("LOADTEST_COACHES", "5"))
    wait_time = between(2, 6)

    def on_start(self):
        super().on_start()
        self.messages = 0

    def person(self) -> int:
        return random.choice(self.account["enrolments"])

    @task(3)
    def caseload(self):
        self.call("GET", "/consultant/", "caseload")

    @task(2)
    def screen(self):
        self.call("GET", f"/accompagnement/personne/{self.person()}/", "person screen (logged access)")

    @task(1)
    def thread(self):
        self.call("GET", f"/accompagnement/personne/{self.person()}/messages/", "thread")

    @task(1)
    def reply(self):
        if self.messages >= MAX_MESSAGES:
            return
        self.messages += 1
        enrolment, token = self.person(), uuid.uuid4().hex
        response = self.call(
            "POST",
            f"/accompagnement/personne/{enrolment}/messages/",
            "reply",
            data={"body": f"Merci pour votre message. [{token}]"},
            expect=(302,),
        )
        record(
            "message", u=self.email, seq=self.seq(), enrolment=enrolment, token=token, ok=response.status_code == 302
        )


class Funder(Person):
    role = "funder"
    fixed_count = int(os.environ.get("LOADTEST_FUNDERS", "1"))
    wait_time = between(3, 8)

    @task(1)
    def home(self):
        self.call("GET", "/financeur/", "funder home")

    @task(3)
    def dashboard(self):
        self.call("GET", f"/rapports/{ACCOUNTS['cohort_programme']}/", "dashboard (generated cohort)")

    @task(2)
    def segment(self):
        path = f"/rapports/{ACCOUNTS['cohort_programme']}/?segment={random.choice(SEGMENTS)}"
        self.call("GET", path, "dashboard breakdown (htmx)", htmx=True)

    @task(1)
    def live(self):
        self.call("GET", f"/rapports/{ACCOUNTS['live_programme']}/", "dashboard (live programme)")
