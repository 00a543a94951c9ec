"""The Helm chart, checked with the real helm binary, kubernetes-validate and promtool.

Every ci/*-values.yaml scenario is linted, rendered and validated against Kubernetes schemas; custom
resources (KEDA, prometheus-operator) against the vendored CRD subsets in tests/resources/crd-schemas.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from .chart_render import NAMESPACE, SCENARIOS, by_kind, chart_path, crd_schema, render
from .tools import CHART, ROOT, require_tool, run

pytestmark = pytest.mark.deploy

# Oldest and newest Kubernetes minors the chart claims; kubernetes-validate ships both schema sets.
KUBE_VERSIONS = ("1.29.0", "1.34.0", "1.37.0")


def test_scenarios_cover_the_features() -> None:
    assert {"default", "sasl-tls", "keda", "hpa", "monitoring-on", "minimal"} <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
def test_helm_lint_strict(scenario: str | None) -> None:
    helm = require_tool("helm")
    cmd = [helm, "lint", "--strict", str(CHART)]
    if scenario:
        cmd += ["-f", str(CHART / "ci" / f"{scenario}-values.yaml")]
    out = run(cmd).stdout
    assert "1 chart(s) linted, 0 chart(s) failed" in out
    assert "[WARNING]" not in out and "[ERROR]" not in out


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_rendered_manifests_validate(scenario: str, kube_version: str) -> None:
    import kubernetes_validate

    docs = render(scenario, kube_version=kube_version)
    assert docs, "nothing rendered"
    for doc in docs:
        assert doc["metadata"]["namespace"] == NAMESPACE, f"{doc['kind']} outside the release namespace"
        schema = crd_schema(doc)
        if schema is None:
            kubernetes_validate.validate(doc, kube_version, strict=True)
        else:
            jsonschema.validate(doc, schema)


def _deployment(docs: list[dict[str, Any]]) -> dict[str, Any]:
    (dep,) = by_kind(docs)["Deployment"]
    return dep


def test_default_scenario_objects_and_hardening() -> None:
    docs = render("default")
    kinds = by_kind(docs)
    assert set(kinds) == {
        "ConfigMap",
        "Deployment",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
    }
    dep = _deployment(docs)
    assert dep["spec"]["replicas"] == 2
    pod = dep["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["args"] == ["worker"]
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert c["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["ports"] == [{"name": "http", "containerPort": 6066, "protocol": "TCP"}]
    sc = c["securityContext"]
    assert sc["runAsNonRoot"] and sc["readOnlyRootFilesystem"] and not sc["allowPrivilegeEscalation"]
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    assert pod["automountServiceAccountToken"] is False
    assert {"cpu", "memory"} <= set(c["resources"]["limits"]) and {"cpu", "memory"} <= set(
        c["resources"]["requests"]
    )
    # read-only root: the data dir and /tmp are volumes
    mounts = {m["mountPath"] for m in c["volumeMounts"]}
    (cm,) = kinds["ConfigMap"]
    assert cm["data"]["CLEANWIRE_DATA_DIR"] in mounts and "/tmp" in mounts
    assert cm["data"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka.kafka.svc:9092"
    assert cm["data"]["CLEANWIRE_HTTP_PORT"] == "6066"
    # the config checksum restarts pods when the ConfigMap changes
    assert re.fullmatch(
        r"[0-9a-f]{64}", dep["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
    )
    (np,) = kinds["NetworkPolicy"]
    assert np["spec"]["policyTypes"] == ["Ingress", "Egress"]


def test_sasl_tls_scenario_mounts_secrets_as_files() -> None:
    docs = render("sasl-tls")
    kinds = by_kind(docs)
    assert "Secret" not in kinds, "the chart must reference existing Secrets, never create them"
    (cm,) = kinds["ConfigMap"]
    env = cm["data"]
    assert env["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert env["KAFKA_SASL_USERNAME"] == "cleanwire"
    assert "KAFKA_SASL_PASSWORD" not in env
    pod = _deployment(docs)["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert "env" not in c, "no secret values in environment variables"
    mounts = {m["name"]: m for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert mounts["sasl"]["readOnly"] and mounts["tls"]["readOnly"]
    assert volumes["sasl"]["secret"]["secretName"] == "cleanwire"
    assert volumes["tls"]["secret"]["secretName"] == "my-cluster-cluster-ca-cert"
    for var, volume, key in [
        ("KAFKA_SASL_PASSWORD_FILE", "sasl", "password"),
        ("KAFKA_SSL_CAFILE", "tls", "ca.crt"),
        ("KAFKA_SSL_CERTFILE", "tls", "user.crt"),
        ("KAFKA_SSL_KEYFILE", "tls", "user.key"),
    ]:
        assert env[var] == f"{mounts[volume]['mountPath']}/{key}"
        assert {"key": key, "path": key} in volumes[volume]["secret"]["items"]


def test_keda_scenario_scales_on_the_consumer_group() -> None:
    docs = render("keda")
    kinds = by_kind(docs)
    assert "HorizontalPodAutoscaler" not in kinds
    assert "replicas" not in _deployment(docs)["spec"], "KEDA owns the replica count"
    (so,) = kinds["ScaledObject"]
    (trigger,) = so["spec"]["triggers"]
    md = trigger["metadata"]
    assert trigger["type"] == "kafka"
    assert (
        md["consumerGroup"] == "cleanwire-prod" and md["topic"] == "pages.raw" and md["lagThreshold"] == "200"
    )
    assert md["sasl"] == "plaintext" and md["tls"] == "enable"
    (ta,) = kinds["TriggerAuthentication"]
    assert trigger["authenticationRef"]["name"] == ta["metadata"]["name"]
    assert {"parameter": "password", "name": "cleanwire-kafka-api-key", "key": "api-secret"} in ta["spec"][
        "secretTargetRef"
    ]
    assert so["spec"]["scaleTargetRef"]["name"] == _deployment(docs)["metadata"]["name"]


def test_hpa_scenario() -> None:
    docs = render("hpa")
    (hpa,) = by_kind(docs)["HorizontalPodAutoscaler"]
    assert "replicas" not in _deployment(docs)["spec"]
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 8)
    assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 75


def test_minimal_scenario_turns_optional_objects_off() -> None:
    docs = render("minimal")
    kinds = by_kind(docs)
    assert set(kinds) == {"ConfigMap", "Deployment", "Service"}
    dep = _deployment(docs)
    (c,) = dep["spec"]["template"]["spec"]["containers"]
    assert c["image"].endswith("@sha256:" + "0123456789abcdef" * 4)
    assert dep["spec"]["template"]["spec"]["serviceAccountName"] == "cleanwire"
    assert {"name": "CLEANWIRE_LOG_LEVEL", "value": "debug"} in c["env"]
    (cm,) = by_kind(docs)["ConfigMap"]
    assert cm["data"]["CLEANWIRE_DUPLICATES_ENABLED"] == "false" and cm["data"]["CLEANWIRE_SITE_MEMORY_MIN_ARTICLES"] == "3"


def test_monitoring_objects_off_by_default_and_rendered_when_on(tmp_path: Path) -> None:
    kinds_default = by_kind(render(None))
    assert not {"ServiceMonitor", "PrometheusRule", "ScaledObject"} & set(kinds_default)
    assert [cm["metadata"]["name"] for cm in kinds_default["ConfigMap"]] == ["rel-cleanwire"]

    kinds = by_kind(render("monitoring-on"))
    (sm,) = kinds["ServiceMonitor"]
    assert sm["spec"]["endpoints"][0]["port"] == "http" and sm["spec"]["endpoints"][0]["path"] == "/metrics"
    assert sm["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    (rule,) = kinds["PrometheusRule"]
    alerts = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    assert rule["spec"] == alerts
    # the rendered groups are valid Prometheus rules for the real parser
    rules_file = tmp_path / "rendered-rules.yml"
    rules_file.write_text(yaml.safe_dump(rule["spec"]))
    out = run([require_tool("promtool"), "check", "rules", str(rules_file)]).stdout
    assert f"SUCCESS: {sum(len(g['rules']) for g in alerts['groups'])} rules found" in out
    dash = next(cm for cm in kinds["ConfigMap"] if cm["metadata"]["name"].endswith("-dashboard"))
    assert dash["metadata"]["labels"]["grafana_dashboard"] == "1"
    shipped = json.loads((ROOT / "deploy" / "grafana" / "dashboards" / "cleanwire.json").read_text())
    assert json.loads(dash["data"]["cleanwire.json"]) == shipped


def test_chart_copies_match_deploy_files() -> None:
    """The chart cannot read outside its directory; its copies must not drift from deploy/."""
    pairs = [
        (chart_path("files", "alerts.yml"), ROOT / "deploy" / "prometheus" / "alerts.yml"),
        (
            chart_path("files", "dashboard.json"),
            ROOT / "deploy" / "grafana" / "dashboards" / "cleanwire.json",
        ),
    ]
    for copy, original in pairs:
        assert copy.read_bytes() == original.read_bytes(), f"{copy} differs from {original}: copy it over"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "keda.enabled=true", "--set", "autoscaling.enabled=true"], "mutually exclusive"),
        (["--set", "kafka.securityProtocol=SASL_SSL", "--set", "kafka.sasl.username=u"], "existingSecret"),
        (["--set", "kafka.securityProtocol=SASL_SSL", "--set", "kafka.sasl.existingSecret=s"], "username"),
        (["--set", "kafka.sasl.password=hunter2"], "additional properties 'password' not allowed"),
        (["--set", "kafka.securityProtocol=TLS"], "securityProtocol"),
        (["--set", "kafka.tls.certKey=tls.crt"], "go together"),
        (["--set", "worker.processes=0"], "processes"),
        (["--set", "memory.duplicatesThreshold=1.5"], "duplicatesThreshold"),
        (["--set", "worker.acceptPageTypes={blog}"], "acceptPageTypes"),
        (["--set", "worker.gateMinP=1.5"], "gateMinP"),
    ],
)
def test_invalid_values_are_refused(args: list[str], message: str) -> None:
    helm = require_tool("helm")
    proc = run([helm, "template", "rel", str(CHART), *args], check=False)
    assert proc.returncode != 0
    assert message in proc.stderr


def _value_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, dict) and node:
        return [p for k, v in node.items() for p in _value_paths(v, (*prefix, k))]
    return [prefix]


def test_values_schema_describes_every_value() -> None:
    values = yaml.safe_load(chart_path("values.yaml").read_text())
    schema = json.loads(chart_path("values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(values, schema)
    for path in _value_paths(values):
        node = schema
        for key in path:
            props = node.get("properties", {})
            if key in props:
                node = props[key]
            elif node.get("additionalProperties") is not False and node.get("type") == "object":
                break  # free-form maps (resources, securityContext...) end here
            else:
                raise AssertionError(f"values.yaml has {'.'.join(path)} but values.schema.json does not")


def test_every_value_is_commented() -> None:
    """Every key in values.yaml has a comment right above it, or sits inside a commented parent block."""
    lines = chart_path("values.yaml").read_text().splitlines()
    stack: list[tuple[int, bool]] = []  # (indent, commented) of the enclosing keys
    missing = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)([A-Za-z_][\w.-]*):", line)
        if not m:
            continue
        indent = len(m.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        prev = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        commented = prev.startswith("#")
        is_block = line.rstrip().endswith(":")
        if not commented and not is_block and not any(c for _, c in stack):
            missing.append(f"line {i + 1}: {line.strip()}")
        stack.append((indent, commented))
    assert not missing, "uncommented values:\n" + "\n".join(missing)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_configmap_env_is_what_the_worker_settings_read(scenario: str, tmp_path: Path) -> None:
    """The chart's environment goes through cleanwire's own Settings: names exist, values validate."""
    from cleanwire.settings import Settings, load_settings

    known = {f.alias for f in Settings.model_fields.values()}
    docs = render(scenario)
    (cm,) = [d for d in by_kind(docs)["ConfigMap"] if not d["metadata"]["name"].endswith("-dashboard")]
    env = dict(cm["data"])
    (container,) = _deployment(docs)["spec"]["template"]["spec"]["containers"]
    env |= {e["name"]: e["value"] for e in container.get("env", [])}
    unknown = {k for k in env if k.startswith(("KAFKA_", "CLEANWIRE_"))} - known
    assert not unknown, f"the worker does not read {unknown}"
    if "KAFKA_SASL_PASSWORD_FILE" in env:  # the mounted Secret, stood in for by a file
        password = tmp_path / "password"
        password.write_text("not-a-real-password\n")
        env["KAFKA_SASL_PASSWORD_FILE"] = str(password)
    settings = load_settings(env)
    assert settings.input_topic == env["CLEANWIRE_INPUT_TOPIC"]
    assert settings.http_port == int(env["CLEANWIRE_HTTP_PORT"])
    assert settings.security_protocol == env["KAFKA_SECURITY_PROTOCOL"]
    assert settings.site_memory_enabled == (env["CLEANWIRE_SITE_MEMORY_ENABLED"] == "true")
    assert settings.duplicates_enabled == (env["CLEANWIRE_DUPLICATES_ENABLED"] == "true")
    assert settings.site_memory_min_articles == int(env["CLEANWIRE_SITE_MEMORY_MIN_ARTICLES"])
    assert settings.page_types() == frozenset(env["CLEANWIRE_ACCEPT_PAGE_TYPES"].split(","))
    assert settings.gate_min_p == float(env["CLEANWIRE_GATE_MIN_P"])
    if settings.security_protocol.startswith("SASL"):
        assert settings.sasl_password is not None
        assert settings.sasl_password.get_secret_value() == "not-a-real-password"
