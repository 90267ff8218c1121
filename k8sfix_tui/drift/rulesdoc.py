"""The rules reference (`docs/rules.md`) and the SARIF rule help, built from the code's registries.

- `rule_docs() -> list[RuleDoc]`: every drift rule (`drift.rules.RULES`, docstring = documentation) and
  every pitfall name (`pitfalls.rules.DOCS`, with its consequence from `pitfalls.sections.SYMPTOMS`);
- `rule_doc(rule_id) -> RuleDoc | None`; `anchor(rule_id)`: the heading anchor in docs/rules.md
  (`value-mismatch`, `pitfall-image-latest`), GitHub's slug of the heading text;
- `markdown() -> str`: the whole reference (rules, the 13 areas, the generated sections, waivers and
  severity). `scripts/rules_doc.py` writes it to `docs/rules.md`; a test fails when the file is stale.

Nothing here imports textual or rich.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from ..model import AREAS, RULES as DRIFT_RULE_IDS

DOC_PATH = "docs/rules.md"

# how `k8sfix fix` resolves each drift rule (one entry per model.RULES id; a test keeps them in step)
FIX_HELP: dict[str, str] = {
    "value-mismatch": "`k8sfix fix` replaces the value in place (a replica count in a sentence, an image tag, a "
                      "`--set` key) or replaces a quoted YAML object with a trimmed excerpt of the real one; a "
                      "stale generated section is regenerated.",
    "phantom-resource": "`k8sfix fix` removes the sentence, list item or short section about the invented object, "
                        "or rewrites it as a short \"not part of this deployment\" note; the fix says which.",
    "undocumented-resource": "`k8sfix fix` adds the workload to the document's workload/resources tables or inserts "
                             "a generated section listing it.",
    "wrong-path": "`k8sfix fix` replaces the path with the closest real one (same name elsewhere, or the sibling "
                  "sharing the longest name); with no clear candidate the finding stays for a human.",
    "wrong-command": "`k8sfix fix` rewrites the command with the repository's real release, chart path, namespace, "
                     "make target or script.",
    "placeholder": "`k8sfix fix` replaces a placeholder with the real value when the repository has one; a "
                   "Troubleshooting/Rollout/Monitoring section of generic advice is regenerated from the repository "
                   "(its specific hand-written notes are kept below the generated block).",
    "invalid-snippet": "`k8sfix fix` replaces the block with a trimmed excerpt of the real object when it describes "
                       "one; otherwise correct the block by hand.",
    "source-error": "Not a document problem: fix the repository file named in the finding (it does not parse or "
                    "render); the other checks skip what it would have provided.",
    "missing-topic": "`k8sfix fix` inserts a generated section (wrapped in `k8sfix:begin/end` markers) in the "
                     "section about the topic, or as a new section in the document's heading style.",
}

# one line per area of model.AREAS (a test keeps them in step)
AREA_HELP: dict[str, str] = {
    "structure": "The document itself: placeholders, invented components, broken snippets, the chart tree",
    "workloads": "Deployments, StatefulSets, DaemonSets, Jobs and CronJobs: names, replicas, images, ports",
    "exposure": "Services and Ingresses: types, ports, nodePorts, hosts, TLS",
    "storage": "PersistentVolumeClaims and volumeClaimTemplates: size, access modes, storage class",
    "config": "ConfigMaps and Secrets: names and keys (never values), env references",
    "resources": "CPU/memory requests and limits per container",
    "autoscaling": "HorizontalPodAutoscalers and PodDisruptionBudgets",
    "probes": "liveness, readiness and startup probes: paths, ports, timings",
    "networking": "NetworkPolicies",
    "helm": "charts: metadata, dependencies, values keys, templates, `helm` commands",
    "minikube": "the local minikube workflow: start flags, addons, hosts entries, URLs",
    "automation": "Makefile targets, scripts, CI workflows and the deployment commands they run",
    "monitoring": "ServiceMonitors, PodMonitors, scrape annotations, exporters, log shippers",
}

# one line per generated section of fixes.content.GENERATORS (a test keeps them in step)
SECTION_HELP: dict[str, str] = {
    "workloads": "one row per workload: kind, replicas (and the values key behind them), image, ports",
    "resources": "requests and limits per container",
    "exposure": "Services (type, ports, nodePorts) and Ingresses (class, hosts, paths, TLS)",
    "storage": "claims with size, access modes, storage class and the template that creates them",
    "probes": "each probe's type, target (path/port/command) and timings",
    "config": "ConfigMaps and Secrets by name and keys (never values) and who uses them",
    "autoscaling": "HPAs and PDBs, or an honest \"none is defined; replicas are fixed at N\"",
    "network-policies": "each NetworkPolicy's pods, policy types and allowed peers",
    "monitoring": "what collects metrics and logs, or a plain statement that nothing is configured",
    "chart": "the chart's file tree and metadata",
    "make-targets": "Makefile targets with their help text",
    "minikube": "the minikube workflow from the repository's own scripts and Makefile",
    "deploy-commands": "the `helm upgrade --install` / `kubectl apply` lines the repository itself runs",
    "troubleshooting": "real inspection commands per workload (selector, namespace, port-forward, probe URL) and "
                       "one entry per pitfall (symptom, cause, fix)",
    "rollout": "update strategy per workload, history/rollback commands with the real release and namespace, what "
               "CI does when a rollout fails",
}

WAIVE_DRIFT = ("Waive one finding with an HTML comment on its line or alone on the line above (a comment alone "
               "above a code block or table covers the whole block): `<!-- k8sfix: ignore {id} -- reason -->`. "
               "Change the rule's level for the whole repository under `[tool.k8sfix]` (`.k8sfix.toml` or "
               "`pyproject.toml`): `severity = {{ \"{id}\" = \"warning\" }}` (error, warning, info or off).")
WAIVE_PITFALL = ("Pitfalls are reported apart from the findings (`pitfalls[]` in JSON) and never change the exit "
                 "code of `k8sfix check`; there is no per-pitfall waiver. The generated Troubleshooting section "
                 "lists each one with its symptom, cause and fix.")


@dataclass(frozen=True)
class RuleDoc:
    """Documentation of one rule id as SARIF and docs/rules.md show it."""

    id: str
    kind: str  # "drift" or "pitfall"
    summary: str  # one sentence
    severity: str  # default severity ("varies" for pitfalls)
    body: str  # the rest of the rule's docstring (Markdown)
    consequence: str | None
    fix: str
    waive: str

    @property
    def anchor(self) -> str:
        return anchor(self.id)

    @property
    def help_text(self) -> str:
        """Short plain-text help for SARIF viewers without the URL."""
        parts = [self.summary]
        if self.consequence:
            parts.append(f"Consequence: {self.consequence}.")
        parts += [f"Fix: {_plain(self.fix)}", f"Waive: {_plain(self.waive)}"]
        return " ".join(parts)

    def help_markdown(self, uri: str | None = None) -> str:
        """Short Markdown help for SARIF viewers; links the full entry when `uri` is given."""
        lines = [self.summary, ""]
        if self.consequence:
            lines += [f"**Consequence:** {self.consequence}.", ""]
        lines += [f"**Fix:** {self.fix}", "", f"**Waive:** {self.waive}"]
        if uri:
            lines += ["", f"[Full description and examples]({uri})"]
        return "\n".join(lines)


def anchor(rule_id: str) -> str:
    """Heading anchor of `rule_id` in docs/rules.md: `pitfall:image-latest` -> `pitfall-image-latest`."""
    return rule_id.replace(":", "-").lower()


def _plain(markdown: str) -> str:
    return markdown.replace("`", "")


def _split(doc: str) -> tuple[str, str]:
    """(summary after 'id:' of the first paragraph, the remaining paragraphs dedented) of a rule docstring."""
    paragraphs = textwrap.dedent((doc or "").strip("\n")).strip().split("\n\n", 1)
    first = " ".join(paragraphs[0].split())
    rest = textwrap.dedent(paragraphs[1]).strip() if len(paragraphs) > 1 else ""
    summary = first.split(": ", 1)[1] if ": " in first else first
    return (summary[:1].upper() + summary[1:]), rest


@lru_cache(maxsize=1)
def rule_docs() -> tuple[RuleDoc, ...]:
    """Every drift rule (registry order) then every pitfall name (sorted)."""
    from ..pitfalls.rules import DOCS
    from ..pitfalls.sections import SYMPTOMS
    from .rules import RULES

    out: list[RuleDoc] = []
    for mod in RULES:
        summary, body = _split(mod.__doc__ or mod.ID)
        out.append(RuleDoc(mod.ID, "drift", summary, getattr(mod, "SEVERITY", "warning"), body, None,
                           FIX_HELP.get(mod.ID, "Correct the document by hand."), WAIVE_DRIFT.format(id=mod.ID)))
    for name in sorted(DOCS):
        summary, body = _split(DOCS[name])
        out.append(RuleDoc(f"pitfall:{name}", "pitfall", summary, "varies", body, SYMPTOMS.get(name),
                           "Change the manifest, chart or values file named in the evidence (see the examples).",
                           WAIVE_PITFALL))
    return tuple(out)


def rule_doc(rule_id: str) -> RuleDoc | None:
    return next((r for r in rule_docs() if r.id == rule_id), None)


def _demote(body: str) -> str:
    """Docstring text as Markdown inside a level-3 entry (indented examples stay code blocks)."""
    return body.replace("\nSeverity: ", "\n**Severity:** ") if body else ""


def markdown() -> str:
    """The whole rules reference, deterministic (see module doc)."""
    from ..fixes.content import AREA_SECTIONS, GENERATORS, TITLES
    from .rules.missing_topic import KEYWORDS

    docs = rule_docs()
    out = [
        "# k8sfix rules reference",
        "",
        "<!-- generated by scripts/rules_doc.py from the rule registries; do not edit by hand -->",
        "",
        "Every finding k8sfix reports has a `rule`: one of the drift rules (the document disagrees with the "
        "repository) or `pitfall:<name>` (a problem in the repository's own manifests). Findings also carry one "
        "of the 13 [areas](#areas). SARIF output links each rule to its entry below (`helpUri`).",
        "",
        "- [Drift rules](#drift-rules): " + ", ".join(f"[{r.id}](#{r.anchor})" for r in docs if r.kind == "drift"),
        "- [Pitfalls](#pitfalls): " + ", ".join(f"[{r.id.split(':', 1)[1]}](#{r.anchor})"
                                                for r in docs if r.kind == "pitfall"),
        "- [Areas](#areas), [Generated sections](#generated-sections), [Waivers and severity](#waivers-and-severity)",
        "",
        "## Drift rules",
        "",
        "Reported in `findings[]`; a finding at or above `--fail-on` (default `error`) makes `k8sfix check` exit 1.",
        "",
    ]
    for r in docs:
        if r.kind != "drift":
            continue
        out += [f"### {r.id}", "", r.summary, ""]
        if "Severity:" not in r.body:
            out += [f"**Severity:** {r.severity}.", ""]
        if r.body:
            out += [_demote(r.body), ""]
        out += [f"**How to fix:** {r.fix}", "", f"**How to waive:** {r.waive}", ""]
    out += ["## Pitfalls", "",
            "Reported in `pitfalls[]` with `rule` = `pitfall:<name>`, evidence at `file:line` and a one-sentence "
            "consequence; the severity depends on the case (see each entry). " + WAIVE_PITFALL, ""]
    for r in docs:
        if r.kind != "pitfall":
            continue
        name = r.id.split(":", 1)[1]
        out += [f"### pitfall: {name}", "", f"Rule id `{r.id}`. {r.summary}", ""]
        if r.consequence:
            out += [f"**Consequence:** {r.consequence}.", ""]
        if r.body:
            out += [_demote(r.body), ""]
        out += [f"**How to fix:** {r.fix}", ""]
    out += ["## Areas", "",
            "Each finding belongs to one area; `k8sfix check` reports coverage per area, and `missing-topic` fires "
            "when the repository has something in an area that no document covers (no claim in it and none of its "
            "words).", ""]
    for area in AREAS:
        section = AREA_SECTIONS.get(area)
        out += [f"### area: {area}", "", AREA_HELP.get(area, "") + ".", ""]
        if area in KEYWORDS:
            out += [f"Covered when a document has a claim in the area or matches `{KEYWORDS[area]}`.", ""]
        if section:
            out += [f"Generated section: [{section}](#section-{section}).", ""]
    out += ["## Generated sections", "",
            "Fixes insert these sections between `<!-- k8sfix:begin NAME sha256=XXXXXXXX -->` and "
            "`<!-- k8sfix:end NAME -->`. A later run regenerates a section whose content no longer matches the "
            "repository (`value-mismatch`, field `generated-section`), replacing only the text between the markers; when the "
            "checksum shows a hand edit, the fix says so and `--accept all` leaves it out (accept it by id). A "
            "regenerated Troubleshooting, Rollout or Monitoring section written by hand keeps its specific notes "
            "below the end marker.",
            ""]
    for name in GENERATORS:
        out += [f"### section: {name}", "", f"Title \"{TITLES.get(name, name)}\": {SECTION_HELP.get(name, '')}.", ""]
    out += ["## Waivers and severity", "",
            "- One finding: `<!-- k8sfix: ignore RULE[, RULE...] -- reason -->` on the finding's line, or alone on "
            "the line above it (alone above a code block or table it covers the whole block). Waived findings stay "
            "in the JSON with `\"waived\": true` and do not count for the exit code.",
            "- A whole rule: `severity = { RULE = \"error\" | \"warning\" | \"info\" | \"off\" }` under "
            "`[tool.k8sfix]` in `.k8sfix.toml` or `pyproject.toml`, for the drift rules above.",
            "- Pitfalls: not waivable; they never change the exit code.",
            ""]
    return "\n".join(out)


__all__ = ["RuleDoc", "rule_docs", "rule_doc", "anchor", "markdown", "DOC_PATH", "FIX_HELP", "AREA_HELP",
           "SECTION_HELP", "DRIFT_RULE_IDS"]
