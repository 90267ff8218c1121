"""Claims in sentences and list items: "the API runs 3 replicas", "listens on port 8080",
"requests 250m CPU and 512Mi memory", "liveness probe hits /healthz every 10 seconds", "HPA scales
between 2 and 10 replicas at 70% CPU", "namespace `larkspur`", paths in backticks...

`scan(text, area_hint)` is the value recogniser (also used by mermaid labels and key/value list
items); `extract(document)` walks every paragraph, list item, blockquote and heading, splits
sentences, finds each sentence's subject and maps value offsets back to exact line columns.
Every pattern is anchored on a keyword, so bare numbers (step numbers, dates, "3 steps") never
become claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...model import Claim
from ..markdown import Document, Paragraph
from .common import (
    ACCESS_MODES,
    SERVICE_TYPES,
    area_for,
    canonical_kind,
    heading_area,
    in_history,
    is_memory,
    label_field,
    looks_like_path,
    new_claim,
    section_subject,
    section_titles,
)


@dataclass
class Hit:
    """One value found in a piece of text: offsets are relative to that text."""

    field: str
    value: Any
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None
    weak_subject: str | None = None  # a fallback, e.g. the noun in "2 API replicas"


_I = re.IGNORECASE
_SEP = r"\s*(?:[:=]|\bis\b|\bof\b|\bto\b|\bat\b|\bset\s+to\b|\bdefaults?\s+to\b|\bequals?\b)?\s*[`*\"']*"
_NUM = r"(\d{1,6})"

# --- workloads -------------------------------------------------------------------------------
RE_REPLICAS_AFTER = re.compile(r"\b(\d{1,4})\s+(?:(?!(?:from|to|of|in|on|per|for|with|only|across|than|at|by|and|or|"
                               r"the|a|an|each|every|are|is|were|was|will)\b)[\w\-`]+\s+){0,2}?(?:replicas?|instances?|pods?|copies)\b", _I)
RE_REPLICAS_BEFORE = re.compile(r"\breplica(?:s|\s*count|count)?" + _SEP + _NUM + r"\b(?!\s*%)", _I)
RE_REPLICAS_SKIP = re.compile(
    r"(?:min(?:imum)?|max(?:imum)?|at\s+least|at\s+most|up\s+to|between|from|\d\s+and|\d\s+or|\d\s*to|\d\s*[-–]|"
    r"fewer\s+than|more\s+than|less\s+than|over|under|above|below|port|tcp|udp|every|last|first|past|next|"
    r"even\s+for|for\s+example|e\.g\.,?|i\.e\.,?|like|say)\s*(?:of\s*)?$", _I
)
_COUNT_ADJECTIVES = {"more", "additional", "extra", "identical", "total", "running", "ready", "healthy", "available",
                     "new", "old", "separate", "stateless", "stateful", "concurrent", "parallel", "active", "standby",
                     "the", "of", "all", "such", "api-server", "redundant", "independent", "replica", "worker-"}
_GATE = re.compile(r"\d|`|ReadWrite|ReadOnly|RWO|RWX|ROX|Rolling|Recreate|ClusterIP|NodePort|LoadBalancer|ExternalName|"
                   r"[Hh]eadless|rolling|overlay|https?://|\.\w|\bmake\s|namespace|add-?on|/", re.I)
RE_KIND_AS = re.compile(
    r"\b(?:as|is|via|using|in|uses|runs)\s+(?:an?\s+|the\s+)?(Deployment|StatefulSet|Stateful\s?Set|DaemonSet|"
    r"Daemon\s?Set|CronJob|Cron\s?Job|Job)\b"
)
RE_KIND_PAREN = re.compile(r"\((?:an?\s+)?(Deployment|StatefulSet|DaemonSet|CronJob)\b[^()]{0,40}\)")
RE_KIND_NAMED = re.compile(
    r"`([\w.\-]+)`\s+(Deployment|StatefulSet|DaemonSet|CronJob|Job)\b|\b(Deployment|StatefulSet|DaemonSet|CronJob|Job)"
    r"\s+(?:named\s+|called\s+)?`([\w.\-]+)`"
)
RE_IMAGE_KW = re.compile(r"\bimages?\b(?:\s+(?:is|tag|ref(?:erence)?|name|to|from|of|:|=|uses?|set\s+to))*\s*`([^`\s]+)`", _I)
RE_IMAGE_BARE = re.compile(
    r"(?<![\w./-])image\b\s*(?:is\s+|:\s*|=\s*)?((?:[a-z0-9.\-]+(?::\d+)?/)+[a-z0-9._\-]+(?::[\w.\-]+)?(?:@sha256:[a-f0-9]+)?)"
    r"(?![\w.\-/:@])(?<!\.png)(?<!\.jpg)(?<!\.jpeg)(?<!\.gif)(?<!\.svg)(?<!\.webp)", _I
)
RE_IMAGE_TICK = re.compile(r"`((?:[a-z0-9.\-]+(?::\d+)?/)*[a-z0-9._\-]+:[\w.\-]*[a-zA-Z][\w.\-]*|"
                           r"(?:[a-z0-9.\-]+(?::\d+)?/)+[a-z0-9._\-]+:[\w.\-]+|"
                           r"[a-z][a-z0-9._\-]*:v?\d+\.\d+[\w.\-]*)`")  # `nginx:1.25`, `postgres:16.2-alpine`
RE_IMAGE_COLON = re.compile(r"\bimage:\s*[\"']?([a-z0-9][\w.\-]*(?::\d+(?=/))?(?:/[\w.\-]+)*(?::[\w.\-]+)?(?:@sha256:[a-f0-9]+)?)")
# `k8s/web.yaml:18`, `Makefile:12`: a source reference (file:line[:col]), never an image name:tag
RE_FILE_LINE = re.compile(r"(?:\.(?:ya?ml|json|sh|bash|md|txt|py|tpl|toml|ini|conf|cfg|env|go|js|ts|mk|j2|tf|hcl|gotmpl|"
                          r"lock|xml|properties)|(?:^|/)(?:Makefile|Dockerfile|Containerfile|Jenkinsfile|Tiltfile|"
                          r"Chart\.lock|[\w.\-]*\.Dockerfile))(?::\d+){1,2}$", _I)
RE_TAG = re.compile(r"\b(?:image\s+)?tag" + _SEP + r"(v?\d(?:[\w.\-+]*[\w])?|[a-z][\w.\-]*\d(?:[\w.\-]*[\w])?)", _I)
RE_STRATEGY = re.compile(r"\b(RollingUpdate|Recreate)\b|\b(rolling[\s\-]update)s?\b", _I)
RE_SCHEDULE = re.compile(r"\bschedule:\s*[\"']([^\"'`]+)[\"']|\bschedule[ds]?\b[^`]{0,20}`([^`]+)`|`((?:[\d*/,\-]+|@\w+)(?:\s+[\d*/,\-A-Za-z?]+){4})`", _I)

# --- exposure --------------------------------------------------------------------------------
RE_PORT = re.compile(
    r"\b(node\s*-?ports?|target\s*-?ports?|container\s*-?ports?|service\s*ports?|ports?)\b"
    r"(?:\s*(?:number|[:=]|\bof\b|\bis\b|\bon\b|\bto\b|\bset\s+to\b))?\s*[`*]?:?(\d{2,5})\b(?!\.\d|/\d)",
    _I,
)
RE_LISTEN = re.compile(r"\b(?:listens?|listening|serves?|serving|binds?|runs?|available|reachable|exposed?|exposes)\s+"
                       r"(?:\w+\s+){0,3}?on\s+(?:port\s+)?[`*]?:(\d{2,5})\b|\blistens?\s+on\s+[`*]?(\d{2,5})\b", _I)
RE_PORT_PAREN = re.compile(r"\b(?:port\s+)?`?(\d{2,5})`?\s*\((NodePort|nodePort|node\s*port)\)")
RE_SVC_TYPE = re.compile(
    r"\b(ClusterIP|NodePort|LoadBalancer|ExternalName)\b(?=\s*`?\s*(?:-?\s*type\s+)?[Ss]ervices?\b)"
    r"|\b(?:type|exposed\s+(?:via|as|through|using|with)(?:\s+an?)?|as\s+an?|via\s+an?|of\s+type)\s*[:=]?\s*`?"
    r"(ClusterIP|NodePort|LoadBalancer|ExternalName)\b"
    r"|\b([Hh]eadless)\s+[Ss]ervice\b"
)
RE_HOST_URL = re.compile(r"\bhttps?://([a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)+)(?::\d+)?(/[^\s`)\]>\"']*)?", _I)
_TLDS = r"(?:local|localhost|com|org|net|io|dev|internal|test|example|cloud|app|ai|co|lan|home|corp|xyz|info|me|tech|site|nip\.io|sslip\.io)"
RE_HOST_TICK = re.compile(r"`((?:\*\.)?[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.(?!(?:ya?ml|json|sh|md|txt|py|tpl|toml|ini|conf|cfg|env|lock|tgz|gz|tar|zip|log|pem|crt|key|html|js|ts|go|rs|java|xml|sql|csv|svg|png|jpg|j2|mk|bash)`)[a-z]{2,24})`", _I)
RE_HOST_BARE = re.compile(
    r"(?<![\w@/.\-])((?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+" + _TLDS + r")\b(?![\w.\-/]*\.(?:ya?ml|json|sh|md))", _I
)
RE_HOST_CTX = re.compile(r"\b(?:ingress|hosts?|hostname|domain|reachable|available\s+at|served\s+(?:at|on|from)|"
                         r"exposed\s+(?:at|on)|points?\s+to|routes?\s+(?:to|for)|routed|/etc/hosts|dns|tls|certificate)\b"
                         r"|/etc/hosts", _I)
RE_INGRESS_PATH = re.compile(r"\b(?:ingress\s+)?path(?:\s+prefix)?\s*(?:[:=]|\bis\b|\bof\b)?\s*`(/[^`\s]*)`"
                             r"|\broutes?\s+`(/[^`\s]*)`|`(/[^`\s]*)`\s+(?:is\s+)?routed\b", _I)
RE_INGRESS_CLASS = re.compile(
    r"\bingress\s*-?class(?:\s*name|Name)?" + _SEP + r"([a-z][\w.\-]*)|`([\w.\-]+)`\s+ingress\s*class", _I
)
RE_TLS_SECRET = re.compile(r"\b(?:tls|certificate|cert)\s+secret(?:\s+(?:named|called|is))?\s*[:=]?\s*`([\w.\-]+)`|"
                           r"`([\w.\-]+)`\s+(?:tls|certificate)\s+secret", _I)

# --- resources -------------------------------------------------------------------------------
RE_CPU_Q = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?m?)\s*(?:of\s+)?`?\s*(?:v?cpus?|cores?|millicores?|millicpus?|cpu\s+units?)\b"
                      r"|\bcpu\b(?:\s+(?:requests?|limits?|request(?:ed)?|limited))?\s*(?:[:=]|\bof\b|\bis\b|\bto\b|\bat\b)?\s*`?"
                      r"(\d+(?:\.\d+)?m?)\b(?![%\w.])", _I)
RE_CPU_BARE = re.compile(r"(?<![\w.])(\d+m)\b")
RE_MEM_Q = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?\s?(?:[KMGTP]i|[KMGT]B|[KMGT]iB|[KMGTP](?=\s|$|[,.;)`])))(?![\w])")
RE_REQ_LIM = re.compile(r"\b(request(?:s|ed|ing)?|reserv\w*|guarantee\w*|limit(?:s|ed)?|caps?|capped|ceiling|max(?:imum)?|burst\w*)\b", _I)
RE_MEM_CTX = re.compile(r"\b(?:memory|mem|ram)\b", _I)
RE_STORAGE_CTX = re.compile(r"\b(?:volumes?|pvcs?|persistent\w*|storage|disk|claims?|capacity|data\s+directory|"
                            r"volumeClaimTemplates?)\b", _I)
RE_RANGE = re.compile(r"(\d+(?:\.\d+)?\s?(?:m|[KMGTP]i)?)\s*(?:/|–|—|-|to|\.\.)\s*(\d+(?:\.\d+)?\s?(?:m|[KMGTP]i)?)(?![\w])")

# --- autoscaling / pdb -----------------------------------------------------------------------
RE_HPA_CTX = re.compile(r"\b(?:hpa|autoscal\w*|horizontal\s*pod\s*autoscaler|horizontalpodautoscaler|scales?|scaling|"
                        r"min\s*replicas|max\s*replicas|minreplicas|maxreplicas)\b", _I)
RE_HPA_RANGE = re.compile(r"\bbetween\s+`?(\d{1,4})`?\s+and\s+`?(\d{1,4})`?|\bfrom\s+`?(\d{1,4})`?\s+(?:up\s+)?to\s+`?(\d{1,4})`?"
                          r"|(?<![\w.])(\d{1,4})\s*(?:-|–|—|\.\.)\s*(\d{1,4})\s+(?:replicas|pods|instances)", _I)
RE_HPA_MIN = re.compile(r"\bmin(?:imum)?(?:\s*(?:of|replicas?|replica\s+count)|Replicas)?`?\s*(?:[:=]|\bof\b|\bis\b)?\s*`?(\d{1,4})\b(?!\s*%)"
                        r"|\b(?:goes|drops?|scales?\s+(?:in|down))?\s*(?:below|under|fewer\s+than|less\s+than)\s+`?(\d{1,4})`?\s+(?:pods|replicas|instances)", _I)
RE_HPA_MAX = re.compile(r"\b(?:max(?:imum)?(?:\s*(?:of|replicas?|replica\s+count)|Replicas)?`?\s*(?:[:=]|\bof\b|\bis\b)?|up\s+to|"
                        r"(?:never|not)\s+(?:goes\s+|scales?\s+)?(?:above|beyond|past|exceeds?|more\s+than))\s*`?(\d{1,4})\b(?!\s*%)", _I)
RE_HPA_TARGET = re.compile(
    r"(\d{1,3})\s*%\s*(?:average\s+|avg\s+|of\s+)?(?:the\s+)?(cpu|memory)"
    r"|\b(cpu|memory)\b(?:\s+(?:utili[sz]ation|usage|load|target))*\s*(?:target\s+)?(?:of\s+|at\s+|above\s+|exceeds\s+|over\s+|reaches\s+|is\s+|:\s*|=\s*)?`?(\d{1,3})\s*%",
    _I,
)
RE_PDB_CTX = re.compile(r"\b(?:pdbs?|poddisruptionbudgets?|disruption|minavailable|maxunavailable|min\s*available|max\s*unavailable|unavailable|"
                        r"available\s+during|evict\w*|drain\w*)\b", _I)
RE_PDB_MIN = re.compile(r"\bmin\s*-?\s*available" + _SEP + r"(\d{1,4}%?)|\bat\s+least\s+`?(\d{1,4}%?)`?\s+(?:[\w\-]+\s+){0,2}?"
                        r"(?:pods?|replicas?|instances?|copies)?\s*(?:\w+\s+)?(?:stays?\s+|remains?\s+|are\s+|is\s+)?available", _I)
RE_PDB_MAX = re.compile(r"\bmax\s*-?\s*unavailable" + _SEP + r"(\d{1,4}%?)|\bat\s+most\s+`?(\d{1,4}%?)`?\s+(?:[\w\-]+\s+){0,2}?"
                        r"unavailable|(?<![\w.])(\d{1,4}%?)\s+(?:pods?\s+|replicas?\s+)?(?:can|may)\s+be\s+(?:unavailable|disrupted|evicted)", _I)

# --- probes ----------------------------------------------------------------------------------
RE_PROBE_KIND = re.compile(r"\b(liveness|readiness|startup)\b", _I)
RE_PROBE_CTX = re.compile(r"\b(?:probes?|health\s*checks?|healthcheck)\b", _I)
RE_PROBE_PATH = re.compile(r"(?:\b(?:hits?|at|on|path|GET|calls?|checks?|endpoint|queries|uses|polls?|requests?)\s+|`)"
                           r"(?:(?:the\s+)?(?:endpoint|path)\s+)?`?(/[\w\-./{}]*)`?", _I)
RE_PROBE_PERIOD = re.compile(r"\bevery\s+`?(\d{1,4})`?\s*(?:s|secs?|seconds?)\b|\bperiod(?:Seconds|\s+seconds)?" + _SEP + r"(\d{1,4})(?=s\b|\b)", _I)
RE_PROBE_DELAY = re.compile(
    r"\binitial(?:\s*-?\s*delay|DelaySeconds)(?:\s+seconds)?(?:\s+of)?\s*(?:[:=]|\bis\b)?\s*`?(\d{1,4})(?=s\b|\b)"
    r"|\b(?:after|waits?|wait)\s+(?:an?\s+initial\s+(?:delay\s+of\s+)?)?`?(\d{1,4})`?\s*(?:s|secs?|seconds?)\b"
    r"(?!\s+(?:timeout|of\s+(?:inactivity|failure)))(?=[^.]*\b(?:start|startup|boot|delay|before|initial|launch)|\s*$|[,.;)])"
    r"|(?<![\w.])(\d{1,4})\s*(?:s|-?seconds?)\s+(?:initial\s+delay|delay)", _I)
RE_PROBE_TIMEOUT = re.compile(r"\btimeout(?:Seconds|\s+seconds)?" + _SEP + r"(\d{1,4})(?=s\b|\b)|(?<![\w.])(\d{1,4})\s*(?:s|-?seconds?)\s+timeout", _I)
RE_PROBE_FAIL = re.compile(r"\bfailure\s*-?\s*threshold" + _SEP + r"(\d{1,3})\b|\bafter\s+`?(\d{1,3})`?\s+(?:consecutive\s+)?"
                           r"(?:failures|failed\s+(?:checks|attempts|probes)|attempts|tries|misses)", _I)
RE_PROBE_SUCC = re.compile(r"\bsuccess\s*-?\s*threshold" + _SEP + r"(\d{1,3})\b", _I)
RE_PROBE_TYPE = re.compile(r"\b(https?\s*GET|httpGet|HTTP|TCP(?:\s+socket)?|tcpSocket|exec|grpc|gRPC)\b")
RE_PROBE_CMD = re.compile(r"\b(?:runs?|executes?|exec(?:utes)?|command)\s+`([^`]+)`", _I)

# --- storage / config / structure --------------------------------------------------------------
RE_ACCESS = re.compile(r"\b(ReadWriteOncePod|ReadWriteOnce|ReadOnlyMany|ReadWriteMany|RWOP|RWO|RWX|ROX)\b")
RE_STORAGE_CLASS = re.compile(r"\bstorage\s*-?class(?:\s*name|Name)?(?:\s+(?:named|called))?" + _SEP + r"([a-z0-9][\w.\-]*)"
                              r"|`([\w.\-]+)`\s+storage\s*-?class", _I)
RE_CONFIGMAP = re.compile(r"\b(?:ConfigMap|config\s*map)s?\s+(?:named\s+|called\s+)?`([\w.\-]+)`|`([\w.\-]+)`\s+(?:ConfigMap|config\s*map)\b", _I)
RE_SECRET = re.compile(r"\b[Ss]ecrets?\s+(?:named\s+|called\s+|object\s+)?`([\w.\-]+)`|`([\w.\-]+)`\s+[Ss]ecret\b(?!\s+key)")
RE_KEY = re.compile(r"\bkeys?\s+`([\w.\-]+)`|`([\w.\-]+)`\s+keys?\b", _I)
RE_ENV_CTX = re.compile(r"\b(?:env(?:ironment)?(?:\s+variables?|\s+vars?)?|variables?|envFrom|exported?)\b", _I)
RE_ENV_TICK = re.compile(r"`([A-Z][A-Z0-9_]{2,})(?:=([^`]*))?`")
RE_NAMESPACE = re.compile(
    r"\bnamespace(?:\s+(?:named|called|is|of))?\s*[:=]?\s*`([a-z0-9][a-z0-9\-]*)`"
    r"|`([a-z0-9][a-z0-9\-]*)`\s+namespace\b"
    r"|\bnamespace(?:\s+(?:named|called))?\s*[:=]?\s*\*{0,2}([a-z0-9][a-z0-9\-]{1,62})\b(?!\s*[`\-])"
    r"|\b(?:in|into|to|from)\s+(?:the\s+)?(?!the\b)\*{0,2}([a-z0-9][a-z0-9\-]{1,62})\*{0,2}\s+namespace\b"
    r"|\b(?:deploys?|deployed|installs?|installed|goes|applie[sd]|apply)\s+(?:\w+\s+){0,3}?(?:in|in)?to\s+(?:the\s+)?`([a-z0-9][a-z0-9\-]{1,62})`(?!\s*(?:overlay|cluster|directory|folder|chart))"
)
RE_SVC_DNS = re.compile(r"\b([a-z0-9][a-z0-9\-]*)\.([a-z0-9][a-z0-9\-]*)\.svc(?:\.cluster\.local)?\b(?::(\d{2,5}))?")
_NS_STOP = {
    "the", "a", "an", "is", "are", "and", "or", "for", "of", "to", "in", "it", "its", "your", "you", "that", "this",
    "which", "will", "be", "must", "should", "can", "name", "names", "if", "when", "with", "per", "each", "every",
    "same", "own", "separate", "dedicated", "target", "given", "chosen", "specified", "created", "exists", "was",
    "scoped", "level", "wide", "resources", "objects", "field", "flag", "as", "by", "on", "where", "other", "new",
    "one", "any", "all", "no", "not", "from", "into", "selector", "isolation", "app", "release", "correct", "right",
    "wrong", "current", "kubernetes", "k8s", "cluster",
}
RE_TICK = re.compile(r"`([^`\n]+)`")
RE_BARE_PATH = re.compile(r"(?<![\w/`.\-:@])((?:\.{1,2}/)?[\w.\-]+(?:/[\w.\-]+)+/?|[\w.\-]+/)(?![\w/`\-])")
RE_OVERLAY = re.compile(r"`([\w./\-]+)`\s+overlay\b|\boverlay\s+(?:named\s+|called\s+|at\s+|in\s+)?`([\w./\-]+)`"
                        r"|\b([a-z][\w\-]*)\s+overlay\b", _I)
_OVERLAY_STOP = {"the", "a", "an", "each", "every", "this", "that", "your", "one", "kustomize", "base", "any", "new",
                 "which", "per", "environment", "specific", "same", "other", "an", "own", "corresponding", "right"}

# --- helm ------------------------------------------------------------------------------------
RE_CHART_NAME = re.compile(r"`([\w.\-/]+)`\s+(?:helm\s+)?(?:umbrella\s+|sub)?chart\b|\b(?:helm\s+)?chart\s+(?:named\s+|called\s+)?`([\w.\-/]+)`", _I)
_VERS = r"\d+(?:\.\d+)+(?:[\-+][\w.\-+]*[\w])?"
RE_CHART_VERSION = re.compile(r"\bchart(?:\s+version|Version)\s*(?:[:=]|\bis\b|\bof\b)?\s*`?v?(" + _VERS + ")", _I)
RE_APP_VERSION = re.compile(r"\bapp\s*-?version\s*(?:[:=]|\bis\b|\bof\b)?\s*`?v?(" + _VERS + ")", _I)
RE_RELEASE = re.compile(r"\brelease(?:\s+name)?(?:\s+(?:named|called|is))?\s*[:=]?\s*`([\w.\-]+)`|`([\w.\-]+)`\s+(?:helm\s+)?release\b(?![\-])", _I)
RE_TAG_TICK = re.compile(r"`(v?\d+(?:\.\d+)+[\w.\-+]*|[\w.\-]+)`\s+(?:[\w\-]+\s+){0,1}?(?:image\s+tags?|tags?|images)\b", _I)
RE_VALUES_KEY = re.compile(r"`(\.?(?:Values\.)?[a-zA-Z_][\w\-]*(?:\.[a-zA-Z_][\w\-]*|\[\d+\])+)`(?:\s*(?:to|=|:|is|defaults\s+to|of)\s*`?([\w.\-/:%]+)`?)?")
RE_HELM_CTX = re.compile(r"\b(?:helm|chart|values|--set|override|release)\b", _I)
RE_DEPENDENCY = re.compile(r"\b(?:depends\s+on|dependenc(?:y|ies)|subcharts?|sub-charts?)\b", _I)

# --- minikube / automation -------------------------------------------------------------------
RE_MK_CPUS = re.compile(r"(?<![\w.])(\d{1,3})\s*(?:v?cpus?|cores?)\b", _I)
RE_MK_MEM = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?\s?(?:GB|GiB|G|MB|MiB|Mi|Gi|g|m))\b(?:\s+(?:of\s+)?(?:memory|ram))?", _I)
RE_MK_DRIVER = re.compile(r"\b(docker|podman|virtualbox|hyperkit|kvm2|qemu2?|hyperv|vfkit|parallels|vmware|none|ssh)\s+driver|\bdriver\s*[:=]?\s*`?([\w\-]+)`?", _I)
RE_MK_ADDON = re.compile(r"`([\w\-]+)`\s+(?:minikube\s+)?add-?ons?\b|\badd-?ons?\s+(?:named\s+)?`([\w\-]+)`|\b(?:the|an?)\s+([a-z][\w\-]+)\s+add-?on\b", _I)
_ADDON_STOP = {"the", "a", "an", "minikube", "required", "needed", "following", "two", "these", "those", "both", "all",
               "other", "this", "that", "any", "extra", "optional", "some", "enable", "enabled", "each", "default"}
RE_MAKE_TARGET = re.compile(r"`([\w\-./]+)`\s+(?:make\s+)?target\b|\bmake\s+target\s+`([\w\-./]+)`|\btarget\s+`([\w\-./]+)`"
                            r"|\b(?:run|runs|running|via|with|using|invoke|call|type|execute)\s+make\s+([a-z][\w\-]*)\b", _I)
_MAKE_STOP = {"sure", "it", "the", "a", "this", "that", "them", "use", "changes", "certain", "your", "any", "one",
              "things", "everything", "sense", "up"}
RE_WORKFLOW = re.compile(r"`([^`]+)`\s+(?:github\s+actions?\s+)?workflow\b|\bworkflow\s+(?:named\s+|called\s+|file\s+)?`([^`]+)`", _I)
RE_MINIKUBE = re.compile(r"\bminikube\b", _I)
RE_HOSTS_FILE = re.compile(r"/etc/hosts|\bhosts\s+file\b|\bhosts\s+entr", _I)

# --- subjects --------------------------------------------------------------------------------
_VERBS = (
    r"runs?|is|are|has|have|uses?|listens?|exposes?|requests?|scales?|keeps?|mounts?|stores?|serves?|deploys?|gets?|"
    r"should|will|would|can|must|may|needs?|with|was|were|starts?|hits?|checks?|reads?|writes?|talks?|connects?|"
    r"sends?|receives?|lives?|sits?|defines?|sets?|exposed|deployed|configured|backed|limited|pulls?|becomes?|"
    r"stays?|consumes?|publishes?|handles?|persists?|provides?|relies|depends|requires?|reserves?|claims?|"
    r"autoscales?|ships|comes|gets|points?|routes?|accepts?|waits?|restarts?|caches?|replicates?|holds?|contains?|"
    r"raises|lowers|bumps|patches|overrides|changes|pins|adds|enables|disables|grows|shrinks|targets?|selects?"
)
_WORD = r"[`*\"']{0,2}[\w.\-/']+[`*\"']{0,2}"
RE_SUBJECT = re.compile(r"^\s*(?:(?:the|our|each|every|an?|this)\s+)?(" + _WORD + r"(?:\s+" + _WORD + r"){0,4}?)\s+"
                        r"(?:\([^()]*\)\s+)?(?:" + _VERBS + r")\b", _I)
RE_LABEL = re.compile(r"^\s*(?:\*\*|__)?`?([^:*`_|]{1,40}?)`?(?:\*\*|__)?\s*(?::(?=\s|$|\*)|\s[–—-]\s)(?:\*\*|__)?\s*")
_PRONOUNS = {
    "it", "this", "that", "these", "those", "they", "we", "you", "there", "then", "next", "to", "if", "when", "in",
    "on", "for", "after", "before", "run", "use", "all", "both", "which", "what", "each", "every", "here", "also",
    "note", "make", "once", "finally", "first", "now", "so", "but", "and", "or", "by", "default", "by default",
    "i", "he", "she", "one", "everything", "nothing", "some", "most", "only", "just", "otherwise", "instead",
    "its", "their", "open", "see", "visit", "browse", "install", "add", "create", "apply", "edit", "go", "navigate",
    "point", "start", "deploy", "set", "enable", "configure", "change", "update", "replace", "copy", "clone",
    "build", "push", "check", "verify", "wait", "ensure", "remember", "please", "let", "try", "keep", "follow",
    "read", "scale", "delete", "remove", "stop", "restart", "get", "call", "pass", "export", "define", "specify",
    "using", "running", "deploying", "making", "having", "keeping", "adding", "setting", "creating", "after",
    "before", "during", "while", "since", "until", "unless", "although", "though", "because", "however",
}
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:it|this|they|its|it's|each\s+pod|each\s+replica|the\s+(?:service|deployment|pod|container|app|application|workload))\b", re.I)
_META_SUBJECT = re.compile(r"^(?:hpa|autoscaler|horizontal\s*pod\s*autoscaler|horizontalpodautoscaler|pdb|"
                           r"poddisruptionbudget|pod\s*disruption\s*budget|disruption\s*budget|budget|service|"
                           r"ingress|probe|liveness\s*probe|readiness\s*probe|startup\s*probe|health\s*check|pvc|volume|"
                           r"(?:[\w\-]+\s+)?overlay)s?$", re.I)
_OVERLAY_TARGET = re.compile(r"\b(?:raises|lowers|sets|patches|bumps|changes|pins|scales|runs)\s+(?:the\s+)?`?"
                             r"([A-Za-z][\w\-]*(?:\s+(?:server|worker|api|service|frontend|backend))?)`?", re.I)
_META_TARGET = re.compile(r"\b(?:scales?|targets?|protects?|covers?|for|of|exposes?|routes\s+to|in\s+front\s+of)\s+"
                          r"(?:the\s+)?`?([A-Za-z][\w\-]*(?:\s+(?:server|worker|api|service|frontend|backend))?)`?", re.I)
_NOT_TARGET = {"between", "from", "up", "to", "at", "each", "all", "every", "cpu", "memory", "traffic", "requests",
               "deployment", "pods", "pod", "replicas", "example", "instance", "a", "an", "it", "this", "them"}
_TRAIL_KINDS = re.compile(r"\s+(?:deployment|statefulset|daemonset|pods?|containers?|workload|replicas?|instances?|images?)$", _I)
_LABEL_STOP = {"note", "tip", "warning", "important", "example", "e.g", "result", "results", "output", "caution", "info",
               "hint", "summary", "why", "how", "what", "step", "steps", "usage", "todo", "fixme", "answer",
               "question", "problem", "solution", "fix", "cause", "symptom", "see also", "prerequisite", "tl;dr",
               "update", "edit", "danger", "attention", "remember", "optional", "required", "default", "expected"}
_NOT_IN_SUBJECT = {"how", "to", "that", "which", "who", "what", "when", "where", "why", "demonstrates", "shows",
                   "explains", "describes", "you", "we", "i", "will", "can", "should", "must", "is", "are", "was",
                   "were", "be", "been", "if", "because", "so", "than", "then", "example", "guide", "tutorial",
                   "following", "above", "below", "section", "document", "readme", "this", "these", "those"}
_GENERIC_SUBJECTS = re.compile(r"^(?:deployments?|pods?|services?|containers?|workloads?|everything|all|apps?|applications?|"
                               r"components?|images?|replicas?|manifests?|resources?|objects?|values?|charts?|users?|"
                               r"requests?|traffic|data|logs?|metrics|secrets?|settings|config(?:uration)?|probes?|"
                               r"health\s*checks?|volumes?|ports?|namespaces?)$", _I)
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\[(\"'])")
_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?=\**`?[\w\-]+`?\**:\s)|,\s+(?:and|while|whereas|but)\s+|\s+while\s+|\s+whereas\s+|,\s+(?=the\s+\w+\s+(?:" + _VERBS + r")\b)"
                           r"|\s+and\s+(?=the\s+\w+(?:\s+\w+)?\s+(?:" + _VERBS + r")\b)", _I)


def _clean_subject(raw: str) -> str | None:
    s = re.sub(r"'s\b|’s\b", "", raw)
    s = re.sub(r"[`*\"']", "", s).strip(" ,.:")
    if re.match(r"^(?:every|each|all|any|no|some|most|many|both|other)\b", s, _I):
        return None
    s = re.sub(r"^(?:the|our|an?|this)\s+", "", s, flags=_I)
    s = re.sub(r"(?:\s+(?:then|also|now|still|currently|always|only|typically|usually|normally|itself|just|"
               r"really|actually|already|again|therefore|thus|then))+$", "", s, flags=_I)
    s = re.sub(r"\s+(?:(?:liveness|readiness|startup)\s+)?(?:probes?|health\s*checks?)$", "", s, flags=_I)
    of = re.search(r"\b(?:for|of)\s+(?:the\s+)?([A-Za-z][\w\-]*(?:\s+(?:server|worker|service|frontend|backend|api))?)$", s)
    if of and (label_field(s[:of.start()].strip()) or re.match(r"^(?:replica\s+count|number\s+of\s+replicas|size|port|image)\b", s, _I)):
        s = of.group(1)
    m = re.match(r"^(?:Ingress|Service|Deployment|StatefulSet|DaemonSet|ConfigMap|Secret|HPA|PVC|CronJob|Job|chart|"
                 r"release|overlay|namespace)\s+([\w.\-]+)$", s, _I)
    if m:
        s = m.group(1)
    s = _TRAIL_KINDS.sub("", s).strip()
    if not s or s.lower() in _PRONOUNS or s.split()[0].lower() in _PRONOUNS or len(s) > 40:
        return None
    if label_field(s) or s[0].isdigit() or _GENERIC_SUBJECTS.match(s) or looks_like_path(s) or "/" in s:
        return None
    if any(w.lower() in _NOT_IN_SUBJECT for w in re.findall(r"[\w']+", s)):
        return None
    if any(re.fullmatch(r"v?\d+(?:\.\d+)*%?", w) for w in s.split()) or label_field(" ".join(s.split()[:2])):
        return None
    return s


def subject_of(text: str) -> str | None:
    """The noun phrase a sentence or clause is about: 'The API server runs 3 replicas' -> 'API server'."""
    m = RE_LABEL.match(text)
    if m and not label_field(m.group(1)) and not text[m.end(1):].lstrip("`*_ ").startswith(":/"):
        subj = _clean_subject(m.group(1))
        if subj and len(subj.split()) <= 4 and subj.lower() not in _LABEL_STOP:
            return subj
    m = RE_SUBJECT.match(text)
    if m:
        return _clean_subject(m.group(1))
    return None


# ---------------------------------------------------------------------------------------------


class _Scanner:
    """Collects hits for one text, refusing overlapping value spans (first pattern wins)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hits: list[Hit] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, field: str, m: re.Match[str] | None, group: int | None = None, *, value: Any = None,
            span: tuple[int, int] | None = None, extra: dict[str, Any] | None = None, subject: str | None = None,
            reserve: bool = True) -> bool:
        if span is None:
            assert m is not None
            g = group if group is not None else next(i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None)
            span = m.span(g)
        s, e = span
        if s < 0 or not self.free(s, e):
            return False
        if value is None:
            value = self.text[s:e]
        self.hits.append(Hit(field, value, s, e, dict(extra or {}), subject))
        if reserve:
            self.taken.append((s, e))
        return True


def _first_group(m: re.Match[str]) -> int:
    return next(i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None)


RE_TRAILING_REQ_LIM = re.compile(r"\s*`?\s*(?:of\s+)?(?:memory|mem|ram|cpus?|cores?)?\s*" + RE_REQ_LIM.pattern
                                 + r"(?!\s*(?:[:=]|\bof\b|\bis\b|\bat\b|\bto\b|\bset\s+to\b)?\s*`?\d)", _I)


def _nearest_req_lim(text: str, pos: int, end: int | None = None) -> str | None:
    """`request` or `limit` for the quantity at `pos` (ending at `end`): a word right after the quantity
    ("a 512Mi memory limit") wins over the nearest one before it, then one shortly after."""
    best = None
    if end is not None and (t := RE_TRAILING_REQ_LIM.match(text, end)):
        best = t.group(1).lower()
        return "limit" if best.startswith(("limit", "cap", "ceiling", "max", "burst")) else "request"
    for m in RE_REQ_LIM.finditer(text, 0, pos):
        best = m.group(1).lower()
    if best is None:
        m = RE_REQ_LIM.search(text, pos)
        if m and m.start() - pos < 25:
            best = m.group(1).lower()
    if best is None:
        return None
    return "limit" if best.startswith(("limit", "cap", "ceiling", "max", "burst")) else "request"


def scan(text: str, area_hint: str | None = None, *, in_minikube: bool = False,
         context: dict[str, str] | None = None) -> list[Hit]:
    """Every claim value in `text` (a sentence, list item, label or table cell) as `Hit`s."""
    text = _mask_commands(text)
    sc = _Scanner(text)
    low = text.lower()
    if not _GATE.search(text):
        return []
    minikube = in_minikube or bool(RE_MINIKUBE.search(text))

    if minikube:
        _scan_minikube(sc, text)

    # probes first: their ports/seconds must not become container ports
    probe_kinds = [k.lower() for k in RE_PROBE_KIND.findall(text)]
    is_probe = bool(probe_kinds) and (bool(RE_PROBE_CTX.search(text)) or area_hint == "probes" or
                                      bool(re.search(r"(?:liveness|readiness|startup)\s*[:=]", text, _I)))
    if not probe_kinds and area_hint == "probes" and (RE_PROBE_CTX.search(text) or re.search(r"\bchecks?\b|\bGET\s+/", text)):
        is_probe, probe_kinds = True, ["*"]
    if is_probe:
        _scan_probes(sc, text, sorted(set(probe_kinds), key=probe_kinds.index))
        if probe_kinds == ["*"]:
            for h in sc.hits:
                if h.field.startswith("probe.*."):
                    h.extra["ambiguous_probe"] = True
            sc.hits = [Hit(h.field.replace("probe.*.", f"probe.{k}."), h.value, h.start, h.end, dict(h.extra), h.subject)
                       for h in sc.hits for k in (("liveness", "readiness") if h.field.startswith("probe.*.") else ("",))]

    # autoscaling and PDBs before plain replica counts
    if RE_HPA_CTX.search(text) or area_hint == "autoscaling":
        _scan_hpa(sc, text)
    if RE_PDB_CTX.search(text) and not (re.search(r"strateg|rolling|surge", low) and not re.search(r"pdb|disruption|budget", low)):
        for m in RE_PDB_MIN.finditer(text):
            sc.add("pdb-min-available", m)
        for m in RE_PDB_MAX.finditer(text):
            sc.add("pdb-max-unavailable", m)

    # kinds
    for m in RE_KIND_NAMED.finditer(text):
        if m.group(1):
            sc.add("kind", m, 2, value=canonical_kind(m.group(2)), subject=m.group(1), extra={"written": m.group(2)})
        else:
            sc.add("kind", m, 3, value=canonical_kind(m.group(3)), subject=m.group(4), extra={"written": m.group(3)})
    for m in RE_KIND_AS.finditer(text):
        sc.add("kind", m, 1, value=canonical_kind(m.group(1)), extra={"written": m.group(1)})
    for m in RE_KIND_PAREN.finditer(text):
        sc.add("kind", m, 1, value=canonical_kind(m.group(1)), extra={"written": m.group(1)})

    # replicas
    for m in RE_REPLICAS_BEFORE.finditer(text):
        sc.add("replicas", m, 1)
    for m in RE_REPLICAS_AFTER.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        if RE_REPLICAS_SKIP.search(before) or re.match(r"\d+\s+(?:pods?|instances?)\s+(?:can|may)\b", m.group(0) + text[m.end():m.end() + 8], _I):
            continue
        if re.search(r"[%x×]\s*$|\d\s*[-/]\s*$", before):
            continue
        if re.search(r"\b(?:each|every|per)\s+node\b", text, _I):
            continue  # one per node: a DaemonSet-style statement, not a replica count
        noun = re.sub(r"[`*]", "", m.group(0)[len(m.group(1)):]).split()[:-1]
        noun = [w for w in noun if w.lower() not in _COUNT_ADJECTIVES]
        of = re.match(r"\s+of\s+(?:the\s+)?[`*]?([A-Za-z][\w\-]*)", text[m.end():])
        subj = " ".join(noun) if noun and len(noun) <= 2 else (of.group(1) if of else None)
        if sc.add("replicas", m, 1):
            sc.hits[-1].weak_subject = subj

    # ports
    _scan_ports(sc, text, low)

    # service type
    for m in RE_SVC_TYPE.finditer(text):
        g = _first_group(m)
        sc.add("service-type", m, g, value=SERVICE_TYPES[m.group(g).lower()], extra={"written": m.group(g)})

    # resources and storage quantities
    _scan_quantities(sc, text, area_hint, minikube)

    # images
    for rx in (RE_IMAGE_KW, RE_IMAGE_COLON, RE_IMAGE_BARE, RE_IMAGE_TICK):
        for m in rx.finditer(text):
            val = m.group(1)
            if RE_FILE_LINE.search(val):
                continue  # a file:line source reference
            if rx is RE_IMAGE_KW and (not re.match(r"^[\w.\-/:@]+$", val) or val.startswith(("/", ".")) or val.endswith((".yaml", ".yml", ".sh"))):
                continue
            if rx is RE_IMAGE_TICK and re.match(r"^[\w.\-]+:\d{2,5}$", val):
                continue  # host:port
            if rx is RE_IMAGE_TICK and "/" not in val and re.fullmatch(r"[\w.\-]+:v?\d+\.\d+[\w.\-]*", val) and not re.search(
                    r"\b(?:images?|runs?|running|containers?|deploy\w*|uses?|using|based\s+on|pulls?|upgrad\w*|pinned)\b", low):
                continue  # `timeout:1.5`: a bare name:version is an image only where the sentence talks about running one
            if rx is RE_IMAGE_TICK and "/" not in val and not re.search(r"\bimages?\b", low) and not re.match(
                    r"v?\d|latest$|stable|alpine|slim|edge$|main$|master$|nightly", val.rsplit(":", 1)[1]):
                continue  # metric:name, key:value
            sc.add("image", m, 1)
    if re.search(r"\btag\b", low):
        for m in RE_TAG.finditer(text):
            sc.add("image-tag", m, 1)

    # strategy / schedule
    if re.search(r"strateg|rolling|recreate|update", low):
        for m in RE_STRATEGY.finditer(text):
            g = _first_group(m)
            val = "RollingUpdate" if g == 2 else ("RollingUpdate" if m.group(1).lower() == "rollingupdate" else "Recreate")
            if g == 1 and m.group(1) == "Recreate" or g == 1 and m.group(1) == "RollingUpdate" or g == 2 or "strateg" in low:
                sc.add("strategy", m, g, value=val, extra={"written": m.group(g)})
    if "`" in text:
        for m in RE_SCHEDULE.finditer(text):
            sc.add("schedule", m)

    # storage
    for m in RE_ACCESS.finditer(text):
        sc.add("access-mode", m, 1, value=ACCESS_MODES[m.group(1).lower()], extra={"written": m.group(1)})
    if "class" in low:
        if "ingress" in low:
            for m in re.finditer(r"`([\w.\-]+)`\s+(?:ingress\s*)?class\b", text, _I):
                sc.add("ingress-class", m, 1)
        for m in RE_STORAGE_CLASS.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() not in _NS_STOP:
                sc.add("storage-class", m, g)
        for m in RE_INGRESS_CLASS.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() not in _NS_STOP:
                sc.add("ingress-class", m, g)

    # exposure: hosts, paths, TLS
    _scan_hosts(sc, text, minikube)
    if re.search(r"ingress|route|host|path\s+prefix", low):
        for m in RE_INGRESS_PATH.finditer(text):
            sc.add("ingress-path", m, _first_group(m))
    if "secret" in low:
        for m in RE_TLS_SECRET.finditer(text):
            sc.add("tls-secret", m)
        if re.search(r"\btls\b|certificate|\bcert\b|https", low):
            for m in re.finditer(r"`([\w.\-]+)`\s+secret\b|\bsecret\s+`([\w.\-]+)`", text, _I):
                sc.add("tls-secret", m)

    if "`" in text:
        _scan_ticked(sc, text, low, area_hint, context or {})

    # namespaces (backticked or plain)
    if "namespace" in low or re.search(r"\b(?:deploy|install|appl)", low):
        for m in RE_NAMESPACE.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() in _NS_STOP:
                continue
            sc.add("namespace", m, g)

    # "`api.shop.local` → `shop-api:8000`": a route to a Service and its port
    for m in re.finditer(r"(?:→|->|=>|⟶)\s*`?([a-z][\w\-]*):(\d{2,5})`?", text):
        sc.add("service-port", m, 2, subject=m.group(1), extra={"via": "route"})
        sc.taken.append(m.span())
    # in-cluster DNS names: api.larkspur.svc.cluster.local:8080 -> namespace (+ service port)
    if ".svc" in low:
        for m in RE_SVC_DNS.finditer(text):
            sc.add("namespace", m, 2, subject=m.group(1), extra={"via": "service-dns"})
            if m.group(3):
                sc.add("service-port", m, 3, subject=m.group(1), extra={"via": "service-dns"})
            sc.taken.append(m.span())
    if "`" in text and re.search(r"\b(?:tags?|images)\b", low):
        for m in RE_TAG_TICK.finditer(text):
            val = m.group(1)
            if re.fullmatch(r"v?\d[\w.\-+]*|latest|dev|main|stable|edge|nightly|[\w.\-]*\d[\w.\-]*", val) and not looks_like_path(val):
                sc.add("image-tag", m, 1)

    # overlays
    if "overlay" in low:
        for m in RE_OVERLAY.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() in _OVERLAY_STOP:
                continue
            sc.add("overlay", m, g)

    # helm versions
    if "version" in low:
        for m in RE_CHART_VERSION.finditer(text):
            sc.add("chart-version", m, 1)
        for m in RE_APP_VERSION.finditer(text):
            sc.add("app-version", m, 1)

    # make targets without backticks ("run make deploy")
    if "make" in low or "target" in low:
        for m in RE_MAKE_TARGET.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() in _MAKE_STOP:
                continue
            sc.add("make-target", m, g)

    # bare paths (no backticks) with an extension or a trailing slash
    if "/" in text:
        for m in RE_BARE_PATH.finditer(text):
            tok = m.group(1)
            kind = looks_like_path(tok)
            if kind in ("file", "dir") and (tok.endswith("/") or kind == "file") and not RE_HOST_BARE.fullmatch(tok.rstrip("/")):
                _add_path(sc, m.start(1), tok)

    # "exposed through the `orders` Service on port 80": exposure values after a named Service belong to it
    for m in re.finditer(r"`([a-z0-9][\w.\-]*)`\s+[Ss]ervice\b|\b[Ss]ervice\s+(?:named\s+|called\s+)?`([a-z0-9][\w.\-]*)`", text):
        name = m.group(1) or m.group(2)
        for h in sc.hits:
            if h.start >= m.end() and h.subject is None and h.field in ("service-port", "service-type", "node-port", "target-port"):
                h.subject = name
    hits = sorted(sc.hits, key=lambda h: (h.start, h.end))
    return hits


RE_CMD_TICK = re.compile(r"`(?:\$\s+)?(?:sudo\s+)?(?:(?:kubectl|helm|make|minikube|kustomize|docker|kind|k3d|skaffold|"
                         r"curl|bash|sh)(?=[\s`])|\./)[^`]*`")


def _mask_commands(text: str) -> str:
    """Blank out inline commands (`kubectl scale ... --replicas=4`): their words are not prose claims;
    the command extractor reads them."""
    if "`" not in text:
        return text
    return RE_CMD_TICK.sub(lambda m: " " * len(m.group(0)), text)


def _add_path(sc: _Scanner, start: int, tok: str) -> None:
    kind = looks_like_path(tok)
    if not kind or re.fullmatch(r"[\w.\-]+/v\d+(?:(?:alpha|beta)\d+)?", tok):
        return  # apiVersion (autoscaling/v2) is no path
    span = (start, start + len(tok))
    if tok.endswith((".sh", ".bash")) and not tok.startswith(".github"):
        sc.add("script", None, span=span, extra={"kind": "file"})
    elif tok.startswith(".github/workflows/"):
        sc.add("workflow", None, span=span, extra={"kind": "file"})
    else:
        extra = {"kind": "dir" if kind.startswith("dir") else "file"}
        if kind == "dir?":
            extra["maybe_ref"] = True
        sc.add("path", None, span=span, extra=extra)


def _scan_minikube(sc: _Scanner, text: str) -> None:
    for m in RE_MK_CPUS.finditer(text):
        sc.add("minikube-flag", m, 1, extra={"flag": "--cpus"})
    for m in RE_MK_MEM.finditer(text):
        after = text[m.end(1): m.end(1) + 20].lower()
        before = text[max(0, m.start(1) - 25): m.start(1)].lower()
        flag = "--disk-size" if "disk" in after or "disk" in before else "--memory"
        sc.add("minikube-flag", m, 1, extra={"flag": flag})
    for m in RE_MK_DRIVER.finditer(text):
        g = _first_group(m)
        if m.group(g).lower() not in _ADDON_STOP:
            sc.add("minikube-flag", m, g, extra={"flag": "--driver"})
    m = re.search(r"\bkubernetes\s+(?:version\s+)?`?(v?\d+\.\d+(?:\.\d+)?)", text, _I)
    if m:
        sc.add("minikube-flag", m, 1, extra={"flag": "--kubernetes-version"})
    if re.search(r"add-?on", text, _I):
        for m in RE_MK_ADDON.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() not in _ADDON_STOP:
                sc.add("minikube-addon", m, g)


_KIND_GROUP = re.compile(r"\b(liveness|readiness|startup)\b(?:\s*(?:and|&|/|,|or)\s*\b(liveness|readiness|startup)\b)?"
                         r"(?:\s*(?:and|&|/|,|or)\s*\b(liveness|readiness|startup)\b)?", _I)


def _scan_probes(sc: _Scanner, text: str, kinds: list[str]) -> None:
    groups = [(m.start(), [g.lower() for g in m.groups() if g]) for m in _KIND_GROUP.finditer(text)]

    def kinds_at(pos: int) -> list[str]:
        if not groups or kinds == ["*"]:
            return kinds
        # "`GET /ready` (readiness, ...)": a kind named in the parenthesis right after the value
        for start, ks in groups:
            if pos < start <= pos + 30 and "(" in text[pos:start] and ")" not in text[pos:start]:
                return ks
        before = [ks for start, ks in groups if start <= pos]
        return before[-1] if before else groups[0][1]

    def add_all(field: str, m: re.Match[str], g: int, value: Any = None, extra: dict[str, Any] | None = None) -> None:
        span = m.span(g)
        if not sc.free(*span):
            return
        for k in kinds_at(span[0]):
            sc.add(f"probe.{k}.{field}", m, g, value=value, extra=extra, reserve=False)
        sc.taken.append(span)

    for m in RE_PROBE_CMD.finditer(text):
        add_all("command", m, 1)
    for m in RE_PROBE_PATH.finditer(text):
        if m.group(1) in ("/", "//") and "`" not in m.group(0):
            continue
        add_all("path", m, 1)
    for rx, fld in ((RE_PROBE_DELAY, "initialDelaySeconds"), (RE_PROBE_TIMEOUT, "timeoutSeconds"),
                    (RE_PROBE_FAIL, "failureThreshold"), (RE_PROBE_SUCC, "successThreshold"),
                    (RE_PROBE_PERIOD, "periodSeconds")):
        for m in rx.finditer(text):
            add_all(fld, m, _first_group(m))
    for m in re.finditer(r"\bport\s*(?:[:=]|\bon\b)?\s*`?(\d{2,5})\b|(?<![\w/]):(\d{2,5})\b", text, _I):
        add_all("port", m, _first_group(m))
    for m in RE_PROBE_TYPE.finditer(text):
        w = m.group(1).lower().replace(" ", "")
        typ = "httpGet" if w.startswith("http") else "tcpSocket" if w.startswith("tcp") else "grpc" if w == "grpc" else "exec"
        if typ == "exec" and not re.search(r"\bexec\b\s*(?:probe|check|command)|exec\s*:|`exec`", text, _I):
            continue
        if typ == "httpGet" and w == "http" and not re.search(r"\bHTTP\s+(?:probe|check|GET|request|endpoint)", text):
            continue
        add_all("type", m, 1, value=typ, extra={"written": m.group(1)})


def _scan_hpa(sc: _Scanner, text: str) -> None:
    for m in RE_HPA_RANGE.finditer(text):
        g = _first_group(m)
        a, b = int(m.group(g)), int(m.group(g + 1))
        if a <= b and b < 10000:
            sc.add("hpa-min", m, g)
            sc.add("hpa-max", m, g + 1)
    for m in RE_HPA_MIN.finditer(text):
        sc.add("hpa-min", m, _first_group(m))
    for m in RE_HPA_MAX.finditer(text):
        sc.add("hpa-max", m, 1)
    for m in RE_HPA_TARGET.finditer(text):
        if m.group(1):
            sc.add(f"hpa-{m.group(2).lower()}-target", m, 1)
        else:
            sc.add(f"hpa-{m.group(3).lower()}-target", m, 4)


def _scan_ports(sc: _Scanner, text: str, low: str) -> None:
    for m in RE_PORT_PAREN.finditer(text):
        sc.add("node-port", m, 1)
    svc_ctx = bool(re.search(r"\bservices?\b|\bsvc\b|\bnode\s*port|\bload\s*balancer|\bcluster\s*ip", text, _I))
    node_ctx = bool(re.search(r"\bnode\s*-?ports?\b", text, _I))
    listen_ctx = bool(re.search(r"\blisten|\bcontainer|\bbinds?\b|\bserves?\b|\bapp(?:lication)?\s+port", text, _I))
    for m in RE_PORT.finditer(text):
        kw = m.group(1).lower().replace(" ", "").replace("-", "")
        if "localhost" in text[max(0, m.start() - 12): m.start()].lower():
            continue
        if kw.startswith("node"):
            fld = "node-port"
        elif kw.startswith("target"):
            fld = "target-port"
        elif kw.startswith("container"):
            fld = "container-port"
        elif kw.startswith("service"):
            fld = "service-port"
        else:
            before = text[max(0, m.start() - 30): m.start()].lower()
            if re.search(r"target\s*$", before):
                fld = "target-port"
            elif node_ctx and (re.search(r"node\s*-?port\s+(?:on\s+)?$", before)
                              or 30000 <= int(m.group(2)) <= 32767):
                fld = "node-port"  # "a NodePort on port 30081", "NodePort ..., port 30081"
            elif listen_ctx and re.search(r"listen|container|binds?|serves?", before):
                fld = "container-port"
            elif re.search(r"service|svc", before) or (svc_ctx and not listen_ctx):
                fld = "service-port"
            else:
                fld = "container-port"
        extra = {} if kw not in ("port", "ports") or fld != "container-port" or listen_ctx else {"ambiguous": True}
        sc.add(fld, m, 2, extra=extra)
    for m in RE_LISTEN.finditer(text):
        before = text[max(0, m.start() - 12): m.start()].lower()
        if "localhost" in before or "localhost" in m.group(0).lower():
            continue
        fld = "container-port"
        if re.search(r"\bexpos|\breachable|\bavailable", m.group(0), _I) and svc_ctx:
            fld = "service-port"
        sc.add(fld, m, _first_group(m))


RE_MACHINE_CTX = re.compile(r"\b(?:nodes?|laptop|machine|workstation|computer|docker\s+desktop|vms?|virtual\s+machine|"
                            r"free\s+disk|disk\s+space|each\s+node|per\s+node|heap|jvm|xmx|xms|host\s+with)\b", _I)


def _scan_quantities(sc: _Scanner, text: str, area_hint: str | None, minikube: bool) -> None:
    if minikube:
        return
    if RE_MACHINE_CTX.search(text) and not re.search(r"\brequest|\blimit|\bresources?\b", text, _I):
        return  # machine sizing ("3 nodes with 8 GB of RAM", "4 CPUs to Docker Desktop"), not pod resources
    low = text.lower()
    storage_ctx = bool(RE_STORAGE_CTX.search(text))
    mem_ctx = bool(RE_MEM_CTX.search(text))
    res_ctx = bool(RE_REQ_LIM.search(text)) or area_hint == "resources"
    # merged pairs: "250m / 500m", "512Mi-1Gi" -> request, limit
    for m in RE_RANGE.finditer(text):
        a, b = m.group(1).replace(" ", ""), m.group(2).replace(" ", "")
        after = text[m.end(): m.end() + 16].lower()
        before = text[max(0, m.start() - 24): m.start()].lower()
        if is_memory(a) and is_memory(b) and (mem_ctx or res_ctx) and not storage_ctx:
            kind = "memory"
        elif re.fullmatch(r"\d+(?:\.\d+)?m?", a) and re.fullmatch(r"\d+(?:\.\d+)?m?", b) and (
            "cpu" in after or "cpu" in before or (a.endswith("m") and b.endswith("m"))
        ):
            kind = "cpu"
        else:
            continue
        if not re.search(r"request|limit|/|cpu|memory|mem\b", before + after + m.group(0), _I) and area_hint != "resources":
            continue
        sc.add(f"{kind}-request", m, 1, extra={"pair": True})
        sc.add(f"{kind}-limit", m, 2, extra={"pair": True})
    if re.search(r"\bcpus?\b|\bcores?\b|millicore|vcpu", low):
        for m in RE_CPU_Q.finditer(text):
            g = _first_group(m)
            which = _nearest_req_lim(text, m.start(g), m.end(g))
            extra = {} if which else {"ambiguous": True}
            sc.add(f"cpu-{which or 'request'}", m, g, extra=extra)
        if res_ctx:
            for m in RE_CPU_BARE.finditer(text):
                which = _nearest_req_lim(text, m.start(1))
                if which:
                    sc.add(f"cpu-{which}", m, 1)
    for m in RE_MEM_Q.finditer(text):
        val = m.group(1)
        s = m.start(1)
        window = text[max(0, s - 40): min(len(text), m.end(1) + 30)]
        near_storage = bool(RE_STORAGE_CTX.search(window))
        near_mem = bool(RE_MEM_CTX.search(window))
        if near_mem and not (near_storage and not re.search(r"request|limit", window, _I)):
            which = _nearest_req_lim(text, s, m.end(1))
            sc.add(f"memory-{which or 'request'}", m, 1, extra={} if which else {"ambiguous": True})
        elif near_storage or area_hint == "storage":
            sc.add("storage-size", m, 1)
        elif res_ctx and (which := _nearest_req_lim(text, s, m.end(1))):
            sc.add(f"memory-{which}", m, 1)


def _scan_hosts(sc: _Scanner, text: str, minikube: bool) -> None:
    hosts_file = bool(RE_HOSTS_FILE.search(text))
    field = "hosts-entry" if hosts_file else "ingress-host"
    for m in RE_HOST_URL.finditer(text):
        host = m.group(1).lower()
        before = text[max(0, m.start() - 2): m.start()]
        if before.endswith(("](", "<")) or text[m.end(): m.end() + 1] == ">":
            continue  # a link target or autolink: a reference, not a claim about the deployment
        local = bool(re.search(r"\.(?:local|test|internal|example|localhost|lan|home|corp|nip\.io|sslip\.io)$", host))
        if not local and not RE_HOST_CTX.search(text):
            continue
        if host in ("localhost",) or host.endswith((".svc.cluster.local", ".cluster.local", ".svc")) or re.fullmatch(r"[\d.]+", host):
            continue
        if _known_site(host):
            continue
        sc.add(field, m, 1)
        if m.group(2) and len(m.group(2)) > 1 and re.search(r"ingress|route|path", text, _I):
            sc.add("ingress-path", m, 2)
    ctx = bool(RE_HOST_CTX.search(text))
    if not ctx:
        return
    for rx in (RE_HOST_TICK, RE_HOST_BARE):
        for m in rx.finditer(text):
            host = m.group(1).lower()
            if host.endswith((".svc.cluster.local", ".cluster.local")) or host == "localhost" or _known_site(host):
                continue
            if rx is RE_HOST_BARE and not re.search(r"\.(?:local|test|internal|example|localhost|lan|home|corp|nip\.io|sslip\.io|dev|io|com|org|net)$", host):
                continue
            if "." not in host:
                continue
            sc.add(field, m, 1)


_KNOWN_SITES = ("github.com", "gitlab.com", "kubernetes.io", "helm.sh", "docker.com", "docker.io", "ghcr.io",
                "quay.io", "k8s.io", "googleapis.com", "bitnami.com", "artifacthub.io", "minikube.sigs.k8s.io",
                "sigs.k8s.io", "readthedocs.io", "python.org", "npmjs.com", "pypi.org", "microsoft.com",
                "amazonaws.com", "gcr.io", "charts.bitnami.com", "registry.k8s.io", "cert-manager.io",
                "prometheus.io", "grafana.com", "shields.io", "githubusercontent.com", "golang.org", "go.dev",
                "stackoverflow.com", "wikipedia.org", "nginx.org", "nginx.com", "redis.io", "postgresql.org",
                "apache.org", "istio.io", "linkerd.io", "argoproj.io", "fluxcd.io", "hashicorp.com",
                "letsencrypt.org", "jetstack.io", "semver.org", "yaml.org", "json-schema.org", "google.com")


def _known_site(host: str) -> bool:
    return any(host == s or host.endswith("." + s) for s in _KNOWN_SITES)


def _scan_ticked(sc: _Scanner, text: str, low: str, area_hint: str | None, context: dict[str, str]) -> None:
    for m in RE_CONFIGMAP.finditer(text):
        sc.add("configmap", m)
    for m in RE_SECRET.finditer(text):
        g = _first_group(m)
        if m.group(g).lower() in ("tls", "generic", "opaque"):
            continue
        sc.add("secret", m, g)
    if "key" in low and (re.search(r"configmap|config map|secret", low) or context.get("secret") or context.get("configmap")):
        cm = RE_CONFIGMAP.search(text)
        sec = RE_SECRET.search(text)
        cm_name = cm.group(_first_group(cm)) if cm else None if sec else context.get("configmap")
        sec_name = sec.group(_first_group(sec)) if sec else None if cm else context.get("secret")
        if cm_name and sec_name and not cm and not sec:
            cm_name = None if context.get("last") == "secret" else cm_name
            sec_name = None if cm_name else sec_name
        for m in RE_KEY.finditer(text):
            g = _first_group(m)
            if m.group(g).lower() in ("the", "a", "its", "this", "that"):
                continue
            if sec_name and (not cm_name or "secret" in text[max(0, m.start() - 40): m.end() + 40].lower()):
                sc.add("secret-key", m, g, extra={"secret": sec_name}, subject=sec_name)
            elif cm_name:
                sc.add("configmap-key", m, g, extra={"configmap": cm_name}, subject=cm_name)
    for m in RE_RELEASE.finditer(text):
        sc.add("release", m)
    dep = bool(RE_DEPENDENCY.search(text))
    for m in RE_CHART_NAME.finditer(text):
        g = _first_group(m)
        name = m.group(g)
        kind = looks_like_path(name)
        if kind in ("file", "dir") or (kind == "dir?" and not dep and name.split("/")[0] in ("charts", "chart", "deploy", "helm", "k8s")):
            _add_path(sc, m.start(g), name)
        else:
            sc.add("chart-dependency" if dep else "chart-name", m, g)
    for m in RE_WORKFLOW.finditer(text):
        g = _first_group(m)
        if m.group(g).startswith(".github/"):
            continue  # handled as a path below
        sc.add("workflow", m, g)
    helm_ctx = bool(RE_HELM_CTX.search(text)) or area_hint == "helm"
    env_ctx = bool(RE_ENV_CTX.search(text)) or area_hint == "config" or bool(re.search(r"configmap|config\s+map", low))
    for m in RE_TICK.finditer(text):
        tok = m.group(1).strip()
        s = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        if not sc.free(s, s + len(tok)):
            continue
        if env_ctx and (em := RE_ENV_TICK.fullmatch(m.group(0))):
            extra = {"value": em.group(2)} if em.group(2) is not None else {}
            sc.add("env", em, 1, span=(m.start(1), m.start(1) + len(em.group(1))), extra=extra)
            continue
        vk = RE_VALUES_KEY.match(text, m.start())
        if vk and helm_ctx and not looks_like_path(tok) in ("file",) and not re.search(r"\.(?:local|com|org|io|net|yaml|yml|sh)$", tok):
            key = vk.group(1)
            extra = {"value": vk.group(2)} if vk.group(2) else {}
            sc.add("values-key", vk, 1, value=key.lstrip(".").removeprefix("Values."), extra=extra)
            continue
        kind = looks_like_path(tok)
        if kind and not re.fullmatch(r"v?\d+(?:\.\d+)+", tok):
            if kind == "dir?" and RE_IMAGE_TICK.fullmatch(m.group(0)):
                continue
            _add_path(sc, s, tok)


# ---------------------------------------------------------------------------------------------


def paragraph_text(doc: Document, para: Paragraph) -> tuple[str, list[tuple[int, int, int]]]:
    """Joined inline text of a paragraph and its offset map [(text_offset, line, col)]."""
    parts: list[str] = []
    offsets: list[tuple[int, int, int]] = []
    pos = 0
    for ln, s, e in para.segments:
        chunk = doc.line(ln)[s:e]
        if parts:
            parts.append(" ")
            pos += 1
        offsets.append((pos, ln, s))
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts), offsets


def locate(offsets: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int, int] | None:
    """(line, start_col, end_col) of text offsets [start, end), or None across a line break."""
    for i, (off, ln, col) in enumerate(offsets):
        nxt = offsets[i + 1][0] if i + 1 < len(offsets) else None
        if off <= start and (nxt is None or start < nxt):
            if nxt is not None and end > nxt - 1:
                return None
            return ln, col + start - off, col + end - off
    return None


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a paragraph; abbreviations like 'e.g.' do not split."""
    out = []
    pos = 0
    for m in _SENT_SPLIT.finditer(text):
        piece = text[pos: m.start()]
        if re.search(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|no|fig|v)\.$", piece, _I):
            continue
        out.append((pos, piece))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def _meta_target(sentence: str, subj: str | None) -> str | None:
    """'The HPA scales the API ...' -> 'API': an HPA/PDB/Service sentence is about its target."""
    if subj and _META_SUBJECT.match(subj):
        rx = _OVERLAY_TARGET if re.search(r"overlay", subj, re.I) else _META_TARGET
        m = rx.search(sentence)
        if m and m.group(1).lower() not in _NOT_TARGET:
            return m.group(1)
        return None
    return subj


def _clause_subjects(sentence: str) -> list[tuple[int, str | None]]:
    out: list[tuple[int, str | None]] = [(0, _meta_target(sentence, subject_of(sentence)))]
    for m in _CLAUSE_SPLIT.finditer(sentence):
        subj = subject_of(sentence[m.end():])
        if subj:
            out.append((m.end(), subj))
    return out


def extract(doc: Document) -> list[Claim]:
    """Claims from every paragraph, list item, blockquote and heading of `doc`."""
    from .bash_blocks import command_claims_from_text

    claims: list[Claim] = []
    for para in doc.paragraphs:
        if para.line in doc.html_lines:
            continue
        text, offsets = paragraph_text(doc, para)
        if not text.strip():
            continue
        titles = section_titles(doc, para.line)
        hint = heading_area(titles)
        history = in_history(doc, para.line)
        sec_subject = section_subject(doc, para.line)
        form = {"heading": "heading", "list": "list"}.get(para.kind, "prose")
        in_mk = hint == "minikube"
        last_subject: str | None = None
        context: dict[str, str] = {}
        for s_off, sentence in split_sentences(text):
            if not sentence.strip():
                continue
            clauses = _clause_subjects(sentence) if para.kind != "heading" else [(0, None)]
            if clauses[0][1] is None and last_subject and _PRONOUN_SUBJECT.match(sentence):
                clauses[0] = (0, last_subject)
            elif clauses[0][1]:
                last_subject = clauses[0][1]
            label = RE_LABEL.match(sentence)
            label_fld = label_field(label.group(1)) if label else None
            hits = scan(sentence, hint, in_minikube=in_mk, context=context)
            for hit in hits:
                if hit.field in ("secret", "configmap"):
                    context[hit.field] = str(hit.value)
                    context["last"] = hit.field
            label_claims: list[Claim] = []
            if label and label_fld and not history and s_off == 0:
                # "- **Replicas:** 3": parse the value after the label like a table cell
                from .tables import label_value_claims

                where = locate(offsets, label.end(), len(sentence))
                if where is not None:
                    subj = clauses[0][1] if clauses and clauses[0][1] else sec_subject
                    label_claims = label_value_claims(doc, where[0], label.group(1).strip(), where[1], where[2],
                                                      sec_subject if subj is None else subj, form)
                    claims.extend(label_claims)
            taken_fields = {c.field for c in label_claims}
            overlay = next((str(h.value) for h in hits if h.field == "overlay" or
                            (h.field == "path" and "overlays/" in str(h.value))), None)
            for hit in hits:
                if history and hit.field not in ("path", "script", "workflow", "make-target"):
                    continue
                if hit.field in taken_fields:
                    continue
                subj = hit.subject
                if subj is None:
                    subj = next((c for off, c in reversed(clauses) if off <= hit.start and c), None)
                if subj is None:
                    subj = hit.weak_subject or sec_subject
                where = locate(offsets, s_off + hit.start, s_off + hit.end)
                if where is None:
                    line, span = offsets[0][1], None
                    for off, ln, _c in offsets:
                        if off <= s_off + hit.start:
                            line = ln
                else:
                    line, span = where[0], (where[1], where[2])
                extra = dict(hit.extra)
                if overlay and hit.field not in ("overlay", "path"):
                    extra.setdefault("overlay", overlay)
                if label_fld and label and hit.start >= label.end():
                    extra.setdefault("label", label.group(1).strip())
                claims.append(new_claim(doc, line, form, hit.field, hit.value, span=span, subject=subj, extra=extra))
            # inline code that is a command: `make deploy`, `kubectl apply -k k8s/overlays/dev`
            for m in RE_TICK.finditer(sentence):
                code = m.group(1).strip()
                if not re.match(r"^(?:\$\s+)?(?:sudo\s+)?(?:(?:make|kubectl|helm|minikube|kustomize|bash|sh|docker|kind|k3d|"
                                r"skaffold|tilt)(?=\s|$)|\./|scripts/[\w.\-/]+\.sh\b)", code):
                    continue
                where = locate(offsets, s_off + m.start(1), s_off + m.end(1))
                line = where[0] if where else offsets[0][1]
                col = where[1] if where else None
                claims.extend(command_claims_from_text(doc, line, code, col, form="prose", subject=sec_subject))
    return claims
