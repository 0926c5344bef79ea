"""Deadline surge: many UPP users autosaving, uploading and submitting at once, under gunicorn.

    python benchmarks/surge.py [--users 48] [--saves 20] [--workers 5]

Creates (and afterwards drops) the PostgreSQL database `sinovik_bench_surge` on 127.0.0.1:5432,
seeds an open edition and one draft proposal per user, starts gunicorn on a free localhost port,
and lets every user, in its own thread: autosave one section `--saves` times (as the editor does a
few seconds after typing stops), upload a PDF statement, and submit. Prints errors, lost saves (the
text in the database must be the last text each user saved: 0 lost), latency percentiles and
throughput, and the machine's core count. Localhost only; bounded in requests and time.
"""

import argparse
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "sinovik_bench_surge"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
CSRF = "b" * 32  # an unmasked CSRF secret, sent as cookie and header alike


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(users: int) -> list[dict]:
    """An open edition with the 2023-era Umum form, and one nearly complete draft per user."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from pypdf import PdfWriter

    from accounts.models import User
    from agencies.models import Agency, Membership, Region, Unit
    from competitions.models import AttachmentType, Category, Edition, FormSection, Group, Organiser, Sdg, Stage
    from submissions import services
    from submissions.models import Attachment

    now = timezone.now()
    organiser = Organiser.objects.create(name="Kementerian PANRB (benchmark)")
    edition = Edition.objects.create(
        organiser=organiser, name="KIPP Surge", slug="kipp-surge", year=now.year, status=Edition.Status.PUBLISHED
    )
    Stage.objects.create(
        edition=edition,
        kind=Stage.Kind.PROPOSAL_ENTRY,
        starts_at=now - timedelta(days=30),
        ends_at=now + timedelta(hours=2),
    )
    group = Group.objects.create(edition=edition, name="Kelompok Umum", quota_per_agency=10)
    limits = [
        ("Ringkasan", 200),
        ("Latar Belakang dan Tujuan", 300),
        ("Kebaruan", 200),
        ("Implementasi", 200),
        ("Signifikansi", 600),
        ("Adaptabilitas", 300),
        ("Sumber Daya", 200),
        ("Strategi Keberlanjutan", 500),
    ]
    sections = [
        FormSection.objects.create(edition=edition, group=group, order=i, title=t, word_limit=w)
        for i, (t, w) in enumerate(limits)
    ]
    statement = AttachmentType.objects.create(
        edition=edition, name="Surat Pernyataan", allowed_extensions="pdf", required=True
    )
    category = Category.objects.create(edition=edition, name="Transformasi Digital")
    region = Region.objects.filter(level="regency").first()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = io.BytesIO()
    writer.write(pdf)
    people = []
    for index in range(users):
        agency = Agency.objects.create(name=f"Pemerintah Kabupaten Uji {index}", kind="kabupaten", region=region)
        unit = Unit.objects.create(agency=agency, name="Dinas Kependudukan dan Pencatatan Sipil")
        user = User.objects.create_user(f"upp{index}@bench.test", None, full_name=f"Staf {index}")
        Membership.objects.create(user=user, agency=agency, unit=unit, role="upp_staff")
        proposal = services.start_proposal(edition=edition, group=group, unit=unit, title=f"Inovasi {index}", by=user)
        for section in sections[:-1]:
            services.save_answer(
                proposal=proposal, section_id=section.pk, text="Isi bagian. " * 40, base_version=0, by=user
            )
        services.save_identification(
            proposal=proposal,
            base_version=proposal.version,
            by=user,
            title=proposal.title,
            category=category,
            sdgs=Sdg.objects.filter(number=16),
            started_on=(now - timedelta(days=900)).date(),
            innovator_kind="team",
            innovators="Tim",
            replicates=None,
            answers={},
        )
        services.declare_truthfulness(proposal=proposal, by=user)
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append(
            {
                "session": session.session_key,
                "proposal": proposal.pk,
                "section": sections[-1].pk,
                "statement": statement.pk,
                "pdf": pdf.getvalue(),
            }
        )
    assert not Attachment.objects.exists()
    return people


class Client:
    def __init__(self, base: str, session: str):
        self.base = base
        jar = CookieJar()
        for name, value in (("sessionid", session), ("csrftoken", CSRF)):
            jar.set_cookie(
                Cookie(
                    0,
                    name,
                    value,
                    None,
                    False,
                    "127.0.0.1",
                    False,
                    False,
                    "/",
                    True,
                    False,
                    None,
                    False,
                    None,
                    None,
                    {},
                )
            )
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str, float]:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-CSRFToken": CSRF,
                "Referer": self.base + "/",
                "HX-Request": "true",
            },
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        return status, text, time.perf_counter() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form(fields: dict) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def user_journey(base: str, person: dict, saves: int, results: dict, lock: threading.Lock) -> None:
    client = Client(base, person["session"])
    pk, section = person["proposal"], person["section"]
    version, last_text, latencies, errors = 0, "", [], []
    for index in range(saves):
        text = "Strategi keberlanjutan dijaga melalui peraturan dan anggaran. " * (index + 1) + f"v{index}"
        status, body, seconds = client.post(
            f"/usulan/{pk}/bagian/{section}/",
            form({"text": text, "version": version}),
            "application/x-www-form-urlencoded",
        )
        latencies.append(seconds)
        if status == 200:
            version, last_text = int(re.search(r'name="version" value="(\d+)"', body).group(1)), text
        else:
            errors.append(("save", status))
    body, content_type = multipart({}, "surat.pdf", person["pdf"])
    status, _text, seconds = client.post(f"/usulan/{pk}/lampiran/jenis/{person['statement']}/", body, content_type)
    latencies.append(seconds)
    if status != 200:
        errors.append(("upload", status))
    status, _text, seconds = client.post(
        f"/usulan/{pk}/kirim/", form({"declaration": "on"}), "application/x-www-form-urlencoded"
    )
    latencies.append(seconds)
    if status != 302:
        errors.append(("submit", status))
    with lock:
        results["latencies"] += latencies
        results["errors"] += errors
        results["last_text"][pk] = last_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=48)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "sinovik.settings",
        "DEBUG": "0",
        "SECRET_KEY": "surge-benchmark-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(ROOT / "media" / "bench-surge"),
        "AXES_ENABLED": "0",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    gunicorn = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([sys.executable, "manage.py", "compiletranslations"], cwd=ROOT, env=env, check=True)
        people = seed(args.users)
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sinovik.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        results, lock = {"latencies": [], "errors": [], "last_text": {}}, threading.Lock()
        threads = [threading.Thread(target=user_journey, args=(base, p, args.saves, results, lock)) for p in people]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        elapsed = time.perf_counter() - started

        from submissions.models import Answer, Proposal

        lost = sum(
            Answer.objects.get(proposal_id=pk, section_id=people[0]["section"]).text != text
            for pk, text in results["last_text"].items()
        )
        submitted = Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count()
        latencies = sorted(results["latencies"])
        quantiles = statistics.quantiles(latencies, n=100)
        print(
            f"cores: {os.cpu_count()}  gunicorn workers: {args.workers}  users: {args.users}  saves each: {args.saves}"
        )
        print(f"requests: {len(latencies)} in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} req/s")
        print(
            f"latency p50 {quantiles[49] * 1000:.0f} ms  p95 {quantiles[94] * 1000:.0f} ms  "
            f"max {latencies[-1] * 1000:.0f} ms"
        )
        print(f"errors: {len(results['errors'])} {results['errors'][:5]}")
        print(f"lost saves: {lost}  submitted: {submitted}/{args.users}")
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
