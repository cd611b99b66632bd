#!/usr/bin/env python3
"""Verify an award of Nhân Rộng offline, without trusting (or reaching) the server that shows it.

The procedure of docs/commendation.md ("How an outside party verifies an award offline"), as a script
that needs neither this project nor Django: the Python standard library and `cryptography` for the
credential, plus `pyHanko` for the certificate PDF. Save, once and while online, the issuer's
`/.well-known/jwks.json` and `/xac-minh/danh-sach-thu-hoi` (the signed revocation list); get the award's
`/xac-minh/<id>.jwt` (or its PDF) from its holder; then:

    python3 verify_award.py --jwks jwks.json --status danh-sach-thu-hoi.jwt khen-thuong.jwt
    python3 verify_award.py --jwks jwks.json --pdf giay-chung-nhan.pdf

Prints HỢP LỆ, ĐÃ THU HỒI or KHÔNG HỢP LỆ with the reason; exits 0, 2 and 1 respectively.
`--issuer URL` also requires the credential's issuer to be that profile (`…/xac-minh/to-chuc-cap.json`).
"""

import argparse
import base64
import datetime
import gzip
import hashlib
import json
import sys

VALID, REVOKED, INVALID = 0, 2, 1


class Invalid(Exception):
    pass


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprint(x):
    """RFC 7638 thumbprint of an Ed25519 JWK: the `kid` the issuer gives its keys."""
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).decode().rstrip("=")


def load_jwks(path):
    keys = {}
    for jwk in json.loads(open(path, encoding="utf-8").read())["keys"]:
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and thumbprint(jwk["x"]) == jwk.get("kid"):
            keys[jwk["kid"]] = jwk
    if not keys:
        raise Invalid("tệp JWKS không có khoá Ed25519 nào")
    return keys


def verify_jws(token, keys):
    """Steps 1-2: the header says EdDSA and names a key of the saved JWKS; the Ed25519 signature over
    "header.payload" verifies with that key. Returns the decoded payload."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        head, payload, signature = token.strip().split(".")
        header = json.loads(b64url(head))
    except ValueError:
        raise Invalid("không phải chuỗi JWT (ba phần header.payload.signature)") from None
    if header.get("alg") != "EdDSA":
        raise Invalid(f"thuật toán ký “{header.get('alg')}” không được chấp nhận (chỉ EdDSA)")
    jwk = keys.get(header.get("kid"))
    if jwk is None:
        raise Invalid(f"khoá ký “{header.get('kid')}” không có trong JWKS của đơn vị cấp")
    try:
        Ed25519PublicKey.from_public_bytes(b64url(jwk["x"])).verify(b64url(signature), f"{head}.{payload}".encode())
    except InvalidSignature:
        raise Invalid("chữ ký số không khớp: nội dung đã bị sửa hoặc không do đơn vị cấp ký") from None
    return json.loads(b64url(payload))


def check_credential(credential, issuer=None, now=None):
    """Step 3: an Open Badges 3.0 AchievementCredential of the expected issuer, in its validity period."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    types = credential.get("type", [])
    if "VerifiableCredential" not in types or not {"AchievementCredential", "OpenBadgeCredential"} & set(types):
        raise Invalid("không phải chứng chỉ Open Badges 3.0 (AchievementCredential)")
    issuer_id = credential.get("issuer", {}).get("id") if isinstance(credential.get("issuer"), dict) \
        else credential.get("issuer")
    if issuer and issuer_id != issuer:
        raise Invalid(f"đơn vị cấp “{issuer_id}” không phải “{issuer}”")

    def moment(text):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))

    if "validFrom" not in credential or moment(credential["validFrom"]) > now:
        raise Invalid("chưa đến ngày có hiệu lực (validFrom)")
    if credential.get("validUntil") and moment(credential["validUntil"]) < now:
        raise Invalid("đã hết hiệu lực (validUntil)")
    return issuer_id


def is_revoked(credential, status_token, keys):
    """Step 4: the saved status list, verified like the credential, is the one the credential names;
    its bit number `statusListIndex` (bit 0 = most significant bit of the first byte) is 1 if revoked."""
    entry = credential.get("credentialStatus")
    if not entry:
        raise Invalid("chứng chỉ không có credentialStatus")
    status = verify_jws(status_token, keys)
    if status.get("id") != entry["statusListCredential"]:
        raise Invalid(f"danh sách thu hồi đã lưu ({status.get('id')}) không phải danh sách chứng chỉ dùng "
                      f"({entry['statusListCredential']})")
    subject = status["credentialSubject"]
    if subject.get("statusPurpose") != entry.get("statusPurpose", "revocation"):
        raise Invalid("danh sách thu hồi không cùng mục đích (statusPurpose)")
    encoded = subject["encodedList"]
    if not encoded.startswith("u"):
        raise Invalid("encodedList không ở dạng multibase base64url (tiền tố “u”)")
    bits = gzip.decompress(b64url(encoded[1:]))
    index = int(entry["statusListIndex"])
    if index // 8 >= len(bits):
        raise Invalid("statusListIndex nằm ngoài danh sách thu hồi")
    return bool(bits[index // 8] >> (7 - index % 8) & 1)


def check_pdf(path, keys):
    """The certificate PDF: a PAdES signature, intact, covering the whole file, by the certificate of a
    key in the saved JWKS (its `x5c`). Returns the signature's reason (it names the award's URL)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from asn1crypto import x509 as asn1_x509

    roots = []
    for jwk in keys.values():
        for der in jwk.get("x5c", [])[:1]:
            cert = x509.load_der_x509_certificate(base64.b64decode(der))
            raw = cert.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            if raw == b64url(jwk["x"]):  # the certificate is the key's
                roots.append(asn1_x509.Certificate.load(base64.b64decode(der)))
    if not roots:
        raise Invalid("JWKS không kèm chứng thư số (x5c) của khoá nào")
    with open(path, "rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        if not reader.embedded_signatures:
            raise Invalid("tệp PDF không có chữ ký số")
        signature = reader.embedded_signatures[0]
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
        if not status.intact or not status.valid:
            raise Invalid("chữ ký số trên tệp PDF không còn khớp: tệp đã bị sửa sau khi ký")
        if not status.trusted:
            raise Invalid("tệp PDF được ký bằng chứng thư số không phải của đơn vị cấp")
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            raise Invalid("tệp PDF có nội dung được thêm vào sau khi ký")
        return str(signature.sig_object.get("/Reason", ""))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Xác minh khen thưởng ngoại tuyến (Open Badges 3.0, VC-JOSE, PAdES).")
    parser.add_argument("credential", nargs="?", help="tệp .jwt của khen thưởng")
    parser.add_argument("--jwks", required=True, help="tệp jwks.json đã lưu của đơn vị cấp")
    parser.add_argument("--status", help="tệp danh sách thu hồi đã lưu (/xac-minh/danh-sach-thu-hoi)")
    parser.add_argument("--issuer", help="URL hồ sơ đơn vị cấp phải khớp (issuer.id)")
    parser.add_argument("--pdf", help="tệp giấy chứng nhận PDF đã ký")
    args = parser.parse_args(argv)
    if not args.credential and not args.pdf:
        parser.error("cần tệp .jwt hoặc --pdf")
    try:
        keys = load_jwks(args.jwks)
        if args.pdf:
            reason = check_pdf(args.pdf, keys)
            print(f"Giấy chứng nhận PDF: chữ ký số hợp lệ ({reason})")
        if args.credential:
            credential = verify_jws(open(args.credential, encoding="utf-8").read(), keys)
            check_credential(credential, args.issuer)
            name = credential["credentialSubject"].get("achievement", {}).get("name", "")
            print(f"Chứng chỉ: {name} — {credential['credentialSubject'].get('name', '')}")
            if not args.status:
                raise Invalid("cần --status (danh sách thu hồi đã lưu) để biết khen thưởng chưa bị thu hồi")
            if is_revoked(credential, open(args.status, encoding="utf-8").read(), keys):
                print("ĐÃ THU HỒI")
                return REVOKED
    except Invalid as reason:
        print(f"KHÔNG HỢP LỆ: {reason}")
        return INVALID
    print("HỢP LỆ")
    return VALID


if __name__ == "__main__":
    sys.exit(main())
