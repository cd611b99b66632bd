"""The certificate PDF signed PAdES (ETSI PAdES baseline, pyHanko) with the issuer's key and its
certificate, so a PDF reader shows the signature and any edit after signing breaks it.

The signature's /Reason names the verification URL (inside the signed bytes): the verifier reads the
award from it. Validation trusts only our own certificates (the demo CA is each key's self-signed
certificate; a deployment may replace it with one from a real CA) and never fetches anything.
"""

import io
import re

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from .signing import active_key, load_keys

FIELD = "ChuKyNhanRong"
_UUID = re.compile(r"/xac-minh/([0-9a-f-]{36})/")


def _asn1_cert(key):
    return asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))


def sign_pdf(pdf_bytes, verification_url):
    key = active_key()
    private = asn1_keys.PrivateKeyInfo.load(key.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=_asn1_cert(key), signing_key=private, cert_registry=None)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, location="Việt Nam",
        reason=_("Giấy chứng nhận khen thưởng; xác minh tại %(url)s") % {"url": verification_url})
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)), meta, signer=signer)
    return out.getvalue()


def validate_signed_pdf(stream):
    """(award uuid, "") when the file's signature is intact, by one of our keys and covers the whole
    file; ("", reason) otherwise."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = PdfFileReader(stream, strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return "", _("Tệp PDF không có chữ ký số.")
    signature = signatures[0]
    roots = [_asn1_cert(k) for k in load_keys().values()]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    if not status.intact or not status.valid:
        return "", _("Chữ ký số trên tệp PDF không còn khớp: tệp đã bị sửa sau khi ký.")
    if not status.trusted:
        return "", _("Tệp PDF được ký bằng chứng thư số không phải của đơn vị cấp.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return "", _("Tệp PDF có nội dung được thêm vào sau khi ký.")
    match = _UUID.search(str(signature.sig_object.get("/Reason", "")))
    if not match:
        return "", _("Chữ ký số không ghi mã khen thưởng.")
    return match.group(1), ""
