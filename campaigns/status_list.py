"""Revocation published as a W3C Bitstring Status List (v1.0): one bit per award credential, 1 =
revoked. The list is a credential of its own, signed like the awards, at a stable URL that every
award's `credentialStatus` names with the award's index.

Pure functions (encode/decode/bit) first; the list credential is built from the awards' statuses.
Bit order follows the recommendation: index 0 is the most significant bit of the first byte; the list
is GZIP-compressed, then base64url without padding, with the multibase prefix "u"; its length is at
least 16 KiB (131,072 entries) so that one revoked award cannot be picked out by the list's size.
"""

import base64
import gzip

MIN_BITS = 131_072
PURPOSE = "revocation"


def encode(revoked_indexes, size=MIN_BITS):
    size = max(size, MIN_BITS, (max(revoked_indexes, default=-1) + 8) // 8 * 8)
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same statuses always give the same bytes (caches and tests compare them).
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode(encoded):
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u' prefix)")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bitstring, index):
    if index < 0 or index >= len(bitstring) * 8:
        raise IndexError(index)
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def entry(list_url, index):
    """The award credential's `credentialStatus`."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": list_url}


def list_credential(list_url, issuer, valid_from, revoked_indexes):
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                              "encodedList": encode(revoked_indexes)},
    }
