"""The LLM back end against a real local HTTP server that replays recorded answers.

The server (http.server on a real socket, one thread per request) serves the answers of
tests/fixtures/llm/replay.json: invented sentences, never gold text. The base coder is the real one.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from flashpoint.coding import ontology
from flashpoint.errors import ConfigError
from flashpoint.llm import LLMCoder, LLMConfig
from flashpoint.llm.answer import InvalidAnswer, parse_answer
from flashpoint.llm.client import LLMClient, LLMError, LLMUnavailable
from flashpoint.records import PLOVER_TYPES, ActorHints, Article, Event

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "llm" / "replay.json").read_text(encoding="utf-8"))
MODEL = "replay-model"


# --- the replay server -----------------------------------------------------------------------

class Replay:
    """An OpenAI-compatible endpoint on 127.0.0.1 that answers from the fixture and records every request."""

    def __init__(self, default: str | None = FIXTURE["default"], delay: float = 0.0, statuses: list[int] | None = None) -> None:
        self.default = default
        self.delay = delay
        self.statuses = list(statuses or [])  # HTTP statuses to send, in order, before answering normally
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.inflight = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer_for(self, user: str) -> str | None:
        for a in FIXTURE["answers"]:
            if a["when"] in user:
                return a["content"]
        return self.default

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with replay.lock:
                    replay.requests.append(body)
                    replay.headers.append(dict(self.headers))
                    replay.inflight += 1
                    replay.peak = max(replay.peak, replay.inflight)
                    status = replay.statuses.pop(0) if replay.statuses else 200
                try:
                    time.sleep(replay.delay)
                    if self.path != "/v1/chat/completions":
                        reply = (404, {"error": f"no route {self.path}"}, None)
                    elif status != 200:
                        reply = (status, {"error": {"message": "scripted failure"}}, {"Retry-After": "0"})
                    else:
                        content = replay.answer_for(body["messages"][1]["content"])
                        if content is None:
                            reply = (400, {"error": {"message": "no recorded answer"}}, None)
                        else:
                            reply = (200, {"id": "cmpl-1", "object": "chat.completion", "model": body["model"],
                                           "choices": [{"index": 0, "finish_reason": "stop",
                                                        "message": {"role": "assistant", "content": content}}]}, None)
                finally:
                    # done before answering: once the client has the answer it may send its next request, which
                    # must not find this one still counted (a race that measured 3 in flight under a bound of 2)
                    with replay.lock:
                        replay.inflight -= 1
                self._send(*reply)

        return Handler


@pytest.fixture
def server() -> Iterator[Replay]:
    s = Replay()
    yield s
    s.close()


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def articles(*ids: str) -> list[Article]:
    out = []
    for a in FIXTURE["articles"]:
        if ids and a["id"] not in ids:
            continue
        hints = None
        if "hint_source" in a:
            s, t = a["text"].index(a["hint_source"]), a["text"].index(a["hint_target"])
            hints = ActorHints(((s, s + len(a["hint_source"])),), ((t, t + len(a["hint_target"])),))
        out.append(Article(id=a["id"], text=a["text"], date=a["date"], actors=hints))
    return out


def config(url: str, tmp_path: Path, **kw: Any) -> LLMConfig:
    base: dict[str, Any] = {"cache_path": tmp_path / "llm-cache.sqlite", "backoff_s": 0.01, "max_retries": 2, "timeout_s": 5.0}
    base.update(kw)
    return LLMConfig(base_url=url, model=MODEL, **base)


def by_trigger(events: tuple[Event, ...] | list[Event], word: str) -> Event:
    found = [e for e in events if e.trigger.text == word]
    assert found, f"the base coder found no event with trigger {word!r}: {[e.trigger.text for e in events]}"
    return found[0]


def code_with_llm(coder: Any, cfg: LLMConfig, arts: list[Article]) -> tuple[list[Any], LLMCoder]:
    llm = LLMCoder(coder, cfg)
    try:
        return list(llm.code_many(arts)), llm
    finally:
        llm.close()


# --- the request ------------------------------------------------------------------------------

def test_request_names_model_marks_parties_and_constrains_output(coder, server, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASHPOINT_LLM_API_KEY", "secret-key")
    code_with_llm(coder, config(server.url, tmp_path), articles("arrest"))
    assert server.requests, "no request reached the server"
    body = next(b for b in server.requests if "<event>arrested</event>" in b["messages"][1]["content"])
    assert body["model"] == MODEL
    assert body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    for t in PLOVER_TYPES:
        assert f"{t}:" in system["content"]
    assert "<source>Police</source>" in user["content"]
    assert "Police arrested" not in user["content"]  # the parties are marked inside the sentence
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    schema = fmt["json_schema"]["schema"]
    assert schema["properties"]["plover_type"]["enum"] == list(PLOVER_TYPES)
    assert set(schema["required"]) == {"plover_type", "mode", "confidence", "source_text", "target_text"}
    assert schema["additionalProperties"] is False
    assert all(h.get("Authorization") == "Bearer secret-key" for h in server.headers)


def test_hinted_pair_marks_the_given_parties_and_no_event_word(coder, server, tmp_path):
    (ca,), _ = code_with_llm(coder, config(server.url, tmp_path), articles("aid"))
    assert len(ca.events) == 1
    user = server.requests[0]["messages"][1]["content"]
    assert "<source>Norway</source>" in user and "<target>Sri Lanka</target>" in user
    assert "<event>" not in user


# --- valid answers ------------------------------------------------------------------------------

def test_valid_answer_replaces_type_and_rederives_cameo_and_acled(coder, server, tmp_path):
    base = by_trigger(coder.code(articles("arrest")[0]).events, "arrested")
    (ca,), llm = code_with_llm(coder, config(server.url, tmp_path), articles("arrest"))
    ev = by_trigger(ca.events, "arrested")
    assert (ev.plover.type, ev.plover.mode) == ("ASSAULT", "beat")
    assert ev.cameo == ontology.to_cameo(ontology.default_cameo("ASSAULT", "beat"))
    assert ontology.plover_for_cameo(ev.cameo.code) == ("ASSAULT", "beat")
    expected_acled = ontology.acled_for(
        "ASSAULT", "beat", ev.cameo.code, source_sector=ev.source.sector if ev.source else None,
        target_sector=ev.target.sector if ev.target else None, fatalities=ev.fatalities)
    assert ev.acled == expected_acled and ev.acled != base.acled
    assert ev.confidence == 0.8
    # the rule coder's reading of everything else stays
    for field in ("sentence", "trigger", "date", "date_precision", "source", "target", "location", "modality", "attribution"):
        assert getattr(ev, field) == getattr(base, field), field
    info = ev.coder["llm"]
    assert info["status"] == "ok" and info["model"] == MODEL and info["backend"] == "openai-compatible"
    assert info["base"]["plover_type"] == base.plover.type
    assert ev.coder["name"] == llm.name and ev.coder["components"]["llm"]["model"] == MODEL
    assert MODEL in ev.coder["version"]
    assert ev.event_id != base.event_id


def test_mode_only_change_and_unchanged_reading_keep_cameo_consistent(coder, server, tmp_path):
    arts = articles("protest", "meet", "aid")
    plain = {ca.article.id: ca for ca in coder.code_many(arts)}
    coded, _ = code_with_llm(coder, config(server.url, tmp_path), arts)
    got = {ca.article.id: ca for ca in coded}
    protest = by_trigger(got["protest"].events, "protested")
    assert (protest.plover.type, protest.plover.mode) == ("PROTEST", "strike")
    assert protest.cameo.code == ontology.default_cameo("PROTEST", "strike")
    met = by_trigger(got["meet"].events, "met")  # a fenced JSON answer is still read
    assert met.coder["llm"]["status"] == "ok" and met.plover.mode == "visit"
    assert met.cameo.code == ontology.default_cameo("CONSULT", "visit")
    aid_base, aid = plain["aid"].events[0], got["aid"].events[0]
    if aid_base.plover.type == "AID" and aid_base.plover.mode is None:  # the model agrees: the lexicon's code stays
        assert aid.cameo == aid_base.cameo
    assert aid.plover.type == "AID" and ontology.plover_for_cameo(aid.cameo.code)[0] == "AID"


# --- invalid answers and failures fall back -------------------------------------------------------

def test_invalid_json_unknown_type_and_wrong_mode_keep_the_base_event(coder, server, tmp_path):
    arts = articles("accuse", "meet")
    plain = {ca.article.id: ca for ca in coder.code_many(arts)}
    coded, llm = code_with_llm(coder, config(server.url, tmp_path), arts)
    got = {ca.article.id: ca for ca in coded}
    for art, word, status in (("accuse", "accused", "invalid_json"), ("accuse", "arming", "invalid_type"),
                              ("meet", "discuss", "invalid_mode")):
        base, ev = by_trigger(plain[art].events, word), by_trigger(got[art].events, word)
        assert (ev.plover, ev.cameo, ev.acled, ev.confidence) == (base.plover, base.cameo, base.acled, base.confidence)
        assert ev.coder["llm"]["status"] == status, word
        assert ev.coder["llm"]["detail"]
        assert ev.coder["llm"]["model"] == MODEL
    assert llm.stats["invalid_json"] >= 1 and llm.stats["invalid_type"] >= 1 and llm.stats["invalid_mode"] >= 1


def test_cache_answers_a_second_run_without_requests(coder, server, tmp_path):
    arts = articles()
    first, _ = code_with_llm(coder, config(server.url, tmp_path), arts)
    n = len(server.requests)
    assert n > 0
    second, llm = code_with_llm(coder, config(server.url, tmp_path), arts)
    assert len(server.requests) == n
    assert llm.stats["requests"] == 0 and llm.stats["cached"] == sum(len(ca.events) for ca in second)
    assert [[e.plover for e in ca.events] for ca in first] == [[e.plover for e in ca.events] for ca in second]
    assert [[e.event_id for e in ca.events] for ca in first] == [[e.event_id for e in ca.events] for ca in second]
    assert all(e.coder["llm"]["cached"] for ca in second for e in ca.events)
    # without a cache every run asks again
    code_with_llm(coder, config(server.url, tmp_path, cache_path=None), arts)
    assert len(server.requests) == 2 * n


def test_requests_run_concurrently_but_never_above_the_bound(coder, tmp_path):
    slow = Replay(delay=0.25)
    try:
        coded, llm = code_with_llm(coder, config(slow.url, tmp_path, max_concurrency=2), articles())
    finally:
        slow.close()
    assert len(slow.requests) >= 4
    assert slow.peak == 2


def test_unreachable_endpoint_is_a_clear_error_naming_the_url(coder, tmp_path):
    url = f"http://127.0.0.1:{free_port()}/v1"
    cfg = config(url, tmp_path, max_retries=1)
    with LLMClient(cfg) as client:
        with pytest.raises(LLMUnavailable) as exc:
            client.check()
    assert url in str(exc.value)
    (ca,), llm = code_with_llm(coder, cfg, articles("arrest"))
    base = by_trigger(coder.code(articles("arrest")[0]).events, "arrested")
    ev = by_trigger(ca.events, "arrested")
    assert ev.plover == base.plover
    assert ev.coder["llm"]["status"] == "unreachable" and url in ev.coder["llm"]["detail"]


def test_5xx_and_429_are_retried(coder, tmp_path):
    flaky = Replay(statuses=[503, 429])
    try:
        (ca,), llm = code_with_llm(coder, config(flaky.url, tmp_path, max_concurrency=1), articles("protest"))
    finally:
        flaky.close()
    ev = by_trigger(ca.events, "protested")
    assert ev.coder["llm"]["status"] == "ok" and ev.plover.mode == "strike"
    assert len(flaky.requests) == len(ca.events) + 2


def test_4xx_is_not_retried_and_falls_back(coder, tmp_path):
    bad = Replay(statuses=[400] * 10)
    try:
        (ca,), _ = code_with_llm(coder, config(bad.url, tmp_path, max_concurrency=1), articles("protest"))
    finally:
        bad.close()
    assert len(bad.requests) == len(ca.events)
    assert {e.coder["llm"]["status"] for e in ca.events} == {"http_error"}
    assert "HTTP 400" in ca.events[0].coder["llm"]["detail"]


def test_timeouts_are_retried_then_reported(tmp_path):
    slow = Replay(delay=0.6)
    try:
        cfg = config(slow.url, tmp_path, timeout_s=0.2, max_retries=1)
        with LLMClient(cfg) as client, pytest.raises(LLMUnavailable, match="timed out") as exc:
            client.complete(client.request_body("system", "Sentence: x", {"type": "object"}))
        assert len(slow.requests) == 2
        assert cfg.chat_url in str(exc.value)
    finally:
        slow.close()


# --- answers, prompt, config ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_answer"),
        ('{"plover_type": "ASSAULT", "mode": null, "confidence": 0.5, "source_text": null}', "invalid_answer"),
        ('{"plover_type": "KILL", "mode": null, "confidence": 0.5, "source_text": null, "target_text": null}', "invalid_type"),
        ('{"plover_type": "AGREE", "mode": "visit", "confidence": 0.5, "source_text": null, "target_text": null}', "invalid_mode"),
        ('{"plover_type": "AGREE", "mode": null, "confidence": 1.5, "source_text": null, "target_text": null}', "invalid_answer"),
        ('{"plover_type": "AGREE", "mode": null, "confidence": true, "source_text": null, "target_text": null}', "invalid_answer"),
        ('{"plover_type": "AGREE", "mode": null, "confidence": 0.5, "source_text": 3, "target_text": null}', "invalid_answer"),
    ],
)
def test_bad_answers_are_rejected_with_a_reason(content, status):
    with pytest.raises(InvalidAnswer) as exc:
        parse_answer(content)
    assert exc.value.status == status


def test_good_answer_is_normalised():
    a = parse_answer('{"plover_type": "assault", "mode": "Aerial", "confidence": 1, "source_text": " ", "target_text": "X"}')
    assert (a.plover_type, a.mode, a.confidence, a.source_text, a.target_text) == ("ASSAULT", "aerial", 1.0, None, "X")


def test_builtin_prompt_without_the_codebook(monkeypatch):
    from flashpoint.llm import prompt

    monkeypatch.setattr(prompt, "find_codebook", lambda explicit=None: None)
    p = prompt.build_prompts()
    assert p.origin == "builtin"
    for t in PLOVER_TYPES:
        assert f"{t}: the source {prompt.BUILTIN_DEFINITIONS[t]}" in p.system
    for t, modes in ontology.PLOVER_MODES.items():
        for m in modes:
            assert m in p.system, (t, m)


def test_prompt_from_the_shared_codebook():
    import csv

    from tests.conftest import shared_path

    from flashpoint.llm.prompt import build_prompts

    path = shared_path("data", "reference", "plover", "PLOVER_structured_codebook_updated.csv")
    p = build_prompts(path)
    assert p.origin.startswith("codebook:")
    with path.open(encoding="utf-8", newline="") as fh:
        defs = {r["event"]: " ".join(r["event_def"].split()) for r in csv.DictReader(fh)}
    for t in PLOVER_TYPES:
        assert f"{t}: {defs[t]}" in p.system


def test_bad_codebook_file_is_named(tmp_path):
    from flashpoint.errors import InputError
    from flashpoint.llm.prompt import build_prompts

    bad = tmp_path / "codebook.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="codebook.csv"):
        build_prompts(bad)


def test_config_validates_and_never_records_the_key(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="ftp://x"):
        LLMConfig(base_url="ftp://x", model="m")
    with pytest.raises(ConfigError, match="--llm-model"):
        LLMConfig(base_url="http://localhost:8000/v1", model=" ")
    monkeypatch.setenv("FLASHPOINT_LLM_API_KEY", "secret-key")
    cfg = LLMConfig(base_url="http://localhost:8000/v1/", model="m", cache_path=tmp_path / "c.sqlite")
    assert cfg.chat_url == "http://localhost:8000/v1/chat/completions"
    assert cfg.api_key == "secret-key" and "secret-key" not in json.dumps(cfg.to_dict()) + repr(cfg)


def test_http_error_names_the_endpoint(tmp_path):
    bad = Replay(statuses=[401])
    try:
        cfg = config(bad.url, tmp_path)
        with LLMClient(cfg) as client, pytest.raises(LLMError) as exc:
            client.complete(client.request_body("s", "u", {}))
        assert cfg.chat_url in str(exc.value) and "401" in str(exc.value)
    finally:
        bad.close()


# --- command line -----------------------------------------------------------------------------------

def _invoke(args: list[str], stdin: str | None = None) -> Any:
    from typer.testing import CliRunner

    from flashpoint.cli.main import app

    return CliRunner().invoke(app, args, input=stdin)


def test_cli_code_with_llm_writes_retyped_events(server, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASHPOINT_LLM_CACHE", str(tmp_path / "cli-cache.sqlite"))
    lines = "".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n" for a in articles("arrest"))
    r = _invoke(["code", "-", "--output", "-", "--llm-url", server.url, "--llm-model", MODEL], lines)
    assert r.exit_code == 0, r.output
    events = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    ev = next(e for e in events if e["trigger"]["text"] == "arrested")
    assert ev["plover"] == {"type": "ASSAULT", "mode": "beat", "context": []}
    assert ev["coder"]["llm"]["model"] == MODEL and ev["coder"]["components"]["llm"]["base_url"] == server.url
    assert (tmp_path / "cli-cache.sqlite").exists()


def test_cli_llm_options_need_each_other_and_one_worker(server):
    r = _invoke(["code", "-", "--output", "-", "--llm-url", server.url], "")
    assert r.exit_code == 2 and "--llm-model" in r.output
    r = _invoke(["code", "-", "--output", "-", "--llm-url", server.url, "--llm-model", MODEL, "--workers", "2"], "")
    assert r.exit_code == 2 and "--workers 1" in r.output


def test_cli_fails_fast_when_the_endpoint_is_unreachable(tmp_path, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    monkeypatch.setenv("FLASHPOINT_LLM_CACHE", str(cache))
    url = f"http://127.0.0.1:{free_port()}/v1"
    out = tmp_path / "acc"
    r = _invoke(["eval", "--gold", str(tmp_path), "--llm-url", url, "--llm-model", MODEL, "--out", str(out)])
    assert r.exit_code == 2
    assert url in r.output
    assert not list(tmp_path.glob("acc*"))
    line = json.dumps({"id": "x", "text": "Police arrested twelve opposition activists in Nairobi on Friday."})
    r = _invoke(["code", "-", "--output", "-", "--llm-url", url, "--llm-model", MODEL], line + "\n")
    assert r.exit_code == 2 and url in r.output
    assert '"event_id"' not in r.stdout
    assert not cache.exists()


def test_cli_eval_never_overwrites_the_rule_coder_report(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _invoke(["eval", "--gold", str(tmp_path), "--llm-url", server.url, "--llm-model", MODEL, "--out", "benchmarks/accuracy"])
    assert r.exit_code == 2 and "accuracy_llm" in r.output
    assert not (tmp_path / "benchmarks").exists()


def test_cli_eval_with_llm_writes_its_own_report_naming_the_model(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "gold"
    (gold / "case2021").mkdir(parents=True)
    stories = [  # invented stories in the CASE 2021 file format
        {"id": "s1", "text": "Hundreds of nurses protested outside the health ministry in Accra on Thursday.", "label": "PEACE_PROTEST"},
        {"id": "s2", "text": "Police arrested twelve opposition activists in Nairobi on Friday.", "label": "ARREST"},
    ]
    (gold / "case2021" / "case2021_dev.jsonl").write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    r = _invoke(["eval", "--gold", str(gold), "--set", "case2021", "--llm-url", server.url, "--llm-model", MODEL])
    assert r.exit_code == 0, r.output
    md = (tmp_path / "benchmarks" / "accuracy_llm.md").read_text(encoding="utf-8")
    js = json.loads((tmp_path / "benchmarks" / "accuracy_llm.json").read_text(encoding="utf-8"))
    assert not (tmp_path / "benchmarks" / "accuracy.md").exists()
    assert f"Model `{MODEL}`" in md and server.url in md
    assert js["llm"]["model"] == MODEL and js["llm"]["answers"]["ok"] >= 1
    assert MODEL in js["coder"]["version"]
    assert "error" not in js["sets"]["case2021"], js["sets"]["case2021"]
