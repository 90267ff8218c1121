#!/usr/bin/env python3
"""Generate a synthetic Kubernetes repository for benchmarking `k8sfix facts`.

    python bench/gen_repo.py OUT --files 2000 [--seed 7]

Deterministic for a given seed: `--files` manifest files of about five objects each (Deployment,
Service, ConfigMap, HPA, PDB...), a few Kustomize bases with overlays over some of them, one
Helm chart, a Makefile and a deploy script.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
    tier: {tier}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{team}/{name}:{tag}
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: {port}
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              valueFrom:
                configMapKeyRef:
                  name: {name}-config
                  key: db_host
          resources:
            requests:
              cpu: {cpu}m
              memory: {mem}Mi
            limits:
              cpu: {cpu2}m
              memory: {mem2}Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 15
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  type: {svc_type}
  selector:
    app: {name}
  ports:
    - name: http
      port: 80
      targetPort: {port}
"""
CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
data:
  db_host: db.{team}.svc
  feature_flags: "a,b,c"
  settings.yaml: |
    cache: true
    ttl: {ttl}
"""
HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {name}
  minReplicas: {replicas}
  maxReplicas: {maxr}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
"""
PDB = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {name}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: {name}
"""
SERVICE_ACCOUNT = """apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
  labels:
    app: {name}
"""
SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: {name}-secret
type: Opaque
stringData:
  password: bench-not-a-secret-{n}
"""

CHART_YAML = "apiVersion: v2\nname: benchapp\nversion: 0.1.0\nappVersion: \"1.0.0\"\n"
CHART_VALUES = """replicaCount: 2
image:
  repository: registry.example.com/bench/app
  tag: "1.0.0"
service:
  type: ClusterIP
  port: 80
resources:
  requests:
    cpu: 100m
    memory: 128Mi
"""
CHART_DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-app
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"""
CHART_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-app
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
  selector:
    app: {{ .Release.Name }}
"""
MAKEFILE = """CHART := deploy/chart
NS ?= bench
.PHONY: deploy deploy-prod up

up: ## Start minikube
\tminikube start --cpus=4 --memory=8g

deploy: ## Install the chart
\thelm upgrade --install benchapp $(CHART) -n $(NS) --create-namespace

deploy-prod: ## Install with prod values
\thelm upgrade --install benchapp $(CHART) -n prod -f $(CHART)/values-prod.yaml --set replicaCount=4
"""
SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
minikube start
eval $(minikube docker-env)
kubectl apply -k k8s/overlays/prod-0
echo "$(minikube ip) bench.local" | sudo tee -a /etc/hosts
"""


def generate(out: Path, files: int, seed: int = 7, kustomize_bases: int = 4, per_base: int = 10) -> int:
    """Write the repository; return the number of Kubernetes objects in plain manifest files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    objects = 0
    teams = ["core", "pay", "search", "growth", "infra", "data", "edge", "ml"]
    base_files: dict[int, list[str]] = {b: [] for b in range(kustomize_bases)}
    for i in range(files):
        team = teams[i % len(teams)]
        name = f"{team}-svc-{i:04d}"
        params = dict(
            name=name, team=team, tier=rng.choice(["web", "api", "worker"]), replicas=rng.randint(1, 5),
            tag=f"{rng.randint(1, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}", port=rng.choice([8080, 8000, 3000]),
            cpu=rng.choice([50, 100, 250]), mem=rng.choice([64, 128, 256]), cpu2=rng.choice([500, 1000]),
            mem2=rng.choice([512, 1024]), svc_type=rng.choice(["ClusterIP", "ClusterIP", "NodePort"]),
            ttl=rng.randint(10, 600), maxr=rng.randint(6, 12), n=i,
        )
        parts = [DEPLOY, SERVICE, CONFIGMAP, SERVICE_ACCOUNT]
        if i % 4 != 0:
            parts.append(HPA)
        if i % 3 == 0:
            parts.append(PDB)
        if i % 50 == 0:
            parts.append(SECRET)
        objects += len(parts)
        base = i % kustomize_bases
        in_kustomize = len(base_files[base]) < per_base
        rel = (f"k8s/base-{base}/{name}.yaml" if in_kustomize else f"manifests/{team}/{name}.yaml")
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n".join(p.format(**params) for p in parts))
        if in_kustomize:
            base_files[base].append(f"{name}.yaml")
    for base, names in base_files.items():
        (out / f"k8s/base-{base}/kustomization.yaml").write_text(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
            + "".join(f"  - {n}\n" for n in names))
        overlay = out / f"k8s/overlays/prod-{base}"
        overlay.mkdir(parents=True, exist_ok=True)
        (overlay / "kustomization.yaml").write_text(
            f"namespace: prod-{base}\nnamePrefix: prod-\nresources:\n  - ../../base-{base}\n"
            "commonLabels:\n  env: prod\n")
    chart = out / "deploy/chart"
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text(CHART_YAML)
    (chart / "values.yaml").write_text(CHART_VALUES)
    (chart / "values-prod.yaml").write_text("replicaCount: 4\nservice:\n  type: NodePort\n")
    (chart / "templates/deployment.yaml").write_text(CHART_DEPLOY)
    (chart / "templates/service.yaml").write_text(CHART_SERVICE)
    (out / "Makefile").write_text(MAKEFILE)
    (out / "scripts").mkdir(exist_ok=True)
    (out / "scripts/deploy.sh").write_text(SCRIPT)
    return objects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    n = generate(args.out, args.files, args.seed)
    print(f"wrote {args.files} manifest files with {n} objects to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
