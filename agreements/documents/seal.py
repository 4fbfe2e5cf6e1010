"""The office's seal: a PAdES signature over the whole signed PDF, and checking one.

The certificate is configured by path (PEM certificate and key, or a PKCS#12 file); without one, a
development root and seal certificate are generated once under ``instance/seal/``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

log = logging.getLogger(__name__)
FIELD_NAME = "OfficeSeal"


@dataclass(frozen=True)
class SealSettings:
    """Where the seal's certificate, key and trust roots are, and how the seal describes itself."""

    cert: Path | None = None
    key: Path | None = None
    key_password: str | None = None
    pkcs12: Path | None = None
    chain: tuple[Path, ...] = ()
    trust_roots: tuple[Path, ...] = ()
    development_folder: Path | None = None  # where a development certificate lives when none is set
    office_name: str = "Office of International Affairs"
    location: str = ""

    @property
    def is_development(self) -> bool:
        """True when no certificate is configured and the generated one is used."""
        return self.cert is None and self.pkcs12 is None


@dataclass(frozen=True)
class SealCheck:
    """What checking a PDF's seal found."""

    present: bool
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    sealed_at: dt.datetime | None = None
    problem: str = ""

    @property
    def valid(self) -> bool:
        """Intact, made under a trusted certificate, and covering every byte of the file."""
        return self.present and self.intact and self.trusted and self.covers_whole_file


def development_files(folder: Path) -> tuple[Path, Path, Path]:
    """(root certificate, seal certificate, seal key) of the development seal, made on first use."""
    root_path, cert_path, key_path = folder / "dev-root.pem", folder / "dev-seal-cert.pem", folder / "dev-seal-key.pem"
    if root_path.exists() and cert_path.exists() and key_path.exists():
        return root_path, cert_path, key_path
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Agreements development root (not for production)")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name("Agreements development seal (not for production)"))
        .issuer_name(root_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(seal.public_bytes(serialization.Encoding.PEM))
    key_path.touch(mode=0o600)
    key_path.write_bytes(
        seal_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    log.warning("Generated a development seal certificate in %s; configure SEAL_CERT for production.", folder)
    return root_path, cert_path, key_path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Agreements"),
        ]
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def resolved(settings: SealSettings) -> SealSettings:
    """The settings with the development certificate filled in when no certificate is configured."""
    if not settings.is_development:
        return settings
    if settings.development_folder is None:
        raise RuntimeError("No seal certificate is configured and there is no folder for a development one.")
    root, cert, key = development_files(settings.development_folder)
    return SealSettings(
        cert=cert,
        key=key,
        trust_roots=settings.trust_roots or (root,),
        development_folder=settings.development_folder,
        office_name=settings.office_name,
        location=settings.location,
    )


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, with an RSA key parsed once rather than at every seal.

    pyHanko parses the key again for each signature, and parsing an RSA key checks it (primality
    tests): that was half of the time of a seal. Other key types keep pyHanko's own path.
    """

    def __init__(self, loaded: signers.SimpleSigner) -> None:
        super().__init__(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
            signature_mechanism=loaded.signature_mechanism,
            prefer_pss=loaded.prefer_pss,
            embed_roots=loaded.embed_roots,
        )
        self._rsa_key: rsa.RSAPrivateKey | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """The raw PKCS#1 v1.5 signature with the kept key; any other mechanism as pyHanko does it."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        if self._rsa_key is None:
            key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                return super().sign_raw(data, digest_algorithm)
            self._rsa_key = key
        return self._rsa_key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


_signers: dict[SealSettings, signers.Signer] = {}


def signer_for(settings: SealSettings) -> signers.Signer:
    """The pyHanko signer of the configured certificate (loaded once per process)."""
    settings = resolved(settings)
    if settings not in _signers:
        password = settings.key_password.encode() if settings.key_password else None
        if settings.pkcs12 is not None:
            signer = signers.SimpleSigner.load_pkcs12(
                str(settings.pkcs12), ca_chain_files=[str(p) for p in settings.chain], passphrase=password
            )
        else:
            signer = signers.SimpleSigner.load(
                str(settings.key),
                str(settings.cert),
                ca_chain_files=[str(p) for p in settings.chain] or None,
                key_passphrase=password,
            )
        if signer is None:
            raise RuntimeError("The seal certificate or its key could not be read; check SEAL_CERT and SEAL_KEY.")
        _signers[settings] = _KeptKeySigner(signer)
    return _signers[settings]


def seal(pdf: bytes, settings: SealSettings, *, reason: str) -> bytes:
    """The PDF with the office's PAdES seal added as an incremental update covering the whole file.

    The seal certifies the document (DocMDP: no changes allowed): anything added later breaks it.
    """
    signer = signer_for(settings)
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=settings.location or None,
        name=settings.office_name,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    out = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
    return out.getvalue()


def trust_roots(settings: SealSettings) -> list[asn1_x509.Certificate]:
    """The certificates a seal must chain up to."""
    roots = []
    for path in resolved(settings).trust_roots:
        for cert in x509.load_pem_x509_certificates(path.read_bytes()):
            roots.append(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))
    return roots


def check(pdf: bytes, settings: SealSettings) -> SealCheck:
    """Whether the PDF carries a seal that is intact, trusted and covers the whole file."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # a damaged file: pyHanko raises many kinds; all mean "cannot be read"
        log.info("A file to verify could not be read as a PDF: %s: %s", type(exc).__name__, exc)
        return SealCheck(
            present=False, problem="the file cannot be read as a PDF: it is damaged, incomplete or not a PDF at all"
        )
    if not embedded:
        return SealCheck(present=False, problem="the file carries no seal")
    signature = embedded[0]
    try:
        context = ValidationContext(trust_roots=trust_roots(settings), allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception as exc:  # noqa: BLE001 - a seal that cannot be evaluated is not a valid seal
        log.info("A seal could not be evaluated: %s: %s", type(exc).__name__, exc)
        return SealCheck(
            present=True,
            problem="the seal cannot be checked: its signature is damaged or of a kind this service does not read",
        )
    intact = bool(status.intact and status.valid) and _padding_untouched(signature.pkcs7_content)
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problem = ""
    if not intact:
        problem = "the file was changed after it was sealed"
    elif not status.trusted:
        problem = "the seal was not made under the office's certificate"
    elif not covers:
        problem = "the seal does not cover the whole file: something was added after sealing"
    return SealCheck(
        present=True,
        intact=intact,
        trusted=bool(status.trusted),
        covers_whole_file=covers,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        sealed_at=status.signer_reported_dt,
        problem=problem,
    )


def _padding_untouched(contents: bytes) -> bool:
    """Whether the room reserved after the signature inside /Contents is still all zeros.

    The byte range a PDF signature covers leaves out /Contents itself, and the signature value is
    followed by zero padding nobody signed: a change there leaves the signature "intact", but the
    file is no longer the one we sealed.
    """
    try:
        length = len(cms.ContentInfo.load(contents).dump())
    except ValueError:
        return False
    return not any(contents[length:])


def read_claims(pdf: bytes) -> dict[str, str]:
    """What a PDF says about itself in its document information (reference, version, kind…); {} if unreadable."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        info = reader.trailer_view["/Info"]
        return {str(key).lstrip("/"): str(value) for key, value in info.items()}
    except Exception:  # noqa: BLE001 - a damaged or foreign file simply makes no claims
        return {}
