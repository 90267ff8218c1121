"""Table claims: header mapping, merged units, key/value, transposed and Helm values tables."""

from __future__ import annotations

from .helpers import claims_of, fields, spanned

ENTITY = """
## Workloads

| Component | Kind | Replicas | Image | Port | CPU (req/limit) | Memory | Storage |
|-----------|------|----------|-------|------|-----------------|--------|---------|
| API | Deployment | 3 | `ghcr.io/acme/api:1.4.2` | 8080 | 250m / 500m | 512Mi–1Gi | — |
| PostgreSQL | StatefulSet | 1 | `postgres:15` | 5432 | 500m | 1Gi | 20Gi |
"""


def test_entity_table():
    got = fields(claims_of(ENTITY), *[f for f in (
        "kind", "replicas", "image", "container-port", "cpu-request", "cpu-limit", "memory-request", "memory-limit",
        "storage-size")])
    assert got == [
        ("kind", "Deployment", "API"), ("replicas", "3", "API"), ("image", "ghcr.io/acme/api:1.4.2", "API"),
        ("container-port", "8080", "API"), ("cpu-request", "250m", "API"), ("cpu-limit", "500m", "API"),
        ("memory-request", "512Mi", "API"), ("memory-limit", "1Gi", "API"),
        ("kind", "StatefulSet", "PostgreSQL"), ("replicas", "1", "PostgreSQL"), ("image", "postgres:15", "PostgreSQL"),
        ("container-port", "5432", "PostgreSQL"), ("cpu-request", "500m", "PostgreSQL"),
        ("memory-request", "1Gi", "PostgreSQL"), ("storage-size", "20Gi", "PostgreSQL"),
    ]


def test_merged_units_have_exact_spans():
    claims = claims_of(ENTITY)
    by = {(c.field, c.subject): c for c in claims}
    assert spanned(ENTITY, by[("cpu-limit", "API")]) == "500m"
    assert spanned(ENTITY, by[("memory-limit", "API")]) == "1Gi"
    assert by[("cpu-request", "API")].extra["pair"] is True
    assert by[("cpu-request", "PostgreSQL")].extra.get("ambiguous") is True
    assert all(c.form == "table" for c in claims if c.field != "object-kind" and c.field != "component")


SERVICES = """
## Services

| Service | Type | Port | NodePort |
|---------|------|------|----------|
| `web` | NodePort | 80:30080 | |
| `api` | ClusterIP | 8000 | – |
"""


def test_service_table_port_pairs():
    got = fields(claims_of(SERVICES), "service-type", "service-port", "node-port", "target-port")
    assert got == [
        ("service-type", "NodePort", "web"), ("service-port", "80", "web"), ("node-port", "30080", "web"),
        ("service-type", "ClusterIP", "api"), ("service-port", "8000", "api"),
    ]


def test_key_value_table_uses_section_subject():
    text = """
    ## Worker

    | Setting | Value |
    |---------|-------|
    | Replicas | 2 |
    | Memory limit | 256Mi |
    | Schedule | `*/5 * * * *` |
    """
    got = fields(claims_of(text), "replicas", "memory-limit", "schedule")
    assert got == [("replicas", "2", "Worker"), ("memory-limit", "256Mi", "Worker"), ("schedule", "*/5 * * * *", "Worker")]


def test_transposed_table():
    text = """
    |  | API | Worker |
    |--|-----|--------|
    | Replicas | 3 | 2 |
    | CPU request | 250m | 100m |
    """
    got = fields(claims_of(text), "replicas", "cpu-request")
    assert got == [("replicas", "3", "API"), ("replicas", "2", "Worker"), ("cpu-request", "250m", "API"),
                   ("cpu-request", "100m", "Worker")]


def test_helm_values_table():
    text = """
    ## Helm values

    | Parameter | Description | Default |
    |-----------|-------------|---------|
    | `api.replicas` | API replica count | `3` |
    | `web.service.nodePort` | Node port | `30080` |
    | `image.tag` | Tag | `""` |
    """
    claims = claims_of(text)
    keys = [(c.value, c.extra.get("value")) for c in claims if c.field == "values-key"]
    assert keys == [("api.replicas", "3"), ("web.service.nodePort", "30080"), ("image.tag", "")]
    derived = fields([c for c in claims if c.extra.get("derived")])
    assert derived == [("replicas", "3", "api"), ("node-port", "30080", "web")]


def test_probe_table():
    text = """
    ## Probes

    | Component | Probe | Type | Target | Initial delay | Period |
    |-----------|-------|------|--------|---------------|--------|
    | api | liveness | httpGet | `/healthz` on `http` | 30s | 10s |
    | worker | liveness | exec | `worker healthcheck` | — | 30 |
    """
    got = fields(claims_of(text))
    assert ("probe.liveness.type", "httpGet", "api") in got
    assert ("probe.liveness.path", "/healthz", "api") in got
    assert ("probe.liveness.port", "http", "api") in got
    assert ("probe.liveness.initialDelaySeconds", "30", "api") in got
    assert ("probe.liveness.periodSeconds", "10", "api") in got
    assert ("probe.liveness.command", "worker healthcheck", "worker") in got
    assert not [f for f in got if f[0] == "make-target"]


def test_env_table_with_sources_and_values():
    text = """
    ## Configuration

    Settings come from the ConfigMap `api-config`.

    | Env var | Source | Key |
    |---------|--------|-----|
    | `DATABASE_URL` | Secret `db-credentials` | `url` |
    | `LOG_LEVEL` | ConfigMap `api-config` | `log-level` |

    | Variable | Default |
    |----------|---------|
    | `LOG_LEVEL` | `info` |
    """
    claims = claims_of(text)
    got = fields(claims, "env", "secret", "configmap", "secret-key", "configmap-key", "configmap-value")
    assert ("env", "DATABASE_URL", None) in got
    assert ("secret", "db-credentials", None) in got
    assert ("secret-key", "url", None) in got
    assert ("configmap-key", "log-level", None) in got
    cv = next(c for c in claims if c.field == "configmap-value")
    assert (cv.value, cv.extra["key"], cv.extra["configmap"]) == ("info", "LOG_LEVEL", "api-config")


def test_object_name_column_is_the_subject():
    text = """
    | Component | Object name | Replicas |
    |-----------|-------------|----------|
    | Web frontend | `shop-web` | 2 |
    """
    (c,) = [c for c in claims_of(text) if c.field == "replicas"]
    assert (c.subject, c.extra["component"]) == ("shop-web", "Web frontend")


def test_storage_table_and_defaults():
    text = """
    ## Storage

    | Claim | Size | Storage class | Access mode |
    |-------|------|---------------|-------------|
    | data-db-0 | 20Gi | cluster default | RWO |
    """
    got = fields(claims_of(text), "storage-size", "storage-class", "access-mode")
    assert got == [("storage-size", "20Gi", "data-db-0"), ("access-mode", "ReadWriteOnce", "data-db-0")]


def test_description_cells_are_scanned_but_step_numbers_are_not():
    text = """
    | Step | What | Notes |
    |------|------|-------|
    | 1 | Install | takes 3 minutes |
    | 2 | Deploy | the API then runs 3 replicas |
    """
    got = fields(claims_of(text), "replicas")
    assert got == [("replicas", "3", "API")]


def test_commands_in_table_cells():
    text = """
    | Target | What it does |
    |--------|--------------|
    | `make deploy` | Installs the chart with `helm upgrade --install shop charts/shop` |
    """
    got = fields(claims_of(text), "make-target", "release", "path")
    assert ("make-target", "deploy", None) in got
    assert ("release", "shop", None) in got
    assert ("path", "charts/shop", None) in got


def test_bitnami_style_values_table():
    text = """
    ### Common parameters

    | Name           | Description                 | Value   |
    | -------------- | --------------------------- | ------- |
    | `replicaCount` | Number of replicas          | `1`     |
    | `image.tag`    | Image tag                   | `1.25`  |
    """
    keys = [(c.value, c.extra.get("value")) for c in claims_of(text) if c.field == "values-key"]
    assert keys == [("replicaCount", "1"), ("image.tag", "1.25")]


def test_per_environment_columns():
    text = """
    | Component | Replicas (dev) | Prod replicas | Port(s) |
    |-----------|----------------|---------------|---------|
    | api | 1 | 3 | 8080, 9090 |
    """
    claims = [c for c in claims_of(text) if c.field in ("replicas", "container-port")]
    got = [(c.field, c.value, c.extra.get("overlay")) for c in claims]
    assert got == [("replicas", "1", "dev"), ("replicas", "3", "prod"), ("container-port", "8080", None),
                   ("container-port", "9090", None)]


def test_transposed_environment_table():
    text = """
    ## API

    | Setting | dev | prod |
    |---------|-----|------|
    | Replicas | 1 | 6 |
    """
    got = [(c.value, c.subject, c.extra.get("overlay")) for c in claims_of(text) if c.field == "replicas"]
    assert got == [("1", "API", "dev"), ("6", "API", "prod")]
