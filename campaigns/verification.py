"""Verifying an award from what a visitor holds: a credential (JWT, or its JSON), a certificate PDF or
an id. The same checks an outside party makes offline (docs/commendation.md): the signature with the
issuer's published key, that the key is the issuer's, the validity dates, then the status list's bit.

Every path ends in a `Result`: VALID, REVOKED ("Đã thu hồi") or INVALID ("KHÔNG HỢP LỆ") with the
reason (signature, issuer, status, not found) in Vietnamese.
"""

import io
import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import status_list
from .signing import IssuerError, SignatureError, verify_jwt


class Outcome:
    VALID = "valid"
    REVOKED = "revoked"
    INVALID = "invalid"


@dataclass
class Result:
    outcome: str
    reason: str = ""
    reason_kind: str = ""  # signature | issuer | status | format | not_found
    award: object = None
    credential: dict | None = None
    checks: list = field(default_factory=list)  # (label, passed) shown on the page

    @property
    def valid(self):
        return self.outcome == Outcome.VALID


def invalid(reason, kind, **extra):
    return Result(Outcome.INVALID, reason=reason, reason_kind=kind, **extra)


_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def _award_of(credential):
    from .models import Award

    match = re.search(r"/xac-minh/([0-9a-f-]{36})\.json$", str(credential.get("id", "")))
    if not match:
        return None
    return Award.objects.select_related("campaign", "kind", "recipient_unit", "recipient_person").filter(
        uuid=match.group(1)).first()


def _status_bit(credential):
    """True when the credential's status-list bit is set, read from our signed status list exactly as
    an outside verifier reads it (decode the list credential, then the bit)."""
    from .certificates import signed_status_list, status_list_url

    entry = credential.get("credentialStatus") or {}
    if entry.get("type") != "BitstringStatusListEntry" or entry.get("statusListCredential") != status_list_url():
        raise ValueError("status")
    _data, token = signed_status_list()
    _header, payload = verify_jwt(token)
    listed = json.loads(payload)
    return status_list.bit(status_list.decode(listed["credentialSubject"]["encodedList"]),
                           int(entry["statusListIndex"]))


def verify_token(token):
    from .certificates import issuer_profile_url

    token = token.strip()
    checks = []
    try:
        header, payload = verify_jwt(token)
    except IssuerError as error:
        return invalid(str(error), "issuer")
    except SignatureError as error:
        return invalid(str(error), "signature")
    checks.append((_("Chữ ký số Ed25519 hợp lệ (khoá %(kid)s)") % {"kid": header["kid"][:12] + "…"}, True))
    try:
        credential = json.loads(payload)
    except ValueError:
        return invalid(_("Nội dung đã ký không phải JSON."), "format", checks=checks)
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != issuer_profile_url():
        return invalid(_("Đơn vị cấp “%(i)s” không phải đơn vị cấp của hệ thống này.") % {"i": issuer_id},
                       "issuer", credential=credential, checks=checks)
    checks.append((_("Đơn vị cấp: %(name)s") % {"name": issuer.get("name", issuer_id) if isinstance(issuer, dict)
                                                 else issuer_id}, True))
    award = _award_of(credential)
    try:
        revoked = _status_bit(credential)
    except (ValueError, KeyError, IndexError, SignatureError):
        return invalid(_("Không đọc được trạng thái trong danh sách thu hồi (credentialStatus)."), "status",
                       award=award, credential=credential, checks=checks)
    if revoked:
        checks.append((_("Danh sách thu hồi: đã thu hồi"), False))
        return Result(Outcome.REVOKED, reason=_("Khen thưởng đã bị thu hồi."), reason_kind="status", award=award,
                      credential=credential, checks=checks)
    checks.append((_("Danh sách thu hồi: chưa thu hồi"), True))
    return Result(Outcome.VALID, award=award, credential=credential, checks=checks)


def verify_json(text):
    """A pasted JSON: an EnvelopedVerifiableCredential (`data:application/vc+jwt,…`), {"jwt": …}, or the
    credential itself. The bare credential carries no proof: it is valid only if it is, field for
    field, the payload of the signed credential of that award (and the signed one verifies)."""
    try:
        data = json.loads(text)
    except ValueError:
        return invalid(_("Không đọc được nội dung: không phải JWT cũng không phải JSON."), "format")
    if not isinstance(data, dict):
        return invalid(_("Nội dung JSON không phải một chứng chỉ."), "format")
    enveloped = str(data.get("id", ""))
    if data.get("type") == "EnvelopedVerifiableCredential" and enveloped.startswith("data:application/vc+jwt,"):
        return verify_token(enveloped.split(",", 1)[1])
    if isinstance(data.get("jwt"), str):
        return verify_token(data["jwt"])
    award = _award_of(data)
    if award is None or not award.credential_jwt:
        return invalid(_("Không tìm thấy khen thưởng có mã này trong hệ thống."), "not_found", credential=data)
    result = verify_token(award.credential_jwt)
    if result.credential is not None and result.credential != data:
        changed = sorted(k for k in set(data) | set(result.credential) if data.get(k) != result.credential.get(k))
        return invalid(_("Nội dung khác bản đã ký (trường: %(f)s).") % {"f": ", ".join(changed)}, "signature",
                       award=award, credential=data)
    return result


def verify_text(text):
    text = (text or "").strip()
    if not text:
        return invalid(_("Chưa dán chứng chỉ."), "format")
    if _JWT.match(text):
        return verify_token(text)
    return verify_json(text)


def verify_id(value):
    from .models import Award, AwardStatus

    try:
        key = uuidlib.UUID(str(value))
    except ValueError:
        return invalid(_("Mã xác minh không đúng định dạng."), "not_found")
    award = Award.objects.select_related("campaign", "kind", "recipient_unit", "recipient_person").filter(
        uuid=key).exclude(status=AwardStatus.PROPOSED).first()
    if award is None:
        # Proposals are the council's business: they read as unknown.
        return invalid(_("Không tìm thấy khen thưởng có mã %(id)s.") % {"id": key}, "not_found")
    if not award.credential_jwt:
        return invalid(_("Khen thưởng này chưa có chứng chỉ số đã ký (quyết định trước khi hệ thống ký chứng chỉ); "
                         "biên tập viên chạy lệnh sign_award_credentials."), "signature", award=award)
    return verify_token(award.credential_jwt)


def verify_pdf(data):
    """An uploaded certificate: its PAdES signature must be intact and by one of our certificates, and
    the award it names must verify."""
    from .pdf_signing import validate_signed_pdf

    try:
        award_uuid, reason = validate_signed_pdf(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any unreadable upload is answered, never a server error
        return invalid(_("Không đọc được tệp PDF."), "format")
    if reason:
        return invalid(reason, "signature")
    result = verify_id(award_uuid)
    result.checks.insert(0, (_("Chữ ký số trên tệp PDF hợp lệ, tệp không bị sửa sau khi ký"), True))
    return result
