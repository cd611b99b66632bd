"""The issuer's signing keys: Ed25519, one active, older ones kept public so credentials signed
before a rotation still verify.

Keys live in a directory outside the repository (`CREDENTIAL_KEY_DIR`, default `var/keys/`, which
git ignores): `<kid>.key.pem` (PKCS#8 private key, mode 600), `<kid>.crt.pem` (the key's X.509
certificate, self-signed: the demo's CA; a deployment may put a certificate issued by a real CA in its
place) and `active` (the kid used for new signatures). A retired key may keep only its certificate:
its public key stays in the JWKS. `kid` is the key's RFC 7638 JWK thumbprint.

When the directory holds no key, one is generated if `CREDENTIAL_KEY_AUTOGENERATE` (dev and tests;
off in production, where a missing key is an error). `manage.py rotate_credential_key` makes a new
active key. The cryptography is the `cryptography` package's; JWS signing is `joserfc`'s.
"""

import base64
import contextlib
import datetime
import json
import os
import threading
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc import jws
from joserfc.jwk import OKPKey

_lock = threading.Lock()


@contextlib.contextmanager
def _eddsa():
    """joserfc warns that "EdDSA" is superseded by the fully-specified "Ed25519" (RFC 9864); VC-JOSE-COSE
    and Open Badges 3.0 verifiers expect "EdDSA" (the same Ed25519 signature), so we keep it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*EdDSA is deprecated.*")
        yield


def key_dir():
    return Path(settings.CREDENTIAL_KEY_DIR)


@dataclass(frozen=True)
class IssuerKey:
    kid: str
    certificate: x509.Certificate
    private_key: ed25519.Ed25519PrivateKey | None

    @cached_property
    def public_jwk(self):
        jwk = OKPKey.import_key(self.certificate.public_key()).as_dict(private=False)
        # x5c (RFC 7517 §4.7): the key's certificate, so an outside party who saved the JWKS can also
        # check the certificate PDF's PAdES signature offline (tools/verify_award.py, docs/commendation.md).
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        return {**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig", "x5c": [base64.b64encode(der).decode()]}

    @property
    def certificate_pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()


def _thumbprint(public_key):
    return OKPKey.import_key(public_key).thumbprint()


def _self_signed(private_key, common_name):
    """A self-signed certificate for the key (the demo's CA): digital signature and non-repudiation,
    ten years."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.WAGTAIL_SITE_NAME),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(private_key, None))


def generate_key(directory=None, activate=True):
    """Create a new Ed25519 key and its certificate in the key directory; returns its kid."""
    directory = Path(directory or key_dir())
    directory.mkdir(parents=True, exist_ok=True)
    private_key = ed25519.Ed25519PrivateKey.generate()
    kid = _thumbprint(private_key.public_key())
    cert = _self_signed(private_key, f"{settings.WAGTAIL_SITE_NAME} — khoá ký {kid[:8]}")
    key_path = directory / f"{kid}.key.pem"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    (directory / f"{kid}.crt.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if activate:
        (directory / "active").write_text(kid + "\n")
    _cache.clear()
    return kid


_cache = {}


def load_keys():
    """Every key of the directory, by kid (cached until the directory changes)."""
    directory = key_dir()
    # Keyed by the directory's mtime too: a key another process generated or rotated is seen at once.
    stamp = (str(directory), directory.stat().st_mtime_ns if directory.exists() else 0)
    cached = _cache.get(stamp)
    if cached is not None:
        return cached
    with _lock:
        keys = {}
        for cert_path in sorted(directory.glob("*.crt.pem")) if directory.exists() else []:
            kid = cert_path.name[: -len(".crt.pem")]
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            key_path = directory / f"{kid}.key.pem"
            private = serialization.load_pem_private_key(key_path.read_bytes(), None) if key_path.exists() else None
            if _thumbprint(cert.public_key()) != kid:
                raise ImproperlyConfigured(f"{cert_path}: the certificate's key does not match its kid.")
            keys[kid] = IssuerKey(kid, cert, private)
        _cache.clear()
        _cache[stamp] = keys
    return keys


def active_key():
    keys = load_keys()
    active = key_dir() / "active"
    kid = active.read_text().strip() if active.exists() else ""
    if kid not in keys or keys[kid].private_key is None:
        if keys or not settings.CREDENTIAL_KEY_AUTOGENERATE:
            raise ImproperlyConfigured(
                f"No active signing key in {key_dir()} (set CREDENTIAL_KEY_DIR; see docs/commendation.md).")
        generate_key()
        return active_key()
    return keys[kid]


def jwks():
    """The public keys, current and retired, as a JSON Web Key Set."""
    active_key()  # generates the first key when allowed
    return {"keys": [key.public_jwk for key in load_keys().values()]}


def sign_jwt(payload, typ="vc+jwt"):
    """Compact JWS (VC-JOSE-COSE): header {alg: EdDSA, kid, typ}, the payload is the credential."""
    key = active_key()
    header = {"alg": "EdDSA", "kid": key.kid, "typ": typ, "cty": typ.split("+")[0]}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    with _eddsa():
        return jws.serialize_compact(header, body, OKPKey.import_key(key.private_key), algorithms=["EdDSA"])


def verify_jwt(token):
    """(header, payload bytes) when the signature verifies with one of our keys; raises
    `SignatureError` with a Vietnamese reason otherwise."""
    from django.utils.translation import gettext as _
    from joserfc.errors import JoseError

    try:
        header = jws.extract_compact(token.encode()).protected
    except (JoseError, ValueError, UnicodeError) as error:
        raise SignatureError(_("Không đọc được chuỗi JWT (%(e)s).") % {"e": error.__class__.__name__}) from None
    if header.get("alg") != "EdDSA":
        raise SignatureError(_("Thuật toán ký “%(alg)s” không được chấp nhận (chỉ EdDSA).") % {"alg": header.get("alg")})
    key = load_keys().get(header.get("kid", ""))
    if key is None:
        raise IssuerError(_("Khoá ký “%(kid)s” không thuộc đơn vị cấp (không có trong JWKS).")
                          % {"kid": header.get("kid", "—")})
    try:
        with _eddsa():
            result = jws.deserialize_compact(token, OKPKey.import_key(key.certificate.public_key()),
                                             algorithms=["EdDSA"])
    except (JoseError, ValueError) as error:
        raise SignatureError(_("Chữ ký số không khớp với nội dung (%(e)s).") % {"e": error.__class__.__name__}) from None
    return result.protected, result.payload


class SignatureError(Exception):
    reason = "signature"


class IssuerError(SignatureError):
    reason = "issuer"
