"""Keys: Ed25519 for signatures, X25519 sealed boxes for encryption, BLAKE2b-keyed enrolment proofs.

All cryptography is PyNaCl's; nothing here is home-made beyond naming things.
"""

from __future__ import annotations

import hashlib
import hmac

from nacl.encoding import HexEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey


def fingerprint(sign_key_hex: str) -> str:
    """A short, readable name of a signing key: 16 hex digits in groups of four."""
    digest = hashlib.sha256(bytes.fromhex(sign_key_hex)).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def normalize_fingerprint(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def signing_key(conn) -> SigningKey:
    return SigningKey(conn.execute("SELECT sign_secret_key FROM identity WHERE id = 1").fetchone()[0])


def box_key(conn) -> PrivateKey:
    return PrivateKey(conn.execute("SELECT box_secret_key FROM identity WHERE id = 1").fetchone()[0])


def public_sign_hex(conn) -> str:
    return signing_key(conn).verify_key.encode(HexEncoder).decode()


def public_box_hex(conn) -> str:
    return box_key(conn).public_key.encode(HexEncoder).decode()


def verify_key(hex_key: str) -> VerifyKey:
    return VerifyKey(bytes.fromhex(hex_key))


def seal(data: bytes, recipient_hex: str) -> bytes:
    return SealedBox(PublicKey(bytes.fromhex(recipient_hex))).encrypt(data)


def unseal(data: bytes, key: PrivateKey) -> bytes:
    return SealedBox(key).decrypt(data)


def enrolment_proof(secret: bytes, commune_code: str, sign_key_hex: str) -> str:
    """Proof that the holder of the package's secret vouches for this commune's signing key."""
    message = f"gnsync-enrolment|{commune_code}|{sign_key_hex}".encode()
    return blake2b(message, key=secret, encoder=HexEncoder).decode()


def proof_matches(secret: bytes, commune_code: str, sign_key_hex: str, proof: str) -> bool:
    return hmac.compare_digest(enrolment_proof(secret, commune_code, sign_key_hex), proof or "")
