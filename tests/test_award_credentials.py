"""Awards anyone can verify (issue 15): the signed Open Badges 3.0 credential checked with libraries
other than the signer's (PyJWT, and libsodium through PyNaCl), the official OB 3.0 JSON schema (vendored
in tests/data/schemas/), revocation through the
Bitstring Status List, key rotation, the PAdES-signed certificate PDF checked with pyHanko's
validator, and /xac-minh/ answering for a pasted credential, an uploaded PDF or an unknown id."""

import base64
import datetime
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from campaigns.actions import confirm_award, propose_award, revoke_award
from campaigns.models import AwardKind, Person
from core.roles import COUNCIL_MEMBERS, EDITORS
from tests.factories import make_campaign, make_member

# The official 1EdTech schema, vendored byte for byte (source, commit and licence: tests/data/README.md).
OFFICIAL_SCHEMA = Path(__file__).parent / "data" / "schemas" / "ob_v3p0_achievementcredential_schema.json"
OFFICIAL_SCHEMA_SHA256 = "86a141ff0c1b1a6b4e08460f786a8ffe0f737d8256a86243d134a2e6450efe4d"


def official_validator():
    """A Draft 2019-09 validator for the official OB 3.0 AchievementCredential schema (never skipped:
    the file is in the repository, and its digest is checked so an edited copy cannot pass)."""
    import jsonschema

    raw = OFFICIAL_SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OFFICIAL_SCHEMA_SHA256, "the vendored OB 3.0 schema was edited"
    schema = json.loads(raw)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2019-09/schema")
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(autouse=True)
def own_keys(settings, tmp_path):
    """Every test signs with keys of its own (generated on first use)."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    settings.CREDENTIAL_KEY_AUTOGENERATE = True


@pytest.fixture
def setting(site, province, commune):
    return {"campaign": make_campaign(title="Đẩy mạnh CCHC, nâng cao chất lượng công vụ"),
            "council": make_member(COUNCIL_MEMBERS, province), "editor": make_member(EDITORS), "unit": commune}


def award_for(setting, *, year=2025, kind=AwardKind.BANG_KHEN_TINH, **recipient):
    recipient = recipient or {"unit": setting["unit"]}
    award = propose_award(setting["council"], setting["campaign"], kind, "Thành tích xuất sắc trong cải cách "
                          "hành chính.", issuer_name="Chủ tịch UBND tỉnh Đồng Tháp", year=year, **recipient)
    return confirm_award(setting["editor"], award, "1234/QĐ-UBND", datetime.date(2025, 12, 20))


def jwks_keys(client):
    """The issuer's public keys as an outside verifier gets them: from the published JWKS."""
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    return {k["kid"]: Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(k["x"] + "=" * (-len(k["x"]) % 4)))
            for k in keys}


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_with_pyjwt(token, client):
    header = pyjwt.get_unverified_header(token)
    key = jwks_keys(client)[header["kid"]]
    return pyjwt.decode(token, key=key, algorithms=["EdDSA"], options={"verify_aud": False})


# -- the credential -----------------------------------------------------------------------------------
def test_signed_credential_verifies_with_other_libraries_and_passes_the_official_schema(setting, client):
    award = award_for(setting)
    token = client.get(f"/xac-minh/{award.uuid}.jwt").content.decode()
    header = pyjwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt" and header["kid"]
    credential = verify_with_pyjwt(token, client)  # PyJWT, not joserfc which signed it
    # …and with libsodium (PyNaCl), an Ed25519 implementation that shares no code with the signer's
    # (joserfc over `cryptography`/OpenSSL): the signature over "header.payload", the key from the JWKS.
    signing_input, signature = token.rsplit(".", 1)
    jwk = next(k for k in client.get("/.well-known/jwks.json").json()["keys"] if k["kid"] == header["kid"])
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
    sodium_key = VerifyKey(b64url(jwk["x"]))
    assert sodium_key.verify(signing_input.encode(), b64url(signature)) == signing_input.encode()
    with pytest.raises(BadSignatureError):
        sodium_key.verify(signing_input.encode()[:-1] + b"A", b64url(signature))
    assert credential == client.get(f"/xac-minh/{award.uuid}.json").json()
    assert "AchievementCredential" in credential["type"]
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    validator = official_validator()
    validator.validate(credential)
    # The schema is really applied: a credential without its subject, or with a subject that is not an
    # AchievementSubject, is rejected by it.
    assert not validator.is_valid({k: v for k, v in credential.items() if k != "credentialSubject"})
    broken = json.loads(json.dumps(credential))
    broken["credentialSubject"]["type"] = ["Person"]
    assert not validator.is_valid(broken)


def test_tampered_credential_is_invalid_with_the_reason(setting, client):
    award = award_for(setting)
    token = award.credential_jwt
    head, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["credentialSubject"]["achievement"]["name"] = "Huân chương Lao động hạng Nhất"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    page = client.post("/xac-minh/", {"credential": f"{head}.{forged}.{signature}"}).content.decode()
    assert "KHÔNG HỢP LỆ" in page and "Chữ ký số không khớp" in page
    # The JSON edited by hand: not the signed content.
    page = client.post("/xac-minh/", {"credential": json.dumps(data, ensure_ascii=False)}).content.decode()
    assert "KHÔNG HỢP LỆ" in page and "Nội dung khác bản đã ký" in page and "credentialSubject" in page
    # The untouched JSON and the JWT verify.
    original = client.get(f"/xac-minh/{award.uuid}.json").content.decode()
    assert ">HỢP LỆ<" in client.post("/xac-minh/", {"credential": original}).content.decode()
    assert ">HỢP LỆ<" in client.post("/xac-minh/", {"credential": token}).content.decode()
    # The VC Data Model 2.0 envelope of the JWT verifies too.
    enveloped = json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "EnvelopedVerifiableCredential",
                            "id": f"data:application/vc+jwt,{token}"})
    assert ">HỢP LỆ<" in client.post("/xac-minh/", {"credential": enveloped}).content.decode()


def test_a_credential_signed_by_another_key_names_the_issuer(setting, client, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    award = award_for(setting)
    payload = verify_with_pyjwt(award.credential_jwt, client)
    foreign = pyjwt.encode(payload, Ed25519PrivateKey.generate(), algorithm="EdDSA",
                           headers={"kid": "khoa-la", "typ": "vc+jwt"})
    page = client.post("/xac-minh/", {"credential": foreign}).content.decode()
    assert "KHÔNG HỢP LỆ" in page and "không thuộc đơn vị cấp" in page


def test_revoking_flips_the_status_list_bit(setting, client):
    kept, revoked = award_for(setting, year=2024), award_for(setting, year=2025)

    def bit(award):
        listed = verify_with_pyjwt(client.get("/xac-minh/danh-sach-thu-hoi").content.decode(), client)
        assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        encoded = listed["credentialSubject"]["encodedList"]
        assert encoded[0] == "u"
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
        assert len(bits) * 8 >= 131_072
        index = int(json.loads(json.dumps(verify_with_pyjwt(award.credential_jwt, client)))
                    ["credentialStatus"]["statusListIndex"])
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    assert not bit(kept) and not bit(revoked)
    revoke_award(setting["editor"], revoked, "Phát hiện sai sót trong hồ sơ")
    assert bit(revoked) and not bit(kept)
    page = client.post("/xac-minh/", {"credential": revoked.credential_jwt}).content.decode()
    assert "ĐÃ THU HỒI" in page and "Đã thu hồi" in page and "Phát hiện sai sót" in page
    assert ">HỢP LỆ<" in client.post("/xac-minh/", {"credential": kept.credential_jwt}).content.decode()


def test_rotating_the_key_keeps_old_credentials_verifiable(setting, client):
    from django.core.management import call_command

    old = award_for(setting, year=2024)
    call_command("rotate_credential_key", stdout=io.StringIO())
    new = award_for(setting, year=2025)
    assert old.signing_kid != new.signing_kid
    assert set(jwks_keys(client)) == {old.signing_kid, new.signing_kid}
    for award in (old, new):
        assert verify_with_pyjwt(award.credential_jwt, client)["id"].endswith(f"{award.uuid}.json")
        assert ">HỢP LỆ<" in client.get(f"/xac-minh/{award.uuid}/").content.decode()


def test_the_private_key_stays_outside_the_repository(setting, client):
    award_for(setting)
    key_dir = Path(settings.CREDENTIAL_KEY_DIR)
    assert not key_dir.resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    private = list(key_dir.glob("*.key.pem"))
    assert len(private) == 1 and oct(private[0].stat().st_mode)[-3:] == "600"
    assert "d" not in client.get("/.well-known/jwks.json").json()["keys"][0]  # no private part


# -- the PDF ----------------------------------------------------------------------------------------
def _validate(data):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from campaigns.pdf_signing import _asn1_cert
    from campaigns.signing import load_keys

    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(
        trust_roots=[_asn1_cert(k) for k in load_keys().values()], allow_fetching=False))


def test_certificate_pdf_is_signed_and_an_edit_breaks_it(setting, client):
    award = award_for(setting)
    data = client.get(f"/xac-minh/{award.uuid}/giay-chung-nhan.pdf").content
    status = _validate(data)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    start = data.index(b"/Title")  # inside the signed bytes: the document's title
    tampered = data[:start + 10] + bytes([data[start + 10] ^ 0x01]) + data[start + 11:]
    assert not _validate(tampered).intact
    page = client.post("/xac-minh/", {"pdf": io.BytesIO(data)}, format="multipart").content.decode()
    assert ">HỢP LỆ<" in page and "Chữ ký số trên tệp PDF hợp lệ" in page and "Xã Long Khánh A" in page
    upload = io.BytesIO(tampered)
    upload.name = "giay-chung-nhan.pdf"
    page = client.post("/xac-minh/", {"pdf": upload}).content.decode()
    assert "KHÔNG HỢP LỆ" in page and "đã bị sửa" in page


def test_uploads_are_capped_and_rate_limited(setting, client, settings):
    settings.VERIFY_UPLOAD_MAX_BYTES = 1000
    upload = io.BytesIO(b"%PDF-1.7\n" + b"0" * 2000)
    upload.name = "lon.pdf"
    response = client.post("/xac-minh/", {"pdf": upload})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    not_pdf = io.BytesIO(b"hello")
    not_pdf.name = "a.pdf"
    assert "Tệp không phải PDF" in client.post("/xac-minh/", {"pdf": not_pdf}).content.decode()
    settings.VERIFY_RATE_PER_MINUTE = 3
    codes = [client.post("/xac-minh/", {"credential": "x"}).status_code for _ in range(4)]
    assert codes[-1] == 429


def test_unknown_id_gets_the_same_clear_page(site, client):
    response = client.get("/xac-minh/00000000-0000-4000-8000-000000000000/")
    page = response.content.decode()
    assert response.status_code == 404 and "KHÔNG HỢP LỆ" in page and "Không tìm thấy khen thưởng" in page
    assert "<form" not in page or "/xac-minh/" in page
    page = client.get("/xac-minh/?ma=khong-phai-ma").content.decode()
    assert "KHÔNG HỢP LỆ" in page and "không đúng định dạng" in page


def test_without_a_key_production_refuses_to_sign(setting, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.CREDENTIAL_KEY_AUTOGENERATE = False  # production's default
    with pytest.raises(ImproperlyConfigured, match="CREDENTIAL_KEY_DIR"):
        award_for(setting)
    assert not Path(settings.CREDENTIAL_KEY_DIR).exists() or not list(Path(settings.CREDENTIAL_KEY_DIR).iterdir())


def test_a_key_another_process_rotated_is_seen(setting, client, tmp_path):
    import shutil

    from campaigns.signing import generate_key, key_dir, load_keys

    award_for(setting)
    elsewhere = tmp_path / "other-process"
    new_kid = generate_key(directory=elsewhere, activate=False)
    before = set(load_keys())  # this process's cache of the directory
    for path in elsewhere.iterdir():  # another worker writes its new key into the directory
        shutil.copy(path, key_dir() / path.name)
    assert set(load_keys()) == before | {new_kid}
    assert new_kid in jwks_keys(client)


# -- offline, as docs/commendation.md tells an outside party ----------------------------------------
def make_person(unit):
    return Person.objects.create(full_name="Nguyễn Thị Minh Họa", position="Công chức Văn phòng - Thống kê",
                                 workplace_unit=unit, email="minhhoa@example.vn")


def offline(tmp_path, *args):
    """tools/verify_award.py in a process of its own, with no Django and no access to this server: only
    the files saved in `tmp_path`."""
    script = Path(settings.BASE_DIR) / "tools" / "verify_award.py"
    done = subprocess.run([sys.executable, str(script), *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"})
    return done.returncode, done.stdout + done.stderr


def test_an_outside_party_verifies_offline_by_following_the_docs(setting, client, tmp_path):
    # Once, online: the issuer's JWKS and revocation list; from the holder: the .jwt and the PDF.
    individual = award_for(setting, kind="ld_tien_tien", person=make_person(setting["unit"]))
    collective = award_for(setting, year=2024)
    files = {"jwks.json": "/.well-known/jwks.json", "danh-sach-thu-hoi.jwt": "/xac-minh/danh-sach-thu-hoi",
             "ca-nhan.jwt": f"/xac-minh/{individual.uuid}.jwt", "tap-the.jwt": f"/xac-minh/{collective.uuid}.jwt",
             "tap-the.pdf": f"/xac-minh/{collective.uuid}/giay-chung-nhan.pdf"}
    for name, url in files.items():
        (tmp_path / name).write_bytes(client.get(url).content)
    issuer = client.get(f"/xac-minh/{collective.uuid}.json").json()["issuer"]["id"]
    common = ["--jwks", "jwks.json", "--status", "danh-sach-thu-hoi.jwt", "--issuer", issuer]
    for held in ("ca-nhan.jwt", "tap-the.jwt"):
        code, out = offline(tmp_path, *common, held)
        assert (code, out.strip().splitlines()[-1]) == (0, "HỢP LỆ"), out
    code, out = offline(tmp_path, "--jwks", "jwks.json", "--pdf", "tap-the.pdf")
    assert code == 0 and "HỢP LỆ" in out and str(collective.uuid) in out, out
    # A hand-edited credential, another issuer, a hand-edited PDF: KHÔNG HỢP LỆ with the reason.
    head, payload, signature = (tmp_path / "tap-the.jwt").read_text().split(".")
    data = json.loads(b64url(payload))
    data["credentialSubject"]["achievement"]["name"] = "Huân chương Lao động hạng Nhất"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    (tmp_path / "gia.jwt").write_text(f"{head}.{forged}.{signature}")
    code, out = offline(tmp_path, *common, "gia.jwt")
    assert code == 1 and "KHÔNG HỢP LỆ: chữ ký số không khớp" in out, out
    code, out = offline(tmp_path, *common[:-1], "https://gia-mao.example/to-chuc-cap.json", "tap-the.jwt")
    assert code == 1 and "KHÔNG HỢP LỆ: đơn vị cấp" in out, out
    pdf = (tmp_path / "tap-the.pdf").read_bytes()
    start = pdf.index(b"/Title")
    (tmp_path / "sua.pdf").write_bytes(pdf[:start + 10] + bytes([pdf[start + 10] ^ 0x01]) + pdf[start + 11:])
    code, out = offline(tmp_path, "--jwks", "jwks.json", "--pdf", "sua.pdf")
    assert code == 1 and "KHÔNG HỢP LỆ" in out, out
    # Revoked: the list saved afterwards says so (the one saved before cannot: save it again).
    revoke_award(setting["editor"], collective, "Phát hiện kê khai không trung thực.")
    (tmp_path / "danh-sach-thu-hoi.jwt").write_bytes(client.get("/xac-minh/danh-sach-thu-hoi").content)
    code, out = offline(tmp_path, *common, "tap-the.jwt")
    assert (code, out.strip().splitlines()[-1]) == (2, "ĐÃ THU HỒI"), out
    assert offline(tmp_path, *common, "ca-nhan.jwt")[0] == 0
