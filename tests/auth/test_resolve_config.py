"""The unified configuration matrix: arguments, environment, config file profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from genie_sdk.auth import (
    PAT,
    BearerToken,
    OAuthM2M,
    ResolvedConfig,
    forwarded_user_auth,
    list_profiles,
    resolve_config,
)
from genie_sdk.errors import ConfigurationError

HOST = "https://my-workspace.cloud.databricks.com"
OTHER = "https://adb-1234567890123456.7.azuredatabricks.net"


def token_of(config: ResolvedConfig) -> str:
    auth = config.auth
    assert isinstance(auth, PAT)
    return auth._value.access_token


def write_cfg(env: dict[str, str], text: str) -> Path:
    path = Path(env["HOME"]) / ".databrickscfg"
    path.write_text(text)
    return path


def test_env_only(env: dict[str, str]) -> None:
    write_cfg(env, "this file is not even valid\n")  # never read: host and token come from env
    config = resolve_config(env={**env, "DATABRICKS_HOST": HOST, "DATABRICKS_TOKEN": "dapi-env"})
    assert config.auth_type == "pat"
    assert config.host.url == HOST
    assert token_of(config) == "dapi-env"
    assert config.env_vars == ("DATABRICKS_HOST", "DATABRICKS_TOKEN")


def test_arguments_win_over_env(env: dict[str, str]) -> None:
    config = resolve_config(
        OTHER,
        token="dapi-arg",
        env={**env, "DATABRICKS_HOST": HOST, "DATABRICKS_TOKEN": "dapi-env"},
    )
    assert (config.host.url, token_of(config)) == (OTHER, "dapi-arg")


def test_empty_env_var_counts_as_unset(env: dict[str, str]) -> None:
    write_cfg(env, f"[DEFAULT]\nhost = {HOST}\ntoken = dapi-file\n")
    config = resolve_config(env={**env, "DATABRICKS_HOST": "", "DATABRICKS_TOKEN": ""})
    assert token_of(config) == "dapi-file"


def test_profile_only(env: dict[str, str]) -> None:
    write_cfg(
        env,
        f"[DEFAULT]\nhost = {OTHER}\ntoken = dapi-default\n\n"
        f"[prod]\nhost = {HOST}\ntoken = dapi-prod\n",
    )
    config = resolve_config(profile="prod", env=env)
    assert (config.host.url, token_of(config), config.profile) == (HOST, "dapi-prod", "prod")


def test_env_and_named_profile_combine(env: dict[str, str]) -> None:
    write_cfg(env, f"[prod]\nhost = {OTHER}\ntoken = dapi-prod\n")
    config = resolve_config(
        env={**env, "DATABRICKS_HOST": HOST, "DATABRICKS_CONFIG_PROFILE": "prod"}
    )
    assert (config.host.url, token_of(config)) == (HOST, "dapi-prod")


def test_env_host_does_not_combine_with_default_profile(env: dict[str, str]) -> None:
    write_cfg(env, "[DEFAULT]\ntoken = dapi-default\n")
    with pytest.raises(ConfigurationError, match="cannot configure default credentials"):
        resolve_config(env={**env, "DATABRICKS_HOST": HOST})


def test_missing_host(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_config(env={**env, "DATABRICKS_TOKEN": "dapi-secret-1"})
    message = str(info.value)
    assert message.startswith("no workspace host configured")
    assert message.endswith("Config: token=***. Env: DATABRICKS_TOKEN.")
    assert "dapi-secret-1" not in message


def test_missing_credentials(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_config(HOST, env=env)
    message = str(info.value)
    assert message.startswith("cannot configure default credentials, please check https://docs.")
    assert "DATABRICKS_TOKEN" in message
    assert "genie auth login" in message
    assert message.endswith(f"Config: host={HOST}.")


def test_two_credential_families(env: dict[str, str]) -> None:
    environment = {
        **env,
        "DATABRICKS_HOST": HOST,
        "DATABRICKS_TOKEN": "dapi-secret-2",
        "DATABRICKS_CLIENT_ID": "sp-id",
        "DATABRICKS_CLIENT_SECRET": "sp-secret-2",
    }
    with pytest.raises(ConfigurationError) as info:
        resolve_config(env=environment)
    assert str(info.value) == (
        "more than one authorization method configured: oauth and pat. "
        f"Config: host={HOST}, token=***, client_id=sp-id, client_secret=***. "
        "Env: DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET."
    )
    assert resolve_config(auth_type="oauth-m2m", env=environment).auth_type == "oauth-m2m"


def test_databricks_app_env_gives_m2m_with_bare_host(env: dict[str, str]) -> None:
    environment = {
        **env,
        "DATABRICKS_HOST": "my-workspace.cloud.databricks.com",
        "DATABRICKS_CLIENT_ID": "app-sp",
        "DATABRICKS_CLIENT_SECRET": "app-secret",
        "DATABRICKS_WORKSPACE_ID": "987",
        "DATABRICKS_APP_NAME": "genie-app",
    }
    config = resolve_config(env=environment)
    assert isinstance(config.auth, OAuthM2M)
    assert config.auth_type == "oauth-m2m"
    assert config.host.url == HOST
    assert config.workspace_id == config.host.workspace_id == "987"


def test_user_token_in_an_app_bypasses_the_family_check(env: dict[str, str]) -> None:
    environment = {
        **env,
        "DATABRICKS_HOST": "my-workspace.cloud.databricks.com",
        "DATABRICKS_CLIENT_ID": "app-sp",
        "DATABRICKS_CLIENT_SECRET": "app-secret",
    }
    auth = forwarded_user_auth({"x-forwarded-access-token": "user-token"})
    config = resolve_config(auth=auth, env=environment)
    assert config.auth is auth
    assert config.auth_type == "bearer"
    assert auth.host == HOST
    assert token_of(resolve_config(token="user-token", env=environment)) == "user-token"


def test_forwarded_user_auth_needs_the_header() -> None:
    assert isinstance(forwarded_user_auth({"X-FORWARDED-ACCESS-TOKEN": "t"}), BearerToken)
    with pytest.raises(ConfigurationError, match="no X-Forwarded-Access-Token header"):
        forwarded_user_auth({"X-Forwarded-User": "someone"})


def test_explicit_provider_bound_elsewhere_is_rejected(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match=f"bound to {OTHER}"):
        resolve_config(HOST, auth=PAT("dapi-x", host=OTHER), env=env)
    assert resolve_config(auth=PAT("dapi-x", host=OTHER), env=env).host.url == OTHER


def test_malformed_file_names_file_and_line(env: dict[str, str]) -> None:
    path = write_cfg(env, f"[prod]\nhost = {HOST}\nthis line has no separator dapi-leak\n")
    with pytest.raises(ConfigurationError) as info:
        resolve_config(profile="prod", env=env)
    assert f"malformed config file {path}, line 3" in str(info.value)
    assert "dapi-leak" not in str(info.value)


def test_duplicate_key_names_file_and_line(env: dict[str, str]) -> None:
    path = write_cfg(env, f"[prod]\nhost = {HOST}\nhost = {OTHER}\n")
    with pytest.raises(
        ConfigurationError, match=rf"{path}, line 3: key 'host' appears twice in \[prod\]"
    ):
        resolve_config(profile="prod", env=env)


def test_named_profile_missing(env: dict[str, str]) -> None:
    path = write_cfg(env, f"[prod]\nhost = {HOST}\n[dev]\nhost = {HOST}\n")
    with pytest.raises(ConfigurationError) as info:
        resolve_config(profile="nope", env=env)
    assert f"{path} has no nope profile configured (profiles found: prod, dev)" in str(info.value)
    assert "profile=nope" in str(info.value)


def test_named_profile_without_a_file(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match=r"profile prod requested but .* does not exist"):
        resolve_config(profile="prod", env=env)


def test_settings_default_profile_beats_default(env: dict[str, str]) -> None:
    write_cfg(
        env,
        f"[DEFAULT]\nhost = {OTHER}\ntoken = dapi-default\n\n"
        f"[prod]\nhost = {HOST}\ntoken = dapi-prod\n\n"
        "[__settings__]\ndefault_profile = prod\n",
    )
    config = resolve_config(env=env)
    assert (config.profile, token_of(config)) == ("prod", "dapi-prod")


def test_default_profile_when_nothing_else(env: dict[str, str]) -> None:
    write_cfg(env, f"[DEFAULT]\nhost = {OTHER}\ntoken = dapi-default\n")
    config = resolve_config(env=env)
    assert (config.host.url, token_of(config)) == (OTHER, "dapi-default")


def test_settings_section_is_not_a_profile(env: dict[str, str]) -> None:
    write_cfg(env, "[__settings__]\ndefault_profile = x\n")
    with pytest.raises(ConfigurationError, match="__settings__ is reserved"):
        resolve_config(profile="__settings__", env=env)


def test_named_profile_does_not_inherit_default(env: dict[str, str]) -> None:
    write_cfg(env, f"[DEFAULT]\ntoken = dapi-default\n\n[prod]\nhost = {HOST}\n")
    with pytest.raises(ConfigurationError, match="cannot configure default credentials"):
        resolve_config(profile="prod", env=env)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("token = abc#def", "abc#def"),
        ("token = abc;def", "abc;def"),
        ("token = abc #comment", "abc"),
        ("token = abc ;comment", "abc"),
        ("token: abc%def", "abc%def"),
        ("TOKEN = upper", "upper"),
    ],
)
def test_value_and_comment_rules(env: dict[str, str], line: str, expected: str) -> None:
    write_cfg(env, f"# a comment\n; another\n[p]\nhost = {HOST}\n{line}\n")
    assert token_of(resolve_config(profile="p", env=env)) == expected


def test_section_names_are_case_sensitive(env: dict[str, str]) -> None:
    write_cfg(env, f"[Prod]\nhost = {HOST}\ntoken = t\n")
    with pytest.raises(ConfigurationError, match="has no prod profile"):
        resolve_config(profile="prod", env=env)


def test_config_file_from_env(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "custom.cfg"
    path.write_text(f"[DEFAULT]\nhost = {HOST}\ntoken = dapi-custom\n")
    assert (
        token_of(resolve_config(env={**env, "DATABRICKS_CONFIG_FILE": str(path)})) == "dapi-custom"
    )


def test_workspace_id_from_host_query(env: dict[str, str]) -> None:
    config = resolve_config(f"{OTHER}/?o=1234567890123456#x", token="t", env=env)
    assert config.host.url == OTHER
    assert config.workspace_id == "1234567890123456"


def test_invalid_host(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match="plain http://"):
        resolve_config("http://example.com", token="t", env=env)


@pytest.mark.parametrize(
    ("auth_type", "message"),
    [
        ("azure-cli", "auth_type 'azure-cli' is not supported yet"),
        ("magic", "unknown auth_type 'magic'"),
    ],
)
def test_unsupported_auth_types_are_named(
    env: dict[str, str], auth_type: str, message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        resolve_config(HOST, auth_type=auth_type, env=env)


def test_unsupported_credentials_are_reported(env: dict[str, str]) -> None:
    environment = {
        **env,
        "ARM_CLIENT_ID": "a",
        "ARM_CLIENT_SECRET": "azure-secret",
        "ARM_TENANT_ID": "t",
    }
    with pytest.raises(ConfigurationError) as info:
        resolve_config(HOST, env=environment)
    assert str(info.value).startswith("azure authentication is not supported yet")
    assert "azure_client_secret=***" in str(info.value)
    assert "azure-secret" not in str(info.value)


def test_auth_type_requirements(env: dict[str, str]) -> None:
    with pytest.raises(
        ConfigurationError, match=r"^oauth-m2m: client_id and client_secret are required"
    ):
        resolve_config(HOST, auth_type="oauth-m2m", client_id="x", env=env)
    with pytest.raises(ConfigurationError, match=r"^pat: no token"):
        resolve_config(HOST, auth_type="pat", env=env)


def test_external_browser_auth_type(env: dict[str, str]) -> None:
    config = resolve_config(HOST, auth_type="external-browser", env=env)
    assert config.auth_type == "external-browser"
    assert "OAuthU2M" in repr(config)


def test_scopes_and_timeout_from_profile(env: dict[str, str]) -> None:
    write_cfg(
        env,
        f"[sp]\nhost = {HOST}\nclient_id = id\nclient_secret = s\nscopes = sql, all-apis sql\n"
        "http_timeout_seconds = 5\n",
    )
    auth = resolve_config(profile="sp", env=env).auth
    assert isinstance(auth, OAuthM2M)
    assert auth._scopes == ("all-apis", "sql")
    assert auth._http_timeout == 5.0
    write_cfg(env, f"[sp]\nhost = {HOST}\ntoken = t\nhttp_timeout_seconds = soon\n")
    with pytest.raises(ConfigurationError, match="http_timeout_seconds must be a number"):
        resolve_config(
            profile="sp", auth_type="oauth-m2m", client_id="i", client_secret="s", env=env
        )


def test_describe_and_repr(env: dict[str, str]) -> None:
    config = resolve_config(env={**env, "DATABRICKS_HOST": HOST, "DATABRICKS_TOKEN": "dapi-hidden"})
    assert config.describe() == (
        f"Config: host={HOST}, token=***, auth_type=pat. Env: DATABRICKS_HOST, DATABRICKS_TOKEN."
    )
    assert "dapi-hidden" not in repr(config) + str(config) + config.describe()


def test_list_profiles(env: dict[str, str]) -> None:
    write_cfg(
        env,
        f"[DEFAULT]\nhost = {OTHER}\ntoken = dapi-a\n"
        f"[sp]\nhost = {HOST}\nclient_id = i\nclient_secret = s\n"
        f"[me]\nhost = {HOST}\nauth_type = databricks-cli\n[bare]\nhost = {HOST}\n"
        "[__settings__]\ndefault_profile = me\n",
    )
    profiles = list_profiles(env=env)
    assert [(p.name, p.host, p.auth_type, p.is_default) for p in profiles] == [
        ("DEFAULT", OTHER, "pat", False),
        ("sp", HOST, "oauth-m2m", False),
        ("me", HOST, "databricks-cli", True),
        ("bare", HOST, None, False),
    ]
    assert "dapi-a" not in repr(profiles)
    assert list_profiles(str(Path(env["HOME"]) / "missing.cfg")) == []
