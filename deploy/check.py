#!/usr/bin/env python3
"""Checks the deployment files under deploy/ as far as a machine without a container engine or
a cluster can. Run it through `deploy/check`, which finds Python, PyYAML, the optional
validators and the hub binary; `deploy/check --help` explains the options.

Everything is derived from the files themselves (services, containers, variables, ports,
probes, commands); nothing here repeats their contents, so a change to a file is checked, not
compared with a copy. What the hub accepts is the hub's own contract (gateway/src/config.rs) and
is confirmed by running the real binary's `hub config check`.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# --- the hub's contract ------------------------------------------------------------------------

# Every environment variable the hub reads (gateway/src/config.rs). The hub only warns about
# any other HUB_* variable and silently ignores any other name; both are refused here.
ACCEPTED_ENV = {
    "HUB_LISTEN", "DATABASE_URL", "REDIS_URL", "HUB_JWT_SECRET", "HUB_PROFILE", "HUB_DEMO_DATA",
    "HUB_DATABASE_MAX_CONNECTIONS", "HUB_CONFIG", "HUB_OTLP_ENDPOINT", "HUB_SHUTDOWN_DELAY_SECONDS",
    "HUB_SHUTDOWN_TIMEOUT_SECONDS", "HUB_FIELD_HOOKS_ON_QUERIES", "HUB_COMPILED_QUERIES",
    "HUB_LIMITS__MAX_DEPTH",
    "HUB_LIMITS__MAX_COMPLEXITY",
    "HUB_LIMITS__MAX_BODY_BYTES",
    "HUB_LIMITS__MAX_BATCH",
    "HUB_LIMITS__MAX_PAGE_SIZE",
    "HUB_LIMITS__REQUESTS_PER_MINUTE_PER_TOKEN",
    "HUB_LIMITS__REQUESTS_PER_MINUTE_PER_IP",
    "HUB_LIMITS__TRUST_FORWARDED_FOR",
    "HUB_LIMITS__MAX_SUBSCRIPTIONS_PER_CONNECTION",
    "HUB_LIMITS__CONNECTION_INIT_TIMEOUT_SECONDS",
    "HUB_LIMITS__INTROSPECTION",
    "HUB_LIMITS__PERSISTED_QUERIES",
    "HUB_LIMITS__PERSISTED_QUERIES_BYTES",
    "HUB_LIMITS__HEADER_READ_TIMEOUT_SECONDS",
    "HUB_LIMITS__BODY_READ_TIMEOUT_SECONDS",
    "HUB_LIMITS__REQUEST_TIMEOUT_SECONDS",
    "HUB_AUTH__OIDC_ISSUER",
    "HUB_AUTH__OIDC_AUDIENCE",
    "HUB_AUTH__PLATFORM_ADMINS",
    "HUB_AUTH__OIDC_CLIENT_ID",
    "HUB_AUTH__OIDC_CLIENT_SECRET",
    "HUB_AUTH__PUBLIC_URL",
}
# Sign-in (docs/operations.md#signing-in). The production profile requires the provider's
# issuer and audience and has no shared-secret path: HUB_JWT_SECRET is the development profile's
# HS256 secret, never read in production, so production files must not carry it at all.
ISSUER, AUDIENCE = "HUB_AUTH__OIDC_ISSUER", "HUB_AUTH__OIDC_AUDIENCE"
CLIENT_ID, CLIENT_SECRET = "HUB_AUTH__OIDC_CLIENT_ID", "HUB_AUTH__OIDC_CLIENT_SECRET"
PROVIDER_REQUIRED = (ISSUER, AUDIENCE)
DEVELOPMENT_SECRET = "HUB_JWT_SECRET"
# Settings the hub requires to be http(s) URLs.
URL_SETTINGS = {ISSUER, "HUB_AUTH__PUBLIC_URL"}
# The reserved top-level domain that never resolves (RFC 6761): an issuer under it can serve no
# keys, so the hub refuses every token.
NEVER_RESOLVES = ".invalid"
# The hub's modules, as `hub modules` prints them (the binary's own list; see `learn_modules`),
# and the only commands a hub container may run (arguments after the `hub` entrypoint).
MODULES: set[str] = set()
ALLOWED_COMMANDS: set[tuple[str, ...]] = set()
HEALTH_PATH, READY_PATH = "/healthz", "/readyz"
HUB_PATHS = {"/graphql", "/graphql/ws", HEALTH_PATH, READY_PATH, "/metrics"}
# Hive Gateway's own probes.
GATEWAY_HEALTH_PATH, GATEWAY_READY_PATH = "/healthcheck", "/readiness"
HUB_IMAGE, FEDERATION_IMAGE = "hai-phong-hub", "hai-phong-hub-federation"
PLACEHOLDER_MARK = "CHANGE-ME"
# Stand in for placeholders when the real binary checks a set of variables: a secret (or any
# other value) and a URL, which cannot resolve (see NEVER_RESOLVES).
PLACEHOLDER_SECRET = "deploy-check-placeholder-secret-0123456789abcdef"
PLACEHOLDER_URL = "https://deploy-check-placeholder.invalid"


# --- reporting ---------------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []
        self.skips: list[str] = []

    def ok(self, msg: str) -> None:
        self.passed += 1
        print(f"  ok    {msg}")

    def fail(self, msg: str) -> None:
        self.failures.append(msg)
        print(f"  FAIL  {msg}")

    def check(self, cond: bool, ok_msg: str, fail_msg: str) -> bool:
        (self.ok if cond else self.fail)(ok_msg if cond else fail_msg)
        return cond

    def skip(self, msg: str) -> None:
        self.skips.append(msg)
        print(f"  SKIP  {msg}")

    def note(self, msg: str) -> None:
        print(f"  note  {msg}")

    @staticmethod
    def section(title: str) -> None:
        print(f"\n== {title}")


R = Report()


# --- helpers -----------------------------------------------------------------------------------

def rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def port_of(listen: str) -> int | None:
    m = re.fullmatch(r"(?:\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d+)", listen.strip())
    return int(m.group(1)) if m else None


def split_command(cmd) -> list[str]:
    if cmd is None:
        return []
    if isinstance(cmd, str):
        return shlex.split(cmd)
    return [str(c) for c in cmd]


def is_placeholder(value: str) -> bool:
    return PLACEHOLDER_MARK in value or "deploy-check-placeholder" in value


def stand_in(name: str) -> str:
    """What an operator would set for `name`, as far as the hub's validation is concerned."""
    return PLACEHOLDER_URL if name in URL_SETTINGS else f"{PLACEHOLDER_SECRET}-{name.lower()}"


def with_stand_ins(env: dict[str, str]) -> dict[str, str]:
    """The sign-in settings that are committed placeholders (CHANGE-ME, or compose's `${…:?…}`),
    replaced by values of the right kind, as if the operator had set them."""
    return {k: stand_in(k) if k.startswith("HUB_AUTH__") and is_placeholder(v) else v
            for k, v in env.items()}


def url_host(url: str) -> str | None:
    m = re.match(r"https?://(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)", url)
    return m.group(1).lower().rstrip(".") if m else None


def issuer_placeholder_problem(value: str) -> str | None:
    """A committed issuer that is a placeholder (CHANGE-ME, or a host with an `example` label)
    must be one the hub cannot trust: not an http(s) URL (the hub refuses to start) or a host
    under .invalid (nothing answers, so every token is refused). `https://id.example.vn` is not
    a placeholder anyone can rely on: whoever registers that name would sign valid tokens."""
    host = url_host(value)
    placeholder = is_placeholder(value) or (host is not None and "example" in host.split("."))
    if not placeholder or host is None or host.endswith(NEVER_RESOLVES):
        return None
    return (f"placeholder issuer {value!r} is a URL whose host can resolve; use a CHANGE-ME that is not "
            f"a URL (the hub refuses to start) or a host under {NEVER_RESOLVES} (it refuses every token)")


def image_name(image: str) -> str:
    """`registry.example.org/team/hai-phong-hub:1.2@sha256:…` -> `hai-phong-hub`."""
    image = image.split("@", 1)[0]
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[0]


# --- Dockerfiles -------------------------------------------------------------------------------

@dataclass
class Dockerfile:
    path: Path
    stages: list[list[tuple[str, str]]]  # per FROM: (INSTRUCTION, rest)

    @classmethod
    def parse(cls, path: Path) -> "Dockerfile":
        logical, buf = [], ""
        for raw in path.read_text().splitlines():
            line = raw.rstrip()
            if not buf and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if buf and line.lstrip().startswith("#"):
                continue  # comment lines inside a continuation are dropped by Docker too
            if line.endswith("\\"):
                buf += line[:-1] + " "
                continue
            logical.append(buf + line)
            buf = ""
        if buf:
            logical.append(buf)
        stages: list[list[tuple[str, str]]] = []
        for line in logical:
            word, _, rest = line.strip().partition(" ")
            word = word.upper()
            if word == "FROM":
                stages.append([])
            if stages:
                stages[-1].append((word, rest.strip()))
        return cls(path, stages)

    @property
    def runtime(self) -> list[tuple[str, str]]:
        return self.stages[-1] if self.stages else []

    def last(self, word: str, stage=None) -> str | None:
        found = [rest for w, rest in (stage if stage is not None else self.runtime) if w == word]
        return found[-1] if found else None

    def env(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for w, rest in self.runtime:
            if w != "ENV":
                continue
            parts = shlex.split(rest)
            if parts and "=" not in parts[0]:  # legacy `ENV KEY value`
                env[parts[0]] = " ".join(parts[1:])
                continue
            for p in parts:
                k, _, v = p.partition("=")
                env[k] = v
        return env

    def exposed(self) -> set[int]:
        ports = set()
        for w, rest in self.runtime:
            if w == "EXPOSE":
                for p in rest.split():
                    ports.add(int(p.split("/")[0]))
        return ports

    def exec_form(self, word: str) -> list[str] | None:
        rest = self.last(word)
        if rest is None:
            return None
        try:
            value = json.loads(rest)
        except json.JSONDecodeError:
            return shlex.split(rest)
        return [str(v) for v in value]

    def healthcheck(self) -> list[str] | None:
        rest = self.last("HEALTHCHECK")
        if rest is None:
            return None
        m = re.search(r"\bCMD\s+(.*)$", rest)
        if not m:
            return None
        cmd = m.group(1).strip()
        try:
            return [str(v) for v in json.loads(cmd)]
        except json.JSONDecodeError:
            return ["/bin/sh", "-c", cmd]

    def copy_sources(self) -> list[str]:
        sources = []
        for stage in self.stages:
            for w, rest in stage:
                if w not in ("COPY", "ADD"):
                    continue
                parts = [p for p in shlex.split(rest) if not p.startswith("--")]
                if any(p.startswith("--from") for p in shlex.split(rest)):
                    continue
                if parts and parts[0].startswith("["):
                    parts = json.loads(rest)
                sources.extend(parts[:-1])
        return sources


def dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Whether `path` (relative to the context) is left out, per .dockerignore rules (last match wins)."""
    excluded = False
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pat in patterns:
        neg = pat.startswith("!")
        pat = pat[1:] if neg else pat
        regex = glob_regex(pat.strip("/"))
        if any(regex.fullmatch(p) for p in prefixes):
            excluded = not neg
    return excluded


def glob_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern: `**/` any directories (or none), `*` and `?` within one name."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def read_dockerignore(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [l.strip() for l in path.read_text().splitlines() if l.strip() and not l.strip().startswith("#")]


# --- compose interpolation ---------------------------------------------------------------------

INTERP = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(value, env: dict[str, str], required: set[str]):
    """Compose-style `${VAR}`, `${VAR:-default}`, `${VAR:?message}`; unset required variables get
    a placeholder (recorded in `required`), as if the operator had set them."""
    if isinstance(value, dict):
        return {k: interpolate(v, env, required) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, required) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(4)
        op, arg = m.group(2), m.group(3)
        current = env.get(name)
        empty = current is None or (op and op.startswith(":") and current == "")
        if op and op.endswith("-"):
            return arg if empty else current
        if op and op.endswith("?"):
            if empty:
                required.add(name)
                return stand_in(name)
            return current
        return current or ""

    return INTERP.sub(sub, value)


# --- the checks --------------------------------------------------------------------------------

@dataclass
class HubUnit:
    """One container that runs the hub image, with everything the binary will see."""
    where: str
    args: list[str]
    env: dict[str, str]
    listen_port: int | None
    raw_env: dict[str, str] = field(default_factory=dict)


class Checker:
    def __init__(self, repo: Path, deploy: Path, hub: Path | None, tools: dict[str, str | None],
                 live: bool) -> None:
        self.repo, self.deploy, self.hub, self.tools, self.live = repo, deploy, hub, tools, live
        self.docs: dict[Path, list] = {}
        self.units: list[HubUnit] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="deploy-check-"))
        self.hub_dockerfile: Dockerfile | None = None
        self.fed_dockerfile: Dockerfile | None = None

    # .. parsing .................................................................................
    def parse_all(self) -> None:
        R.section("every YAML, JSON and TOML file under deploy/ parses")
        files = sorted(p for p in self.deploy.rglob("*")
                       if p.is_file() and p.suffix in (".yaml", ".yml", ".json", ".toml"))
        for p in files:
            name = rel(p, self.repo)
            try:
                if p.suffix == ".json":
                    self.docs[p] = [json.loads(p.read_text())]
                elif p.suffix == ".toml":
                    self.docs[p] = [tomllib.loads(p.read_text())]
                else:
                    self.docs[p] = [d for d in yaml.safe_load_all(p.read_text()) if d is not None]
                R.ok(f"{name} parses")
            except Exception as e:  # noqa: BLE001 - any parse error is the finding
                R.fail(f"{name} does not parse: {str(e).splitlines()[0]}")
        if not files:
            R.fail("no YAML/JSON/TOML files found under deploy/")

    # .. contract drift ..........................................................................
    def contract(self) -> None:
        R.section("the variables this check accepts are the ones gateway/src/config.rs documents")
        config_rs = self.repo / "gateway/src/config.rs"
        if not config_rs.exists():
            R.skip("gateway/src/config.rs not found; cannot compare the accepted variables")
            return
        documented = set(re.findall(r"^//!\s*\|\s*`([A-Z][A-Z0-9_]*)`", config_rs.read_text(), re.M))
        R.check(documented == ACCEPTED_ENV,
                f"config.rs documents exactly {sorted(ACCEPTED_ENV)}",
                f"config.rs documents {sorted(documented)} but deploy/check.py accepts "
                f"{sorted(ACCEPTED_ENV)}: update ACCEPTED_ENV (and the files) together with the hub")

    # .. Dockerfiles .............................................................................
    def dockerfiles(self) -> None:
        R.section("deploy/Dockerfile (the hub image)")
        path = self.deploy / "Dockerfile"
        if not path.exists():
            R.fail("deploy/Dockerfile is missing")
            return
        df = self.hub_dockerfile = Dockerfile.parse(path)
        R.check(len(df.stages) >= 2, f"multi-stage ({len(df.stages)} stages)", "not a multi-stage build")
        builders = [s for s in df.stages[:-1] if s and s[0][0] == "FROM"]
        R.check(any(re.match(r"rust:1\.95-bookworm\b", s[0][1]) for s in builders),
                "builds with rust:1.95-bookworm", "no build stage FROM rust:1.95-bookworm")
        R.check(any(w == "RUN" and "cargo chef cook" in r for s in df.stages for w, r in s),
                "caches dependencies in a layer of their own (cargo chef cook)",
                "no dependency-caching layer (cargo chef cook) before the source is copied")
        user = (df.last("USER") or "").split(":")[0]
        R.check(bool(user) and user not in ("root", "0"), f"runtime runs as user {user}",
                f"runtime USER is {user or 'unset'} (must be a non-root user)")
        env = df.env()
        bad = sorted(set(env) - ACCEPTED_ENV)
        R.check(not bad, "ENV sets only variables the hub accepts",
                f"ENV sets variables the hub does not accept: {bad}")
        port = port_of(env.get("HUB_LISTEN", ""))
        R.check(env.get("HUB_LISTEN", "").startswith("0.0.0.0:"), "ENV HUB_LISTEN=0.0.0.0:<port>",
                f"ENV HUB_LISTEN is {env.get('HUB_LISTEN')!r} (containers must listen on 0.0.0.0)")
        R.check(env.get("HUB_PROFILE") == "production", "ENV HUB_PROFILE=production",
                f"ENV HUB_PROFILE is {env.get('HUB_PROFILE')!r}, not production")
        self.production_sign_in("deploy/Dockerfile ENV", env)
        R.check(port is not None and port in df.exposed(), f"EXPOSE {port} matches HUB_LISTEN",
                f"EXPOSE {sorted(df.exposed())} does not include the HUB_LISTEN port {port}")
        hc = df.healthcheck()
        hc_text = " ".join(hc or [])
        R.check(bool(hc) and HEALTH_PATH in hc_text and re.search(rf"[/:]{port}\b", hc_text) is not None,
                f"HEALTHCHECK asks {HEALTH_PATH} on port {port}",
                f"HEALTHCHECK must ask {HEALTH_PATH} on the HUB_LISTEN port {port}: {hc_text!r}")
        if hc and hc[0] in ("bash", "/bin/bash"):
            R.check(any("debian" in r or "ubuntu" in r for w, r in df.runtime if w == "FROM"),
                    "HEALTHCHECK's bash exists in the runtime base (Debian)",
                    "HEALTHCHECK uses bash but the runtime base is not a Debian/Ubuntu image")
        ep = df.exec_form("ENTRYPOINT") or []
        R.check(bool(ep) and Path(ep[0]).name == "hub" and len(ep) == 1, "ENTRYPOINT is hub",
                f"ENTRYPOINT is {ep}, not the hub binary")
        cmd = tuple(df.exec_form("CMD") or [])
        R.check(cmd == ("serve",), "CMD is serve", f"CMD is {list(cmd)}, not [serve]")
        ignore = read_dockerignore(self.deploy / "Dockerfile.dockerignore") or \
            read_dockerignore(self.repo / ".dockerignore")
        for probe in ("target/release/hub", "tests/federation/node_modules/x", "hub.db"):
            R.check(dockerignore_excludes(ignore, probe), f"build context leaves out {probe}",
                    f"the .dockerignore for deploy/Dockerfile does not leave out {probe}")
        self.dockerfile_sources(df, ignore)

        R.section("deploy/federation.Dockerfile (Hive Gateway and composition)")
        fpath = self.deploy / "federation.Dockerfile"
        if not fpath.exists():
            R.fail("deploy/federation.Dockerfile is missing")
            return
        fd = self.fed_dockerfile = Dockerfile.parse(fpath)
        # Node 20 reached its end of life in April 2026; the router runs on a maintained release.
        node = [int(m.group(1)) for s in fd.stages if s and (m := re.match(r"node:(\d+)\b", s[0][1]))]
        shown = ", ".join(f"node:{n}" for n in node) or "no node image"
        R.check(bool(node) and min(node) >= 22, f"runs on a maintained Node.js ({shown})",
                f"the federation image is FROM {shown}; use node:22 or later (20 is end of life)")
        fuser = (fd.last("USER") or "").split(":")[0]
        R.check(bool(fuser) and fuser not in ("root", "0"), f"runs as user {fuser}",
                "federation image runs as root")
        fenv = fd.env()
        R.check(fenv.get("PORT", "").isdigit() and int(fenv["PORT"]) in fd.exposed(),
                f"EXPOSE matches PORT={fenv.get('PORT')}", "EXPOSE does not match ENV PORT")
        fhc = " ".join(fd.healthcheck() or [])
        R.check(GATEWAY_READY_PATH in fhc or GATEWAY_HEALTH_PATH in fhc,
                "HEALTHCHECK asks the gateway's readiness", f"HEALTHCHECK does not ask the gateway: {fhc!r}")
        R.check(any(w == "RUN" and "npm ci" in r for w, r in fd.runtime),
                "installs the router exactly from tests/federation's lockfile (npm ci)",
                "the federation image does not npm ci from the lockfile")
        fignore = read_dockerignore(self.deploy / "federation.Dockerfile.dockerignore")
        self.dockerfile_sources(fd, fignore)

    def dockerfile_sources(self, df: Dockerfile, ignore: list[str]) -> None:
        for src in df.copy_sources():
            if src == ".":
                continue
            exists = bool(list(self.repo.glob(src)))
            R.check(exists and not dockerignore_excludes(ignore, src),
                    f"{df.path.name}: COPY source {src} is in the build context",
                    f"{df.path.name}: COPY source {src} is " + ("missing" if not exists else "left out by the .dockerignore"))

    # .. compose .................................................................................
    def compose_files(self) -> None:
        for path in sorted(self.deploy.glob("compose*.y*ml")):
            docs = self.docs.get(path)
            if not docs or not isinstance(docs[0], dict) or "services" not in docs[0]:
                continue
            R.section(f"{rel(path, self.repo)}")
            self.compose_file(path, docs[0])

    def compose_file(self, path: Path, raw: dict) -> None:
        name = rel(path, self.repo)
        if self.tools.get("check-jsonschema"):
            res = subprocess.run([self.tools["check-jsonschema"], "--builtin-schema", "vendor.compose-spec",
                                  str(path)], capture_output=True, text=True)
            R.check(res.returncode == 0, "valid under the Compose Specification schema",
                    f"not valid under the Compose Specification schema:\n{res.stdout.strip()}")
        else:
            R.skip("check-jsonschema not available: compose-spec schema validation not run")

        required: set[str] = set()
        doc = interpolate(raw, {}, required)
        services: dict[str, dict] = doc.get("services") or {}
        raw_services: dict[str, dict] = raw.get("services") or {}
        base = path.parent

        def dockerfile_of(svc: dict) -> Path | None:
            b = svc.get("build")
            if not b:
                return None
            if isinstance(b, str):
                return (base / b / "Dockerfile").resolve()
            return (base / b.get("context", ".") / b.get("dockerfile", "Dockerfile")).resolve()

        hub_df = (self.deploy / "Dockerfile").resolve()
        fed_df = (self.deploy / "federation.Dockerfile").resolve()
        hub_images = {svc.get("image") for svc in services.values() if dockerfile_of(svc) == hub_df}
        fed_images = {svc.get("image") for svc in services.values() if dockerfile_of(svc) == fed_df}
        kind = {}
        for sname, svc in services.items():
            if dockerfile_of(svc) == hub_df or (svc.get("image") in hub_images and svc.get("image")):
                kind[sname] = "hub"
            elif dockerfile_of(svc) == fed_df or (svc.get("image") in fed_images and svc.get("image")):
                kind[sname] = "federation"
            else:
                kind[sname] = "other"
        for img in hub_images:
            R.check(bool(img) and image_name(img) == HUB_IMAGE, f"hub image is tagged {img}",
                    f"hub services are tagged {img!r}; use {HUB_IMAGE}[:tag] so the manifests agree")
        for img in fed_images:
            R.check(bool(img) and image_name(img) == FEDERATION_IMAGE, f"federation image is tagged {img}",
                    f"federation services are tagged {img!r}; use {FEDERATION_IMAGE}[:tag]")
        hubs = [s for s, k in kind.items() if k == "hub"]
        if not hubs:
            R.fail(f"{name}: no service runs the hub image built from deploy/Dockerfile")
            return

        df = self.hub_dockerfile
        image_env = df.env() if df else {}
        image_hc = " ".join(df.healthcheck() or []) if df else ""
        hc_port = re.search(r"/dev/tcp/[^/]+/(\d+)|:(\d+)/", image_hc)
        image_hc_port = int(next(g for g in hc_port.groups() if g)) if hc_port else None

        listen: dict[str, int | None] = {}
        commands: dict[str, tuple] = {}
        whole_hub = any(tuple(split_command(services[s].get("command")) or (df.exec_form("CMD") if df else []) or [])
                        == ("serve",) for s in hubs)
        for s in hubs:
            svc, raw_svc = services[s], raw_services.get(s, {})
            envd = self.compose_env(svc, s)
            raw_env = self.compose_env(raw_svc, s, quiet=True)
            if envd is None:
                continue
            env = {**image_env, **envd}
            bad = sorted(set(envd) - ACCEPTED_ENV)
            R.check(not bad, f"{s}: sets only variables the hub accepts ({', '.join(sorted(envd))})",
                    f"{s}: sets variables the hub does not accept: {bad}")
            # The provider is the operator's (and the client secret a secret): compose must refuse
            # to start without them rather than fall back to a committed value. A file that serves
            # the whole hub serves the browser sign-in, so it needs the client secret too.
            needed = list(PROVIDER_REQUIRED)
            if whole_hub or CLIENT_SECRET in raw_env:
                needed.append(CLIENT_SECRET)
            for var in needed:
                raw_value = raw_env.get(var, "")
                R.check(bool(re.fullmatch(rf"\$\{{{var}:?\?[^}}]*\}}", raw_value)),
                        f"{s}: {var} comes from ${{{var}:?…}}, so compose refuses to start without it",
                        f"{s}: {var} must be '${{{var}:?message}}' (refuse to start without it"
                        + (", the whole hub serves the browser sign-in" if var == CLIENT_SECRET else "")
                        + f"), not {raw_value!r}")
            self.production_sign_in(f"{name}:{s}", env)
            args = split_command(svc.get("command")) or (list(df.exec_form("CMD") or []) if df else [])
            R.check("entrypoint" not in svc, f"{s}: keeps the image's hub entrypoint",
                    f"{s}: overrides the entrypoint; hub containers run only the hub")
            R.check(tuple(args) in ALLOWED_COMMANDS, f"{s}: command `hub {' '.join(args)}` is allowed",
                    f"{s}: command {args} is not one of serve | serve --module "
                    f"{'|'.join(sorted(MODULES))} | migrate")
            commands[s] = tuple(args)
            port = port_of(env.get("HUB_LISTEN", "127.0.0.1:8080"))
            listen[s] = port
            R.check(env.get("HUB_LISTEN", "").startswith("0.0.0.0:"), f"{s}: listens on 0.0.0.0:{port}",
                    f"{s}: HUB_LISTEN is {env.get('HUB_LISTEN')!r}; a container must listen on 0.0.0.0")
            for target in self.compose_container_ports(svc):
                R.check(target == port, f"{s}: published container port {target} is the listen port",
                        f"{s}: publishes container port {target} but listens on {port}")
            hc = svc.get("healthcheck")
            one_shot = args == ["migrate"]
            if hc and not hc.get("disable"):
                text = " ".join(split_command(hc.get("test")))
                R.check((HEALTH_PATH in text or READY_PATH in text) and re.search(rf"[/:]{port}\b", text) is not None,
                        f"{s}: health check asks {HEALTH_PATH} or {READY_PATH} on {port}",
                        f"{s}: health check {text!r} must ask {HEALTH_PATH} or {READY_PATH} on port {port}")
            elif not one_shot and not (hc and hc.get("disable")):
                R.check(image_hc_port == port, f"{s}: the image's HEALTHCHECK (port {image_hc_port}) fits",
                        f"{s}: inherits the image HEALTHCHECK on port {image_hc_port} but listens on {port}")
            self.units.append(HubUnit(f"{name}:{s}", args, env, port, raw_env))

        self.compose_depends(services, raw_services, kind, commands)
        self.compose_references(base, services, kind, listen, commands)
        self.compose_split(name, services, kind, listen, commands)
        for s, svc in services.items():
            if "opentelemetry-collector" in str(svc.get("image", "")):
                R.check(bool(svc.get("profiles")), f"{s}: optional (compose profile {svc.get('profiles')})",
                        f"{s}: the OpenTelemetry collector must be optional (profiles: [telemetry])")

    def production_sign_in(self, where: str, env: dict[str, str]) -> None:
        """Rules for a production hub's sign-in that `hub config check` cannot see."""
        if env.get("HUB_PROFILE") != "production":
            return
        R.check(DEVELOPMENT_SECRET not in env,
                f"{where}: no {DEVELOPMENT_SECRET} (production signs in only through the provider)",
                f"{where}: sets {DEVELOPMENT_SECRET}, the development profile's HS256 secret; the production "
                "profile never reads it, so remove it (and the secret behind it)")
        issuer = env.get(ISSUER)
        if issuer is not None:
            problem = issuer_placeholder_problem(issuer)
            R.check(problem is None, f"{where}: {ISSUER} is not a placeholder a stranger could serve",
                    f"{where}: {problem}")

    def compose_env(self, svc: dict, sname: str, quiet: bool = False) -> dict[str, str] | None:
        if svc.get("env_file") and not quiet:
            R.fail(f"{sname}: env_file is not allowed on hub services (set variables inline so they can be checked)")
            return None
        env = svc.get("environment") or {}
        if isinstance(env, list):
            out = {}
            for item in env:
                k, _, v = str(item).partition("=")
                out[k] = v
            return out
        return {str(k): "" if v is None else str(v) for k, v in env.items()}

    @staticmethod
    def compose_container_ports(svc: dict) -> list[int]:
        targets = []
        for p in svc.get("ports") or []:
            if isinstance(p, dict):
                targets.append(int(p["target"]))
            else:
                targets.append(int(str(p).split("/")[0].rsplit(":", 1)[-1]))
        return targets

    def compose_depends(self, services, raw_services, kind, commands) -> None:
        def has_healthcheck(s: str) -> bool:
            hc = services[s].get("healthcheck")
            if hc:
                return not hc.get("disable")
            if kind[s] == "hub":
                return bool(self.hub_dockerfile and self.hub_dockerfile.healthcheck())
            if kind[s] == "federation":
                return bool(self.fed_dockerfile and self.fed_dockerfile.healthcheck())
            return False

        for s, svc in services.items():
            deps = svc.get("depends_on")
            if not deps:
                continue
            if isinstance(deps, list):
                R.fail(f"{s}: depends_on without conditions; use condition: service_healthy / "
                       "service_completed_successfully")
                continue
            for target, spec in deps.items():
                cond = (spec or {}).get("condition", "service_started")
                if target not in services:
                    R.fail(f"{s}: depends on unknown service {target}")
                elif cond == "service_healthy":
                    R.check(has_healthcheck(target), f"{s} waits for {target} to be healthy",
                            f"{s} waits for {target} to be healthy, but {target} has no health check")
                elif cond == "service_completed_successfully":
                    R.check(str(services[target].get("restart", "no")) == "no",
                            f"{s} waits for the one-shot {target} to complete",
                            f"{s} waits for {target} to complete, but {target} restarts (not a one-shot)")
                else:
                    R.fail(f"{s} depends on {target} with condition {cond}; wait for health or completion")
                if kind.get(target) == "hub" and commands.get(target) == ("migrate",):
                    R.check(cond == "service_completed_successfully",
                            f"{s} starts after migrations completed",
                            f"{s} must wait for {target} with condition service_completed_successfully")
        for s in services:
            if kind[s] == "hub" and commands.get(s, ("",))[0] == "serve":
                migrators = [t for t in services if commands.get(t) == ("migrate",)]
                deps = services[s].get("depends_on") or {}
                if migrators:
                    R.check(any(m in deps for m in migrators), f"{s} starts after the migration job",
                            f"{s} does not wait for the migration job {migrators}")

    def mounted_files(self, base: Path, svc: dict) -> list[Path]:
        files = []
        for v in svc.get("volumes") or []:
            src = v.get("source") if isinstance(v, dict) else str(v).split(":")[0]
            if src and src.startswith((".", "/")):
                p = (base / src).resolve()
                if p.is_file():
                    files.append(p)
                else:
                    R.fail(f"mounted file {src} does not exist")
        return files

    def compose_references(self, base, services, kind, listen, commands) -> None:
        """host:port and URLs that point at hub services, in other services' commands,
        environment and mounted configuration files."""
        servers = [s for s in services if kind[s] == "hub" and commands.get(s) == ("serve",)]
        for s, svc in services.items():
            if kind[s] == "hub":
                continue
            texts = [(f"{s} command", " ".join(split_command(svc.get("command"))))]
            env = svc.get("environment") or {}
            texts += [(f"{s} environment", " ".join(map(str, env.values() if isinstance(env, dict) else env)))]
            files = self.mounted_files(base, svc)
            texts += [(rel(f, self.repo), f.read_text()) for f in files]
            for where, text in texts:
                for h in (x for x in services if kind[x] == "hub"):
                    for m in re.finditer(rf"(?<![\w.-]){re.escape(h)}:(\d+)(/[\w/]*)?", text):
                        port, path = int(m.group(1)), m.group(2)
                        R.check(port == listen.get(h), f"{where}: {h}:{port} is {h}'s listen port",
                                f"{where}: refers to {h}:{port} but {h} listens on {listen.get(h)}")
                        if path:
                            R.check(path in HUB_PATHS, f"{where}: {h}:{port}{path} is a hub endpoint",
                                    f"{where}: {h}:{port}{path} is not a hub endpoint {sorted(HUB_PATHS)}")
                for mp in re.findall(r"metrics_path:\s*(\S+)", text):
                    R.check(mp == "/metrics", f"{where}: scrapes /metrics", f"{where}: metrics_path {mp} is not /metrics")
            if "haproxy" in str(svc.get("image", "")):
                cfgs = [f for f in files if f.name.endswith(".cfg")]
                if not cfgs:
                    R.fail(f"{s}: HAProxy without a mounted configuration file")
                for cfg in cfgs:
                    self.haproxy_cfg(cfg, servers, listen)

    def haproxy_cfg(self, cfg: Path, servers: list[str], listen: dict) -> None:
        text = cfg.read_text()
        where = rel(cfg, self.repo)
        named = set(re.findall(r"^\s*server\s+\S+\s+([\w.-]+):\d+", text, re.M))
        R.check(set(servers) <= named, f"{where}: balances every serving replica {sorted(servers)}",
                f"{where}: replicas {sorted(set(servers) - named)} are not in the backend")
        R.check(named <= set(servers), f"{where}: names only hub replicas",
                f"{where}: names servers that are not hub replicas: {sorted(named - set(servers))}")
        uris = re.findall(r"http-check\s+send\b.*?\buri\s+(\S+)", text)
        R.check(bool(re.search(r"^\s*option\s+httpchk", text, re.M)) and bool(uris) and all(u == READY_PATH for u in uris),
                f"{where}: health-checks replicas on {READY_PATH}",
                f"{where}: HAProxy must health-check {READY_PATH} (found {uris or 'no http-check'})")
        R.check(bool(re.search(r"^\s*timeout\s+tunnel\s+\S+", text, re.M)),
                f"{where}: WebSocket tunnels have their own timeout", f"{where}: no `timeout tunnel` for WebSockets")
        R.check(bool(re.search(r"^\s*mode\s+http", text, re.M)), f"{where}: HTTP mode (forwards Upgrade)",
                f"{where}: not in HTTP mode")
        if self.tools.get("haproxy"):
            res = subprocess.run([self.tools["haproxy"], "-c", "-f", str(cfg)], capture_output=True, text=True)
            R.check(res.returncode == 0, f"{where}: `haproxy -c` accepts it",
                    f"{where}: `haproxy -c` rejects it:\n{(res.stdout + res.stderr).strip()}")
        else:
            R.skip(f"haproxy not installed: {where} not checked by haproxy -c")

    def compose_split(self, name, services, kind, listen, commands) -> None:
        modules = {c[2]: s for s, c in commands.items() if len(c) == 3}
        jobs = {s: split_command(svc.get("command")) for s, svc in services.items()
                if split_command(svc.get("command"))[:1] and
                Path(split_command(svc.get("command"))[0]).name.startswith("compose-supergraph")}
        if not modules and not jobs:
            return
        R.check(set(modules) == MODULES, f"every module runs as its own subgraph {sorted(modules)}",
                f"modules served as subgraphs {sorted(modules)} != {sorted(MODULES)}")
        R.check(len(jobs) == 1, "one supergraph composition job", f"{len(jobs)} supergraph composition jobs")
        if len(jobs) != 1:
            return
        job, argv = next(iter(jobs.items()))
        out, names, i = None, set(), 1
        while i < len(argv):
            a = argv[i]
            if a == "--out":
                out, i = argv[i + 1], i + 2
                continue
            if a == "--url":
                i += 2
                continue
            n, _, src = a.partition("=")
            names.add(n)
            m = re.fullmatch(r"https?://([\w.-]+):(\d+)(/\S*)", src)
            if m:
                host, port, path = m.group(1), int(m.group(2)), m.group(3)
                R.check(modules.get(n) == host, f"{job}: subgraph {n} is read from service {host}",
                        f"{job}: subgraph {n} points at {host}, but `serve --module {n}` runs in {modules.get(n)}")
                R.check(port == listen.get(host) and path == "/graphql",
                        f"{job}: {n} routing URL {src} matches the listen port and /graphql",
                        f"{job}: {n} routing URL {src} must be http://{modules.get(n)}:{listen.get(modules.get(n))}/graphql")
            i += 1
        R.check(names == set(modules), f"{job}: composes {sorted(names)}",
                f"{job}: composes {sorted(names)} but the subgraphs running are {sorted(modules)}")
        gateways = [s for s, svc in services.items() if split_command(svc.get("command"))[:1] == ["hive-gateway"]]
        R.check(len(gateways) == 1, f"one Hive Gateway ({gateways})", f"Hive Gateway services: {gateways}")
        for g in gateways:
            argv_g = split_command(services[g].get("command"))
            R.check(argv_g[1:2] == ["supergraph"] and argv_g[2:3] == [out] and argv_g[3:5] == ["-c", "gateway.config.mjs"],
                    f"{g}: serves {out} with gateway.config.mjs",
                    f"{g}: command {argv_g} must be hive-gateway supergraph {out} -c gateway.config.mjs")
            R.check((self.repo / "tests/federation/gateway.config.mjs").exists(),
                    "tests/federation/gateway.config.mjs exists", "tests/federation/gateway.config.mjs is missing")

            def vol(svc, path):
                for v in svc.get("volumes") or []:
                    src, _, rest = str(v).partition(":")
                    if path and str(Path(path).parent) == rest.split(":")[0]:
                        return src
                return None
            R.check(vol(services[g], out) is not None and vol(services[g], out) == vol(services[job], out),
                    f"{g} and {job} share the supergraph volume",
                    f"{g} does not mount the volume {job} writes {out} into")
            port = (services[g].get("environment") or {}).get("PORT")
            targets = self.compose_container_ports(services[g])
            R.check(port is not None and targets and all(t == int(port) for t in targets),
                    f"{g}: publishes PORT {port}", f"{g}: publishes {targets} but PORT is {port}")
            deps = services[g].get("depends_on") or {}
            R.check((deps.get(job) or {}).get("condition") == "service_completed_successfully",
                    f"{g} starts after the supergraph is composed", f"{g} must wait for {job} to complete")

    # .. Kubernetes ..............................................................................
    def kubernetes(self) -> None:
        for kdir in sorted(p.parent for p in (self.deploy / "k8s").rglob("kustomization.yaml")):
            R.section(rel(kdir, self.repo))
            self.kustomization(kdir)

    def kustomization(self, kdir: Path) -> None:
        kfile = kdir / "kustomization.yaml"
        k = (self.docs.get(kfile) or [{}])[0]
        resources = k.get("resources") or []
        listed = {(kdir / r).resolve() for r in resources}
        for r in resources:
            R.check((kdir / r).exists(), f"resource {r} exists", f"resource {r} listed but missing")
        for f in sorted(kdir.glob("*.y*ml")):
            if f.name == "kustomization.yaml":
                continue
            R.check(f.resolve() in listed, f"{f.name} is a resource", f"{f.name} is not listed in kustomization.yaml resources")
        generated = []
        for gen in k.get("configMapGenerator") or []:
            for f in gen.get("files") or []:
                fname = f.split("=", 1)[-1]
                if not (kdir / fname).exists():
                    ignored = (kdir / ".gitignore").exists() and fname in (kdir / ".gitignore").read_text().split()
                    R.check(ignored, f"{fname} is generated before deploying (and git-ignored)",
                            f"configMapGenerator file {fname} is missing and not marked as generated")
                    generated.append(fname)
        docs = [d for r in resources for d in (self.docs.get((kdir / r).resolve()) or self.docs.get(kdir / r) or [])]
        self.kustomize_build(kdir, generated)

        by_kind: dict[str, list[dict]] = {}
        for d in docs:
            if isinstance(d, dict):
                by_kind.setdefault(d.get("kind", "?"), []).append(d)
        cms = {d["metadata"]["name"]: d for d in by_kind.get("ConfigMap", [])}
        secrets = {d["metadata"]["name"]: d for d in by_kind.get("Secret", [])}
        gen_cms = {g["name"]: [f.split("=", 1)[0] if "=" in f else Path(f).name for f in g.get("files") or []]
                   for g in k.get("configMapGenerator") or []}
        k_images = {image_name(i["name"]) for i in k.get("images") or []}
        for img in (HUB_IMAGE,):
            R.check(img in k_images, f"images: sets the tag of {img}", f"kustomization images: does not set {img}")

        self.secret_placeholders(secrets)
        workloads = [d for kind in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob") for d in by_kind.get(kind, [])]
        pods = {}
        module_deployments = {}
        for w in workloads:
            wname = f"{w['kind']}/{w['metadata']['name']}"
            spec = w["spec"]
            tmpl = spec["jobTemplate"]["spec"]["template"] if w["kind"] == "CronJob" else spec["template"]
            pods[w["metadata"]["name"]] = (w, tmpl)
            pspec = tmpl["spec"]
            # Service links put HUB_PORT=tcp://… and friends into every pod of the namespace once a
            # Service is named `hub`; the hub must never see them as settings.
            R.check(pspec.get("enableServiceLinks") is False, f"{wname}: enableServiceLinks: false",
                    f"{wname}: needs enableServiceLinks: false (Kubernetes would inject HUB_PORT, HUB_SERVICE_HOST, …)")
            psc = pspec.get("securityContext") or {}
            for c, is_init in [(c, False) for c in pspec.get("containers") or []] + \
                              [(c, True) for c in pspec.get("initContainers") or []]:
                where = f"{rel(kdir, self.repo)}: {wname} {'init ' if is_init else ''}container {c['name']}"
                csc = c.get("securityContext") or {}
                R.check(bool(csc.get("runAsNonRoot", psc.get("runAsNonRoot"))) and csc.get("readOnlyRootFilesystem") is True
                        and csc.get("allowPrivilegeEscalation") is False,
                        f"{where}: non-root, read-only root filesystem, no privilege escalation",
                        f"{where}: needs runAsNonRoot, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false")
                R.check(bool((c.get("resources") or {}).get("requests")), f"{where}: has resource requests",
                        f"{where}: no resource requests")
                iname = image_name(c.get("image", ""))
                if iname == HUB_IMAGE:
                    unit = self.k8s_hub_container(where, c, cms, secrets, is_init, tmpl)
                    if unit and len(unit.args) == 3:
                        module_deployments[unit.args[2]] = w["metadata"]["name"]
                elif iname == FEDERATION_IMAGE:
                    R.check(FEDERATION_IMAGE in k_images, f"images: sets the tag of {FEDERATION_IMAGE}",
                            f"kustomization images: does not set {FEDERATION_IMAGE}")
                    self.k8s_gateway_container(where, c, tmpl, gen_cms)
                else:
                    R.fail(f"{where}: image {c.get('image')} is neither {HUB_IMAGE} nor {FEDERATION_IMAGE}")
            ann = tmpl.get("metadata", {}).get("annotations") or {}
            if "prometheus.io/port" in ann:
                ports = {p.get("containerPort") for c in pspec.get("containers") or [] for p in c.get("ports") or []}
                R.check(int(ann["prometheus.io/port"]) in ports and ann.get("prometheus.io/path", "/metrics") == "/metrics",
                        f"{wname}: Prometheus annotations point at /metrics on a container port",
                        f"{wname}: prometheus.io/port {ann['prometheus.io/port']} is not a container port or path is not /metrics")

        if module_deployments:
            R.check(set(module_deployments) == MODULES,
                    f"one Deployment per module subgraph: {module_deployments}",
                    f"module Deployments {sorted(module_deployments)} != {sorted(MODULES)}")
        self.k8s_services(kdir, by_kind.get("Service", []), pods)
        self.k8s_scaling(by_kind, pods)
        if module_deployments:
            self.k8s_routing_urls(kfile, by_kind.get("Service", []), pods, module_deployments)

    def kustomize_build(self, kdir: Path, generated: list[str]) -> None:
        kubectl = self.tools.get("kubectl")
        if not kubectl:
            R.skip(f"kubectl not installed: `kubectl kustomize {rel(kdir, self.repo)}` not run")
            return
        work = self.tmp / ("k-" + kdir.name)
        shutil.copytree(kdir, work, dirs_exist_ok=True)
        for g in generated:
            (work / g).write_text("# placeholder written by deploy/check\n")
        res = subprocess.run([kubectl, "kustomize", str(work)], capture_output=True, text=True)
        if not R.check(res.returncode == 0, "`kubectl kustomize` builds it",
                       f"`kubectl kustomize` fails:\n{res.stderr.strip()}"):
            return
        rendered = self.tmp / f"{kdir.name}.rendered.yaml"
        rendered.write_text(res.stdout)
        kv = self.tools.get("kubernetes-validate")
        if kv:
            res = subprocess.run([kv, "--strict", "--quiet", str(rendered)], capture_output=True, text=True)
            R.check(res.returncode == 0, "the rendered manifests pass `kubernetes-validate --strict` (Kubernetes API schemas)",
                    f"kubernetes-validate --strict rejects the rendered manifests:\n{(res.stdout + res.stderr).strip()}")
        else:
            R.skip("kubernetes-validate not available: rendered manifests not checked against the API schemas")

    def secret_placeholders(self, secrets: dict) -> None:
        for sname, s in secrets.items():
            values = dict(s.get("stringData") or {})
            for key, v in (s.get("data") or {}).items():
                values[key] = base64.b64decode(v).decode(errors="replace")
            for key, v in values.items():
                v = str(v)
                R.check(is_placeholder(v) or ".example." in v or v.endswith(".example"),
                        f"Secret {sname}: {key} is a marked placeholder",
                        f"Secret {sname}: {key} looks like a real value; commit only placeholders marked {PLACEHOLDER_MARK}")
            if CLIENT_SECRET in values:
                R.check(PLACEHOLDER_MARK in str(values[CLIENT_SECRET]),
                        f"Secret {sname}: {CLIENT_SECRET} is the {PLACEHOLDER_MARK} placeholder (the provider "
                        "refuses it when the hub redeems a sign-in code)",
                        f"Secret {sname}: {CLIENT_SECRET} must be committed as a {PLACEHOLDER_MARK} placeholder")

    def k8s_env(self, where: str, c: dict, cms: dict, secrets: dict,
                sources: dict[str, str] | None = None) -> dict[str, str] | None:
        """The container's variables; `sources` gets where each came from (Secret, ConfigMap, value)."""
        env: dict[str, str] = {}
        sources = {} if sources is None else sources
        ok = True
        for src in c.get("envFrom") or []:
            prefix = src.get("prefix", "")
            ref = src.get("configMapRef") or src.get("secretRef")
            pool = cms if "configMapRef" in src else secrets
            obj = pool.get(ref["name"]) if ref else None
            if obj is None:
                R.fail(f"{where}: envFrom refers to {ref and ref.get('name')}, which is not in this kustomization")
                ok = False
                continue
            values = dict(obj.get("data") or {})
            values.update(obj.get("stringData") or {})
            for kk, v in values.items():
                env[prefix + kk] = str(v)
                sources[prefix + kk] = f"{'Secret' if pool is secrets else 'ConfigMap'} {ref['name']}"
        for e in c.get("env") or []:
            if "value" in e:
                env[e["name"]] = str(e["value"])
                sources[e["name"]] = "a literal value"
            elif "valueFrom" in e:
                vf = e["valueFrom"]
                ref = vf.get("secretKeyRef") or vf.get("configMapKeyRef")
                pool = secrets if "secretKeyRef" in vf else cms
                obj = pool.get(ref["name"]) if ref else None
                vals = {**((obj or {}).get("data") or {}), **((obj or {}).get("stringData") or {})}
                if ref is None or ref.get("key") not in vals:
                    R.fail(f"{where}: {e['name']} refers to a missing ConfigMap/Secret key")
                    ok = False
                    continue
                env[e["name"]] = str(vals[ref["key"]])
                sources[e["name"]] = f"{'Secret' if pool is secrets else 'ConfigMap'} {ref['name']}"
            else:
                env[e["name"]] = ""
                sources[e["name"]] = "a literal value"
        return env if ok else None

    def resolve_port(self, c: dict, port) -> int | None:
        if isinstance(port, int):
            return port
        for p in c.get("ports") or []:
            if p.get("name") == port:
                return p.get("containerPort")
        return int(port) if str(port).isdigit() else None

    def k8s_hub_container(self, where, c, cms, secrets, is_init, tmpl) -> HubUnit | None:
        sources: dict[str, str] = {}
        env_set = self.k8s_env(where, c, cms, secrets, sources)
        if env_set is None:
            return None
        bad = sorted(set(env_set) - ACCEPTED_ENV)
        R.check(not bad, f"{where}: sets only variables the hub accepts ({', '.join(sorted(env_set))})",
                f"{where}: sets variables the hub does not accept: {bad}")
        if CLIENT_SECRET in env_set:
            R.check(sources.get(CLIENT_SECRET, "").startswith("Secret "),
                    f"{where}: {CLIENT_SECRET} comes from {sources.get(CLIENT_SECRET)}",
                    f"{where}: {CLIENT_SECRET} comes from {sources.get(CLIENT_SECRET)}; keep it in a Secret")
        R.check("command" not in c, f"{where}: keeps the image's hub entrypoint",
                f"{where}: overrides `command`; give hub subcommands in `args`")
        df = self.hub_dockerfile
        args = [str(a) for a in c.get("args") or (df.exec_form("CMD") if df else []) or []]
        R.check(tuple(args) in ALLOWED_COMMANDS, f"{where}: runs `hub {' '.join(args)}`",
                f"{where}: args {args} are not one of serve | serve --module {'|'.join(sorted(MODULES))} | migrate")
        env = {**(df.env() if df else {}), **env_set}
        self.production_sign_in(where, env)
        port = port_of(env.get("HUB_LISTEN", "127.0.0.1:8080"))
        R.check(env.get("HUB_LISTEN", "").startswith("0.0.0.0:"), f"{where}: listens on 0.0.0.0:{port}",
                f"{where}: HUB_LISTEN {env.get('HUB_LISTEN')!r} must be 0.0.0.0:<port> in a pod")
        if is_init:
            R.check(args == ["migrate"], f"{where}: the init container migrates",
                    f"{where}: an init container may only run `hub migrate`")
        else:
            cports = [p.get("containerPort") for p in c.get("ports") or []]
            R.check(cports == [port], f"{where}: containerPort {cports} is the listen port",
                    f"{where}: containerPort {cports} but the hub listens on {port}")
            for probe, paths in (("readinessProbe", {READY_PATH}), ("livenessProbe", {HEALTH_PATH}),
                                 ("startupProbe", {HEALTH_PATH})):
                p = c.get(probe)
                if p is None:
                    if probe != "startupProbe":
                        R.fail(f"{where}: no {probe}")
                    continue
                hg = p.get("httpGet") or {}
                R.check(hg.get("path") in paths and self.resolve_port(c, hg.get("port")) == port,
                        f"{where}: {probe} GET {hg.get('path')} on {port}",
                        f"{where}: {probe} must GET {'/'.join(paths)} on {port}, not {hg.get('path')} on {hg.get('port')}")
        unit = HubUnit(where, args, env, port, env_set)
        self.units.append(unit)
        return unit

    def k8s_gateway_container(self, where, c, tmpl, gen_cms) -> None:
        args = [str(a) for a in c.get("args") or c.get("command") or []]
        ok = args[:2] == ["hive-gateway", "supergraph"] and args[3:5] == ["-c", "gateway.config.mjs"]
        R.check(ok, f"{where}: runs hive-gateway supergraph … -c gateway.config.mjs",
                f"{where}: args {args} must be hive-gateway supergraph FILE -c gateway.config.mjs")
        if not ok:
            return
        sg = Path(args[2])
        env = {e["name"]: str(e.get("value", "")) for e in c.get("env") or []}
        port = int(env["PORT"]) if env.get("PORT", "").isdigit() else None
        cports = [p.get("containerPort") for p in c.get("ports") or []]
        R.check(port is not None and cports == [port], f"{where}: containerPort {cports} is PORT",
                f"{where}: containerPort {cports} but PORT is {env.get('PORT')}")
        for probe, path in (("readinessProbe", GATEWAY_READY_PATH), ("livenessProbe", GATEWAY_HEALTH_PATH)):
            hg = (c.get(probe) or {}).get("httpGet") or {}
            R.check(hg.get("path") == path and self.resolve_port(c, hg.get("port")) == port,
                    f"{where}: {probe} GET {path} on {port}",
                    f"{where}: {probe} must GET {path} on {port}, not {hg.get('path')} on {hg.get('port')}")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts") or []}
        vols = {v["name"]: v for v in tmpl["spec"].get("volumes") or []}
        vol = vols.get(mounts.get(str(sg.parent), ""), {})
        cm = (vol.get("configMap") or {}).get("name")
        R.check(cm in gen_cms and sg.name in gen_cms.get(cm, []),
                f"{where}: {sg} comes from the generated ConfigMap {cm}",
                f"{where}: {sg.parent} must mount a configMapGenerator ConfigMap holding {sg.name}")

    def k8s_services(self, kdir, services, pods) -> None:
        for svc in services:
            sname = svc["metadata"]["name"]
            sel = svc["spec"].get("selector") or {}
            matches = [(n, t) for n, (w, t) in pods.items()
                       if sel and all((t.get("metadata", {}).get("labels") or {}).get(k) == v for k, v in sel.items())]
            if not R.check(len(matches) == 1, f"Service {sname} selects {[m[0] for m in matches]}",
                           f"Service {sname} selects {len(matches)} workloads (expected 1)"):
                continue
            containers = matches[0][1]["spec"]["containers"]
            for p in svc["spec"].get("ports") or []:
                target = p.get("targetPort", p.get("port"))
                resolved = [self.resolve_port(c, target) for c in containers]
                cports = {pp.get("containerPort") for c in containers for pp in c.get("ports") or []}
                R.check(any(r in cports for r in resolved), f"Service {sname}: port {p.get('port')} -> {target} reaches a container port",
                        f"Service {sname}: targetPort {target} is not a container port of {matches[0][0]}")

    def k8s_scaling(self, by_kind, pods) -> None:
        deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
        hpas = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", [])}
        for h in by_kind.get("HorizontalPodAutoscaler", []):
            t = h["spec"]["scaleTargetRef"]["name"]
            R.check(t in deployments, f"HPA {h['metadata']['name']} scales Deployment {t}",
                    f"HPA {h['metadata']['name']} scales {t}, which is not a Deployment here")
            R.check(h["spec"].get("minReplicas", 1) >= 2, f"HPA {h['metadata']['name']}: at least 2 replicas",
                    f"HPA {h['metadata']['name']}: minReplicas below 2 leaves no redundancy")
        for name, d in deployments.items():
            R.check(name in hpas, f"Deployment {name} has an HPA", f"Deployment {name} has no HorizontalPodAutoscaler")
            R.check("replicas" not in d["spec"] or name not in hpas, f"Deployment {name} leaves replicas to its HPA",
                    f"Deployment {name} sets replicas although an HPA owns them (each apply would reset them)")
            labels = d["spec"]["template"]["metadata"].get("labels") or {}
            pdbs = [p for p in by_kind.get("PodDisruptionBudget", [])
                    if all(labels.get(k) == v for k, v in (p["spec"]["selector"].get("matchLabels") or {}).items())]
            R.check(len(pdbs) == 1, f"Deployment {name} has a PodDisruptionBudget",
                    f"Deployment {name} has {len(pdbs)} PodDisruptionBudgets (expected 1)")

    def k8s_routing_urls(self, kfile, services, pods, module_deployments) -> None:
        urls = dict(re.findall(r"--url\s+(\w+)=(\S+)", kfile.read_text()))
        R.check(set(urls) == MODULES, f"kustomization.yaml documents routing URLs for {sorted(urls)}",
                f"kustomization.yaml's supergraph instructions give URLs for {sorted(urls)}, not {sorted(MODULES)}")
        by_name = {s["metadata"]["name"]: s for s in services}
        for mod, url in urls.items():
            m = re.fullmatch(r"http://([\w-]+)(?:\.[\w.-]+)?:(\d+)(/\S*)", url)
            svc = by_name.get(m.group(1)) if m else None
            ok = False
            if svc and m.group(3) == "/graphql":
                w, t = pods.get(module_deployments.get(mod), (None, None))
                sel = svc["spec"].get("selector") or {}
                if t and all((t["metadata"].get("labels") or {}).get(k) == v for k, v in sel.items()):
                    ok = any(p.get("port") == int(m.group(2)) for p in svc["spec"].get("ports") or [])
            R.check(ok, f"routing URL {url} reaches the {mod} subgraph's Service port",
                    f"routing URL {url} for {mod} does not match a Service port selecting the {mod} Deployment")

    # .. the real binary .........................................................................
    def binary(self) -> None:
        R.section("the real hub binary accepts every set of variables the files give it")
        if not self.hub:
            R.skip("NO HUB BINARY FOUND (set HUB_BIN, or build target/debug/hub): `hub config check` "
                   "and the live probe test were NOT run")
            return
        empty = self.tmp / "empty.toml"
        empty.write_text("# written by deploy/check: every setting comes from the environment\n")

        def config_check(env: dict[str, str], file: Path = empty) -> subprocess.CompletedProcess:
            return subprocess.run([str(self.hub), "config", "check", str(file)], capture_output=True, text=True,
                                  env={"PATH": "/usr/bin:/bin", "HOME": str(self.tmp), **env}, timeout=60)

        # The hub only warns about an unknown HUB_* variable (Kubernetes injects some), so a set of
        # variables is accepted when the check passes and names none of them as "not a setting".
        def ignored(res: subprocess.CompletedProcess) -> list[str]:
            return re.findall(r"warning: (\S+) is not a setting of the hub", res.stderr or "")

        canary = config_check({"HUB_DEPLOY_CHECK_CANARY": "1"})
        R.check(ignored(canary) == ["HUB_DEPLOY_CHECK_CANARY"],
                "the binary names an unknown HUB_* variable (so acceptance means something)",
                "the binary did not name HUB_DEPLOY_CHECK_CANARY as unknown; the checks below prove nothing")
        seen: dict[tuple, str] = {}
        for u in self.units:
            env = with_stand_ins(u.env)
            key = tuple(sorted(env.items()))
            if key in seen:
                R.ok(f"{u.where}: same variables as {seen[key]}")
                continue
            seen[key] = u.where
            res = config_check(env)
            R.check(res.returncode == 0 and not ignored(res), f"{u.where}: `hub config check` accepts {', '.join(sorted(env))}",
                    f"{u.where}: `hub config check` refuses or ignores its variables: {(res.stderr or res.stdout).strip()}")
            # A committed CHANGE-ME issuer must stop the hub (not a URL), so a forgotten
            # placeholder halts the rollout instead of serving pods nobody can sign in to.
            if PLACEHOLDER_MARK in u.raw_env.get(ISSUER, ""):
                res = config_check(u.env)
                R.check(res.returncode != 0 and "oidc_issuer" in (res.stderr or res.stdout),
                        f"{u.where}: the hub refuses the committed placeholder {ISSUER} as is",
                        f"{u.where}: the hub would run with the committed placeholder {ISSUER} "
                        f"{u.raw_env[ISSUER]!r}: {(res.stderr or res.stdout).strip()}")
        example = self.deploy / "hub.example.toml"
        if example.exists():
            res = config_check({CLIENT_SECRET: PLACEHOLDER_SECRET}, example)
            R.check(res.returncode == 0, f"deploy/hub.example.toml passes `hub config check` (with {CLIENT_SECRET} set)",
                    f"deploy/hub.example.toml is refused: {(res.stderr or res.stdout).strip()}")
            auth = ((self.docs.get(example) or [{}])[0] or {}).get("auth") or {}
            R.check("oidc_client_secret" not in auth, "deploy/hub.example.toml leaves the client secret to the environment",
                    "deploy/hub.example.toml holds auth.oidc_client_secret; it comes from "
                    f"{CLIENT_SECRET}, never from a file in the repository")
            problem = issuer_placeholder_problem(str(auth.get("oidc_issuer", "")))
            R.check(problem is None, "deploy/hub.example.toml: its example issuer cannot be served by a stranger",
                    f"deploy/hub.example.toml: {problem}")
        self.binary_modules()
        if self.live:
            self.live_probes()
        else:
            R.skip("live probe test not run (--no-live)")

    def binary_modules(self) -> None:
        used = {u.args[2] for u in self.units if len(u.args) == 3}
        if not used:
            return
        res = subprocess.run([str(self.hub), "serve", "--help"], capture_output=True, text=True, timeout=30)
        if "--module" not in res.stdout:
            R.skip(f"THIS BINARY HAS NO `serve --module` YET: the split topology's commands ({sorted(used)}) are "
                   "checked against the expected list only, not against the binary")
            return
        # The binary's own list of modules: a module it serves but the split topology does not
        # deploy would leave the router's API short of the all-in-one one.
        offered = re.search(r"\[possible values: ([^\]]+)\]", res.stdout)
        if offered:
            binary_modules = {m.strip() for m in offered.group(1).split(",")}
            R.check(binary_modules == MODULES, f"the split topology deploys every module the binary has {sorted(binary_modules)}",
                    f"the binary's modules {sorted(binary_modules)} != the deployed ones {sorted(MODULES)}")
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.tmp)}
        for m in sorted(used):
            r = subprocess.run([str(self.hub), "schema", "--module", m], capture_output=True, text=True, env=env,
                               cwd=self.tmp, timeout=60)
            R.check(r.returncode == 0 and "type Query" in r.stdout, f"`hub schema --module {m}` prints a subgraph schema",
                    f"`hub schema --module {m}` fails: {(r.stderr or r.stdout).strip()[:300]}")

    def live_probes(self) -> None:
        R.section("live: the binary serves the probed paths, and the image HEALTHCHECK works against it")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        workdir = self.tmp / "live"
        workdir.mkdir(exist_ok=True)
        # The issuer is an address nothing answers on: the hub must start anyway (it retries in
        # the background and reports the provider on /readyz). HUB_JWT_SECRET is set on purpose,
        # to show production ignores it: a token signed with it must be refused.
        env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir), "HUB_PROFILE": "production",
               ISSUER: "http://127.0.0.1:9", AUDIENCE: "deploy-check",
               DEVELOPMENT_SECRET: PLACEHOLDER_SECRET, "HUB_LISTEN": f"127.0.0.1:{port}",
               "DATABASE_URL": f"sqlite://{workdir}/hub.db?mode=rwc"}
        log = open(workdir / "serve.log", "w")
        proc = subprocess.Popen([str(self.hub), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        base = f"http://127.0.0.1:{port}"

        def get(path: str, data: bytes | None = None, token: str | None = None) -> tuple[int, str]:
            headers = {"content-type": "application/json"} if data else {}
            if token:
                headers["authorization"] = f"Bearer {token}"
            req = urllib.request.Request(base + path, data=data, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    return r.status, r.read().decode(errors="replace")
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode(errors="replace")

        try:
            deadline = time.time() + 90
            up = False
            while time.time() < deadline and proc.poll() is None:
                try:
                    up = get(HEALTH_PATH)[0] == 200
                except OSError:
                    up = False
                if up:
                    break
                time.sleep(0.5)
            if not R.check(up, f"`hub serve` (production profile, SQLite) answers {HEALTH_PATH}",
                           f"`hub serve` did not come up: {(workdir / 'serve.log').read_text()[-800:]}"):
                return
            for path, want in ((HEALTH_PATH, 200), (READY_PATH, 200), ("/metrics", 200)):
                code, _ = get(path)
                R.check(code == want, f"GET {path} -> {code}", f"GET {path} -> {code}, expected {want}")
            code, body = get("/graphql", b'{"query":"{ __typename }"}')
            R.check(code == 200 and "Query" in body, "POST /graphql answers", f"POST /graphql -> {code} {body[:200]}")
            code, body = get(READY_PATH)
            try:
                provider = str(json.loads(body).get("identityProvider", ""))
            except (ValueError, AttributeError):
                provider = ""
            R.check(code == 200 and provider.startswith("unreachable"),
                    f"with the provider unreachable the hub is up and {READY_PATH} says so ({provider[:60]}…)",
                    f"{READY_PATH} -> {code} {body[:200]}; expected 200 reporting identityProvider unreachable")
            # A genuine development token for the secret this production hub was given.
            minted = subprocess.run([str(self.hub), "token", "--role", "platform-admin", "--subject", "deploy-check",
                                     "--hours", "1"], capture_output=True, text=True, cwd=workdir, timeout=60,
                                    env={"PATH": "/usr/bin:/bin", "HOME": str(workdir), "HUB_PROFILE": "development",
                                         DEVELOPMENT_SECRET: PLACEHOLDER_SECRET,
                                         "DATABASE_URL": f"sqlite://{workdir}/dev.db?mode=rwc"})
            token = minted.stdout.strip()
            if minted.returncode != 0 or token.count(".") != 2:
                R.fail(f"`hub token` (development profile) did not mint a token: {(minted.stderr or minted.stdout).strip()[:300]}")
            else:
                code, body = get("/graphql", b'{"query":"{ __typename }"}', token=token)
                R.check(code == 401 and "UNAUTHENTICATED" in body,
                        f"a development token signed with {DEVELOPMENT_SECRET} is refused in production (401 UNAUTHENTICATED)",
                        f"a development token signed with {DEVELOPMENT_SECRET} got {code} {body[:200]}; "
                        "production must refuse it")
            code, _ = get("/graphql/ws")
            R.check(code != 404, f"/graphql/ws exists (plain GET -> {code})", "/graphql/ws -> 404")
            self.live_composition(base)
            hc = self.hub_dockerfile.healthcheck() if self.hub_dockerfile else None
            dport = port_of(self.hub_dockerfile.env().get("HUB_LISTEN", "")) if self.hub_dockerfile else None
            if hc and dport:
                live_cmd = [re.sub(rf"(?<=[/:]){dport}\b", str(port), a) for a in hc]
                r = subprocess.run(live_cmd, capture_output=True, text=True, timeout=10)
                R.check(r.returncode == 0, "the Dockerfile HEALTHCHECK command succeeds against the running hub",
                        f"the Dockerfile HEALTHCHECK command fails against the running hub: {r.stderr.strip()}")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
        if hc and dport:
            r = subprocess.run(live_cmd, capture_output=True, text=True, timeout=10)
            R.check(r.returncode != 0, "…and fails once the hub has stopped",
                    "the Dockerfile HEALTHCHECK command succeeds with no hub running")

    def live_composition(self, base: str) -> None:
        """compose-supergraph.sh against the running hub, read over HTTP (`_service { sdl }`) and
        from `hub schema`, both composed by the real composition library."""
        fed = Path(os.environ.get("FEDERATION_DIR") or self.repo / "tests/federation")
        if not (fed / "node_modules").is_dir() or not shutil.which("node"):
            R.skip(f"no node or no {fed}/node_modules (npm ci --prefix tests/federation, or set FEDERATION_DIR): "
                   "compose-supergraph.sh was not run")
            return
        script = self.deploy / "compose-supergraph.sh"
        env = {**os.environ, "FEDERATION_DIR": str(fed), "SUPERGRAPH_FETCH_ATTEMPTS": "3"}
        out_url, out_file, sdl = self.tmp / "sg-url.graphql", self.tmp / "sg-file.graphql", self.tmp / "hub.graphql"
        r = subprocess.run([str(script), "--out", str(out_url), f"hub={base}/graphql"],
                           capture_output=True, text=True, env=env, timeout=120)
        R.check(r.returncode == 0 and "join__graph" in out_url.read_text() if out_url.exists() else False,
                "compose-supergraph.sh composes a supergraph from a running hub's _service { sdl }",
                f"compose-supergraph.sh (URL) failed: {r.stderr.strip()[-500:]}")
        s = subprocess.run([str(self.hub), "schema"], capture_output=True, text=True, timeout=60, cwd=self.tmp,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(self.tmp)})
        sdl.write_text(s.stdout)
        r = subprocess.run([str(script), "--out", str(out_file), "--url", f"hub={base}/graphql", f"hub={sdl}"],
                           capture_output=True, text=True, env=env, timeout=120)
        same = out_file.exists() and out_url.exists() and out_file.read_text() == out_url.read_text()
        R.check(r.returncode == 0 and same,
                "…and the same supergraph from `hub schema` output (served SDL = printed SDL)",
                f"compose-supergraph.sh (file) failed or differs: {r.stderr.strip()[-500:]}")

    # .. shell ...................................................................................
    def shell(self) -> None:
        R.section("shell scripts")
        scripts = sorted(p for p in self.deploy.rglob("*") if p.is_file() and
                         (p.suffix == ".sh" or p.read_bytes()[:20].startswith(b"#!/usr/bin/env bash")))
        for p in scripts:
            res = subprocess.run(["bash", "-n", str(p)], capture_output=True, text=True)
            R.check(res.returncode == 0, f"{rel(p, self.repo)}: bash -n", f"{rel(p, self.repo)}: bash -n: {res.stderr.strip()}")
            R.check(os.access(p, os.X_OK), f"{rel(p, self.repo)} is executable", f"{rel(p, self.repo)} is not executable")
            if self.tools.get("shellcheck"):
                res = subprocess.run([self.tools["shellcheck"], str(p)], capture_output=True, text=True)
                R.check(res.returncode == 0, f"{rel(p, self.repo)}: shellcheck",
                        f"{rel(p, self.repo)}: shellcheck:\n{res.stdout.strip()}")
        if not self.tools.get("shellcheck"):
            R.skip("shellcheck not installed: scripts only checked with bash -n")

    def run(self) -> int:
        try:
            self.parse_all()
            self.contract()
            self.dockerfiles()
            self.compose_files()
            self.kubernetes()
            self.shell()
            self.binary()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"\ndeploy/check: {R.passed} passed, {len(R.failures)} failed, {len(R.skips)} skipped")
        if R.skips:
            print("skipped (not verified here):")
            for s in R.skips:
                print(f"  - {s}")
        if R.failures:
            print("FAILED:")
            for f in R.failures:
                print(f"  - {f.splitlines()[0]}")
        return 1 if R.failures else 0


# --- self-test ---------------------------------------------------------------------------------

# Deliberate breaks: (file under deploy/, text to replace, replacement, what the failure must
# mention, what the break needs). Each must make the check fail; the untouched copy must pass.
BREAKS = [
    # A misspelt setting (HUB_OTLP_ENDPOINT itself is accepted, and compose.yaml already sets it).
    ("compose.yaml", "    HUB_LISTEN: 0.0.0.0:8080\n", "    HUB_LISTEN: 0.0.0.0:8080\n    HUB_OTLP_ENDPIONT: http://otel-collector:4317\n",
     "HUB_OTLP_ENDPIONT", set()),
    ("k8s/all-in-one/configmap.yaml", "HUB_DATABASE_MAX_CONNECTIONS:", "HUB_DB_MAX_CONNECTIONS:", "HUB_DB_MAX_CONNECTIONS", set()),
    ("k8s/split/configmap.yaml", "  HUB_PROFILE: production\n", "  HUB_PROFILE: production\n  DATABASE_URI: postgres://x\n",
     "DATABASE_URI", set()),
    ("k8s/all-in-one/deployment.yaml", "path: /readyz", "path: /ready", "readinessProbe", set()),
    ("k8s/all-in-one/deployment.yaml", "containerPort: 8080", "containerPort: 8081", "containerPort", set()),
    ("k8s/all-in-one/deployment.yaml", "      enableServiceLinks: false\n", "", "enableServiceLinks", set()),
    ("k8s/split/audit.yaml", "      enableServiceLinks: false\n", "      enableServiceLinks: true\n", "enableServiceLinks", set()),
    ("k8s/split/internships.yaml", 'args: ["serve", "--module", "internships"]', 'args: ["serve", "--module", "equipment"]',
     "equipment", set()),
    ("k8s/split/gateway.yaml", "path: /readiness", "path: /ready", "readinessProbe", set()),
    ("k8s/split/kustomization.yaml", "--url directory=http://hub-directory:8080/graphql",
     "--url directory=http://hub-directory:8081/graphql", "routing URL", set()),
    ("k8s/all-in-one/kustomization.yaml", "  - pdb.yaml\n", "", "pdb.yaml", set()),
    ("k8s/all-in-one/secret.yaml", "HUB_AUTH__OIDC_CLIENT_SECRET: CHANGE-ME", "HUB_AUTH__OIDC_CLIENT_SECRET: 9f2c4e7a1b3d5f60718293a4b5c6d7e8",
     "placeholder", set()),
    # Production without the provider: only the hub itself can say it refuses that.
    # (split: the all-in-one also has a client, and the hub names that incomplete client first.)
    ("k8s/split/configmap.yaml", "  HUB_AUTH__OIDC_ISSUER: CHANGE-ME\n", "",
     "signs people in through the city's OpenID Connect provider", {"hub"}),
    ("k8s/all-in-one/configmap.yaml", "  HUB_AUTH__OIDC_ISSUER: CHANGE-ME\n", "  HUB_AUTH__OIDC_ISSUER: https://id.CHANGE-ME.example.vn\n",
     "whose host can resolve", set()),
    ("k8s/all-in-one/hpa.yaml", "  minReplicas: 2", "  minReplicas: [2", "parse", set()),
    ("k8s/all-in-one/deployment.yaml", "      maxUnavailable: 0", "      maxUnavaliable: 0", "kubernetes-validate", {"kubectl", "kubernetes-validate"}),
    ("compose.split.yaml", 'command: ["serve", "--module", "directory"]', 'command: ["serve", "--modules", "directory"]',
     "command", set()),
    ("compose.split.yaml", "directory=http://directory:8080/graphql", "directory=http://directory:8081/graphql", "8081", set()),
    ("compose.yaml", "    HUB_LISTEN: 0.0.0.0:8080", "    HUB_LISTEN: 0.0.0.0:9090", "9090", set()),
    ("compose.yaml", "    HUB_PROFILE: production", "    HUB_PROFILE: prod", "config check", {"hub"}),
    ("compose.yaml", "HUB_AUTH__OIDC_CLIENT_SECRET: ${HUB_AUTH__OIDC_CLIENT_SECRET:?",
     "HUB_AUTH__OIDC_CLIENT_SECRET: ${HUB_AUTH__OIDC_CLIENT_SECRET:-", "HUB_AUTH__OIDC_CLIENT_SECRET", set()),
    ("compose.split.yaml", "HUB_AUTH__OIDC_ISSUER: ${HUB_AUTH__OIDC_ISSUER:?", "HUB_AUTH__OIDC_ISSUER: ${HUB_AUTH__OIDC_ISSUER:-",
     "HUB_AUTH__OIDC_ISSUER", set()),
    ("compose.yaml", "    HUB_PROFILE: production\n", "    HUB_PROFILE: production\n    HUB_JWT_SECRET: ${HUB_JWT_SECRET:?}\n",
     "the development profile's HS256 secret", set()),
    ("compose.yaml", "        condition: service_completed_successfully", "        condition: service_started", "migrat", set()),
    ("compose.yaml", "    profiles: [telemetry]\n", "", "optional", set()),
    ("compose.yaml", "      test: [\"CMD\", \"redis-cli\", \"ping\"]", "      tset: [\"CMD\", \"redis-cli\", \"ping\"]", "Compose Specification",
     {"check-jsonschema"}),
    ("haproxy.cfg", "uri /readyz", "uri /ready", "/readyz", set()),
    ("haproxy.cfg", "server hub-2 hub-2:8080", "server hub-2 hub-2:8081", "hub-2:8081", set()),
    ("Dockerfile", "EXPOSE 8080", "EXPOSE 8000", "EXPOSE", set()),
    ("Dockerfile", "GET /healthz HTTP", "GET /health HTTP", "HEALTHCHECK", set()),
    ("Dockerfile", "USER 10001:10001", "USER root", "USER", set()),
    ("federation.Dockerfile", "FROM node:22-bookworm-slim", "FROM node:20-bookworm-slim", "node:22 or later", set()),
    ("compose-supergraph.sh", '"{ _service { sdl } }"', '"{ _service { sdll } }"', "compose-supergraph.sh (URL) failed",
     {"hub", "federation", "live"}),
    ("Dockerfile", "&& IFS= read -r -t 2 status <&3", "&& IFS= read -r -t 2 status <&3 && false", "HEALTHCHECK command fails",
     {"hub", "live"}),
    ("compose-supergraph.sh", 'mv -f "$partial" "$out"\n', 'mv -f "$partial" "$out"\nif true; then\n', "bash -n", set()),
]


def self_test(repo: Path, checker_argv: list[str], available: set[str]) -> int:
    print("deploy/check --self-test: the real files must pass; each deliberate break must fail\n")
    root = Path(tempfile.mkdtemp(prefix="deploy-check-selftest-"))
    failures = 0

    def make_copy() -> Path:
        copy = root / "repo"
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir()
        for entry in repo.iterdir():
            if entry.name == "deploy":
                shutil.copytree(entry, copy / "deploy", symlinks=True,
                                ignore=shutil.ignore_patterns("supergraph.graphql"))
            elif entry.name != ".git":
                (copy / entry.name).symlink_to(entry)
        return copy

    def run(copy: Path, live: bool) -> subprocess.CompletedProcess:
        argv = [sys.executable, str(Path(__file__).resolve()), "--repo", str(copy)] + checker_argv
        if not live:
            argv.append("--no-live")
        return subprocess.run(argv, capture_output=True, text=True)

    try:
        res = run(make_copy(), live=True)
        if res.returncode == 0:
            print("  ok    the unmodified files pass")
        else:
            failures += 1
            print("  FAIL  the unmodified files do not pass:\n" + res.stdout[-3000:])
        for file, old, new, expect, needs in BREAKS:
            label = f"{file}: {old.strip()[:50]!r} -> {new.strip()[:50]!r}"
            missing = needs - available
            if missing:
                print(f"  SKIP  {label} (needs {', '.join(sorted(missing))})")
                continue
            copy = make_copy()
            target = copy / "deploy" / file
            text = target.read_text()
            if old not in text:
                failures += 1
                print(f"  FAIL  {label}: the text to break is no longer in {file}; update BREAKS")
                continue
            target.write_text(text.replace(old, new, 1))
            res = run(copy, live="live" in needs)
            fails = [l for l in res.stdout.splitlines() if l.strip().startswith("FAIL ")]
            caught = res.returncode != 0 and any(expect in l for l in fails)
            if caught:
                first = next(l for l in fails if expect in l).strip()
                print(f"  ok    caught {label}\n          {first[:160]}")
            else:
                failures += 1
                print(f"  FAIL  NOT caught as expected ({expect!r}): {label} (exit {res.returncode})")
                for l in fails[:5]:
                    print(f"          {l.strip()[:200]}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\ndeploy/check --self-test: {len(BREAKS) + 1 - failures} passed, {failures} failed")
    return 1 if failures else 0


def learn_modules(repo: Path, hub: Path | None) -> None:
    """Reads the module list from `hub modules` (the given binary, else `cargo run`): the hub's
    one table of modules is the only list, so a new module needs no edit here."""
    command = [str(hub), "modules"] if hub else ["cargo", "run", "-q", "-p", "hub", "--", "modules"]
    res = subprocess.run(command, capture_output=True, text=True, cwd=repo, timeout=1800)
    names = {line.strip() for line in res.stdout.splitlines() if line.strip()}
    if res.returncode != 0 or not names:
        sys.exit(f"deploy/check: FAILED: `{' '.join(command)}` did not list the hub's modules: "
                 f"{(res.stderr or res.stdout).strip()[:500]}")
    MODULES.update(names)
    ALLOWED_COMMANDS.update({("serve",), ("migrate",)} | {("serve", "--module", m) for m in MODULES})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--hub", type=Path)
    ap.add_argument("--tool", action="append", default=[], help="NAME=PATH of an optional validator")
    ap.add_argument("--no-live", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    tools = dict(t.split("=", 1) for t in a.tool)
    if a.self_test:
        passthrough = [f"--tool={k}={v}" for k, v in tools.items()] + ([f"--hub={a.hub}"] if a.hub else [])
        available = {k for k, v in tools.items() if v} | ({"hub", "live"} if a.hub else set())
        fed = Path(os.environ.get("FEDERATION_DIR") or a.repo / "tests/federation")
        if (fed / "node_modules").is_dir() and shutil.which("node"):
            available.add("federation")
        return self_test(a.repo.resolve(), passthrough, available)
    repo = a.repo.resolve()
    learn_modules(repo, a.hub)
    return Checker(repo, repo / "deploy", a.hub, tools, live=not a.no_live).run()


if __name__ == "__main__":
    sys.exit(main())
