from __future__ import annotations

from pathlib import Path

import pytest

from cleanwire.errors import ConfigError
from cleanwire.settings import load_settings


def test_defaults_and_overrides() -> None:
    s = load_settings({"CLEANWIRE_INPUT_TOPIC": "in", "CLEANWIRE_PROCESSES": "3"})
    assert (s.input_topic, s.output_topic, s.dlq_topic, s.processes) == ("in", "articles.clean", "pages.rejected", 3)
    assert s.bootstrap_servers == "127.0.0.1:9092" and s.http_port == 6066


def test_secrets_are_masked_and_read_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cr3t-value\n")
    s = load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
                       "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD_FILE": str(secret)})
    assert s.sasl_password is not None and s.sasl_password.get_secret_value() == "s3cr3t-value"
    assert "s3cr3t" not in repr(s) and "s3cr3t" not in str(s.model_dump())


@pytest.mark.parametrize("env", [{"CLEANWIRE_PROCESSES": "0"}, {"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"},
                                 {"CLEANWIRE_PROCESSING_GUARANTEE": "maybe"}, {"CLEANWIRE_GATE_MIN_P": "1.5"},
                                 {"CLEANWIRE_GATE_MIN_P": "-0.1"}])
def test_invalid_settings_raise_config_error(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        load_settings(env)


def test_the_gate_bar_is_read_and_defaults_to_the_models_own() -> None:
    assert load_settings({}).gate_min_p == 0.0
    assert load_settings({"CLEANWIRE_GATE_MIN_P": "0.4"}).gate_min_p == 0.4
