"""The fuzzing campaign: mutated answers and WSDLs, for 3.0.7, 3.3.2, 4.0.11, 7.2.0 and 9.1.0,
over SOAP and REST (3.0.7 has no REST).

Valid answers are recorded from the in-process fake (tests/fuzz_support.py), then one of
them is mutated (its body as bytes, as XML or as JSON; its status; its headers) and the
scenario is replayed against it. The contract, for every step: a result or an
``OpenMeetingsError``, within a deadline (CPU seconds of the step; a wall-clock bound for a
blocked one), no full SID, hash or password in any message, repr or log record (the password
is not looked for in the reprs of returned results: see tests/fuzz_support.py), and no
credential or SID sent to another host.

The default run is short (a few seconds). ``OM_SOAP_FUZZ_LONG=1`` runs the long campaign
(more than 20,000 cases); ``OM_SOAP_FUZZ_SAVE=<folder>`` writes every failing input there
as JSON, and ``OM_SOAP_FUZZ_REPORT=<file>`` writes the counts. Failing inputs worth keeping
go to tests/fuzz_corpus/, which :func:`test_corpus_case` replays on every run.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import uuid
import zlib
from pathlib import Path
from typing import Any, Dict, List

import pytest

hypothesis = pytest.importorskip("hypothesis")
from fuzz_support import (  # noqa: E402
    PASSWORD,
    VERSIONS,
    Answer,
    Case,
    case_from_json,
    protocols,
    recording,
    run_case,
    save,
)
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

LONG = os.environ.get("OM_SOAP_FUZZ_LONG") == "1"
SAVE = os.environ.get("OM_SOAP_FUZZ_SAVE")
REPORT = os.environ.get("OM_SOAP_FUZZ_REPORT")
CORPUS = Path(__file__).resolve().parents[1] / "fuzz_corpus"

#: Examples per (version, protocol) and per version of WSDLs: 9 answer combinations and 5
#: WSDL ones; the long run makes 9 x 2,100 + 5 x 400 = 20,900 cases.
ANSWER_EXAMPLES = 2100 if LONG else 8
WSDL_EXAMPLES = 400 if LONG else 2
if os.environ.get("OM_SOAP_FUZZ_EXAMPLES"):  # a run of another size: "answers,wsdls"
    ANSWER_EXAMPLES, WSDL_EXAMPLES = (int(n) for n in os.environ["OM_SOAP_FUZZ_EXAMPLES"].split(","))

COMBOS = [(v, p) for v in VERSIONS for p in protocols(v)]
COUNTS: Dict[str, int] = {"cases": 0, "steps": 0, "bare_exceptions": 0, "hangs": 0, "secrets_shown": 0,
                          "failing_cases": 0}

_SETTINGS = dict(
    deadline=None,  # the per-step deadline is fuzz_support's (a thread), which also catches hangs
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)

# --------------------------------------------------------------------------- nasty values


def _secret_values(rec: Any) -> List[str]:
    return [*rec.secrets, PASSWORD]


NASTY_TEXT = [
    "", " ", "9" * 5000, "1e400", "-1", "-26", "0", "NaN", "true", "null", "abc", "-9223372036854775809",
    "pass=" * 20000 + "***(", "sid=" * 5000, "<![CDATA[x]]>", "&amp;&lt;", "\u202e\u0000", "x" * 100_000,
    "SUCCESS", "Success", "ERROR", "error.notallowed", "Insufficient permissions",
    str(uuid.UUID(int=7)), "http://[::1", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
XSI_TYPES = ["x:y", "xs:decimal", "xs:int", "xs:long", "xs:dateTime", "xs:boolean", "xs:base64Binary", "xs:QName",
             "xs:anyType", "ns2:serviceResult", "ns2:roomDTO", "", ":", "xs:", "soapenc:Array"]
TAGS = ["return", "message", "type", "code", "Fault", "faultcode", "faultstring", "detail", "Body", "Header",
        "Envelope", "serviceResult", "ServiceException", "version", "id", "sid", "pass"]
CONTENT_TYPES = ["text/xml", "text/xml; charset=UTF-8", "text/xml; charset=utf8mb4", "text/xml; charset=latin-1",
                 "application/json", "application/json; charset=utf8mb4", "application/json; charset=utf-16",
                 "multipart/related", "multipart/related; boundary=xyz; type=\"application/xop+xml\"",
                 "text/html", "application/soap+xml", "", "text/plain", "application/octet-stream"]
STATUSES = [200, 201, 202, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 500, 502, 503, 504, 599]
LOCATIONS = ["http://[::1", "http://other.invalid/openmeetings/services/user/login", "/moved/openmeetings/services",
             "", "//evil.invalid/x", "javascript:alert(1)", "http://user:pw@other.invalid/", "ftp://x/",
             "http://om-fake.invalid:99999/", "http://om-fake.invalid/openmeetings/services/UserService",
             "http://other.invalid/openmeetings/services/UserService", "https://om-fake.invalid/openmeetings/x",
             "http://om-fake.invalid:8080/openmeetings/services/user/login"]
JSON_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False), st.sampled_from(NASTY_TEXT), st.text(max_size=20),
)
JSON_VALUES = st.recursive(JSON_LEAVES, lambda c: st.lists(c, max_size=3) | st.dictionaries(
    st.sampled_from(["serviceResult", "message", "type", "code", "info", "version", "roomDTO", "x", ""]), c,
    max_size=3), max_leaves=8)


def _nasty(rec: Any) -> Any:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.sampled_from(_secret_values(rec)), st.text(max_size=30))


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_nasty(rec: Any) -> Any:
    """Nasty text lxml can hold (it refuses control characters; bytes mutations cover those)."""
    return _nasty(rec).map(lambda t: _NOT_XML.sub("", t))


# --------------------------------------------------------------------------- mutations


@st.composite
def mutate_bytes(draw: Any, body: bytes, rec: Any) -> bytes:
    op = draw(st.sampled_from(["truncate", "insert", "replace", "delete", "duplicate", "empty", "garbage"]))
    at = draw(st.integers(min_value=0, max_value=max(0, len(body))))
    if op == "truncate":
        return body[:at]
    if op == "insert":
        return body[:at] + draw(st.binary(max_size=16) | _nasty(rec).map(lambda t: t.encode("utf-8", "replace")))
    if op == "replace":
        end = draw(st.integers(min_value=at, max_value=len(body)))
        return body[:at] + draw(_nasty(rec)).encode("utf-8", "replace") + body[end:]
    if op == "delete":
        end = draw(st.integers(min_value=at, max_value=len(body)))
        return body[:at] + body[end:]
    if op == "duplicate":
        return body + body
    if op == "empty":
        return b""
    return draw(st.binary(max_size=64))


@st.composite
def mutate_xml(draw: Any, body: bytes, rec: Any) -> bytes:
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return draw(mutate_bytes(body, rec))
    nodes = list(root.iter(etree.Element))
    node = nodes[draw(st.integers(min_value=0, max_value=len(nodes) - 1))]
    op = draw(st.sampled_from(["text", "xsi", "delete", "clear", "rename", "duplicate", "nest", "attr", "echo",
                               "fault"]))
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    if op == "text":
        node.text = draw(_xml_nasty(rec))
    elif op == "xsi":
        node.set(f"{{{xsi}}}type", draw(st.sampled_from(XSI_TYPES)))
        if draw(st.booleans()):
            node.set(f"{{{xsi}}}nil", draw(st.sampled_from(["true", "1", "false", "x"])))
    elif op == "delete" and node.getparent() is not None:
        node.getparent().remove(node)
    elif op == "clear":
        for child in list(node):
            node.remove(child)
    elif op == "rename":
        ns = etree.QName(node).namespace
        name = draw(st.sampled_from(TAGS))
        node.tag = f"{{{ns}}}{name}" if ns and draw(st.booleans()) else name
    elif op == "duplicate" and node.getparent() is not None:
        node.addnext(etree.fromstring(etree.tostring(node)))
    elif op == "nest":
        depth = draw(st.sampled_from([2, 50, 300, 3000]))
        inner = node
        for _ in range(depth):
            inner = etree.SubElement(inner, "n")
    elif op == "attr":
        node.set(draw(st.sampled_from(["id", "href", "encodingStyle", "mustUnderstand"])), draw(_xml_nasty(rec)))
    elif op == "echo":
        # a server that echoes a secret where errors and logs quote it
        secret = draw(st.sampled_from(_secret_values(rec)))
        env = "http://schemas.xmlsoap.org/soap/envelope/"
        body_el = root.find(f"{{{env}}}Body")
        if body_el is None:
            node.text = secret
        else:
            for child in list(body_el):
                body_el.remove(child)
            fault = etree.SubElement(body_el, f"{{{env}}}Fault")
            etree.SubElement(fault, "faultcode").text = draw(st.sampled_from([secret, "soap:Server"]))
            etree.SubElement(fault, "faultstring").text = f"refused {secret}"
            detail = etree.SubElement(fault, "detail")
            etree.SubElement(detail, "trace").text = f"user/login?user=admin&pass={secret}"
    elif op == "fault":
        env = "http://schemas.xmlsoap.org/soap/envelope/"
        body_el = root.find(f"{{{env}}}Body")
        if body_el is not None:
            fault = etree.SubElement(body_el, f"{{{env}}}Fault")
            etree.SubElement(fault, "faultstring").text = draw(_xml_nasty(rec))
    return etree.tostring(root, xml_declaration=draw(st.booleans()), encoding="utf-8")


@st.composite
def mutate_json(draw: Any, body: bytes, rec: Any) -> bytes:
    try:
        data = json.loads(body)
    except ValueError:
        return draw(mutate_bytes(body, rec))
    op = draw(st.sampled_from(["leaf", "replace", "deep", "wrap", "drop", "echo"]))
    if op == "deep":
        depth = draw(st.sampled_from([10, 70, 900, 1000, 5000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return ('{"serviceResult":' + opener * depth + "1" + closer * depth + "}").encode()

    def paths(value: Any, prefix: tuple) -> List[tuple]:
        out = [prefix]
        if isinstance(value, dict):
            for k, v in value.items():
                out += paths(v, prefix + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                out += paths(v, prefix + (i,))
        return out

    all_paths = paths(data, ())
    path = all_paths[draw(st.integers(min_value=0, max_value=len(all_paths) - 1))]

    def set_at(value: Any, p: tuple, new: Any) -> Any:
        if not p:
            return new
        value[p[0]] = set_at(value[p[0]], p[1:], new)
        return value

    def get_at(value: Any, p: tuple) -> Any:
        for k in p:
            value = value[k]
        return value

    if op == "leaf":
        data = set_at(data, path, draw(_nasty(rec)))
    elif op == "replace":
        data = set_at(data, path, draw(JSON_VALUES))
    elif op == "wrap":
        data = set_at(data, path, [get_at(data, path)])
    elif op == "drop" and path:
        parent = get_at(data, path[:-1])
        del parent[path[-1]]
    elif op == "echo":
        data = set_at(data, path, {"message": f"pass={draw(st.sampled_from(_secret_values(rec)))}"})
    return json.dumps(data).encode()


@st.composite
def mutated_answer(draw: Any, answer: Answer, rec: Any) -> Answer:
    status, headers, body = answer.status, dict(answer.headers), answer.body
    parts = draw(st.sets(st.sampled_from(["body", "status", "headers"]), min_size=1))
    if "body" in parts:
        looks_json = body.lstrip()[:1] in (b"{", b"[")
        structured = mutate_json(body, rec) if looks_json else mutate_xml(body, rec)
        body = draw(st.one_of(structured, structured, mutate_bytes(body, rec)))
    if "status" in parts:
        status = draw(st.sampled_from(STATUSES))
        if 300 <= status < 400 and draw(st.booleans()):
            headers["Location"] = draw(st.sampled_from(LOCATIONS))
    if "headers" in parts:
        which = draw(st.sampled_from(["type", "encoding", "length", "exception", "location", "drop"]))
        if which == "type":
            headers["Content-Type"] = draw(st.sampled_from(CONTENT_TYPES))
        elif which == "encoding":
            coding = draw(st.sampled_from(["gzip", "deflate", "br", "gzip, gzip", "identity", "x-unknown"]))
            headers["Content-Encoding"] = coding
            if draw(st.booleans()) and coding == "gzip":
                body = gzip.compress(body)
            elif draw(st.booleans()) and coding == "deflate":
                body = zlib.compress(body)
        elif which == "length":
            headers["Content-Length"] = draw(st.sampled_from(
                ["2, 2", "-1", "abc", "99999999999999999999", str(max(0, len(body) - 1)), str(len(body) + 5),
                 f"{len(body)}, {len(body)}", ""]))
        elif which == "exception":
            headers["exception"] = f"java.lang.Exception: bad pass={draw(st.sampled_from(_secret_values(rec)))}"
        elif which == "location":
            headers["Location"] = draw(st.sampled_from(LOCATIONS))
        else:
            headers.pop("Content-Type", None)
    return Answer(status, headers, body)


@st.composite
def answer_cases(draw: Any, version: str, protocol: str) -> Case:
    rec = recording(version, protocol)
    keys = sorted(rec.answers)
    target = keys[draw(st.integers(min_value=0, max_value=len(keys) - 1))]
    return Case(version, protocol, "answer", target, draw(mutated_answer(rec.answers[target], rec)))


@st.composite
def mutate_wsdl(draw: Any, body: bytes) -> bytes:
    root = etree.fromstring(body)
    nodes = list(root.iter(etree.Element))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        node = nodes[draw(st.integers(min_value=0, max_value=len(nodes) - 1))]
        op = draw(st.sampled_from(["delete", "type", "drop-attr", "rename-attr", "clear", "duplicate", "name"]))
        if op == "delete" and node.getparent() is not None:
            node.getparent().remove(node)
        elif op == "type":
            node.set("type", draw(st.sampled_from(["xs:dateTime", "xs:decimal", "xs:boolean", "xs:int", "tns:nothing",
                                                  "x:y", "", "xs:anyType", "tns:serviceResult"])))
        elif op == "drop-attr" and node.attrib:
            del node.attrib[draw(st.sampled_from(sorted(node.attrib)))]
        elif op == "rename-attr":
            node.set(draw(st.sampled_from(["element", "message", "binding", "location", "style", "use",
                                           "maxOccurs", "minOccurs", "base", "ref"])),
                     draw(st.sampled_from(["tns:login", "x", "", "unbounded", "-1", "rpc", "encoded",
                                           "http://[::1", "tns:serviceResult", "99999999999"])))
        elif op == "clear":
            for child in list(node):
                node.remove(child)
        elif op == "duplicate" and node.getparent() is not None:
            node.addnext(etree.fromstring(etree.tostring(node)))
        elif op == "name":
            node.set("name", draw(st.sampled_from(["login", "x", "", "return", "serviceResult"])))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


@st.composite
def wsdl_cases(draw: Any, version: str) -> Case:
    rec = recording(version, "soap", True)
    keys = sorted(k for k in rec.answers if k[0] == "GET")
    target = keys[draw(st.integers(min_value=0, max_value=len(keys) - 1))]
    answer = rec.answers[target]
    return Case(version, "soap", "wsdl", target, Answer(answer.status, dict(answer.headers),
                                                           draw(mutate_wsdl(answer.body))))


# --------------------------------------------------------------------------- the properties


def _judge(case: Case) -> None:
    verdict = run_case(case)
    COUNTS["cases"] += 1
    COUNTS["steps"] += verdict.steps
    COUNTS["bare_exceptions"] += verdict.bare
    COUNTS["hangs"] += verdict.hangs
    COUNTS["secrets_shown"] += verdict.secrets
    if verdict.problems:
        COUNTS["failing_cases"] += 1
        if SAVE:
            save(case, verdict, SAVE)
    assert not verdict.problems, verdict.problems


@pytest.mark.parametrize("version, protocol", COMBOS)
def test_mutated_answers_keep_the_contract(version, protocol):
    recording(version, protocol)  # recorded outside the examples

    @settings(max_examples=ANSWER_EXAMPLES, **_SETTINGS)
    @given(case=answer_cases(version, protocol))
    def prop(case: Case) -> None:
        _judge(case)

    prop()


@pytest.mark.parametrize("version", VERSIONS)
def test_mutated_wsdls_keep_the_contract(version):
    recording(version, "soap", True)

    @settings(max_examples=WSDL_EXAMPLES, **_SETTINGS)
    @given(case=wsdl_cases(version))
    def prop(case: Case) -> None:
        _judge(case)

    prop()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.json")), ids=lambda p: p.stem)
def test_corpus_case(path):
    """Every failing input the campaign found, replayed: it keeps the contract now."""
    verdict = run_case(case_from_json(json.loads(path.read_text("utf-8"))))
    assert not verdict.problems, verdict.problems


def test_zz_report_counts():
    """Writes the campaign's counts (OM_SOAP_FUZZ_REPORT); runs last in file order."""
    if REPORT:
        Path(REPORT).write_text(json.dumps(dict(COUNTS, long=LONG), indent=1), "utf-8")
    if COUNTS["cases"]:
        assert COUNTS["bare_exceptions"] == COUNTS["hangs"] == COUNTS["secrets_shown"] == 0, COUNTS
