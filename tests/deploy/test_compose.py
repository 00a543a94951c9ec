"""docker-compose.yml without a Docker engine: validated against the Compose specification's JSON schema
(vendored in tests/resources/compose-spec/), and every image, build context, port, volume and config file
it names checked against this repository."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from .tools import ROOT

pytestmark = pytest.mark.deploy

COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA = ROOT / "tests" / "resources" / "compose-spec" / "compose-spec.json"
# Images pulled from a registry: pinned official images of these publishers. Everything else is built here.
PUBLISHED = {"apache/kafka": "4.1.1", "prom/prometheus": None, "grafana/grafana": None}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return data


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def test_compose_file_matches_the_compose_spec(compose: dict[str, Any], validator: Any) -> None:
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: c["services"]["worker-1"].update(imagee="typo"),
        lambda c: c["services"]["kafka"].update(ports="29092:29092"),
        lambda c: c["services"]["kafka-init"]["depends_on"]["kafka"].update(condition="service_ready"),
        lambda c: c.update(service={}),
    ],
)
def test_schema_rejects_broken_files(compose: dict[str, Any], validator: Any, mutate: Any) -> None:
    """The vendored schema really constrains the file (a check that passes anything proves nothing)."""
    broken = copy.deepcopy(compose)
    mutate(broken)
    assert list(validator.iter_errors(broken))


def test_no_unintended_variable_interpolation() -> None:
    """Compose interpolates $VAR in every string; shell variables must be written $$VAR."""
    text = COMPOSE_FILE.read_text().replace("$$", "")
    assert "$" not in text, [line for line in text.splitlines() if "$" in line]


def test_the_services_the_demo_needs(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"kafka", "kafka-init", "worker-1", "worker-2", "producer", "prometheus", "grafana"} <= set(
        services
    )
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft
    assert "ZOOKEEPER" not in json.dumps(services["kafka"]).upper()


def test_images_are_pinned_or_built_here(compose: dict[str, Any]) -> None:
    built = {s["image"] for s in compose["services"].values() if "build" in s}
    for name, service in compose["services"].items():
        if "build" in service:
            build = service["build"]
            context = ROOT / build["context"]
            assert context.is_dir(), name
            assert (context / build["dockerfile"]).is_file(), name
            continue
        image = service["image"]
        if image in built:
            continue
        repo, _, tag = image.partition(":")
        assert repo in PUBLISHED, f"{name}: {image} is neither built here nor a known official image"
        assert tag and tag != "latest", f"{name}: {image} is not pinned"
        if PUBLISHED[repo]:
            assert tag == PUBLISHED[repo], f"{name}: {image}"


def test_cleanwire_services_run_existing_subcommands(compose: dict[str, Any]) -> None:
    from cleanwire.cli import SUBCOMMANDS

    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["cleanwire"]' in dockerfile
    for name in ("worker-1", "worker-2"):
        assert compose["services"][name]["command"][0] in SUBCOMMANDS
    assert "cleanwire produce" in compose["services"]["producer"]["command"][0]


def _published_ports(service: dict[str, Any]) -> list[tuple[str, int, int]]:
    out = []
    for spec in service.get("ports", []):
        m = re.fullmatch(r"(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)", str(spec))
        assert m, f"unexpected port syntax {spec!r}"
        out.append((m.group(1) or "", int(m.group(2)), int(m.group(3))))
    return out


def test_ports_are_loopback_unique_and_served(compose: dict[str, Any]) -> None:
    services = compose["services"]
    host_ports = [p for s in services.values() for _, p, _ in _published_ports(s)]
    assert len(host_ports) == len(set(host_ports)), "a host port is published twice"
    for name, service in services.items():
        for host_ip, _, target in _published_ports(service):
            assert host_ip == "127.0.0.1", f"{name} publishes on all interfaces"
            env = service.get("environment", {})
            if name.startswith("worker"):
                assert target == int(env["CLEANWIRE_HTTP_PORT"])
            elif name == "kafka":
                assert f"EXTERNAL://:{target}" in env["KAFKA_LISTENERS"]
                assert f"EXTERNAL://localhost:{target}" in env["KAFKA_ADVERTISED_LISTENERS"]
            else:
                assert target == {"prometheus": 9090, "grafana": 3000}[name]
    assert "EXPOSE 6066" in (ROOT / "deploy" / "Dockerfile").read_text()


def test_volumes_exist_or_are_declared(compose: dict[str, Any]) -> None:
    declared = set(compose.get("volumes", {}))
    used = set()
    for name, service in compose["services"].items():
        for spec in service.get("volumes", []):
            source, target, *_ = spec.split(":")
            assert target.startswith("/"), f"{name}: {spec}"
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name}: bind mount source {source} does not exist"
            else:
                assert source in declared, f"{name}: named volume {source} is not declared"
                used.add(source)
    assert declared == used, f"declared but unused volumes: {declared - used}"


def _mount_source(service: dict[str, Any], container_path: str) -> Path:
    """The repository path that a container path of a service maps to through its bind mounts."""
    for spec in service.get("volumes", []):
        source, target, *_ = spec.split(":")
        if source.startswith(".") and (container_path == target or container_path.startswith(target + "/")):
            return ROOT / source / container_path[len(target) :].lstrip("/")
    raise AssertionError(f"{container_path} is not bind-mounted")


def test_config_files_reach_the_containers(compose: dict[str, Any]) -> None:
    services = compose["services"]
    prom = services["prometheus"]
    config_arg = next(a for a in prom["command"] if a.startswith("--config.file="))
    prom_config_path = _mount_source(prom, config_arg.split("=", 1)[1])
    prom_config = yaml.safe_load(prom_config_path.read_text())
    for rule_file in prom_config["rule_files"]:
        assert (prom_config_path.parent / rule_file).is_file()
    targets = {
        t for job in prom_config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]
    }
    for name in ("worker-1", "worker-2"):
        port = services[name]["environment"]["CLEANWIRE_HTTP_PORT"]
        assert f"{name}:{port}" in targets

    grafana = services["grafana"]
    provisioning = _mount_source(grafana, "/etc/grafana/provisioning")
    (datasource,) = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())[
        "datasources"
    ]
    assert datasource["url"] == "http://prometheus:9090"
    (provider,) = yaml.safe_load((provisioning / "dashboards" / "cleanwire.yml").read_text())["providers"]
    dashboards = _mount_source(grafana, provider["options"]["path"])
    assert (dashboards / "cleanwire.json").is_file()
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert _mount_source(grafana, home).is_file()


def test_topics_created_match_the_workers(compose: dict[str, Any]) -> None:
    services = compose["services"]
    script = services["kafka-init"]["command"][0]
    created = dict(re.findall(r"([\w.]+):(\d+)", script.split("for spec in", 1)[1].split(";", 1)[0]))
    env = services["worker-1"]["environment"]
    assert set(created) == {
        env["CLEANWIRE_INPUT_TOPIC"],
        env["CLEANWIRE_OUTPUT_TOPIC"],
        env["CLEANWIRE_DLQ_TOPIC"],
    }
    workers = [n for n in services if n.startswith("worker")]
    assert int(created[env["CLEANWIRE_INPUT_TOPIC"]]) >= len(workers), (
        "idle workers: fewer partitions than workers"
    )
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:19092"
    assert "INTERNAL://kafka:19092" in services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    for name in services:
        for dep in services[name].get("depends_on", []):
            assert dep in services, f"{name} depends on unknown {dep}"


def test_producer_pushes_files_the_repository_has(compose: dict[str, Any]) -> None:
    """The demo producer's in-container paths resolve through its bind mounts to files in this repository,
    and its `cleanwire produce` invocations parse with the real command's parser."""
    from cleanwire.cli import build_parser

    producer = compose["services"]["producer"]
    script = producer["command"][0]
    ref = re.search(r"^ref=(\S+)$", script, re.M)
    assert ref
    script = script.replace("$$ref", ref.group(1)).replace('"$$url"', "https://example.org/x")
    paths = set(re.findall(r"(/examples/[\w./-]+)", script))
    assert paths
    for path in paths:
        assert _mount_source(producer, path).exists(), path
    invocations = re.findall(r"cleanwire (produce [^\\\n|&]+)", script)
    assert len(invocations) == 2
    for invocation in invocations:
        argv = [a.strip('"') for a in invocation.split()]
        args = build_parser(argv).parse_args(argv)
        assert args.paths and args.quiet


def test_compose_worker_env_is_what_the_worker_settings_read(compose: dict[str, Any]) -> None:
    from cleanwire.settings import Settings, load_settings

    known = {f.alias for f in Settings.model_fields.values()}
    for name in ("worker-1", "worker-2", "producer"):
        env = {k: str(v) for k, v in compose["services"][name]["environment"].items()}
        assert set(env) <= known, set(env) - known
        settings = load_settings(env)
        assert settings.bootstrap_servers == "kafka:19092" and settings.app_id == "cleanwire"
