"""Sprig's key, certificate, password and AES functions.

Python's standard library has no RSA/X.509/AES, so keys, certificates and AES go through the
`openssl` command when it is installed (as on nearly every system); without it these functions
fail with a clear message. `htpasswd`/`bcrypt` use the system crypt(3) bcrypt when Python's `crypt`
module offers it. `derivePassword` (the Master Password algorithm) uses hashlib's scrypt.

Like Helm, every call produces fresh random material; generated keys are cached per process and
arguments only to keep repeated renders fast (any valid key is as good as another).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import struct
import subprocess
import tempfile
from typing import Any, Callable

from .sprig_conv import strval, to_int64

OPENSSL_TIMEOUT = 60


class CryptoError(Exception):
    pass


class Certificate:
    """Sprig's `certificate` struct: `.Cert` and `.Key` PEM strings."""

    __go_type__ = "sprig.certificate"

    def __init__(self, cert: str, key: str) -> None:
        self.Cert = cert
        self.Key = key

    def __str__(self) -> str:
        return "{" + self.Cert + " " + self.Key + "}"

    def to_go_json(self) -> dict[str, str]:
        return {"Cert": self.Cert, "Key": self.Key}


def _openssl(args: list[str], stdin: bytes | None = None, cwd: str | None = None) -> bytes:
    exe = shutil.which("openssl")
    if exe is None:
        raise CryptoError("needs the openssl command, which is not installed (use --renderer helm)")
    try:
        proc = subprocess.run([exe, *args], input=stdin, capture_output=True, timeout=OPENSSL_TIMEOUT, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CryptoError(f"openssl failed: {exc}") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CryptoError(f"openssl failed: {lines[-1] if lines else 'exit ' + str(proc.returncode)}")
    return proc.stdout


_KEY_CACHE: dict[tuple, str] = {}


def _cached(key: tuple, make: Callable[[], str]) -> str:
    hit = _KEY_CACHE.get(key)
    if hit is None:
        hit = _KEY_CACHE[key] = make()
    return hit


def gen_private_key(kind: Any) -> str:
    k = strval(kind)
    commands = {
        "rsa": ["genrsa", "-traditional", "4096"],
        "ecdsa": ["ecparam", "-name", "prime256v1", "-genkey", "-noout"],
        "ed25519": ["genpkey", "-algorithm", "ed25519"],
        "dsa": ["dsaparam", "-noout", "-genkey", "2048"],
    }
    if k not in commands:
        return f"Unknown type {k}"
    return _cached(("key", k), lambda: _openssl(commands[k]).decode())


def _rsa_key() -> str:
    return _cached(("key", "rsa2048"), lambda: _openssl(["genrsa", "-traditional", "2048"]).decode())


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [strval(v) for v in value if v is not None]
    return [strval(value)]


def _make_cert(
    cn: str,
    ips: list[str],
    dns: list[str],
    days: int,
    key_pem: str,
    *,
    is_ca: bool,
    ca: Certificate | None = None,
) -> str:
    with tempfile.TemporaryDirectory(prefix="k8sfix-cert-") as tmp:
        key_file = os.path.join(tmp, "key.pem")
        with open(key_file, "w") as fh:
            fh.write(key_pem)
        ext = os.path.join(tmp, "ext.cnf")
        lines = ["[req]", "distinguished_name=dn", "[dn]", "[v3]"]
        if is_ca:
            lines += ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"]
        else:
            lines += ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                      "extendedKeyUsage=serverAuth,clientAuth"]
        alt = [f"IP:{ip}" for ip in ips] + [f"DNS:{name}" for name in dns]
        if alt:
            lines.append("subjectAltName=" + ",".join(alt))
        with open(ext, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        subject = "/CN=" + cn.replace("/", "\\/") if cn else "/"
        days_s = str(max(days, 1))
        if ca is None:
            out = _openssl(["req", "-x509", "-new", "-key", key_file, "-subj", subject, "-days", days_s,
                            "-config", ext, "-extensions", "v3", "-sha256"])
        else:
            csr = _openssl(["req", "-new", "-key", key_file, "-subj", subject, "-config", ext])
            ca_cert = os.path.join(tmp, "ca.pem")
            ca_key = os.path.join(tmp, "ca.key")
            with open(ca_cert, "w") as fh:
                fh.write(ca.Cert)
            with open(ca_key, "w") as fh:
                fh.write(ca.Key)
            csr_file = os.path.join(tmp, "req.csr")
            with open(csr_file, "wb") as fh:
                fh.write(csr)
            out = _openssl(["x509", "-req", "-in", csr_file, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
                            "-days", days_s, "-extfile", ext, "-extensions", "v3", "-sha256"], cwd=tmp)
        return out.decode()


def _as_ca(value: Any) -> Certificate:
    if isinstance(value, Certificate):
        return value
    if isinstance(value, dict) and "Cert" in value and "Key" in value:
        return Certificate(strval(value["Cert"]), strval(value["Key"]))
    raise CryptoError("expected a certificate authority from genCA")


def gen_ca(cn: Any, days: Any) -> Certificate:
    key = _rsa_key()
    return Certificate(_make_cert(strval(cn), [], [], to_int64(days), key, is_ca=True), key)


def gen_ca_with_key(cn: Any, days: Any, key: Any) -> Certificate:
    pem = strval(key)
    return Certificate(_make_cert(strval(cn), [], [], to_int64(days), pem, is_ca=True), pem)


def gen_self_signed_cert(cn: Any, ips: Any, dns: Any, days: Any) -> Certificate:
    key = _rsa_key()
    return Certificate(_make_cert(strval(cn), _strings(ips), _strings(dns), to_int64(days), key, is_ca=False), key)


def gen_self_signed_cert_with_key(cn: Any, ips: Any, dns: Any, days: Any, key: Any) -> Certificate:
    pem = strval(key)
    return Certificate(_make_cert(strval(cn), _strings(ips), _strings(dns), to_int64(days), pem, is_ca=False), pem)


def gen_signed_cert(cn: Any, ips: Any, dns: Any, days: Any, ca: Any) -> Certificate:
    key = _rsa_key()
    cert = _make_cert(strval(cn), _strings(ips), _strings(dns), to_int64(days), key, is_ca=False, ca=_as_ca(ca))
    return Certificate(cert, key)


def gen_signed_cert_with_key(cn: Any, ips: Any, dns: Any, days: Any, ca: Any, key: Any) -> Certificate:
    pem = strval(key)
    cert = _make_cert(strval(cn), _strings(ips), _strings(dns), to_int64(days), pem, is_ca=False, ca=_as_ca(ca))
    return Certificate(cert, pem)


def build_custom_cert(cert_b64: Any, key_b64: Any) -> Certificate:
    try:
        cert = base64.b64decode(strval(cert_b64), validate=True).decode()
        key = base64.b64decode(strval(key_b64), validate=True).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise CryptoError(f"unable to decode base64: {exc}") from None
    if "BEGIN CERTIFICATE" not in cert:
        raise CryptoError("error parsing certificate: decoded pem is blank")
    if "PRIVATE KEY" not in key:
        raise CryptoError("error parsing private key: decoded pem is blank")
    return Certificate(cert, key)


def _bcrypt(password: str) -> str:
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt  # removed in Python 3.13; present in 3.11/3.12
    except ImportError:
        raise CryptoError("bcrypt needs Python's crypt module (Python < 3.13)") from None
    try:
        hashed = crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 10))
    except (OSError, ValueError) as exc:
        raise CryptoError(f"bcrypt failed: {exc}") from None
    if not hashed or not hashed.startswith("$2"):
        raise CryptoError("the system crypt(3) has no bcrypt support")
    return "$2a$" + hashed[4:]


def bcrypt(password: Any) -> str:
    return _bcrypt(strval(password))


def htpasswd(user: Any, password: Any) -> str:
    name = strval(user)
    if ":" in name:
        return "invalid username: " + name
    return f"{name}:{_bcrypt(strval(password))}"


_MP_TEMPLATES = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": [
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
        "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
        "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
        "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
    ],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}
_MP_CHARS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_MP_SEED = b"com.lyndir.masterpassword"


def derive_password(counter: Any, password_type: Any, password: Any, user: Any, site: Any) -> str:
    """The Master Password algorithm (scrypt N=32768 r=8 p=2, HMAC-SHA256 seed, templates)."""
    templates = _MP_TEMPLATES.get(strval(password_type))
    if templates is None:
        return f"cannot find password template {strval(password_type)}"
    user_b = strval(user).encode()
    site_b = strval(site).encode()
    salt = _MP_SEED + struct.pack(">I", len(user_b)) + user_b
    try:
        key = hashlib.scrypt(strval(password).encode(), salt=salt, n=32768, r=8, p=2, dklen=64, maxmem=128 * 1024 * 1024)
    except (ValueError, MemoryError) as exc:
        return f"failed to derive password: {exc}"
    message = _MP_SEED + struct.pack(">I", len(site_b)) + site_b + struct.pack(">I", to_int64(counter) & 0xFFFFFFFF)
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    return "".join(_MP_CHARS[ch][seed[i + 1] % len(_MP_CHARS[ch])] for i, ch in enumerate(template))


def _aes_key(password: str) -> str:
    raw = password.encode()[:32]
    return (raw + b"\0" * (32 - len(raw))).hex()


def encrypt_aes(password: Any, plaintext: Any) -> str:
    text = strval(plaintext)
    if text == "":
        return ""
    iv = os.urandom(16)
    out = _openssl(["enc", "-aes-256-cbc", "-K", _aes_key(strval(password)), "-iv", iv.hex(), "-nosalt"], stdin=text.encode())
    return base64.b64encode(iv + out).decode()


def decrypt_aes(password: Any, crypt64: Any) -> str:
    try:
        data = base64.b64decode(strval(crypt64), validate=True)
    except ValueError as exc:
        raise CryptoError(f"illegal base64 data: {exc}") from None
    if len(data) < 16 or len(data) % 16:
        raise CryptoError("ciphertext is not a multiple of the block size")
    out = _openssl(["enc", "-d", "-aes-256-cbc", "-K", _aes_key(strval(password)), "-iv", data[:16].hex(), "-nosalt"], stdin=data[16:])
    return out.decode("utf-8", "replace")


def crypto_functions() -> dict[str, Callable[..., Any]]:
    return {
        "genPrivateKey": gen_private_key,
        "genCA": gen_ca,
        "genCAWithKey": gen_ca_with_key,
        "genSelfSignedCert": gen_self_signed_cert,
        "genSelfSignedCertWithKey": gen_self_signed_cert_with_key,
        "genSignedCert": gen_signed_cert,
        "genSignedCertWithKey": gen_signed_cert_with_key,
        "buildCustomCert": build_custom_cert,
        "bcrypt": bcrypt,
        "htpasswd": htpasswd,
        "derivePassword": derive_password,
        "encryptAES": encrypt_aes,
        "decryptAES": decrypt_aes,
    }
