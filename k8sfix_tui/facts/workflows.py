"""CI workflows: GitHub Actions (`.github/workflows/*.yml`) and GitLab CI (`.gitlab-ci.yml`).

Each workflow becomes a `Workflow` with jobs and steps (with lines); the commands inside every
`run:` block (GitLab: `script`/`before_script`/`after_script` lines) are read with the shell
reader, context `workflow:<file>/<job>/<step>`, each at its own line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import HostsEntry, Location, ShellCommand, SourceError, Workflow, WorkflowJob, WorkflowStep
from .shell import scan_shell
from .yamlio import load_one

_GITLAB_RESERVED = frozenset({"stages", "variables", "image", "services", "before_script", "after_script", "cache",
                              "include", "default", "workflow", "pages"})


@dataclass
class WorkflowScan:
    workflow: Workflow | None = None
    commands: list[ShellCommand] = field(default_factory=list)
    hosts: list[HostsEntry] = field(default_factory=list)
    cwd: dict[int, str] = field(default_factory=dict)
    step_of: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(command) -> (workflow file, step name)
    errors: list[SourceError] = field(default_factory=list)


def _run_first_line(lines: list[str], key_line: int) -> int:
    """Line where a `run:` value's text starts (block scalars start on the next line)."""
    if 0 < key_line <= len(lines):
        after = lines[key_line - 1].strip()
        if after.startswith("- "):
            after = after[2:].strip()
        if ":" in after and after[:1] not in ("|", ">"):
            after = after.split(":", 1)[1].strip()
        if after[:1] in ("|", ">"):
            return key_line + 1
    return key_line


def _triggers(on: Any) -> list[str]:
    if isinstance(on, str):
        return [on]
    if isinstance(on, list):
        return [str(x) for x in on]
    if isinstance(on, dict):
        return [str(k) for k in on]
    return []


def parse_workflow(text: str, path: str) -> WorkflowScan:
    """Parse one workflow file (GitHub Actions or GitLab CI)."""
    scan = WorkflowScan()
    doc, errors = load_one(text, path)
    scan.errors.extend(errors)
    if doc is None or not isinstance(doc.data, dict):
        if doc is not None:
            scan.errors.append(SourceError(Location(path, doc.line), "workflow is not a mapping"))
        return scan
    lines = text.splitlines()
    if os.path.basename(path).startswith(".gitlab-ci"):
        _gitlab(doc.data, doc.field_lines, lines, path, scan)
    else:
        _github(doc.data, doc.field_lines, lines, path, scan)
    return scan


_EXPR_RX = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def substitute_expressions(text: str, env: dict[str, str]) -> str:
    """`${{ env.NAME }}` -> its static value when known; other expressions become one word."""

    def sub(m: re.Match[str]) -> str:
        expr = m.group(1)
        if expr.startswith("env.") and expr[4:] in env and "${{" not in env[expr[4:]]:
            return env[expr[4:]]
        return "${{" + expr.replace(" ", "") + "}}"

    return _EXPR_RX.sub(sub, text)


def _env_of(*scopes: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for scope in scopes:
        if isinstance(scope, dict) and isinstance(scope.get("env"), dict):
            out.update({str(k): str(v) for k, v in scope["env"].items() if not isinstance(v, (dict, list))})
    return out


def _scan_run(scan: WorkflowScan, run: str, path: str, context: str, first_line: int, cwd: str,
              wf_file: str, step_name: str, env: dict[str, str] | None = None) -> None:
    if "${{" in run:
        run = substitute_expressions(run, env or {})
    if "${{" in cwd:
        cwd = substitute_expressions(cwd, env or {})
    res = scan_shell(run, path, context, first_line=first_line, cwd=cwd, env=dict(env or {}))
    scan.commands.extend(res.commands)
    scan.hosts.extend(res.hosts)
    scan.cwd.update(res.cwd)
    for c in res.commands:
        scan.step_of[id(c)] = (wf_file, step_name)


def _github(data: dict[str, Any], fl: dict[str, int], lines: list[str], path: str, scan: WorkflowScan) -> None:
    wf_file = os.path.basename(path)
    on = data.get("on", data.get(True))
    defaults = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
    wf_cwd = ((defaults.get("run") or {}).get("working-directory") if isinstance(defaults.get("run"), dict) else None) or "."
    jobs_out: list[WorkflowJob] = []
    jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    for job_id, job in jobs.items():
        if not isinstance(job, dict):
            continue
        jprefix = f"jobs.{job_id}"
        job_cwd = wf_cwd
        jd = job.get("defaults")
        if isinstance(jd, dict) and isinstance(jd.get("run"), dict) and jd["run"].get("working-directory"):
            job_cwd = str(jd["run"]["working-directory"])
        steps_out: list[WorkflowStep] = []
        steps = job.get("steps") if isinstance(job.get("steps"), list) else []
        for i, step in enumerate(steps):
            if not isinstance(step, dict):
                continue
            sprefix = f"{jprefix}.steps[{i}]"
            sline = fl.get(sprefix, 0)
            run = step.get("run")
            name = step.get("name")
            uses = step.get("uses")
            ws = WorkflowStep(str(name) if name is not None else None, str(run) if run is not None else None,
                              str(uses) if uses is not None else None, Location(path, sline))
            steps_out.append(ws)
            if isinstance(run, str):
                step_name = ws.name or ws.uses or f"step {i + 1}"
                cwd = str(step.get("working-directory") or job_cwd)
                first = _run_first_line(lines, fl.get(f"{sprefix}.run", sline))
                _scan_run(scan, run, path, f"workflow:{wf_file}/{job_id}/{step_name}", first, cwd, wf_file, step_name,
                          _env_of(data, job, step))
        name = job.get("name")
        jobs_out.append(WorkflowJob(str(job_id), str(name) if name is not None else None, steps_out,
                                    Location(path, fl.get(jprefix, 0))))
    name = data.get("name")
    scan.workflow = Workflow(path, str(name) if name is not None else None, _triggers(on), jobs_out,
                             Location(path, 1))


def _gitlab(data: dict[str, Any], fl: dict[str, int], lines: list[str], path: str, scan: WorkflowScan) -> None:
    wf_file = os.path.basename(path)
    jobs_out: list[WorkflowJob] = []
    for job_id, job in data.items():
        if not isinstance(job, dict) or str(job_id) in _GITLAB_RESERVED or str(job_id).startswith("."):
            continue
        if not any(k in job for k in ("script", "trigger", "extends")):
            continue
        steps_out: list[WorkflowStep] = []
        for section in ("before_script", "script", "after_script"):
            items = job.get(section)
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                key = f"{job_id}.{section}[{i}]"
                line = fl.get(key, fl.get(f"{job_id}.{section}", 0))
                steps_out.append(WorkflowStep(section, item, None, Location(path, line)))
                first = _run_first_line(lines, line)
                _scan_run(scan, item, path, f"workflow:{wf_file}/{job_id}/{section}", first, ".", wf_file, str(job_id),
                          {k: str(v) for k, v in {**(data.get("variables") if isinstance(data.get("variables"), dict) else {}),
                                                  **(job.get("variables") if isinstance(job.get("variables"), dict) else {})}.items()})
        jobs_out.append(WorkflowJob(str(job_id), None, steps_out, Location(path, fl.get(str(job_id), 0))))
    scan.workflow = Workflow(path, None, ["push"], jobs_out, Location(path, 1))
