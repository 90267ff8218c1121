"""Sprig defaults, JSON, reflection, semver, dates, URLs and paths; Helm's YAML/JSON functions."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet
from k8sfix_tui.render.helm_funcs import helm_functions


def render(text: str, data: object = None) -> str:
    ts = TemplateSet(helm_functions(lambda n, d: "", lambda t, d: ""), no_value="")
    ts.add("t", text)
    return ts.execute("t", data)


CASES = [
    ('{{ default "foo" .missing }}', "foo"),
    ('{{ default "foo" "" }}|{{ default "foo" 0 }}|{{ default "foo" false }}|{{ default "foo" "bar" }}', "foo|foo|foo|bar"),
    ("{{ empty .x }}|{{ empty 0 }}|{{ empty list }}|{{ empty 1 }}", "true|true|true|false"),
    ('{{ coalesce 0 "" "x" "y" }}', "x"),
    ('{{ all 1 "a" true }}|{{ all 1 "" }}', "true|false"),
    ('{{ any 0 "" "a" }}|{{ any 0 "" }}', "true|false"),
    ('{{ ternary "yes" "no" true }}|{{ true | ternary "yes" "no" }}', "yes|yes"),
    ('{{ toJson (dict "b" 1 "a" (list "x" "<y>")) }}', '{"a":["x","\\u003cy\\u003e"],"b":1}'),
    ('{{ toRawJson (dict "a" "<y>") }}', '{"a":"<y>"}'),
    ('{{ toPrettyJson (dict "a" 1) }}', '{\n  "a": 1\n}'),
    ('{{ (fromJson "{\\"a\\": 2}").a }}', "2"),
    ('{{ fromJsonArray "[1, 2]" }}', "[1 2]"),
    ('{{ kindOf "x" }}|{{ kindOf 1 }}|{{ kindOf (list) }}|{{ kindOf (dict) }}|{{ kindOf 1.5 }}', "string|int|slice|map|float64"),
    ('{{ kindIs "int" 3 }}|{{ typeOf "x" }}|{{ typeIs "string" "x" }}', "true|string|true"),
    ('{{ deepEqual (list 1 2) (list 1 2) }}|{{ deepEqual (dict "a" 1) (dict "a" 2) }}', "true|false"),
    ('{{ semverCompare ">=1.19-0" "v1.20.0" }}', "true"),
    ('{{ semverCompare "^1.2.0" "1.3.0" }}|{{ semverCompare "~1.2.0" "1.3.0" }}', "true|false"),
    ('{{ semverCompare ">=1.21-0" "1.20.4-gke.1" }}|{{ semverCompare "<1.21-0" "1.20.4-gke.1" }}', "false|true"),
    ('{{ semverCompare "1.2.x" "1.2.9" }}|{{ semverCompare ">1.0, <2.0" "1.5.0" }}', "true|true"),
    ('{{ semverCompare "1.0 - 2.0" "1.5.0" }}|{{ semverCompare "<1.0 || >=3.0" "2.0.0" }}', "true|false"),
    ('{{ (semver "1.2.3-alpha.1+123").Major }}.{{ (semver "1.2.3").Minor }}|{{ (semver "1.2.3-alpha.1").Prerelease }}', "1.2|alpha.1"),
    ('{{ date "2006-01-02 15:04:05" 0 }}', "1970-01-01 00:00:00"),
    ('{{ dateInZone "Jan 2, 2006 at 3:04pm (MST)" 0 "UTC" }}', "Jan 1, 1970 at 12:00am (UTC)"),
    ('{{ htmlDate 86400 }}', "1970-01-02"),
    ('{{ duration 95 }}|{{ duration 3666 }}', "1m35s|1h1m6s"),
    ('{{ toDate "2006-01-02" "2017-12-31" | date "02/01/2006" }}', "31/12/2017"),
    ('{{ dateModify "1.5h" (toDate "2006-01-02 15:04" "2020-01-01 10:00") | date "15:04" }}', "11:30"),
    ('{{ unixEpoch (toDate "2006-01-02" "1970-01-02") }}', "86400"),
    ('{{ $u := urlParse "https://user@example.com:8443/a/b?x=1#f" }}{{ $u.scheme }} {{ $u.host }} {{ $u.hostname }} {{ $u.path }} {{ $u.query }} {{ $u.fragment }} {{ $u.userinfo }}',
     "https example.com:8443 example.com /a/b x=1 f user"),
    ('{{ urlJoin (dict "scheme" "http" "host" "h:80" "path" "/p" "query" "q=1") }}', "http://h:80/p?q=1"),
    ('{{ base "a/b/c.txt" }}|{{ dir "a/b/c.txt" }}|{{ ext "c.tar.gz" }}|{{ clean "a//b/../c" }}|{{ isAbs "/x" }}', "c.txt|a/b|.gz|a/c|true"),
    ('{{ len uuidv4 }}', "36"),
    ('{{ getHostByName "example.com" }}', ""),
    ('{{ toYaml (dict "b" (list 1 "x") "a" (dict "c" "true")) }}', 'a:\n  c: "true"\nb:\n- 1\n- x'),
    ('{{ (fromYaml "a: {b: 1}").a.b }}', "1"),
    ('{{ (fromYaml "- 1").Error }}', "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"),
    ('{{ fromYamlArray "[a, b]" }}', "[a b]"),
    ('{{ toToml (dict "a" 1 "t" (dict "b" "x")) }}', 'a = 1\n\n[t]\nb = "x"\n'),
    ('{{ lookup "v1" "Secret" "ns" "name" }}', "map[]"),
]


@pytest.mark.parametrize("template,expected", CASES, ids=[c[0][:45] for c in CASES])
def test_sprig_and_helm_misc_functions(template: str, expected: str) -> None:
    assert render(template) == expected


@pytest.mark.parametrize(
    "template,needle",
    [
        ('{{ env "HOME" }}', 'function "env" not defined'),
        ('{{ expandenv "$HOME" }}', 'function "expandenv" not defined'),
        ('{{ semverCompare "1.2.3" "not-a-version" }}', "Invalid Semantic Version"),
        ('{{ semverCompare "!!" "1.2.3" }}', "improper constraint"),
        ('{{ ternary 1 2 "x" }}', "expected bool"),
        ('{{ required "need a value" .x }}', "need a value"),
        ('{{ fail "stop here" }}', "stop here"),
        ('{{ regexMatch "(" "x" }}', "error parsing regexp"),
    ],
)
def test_misc_failures_are_clear(template: str, needle: str) -> None:
    with pytest.raises(TemplateError) as info:
        render(template)
    assert needle in str(info.value)


needs_openssl = pytest.mark.skipif(__import__("shutil").which("openssl") is None, reason="openssl command not installed")


@needs_openssl
def test_certificates_and_keys() -> None:
    out = render(
        '{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns") 30 $ca }}'
        '{{ $ca.Cert | b64enc | b64dec | trunc 27 }}|{{ $c.Key | trunc 31 }}|{{ hasPrefix "-----BEGIN CERTIFICATE" $c.Cert }}|'
        '{{ (genSelfSignedCert "x" nil nil 10).Cert | trunc 27 }}|{{ genPrivateKey "ecdsa" | trunc 30 }}|{{ genPrivateKey "bad" }}'
    )
    assert out == ("-----BEGIN CERTIFICATE-----|-----BEGIN RSA PRIVATE KEY-----|true|"
                   "-----BEGIN CERTIFICATE-----|-----BEGIN EC PRIVATE KEY-----|Unknown type bad")


@needs_openssl
def test_aes_round_trip() -> None:
    assert render('{{ encryptAES "s3cr3t" "hello" | decryptAES "s3cr3t" }}') == "hello"


def test_derive_password_known_vector() -> None:
    # Master Password reference vector
    assert render('{{ derivePassword 1 "long" "banana colored duckling" "Robert Lee Mitchell" "masterpasswordapp.com" }}') == "Jejr5[RepuSosp"


def test_htpasswd_is_bcrypt() -> None:
    try:
        out = render('{{ htpasswd "user" "pw" }}')
    except TemplateError as exc:
        pytest.skip(f"no bcrypt on this system: {exc}")
    assert out.startswith("user:$2a$10$") and len(out) == len("user:") + 60
