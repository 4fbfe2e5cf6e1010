"""The command line for documents: which certificate seals, and checking a PDF file."""

from __future__ import annotations

from agreements.db import db
from agreements.services import documents

from .lifecycle import bring_to


def test_seal_show_names_the_certificate(runner):
    result = runner.invoke(["seal", "show"])
    assert result.exit_code == 0, result.output
    assert "Agreements development seal" in result.output
    assert "Trusted under:" in result.output


def test_seal_show_makes_and_flags_a_development_certificate_when_none_is_set(app, runner):
    app.config.update(SEAL_CERT="", SEAL_KEY="", SEAL_TRUST_ROOTS="")
    result = runner.invoke(["seal", "show"])
    assert result.exit_code == 0, result.output
    assert "DEVELOPMENT certificate" in result.output
    assert app.instance_path in result.output


def test_verify_a_signed_pdf_and_an_altered_copy(world, make_agreement, runner, tmp_path):
    agreement = bring_to(world, make_agreement(), "in_force")
    content = documents.signed_document(agreement).content
    db.session.commit()
    good = tmp_path / "signed.pdf"
    good.write_bytes(content)
    result = runner.invoke(["verify", str(good)])
    assert result.exit_code == 0, result.output
    assert agreement.reference in result.output and "MATCHES" in result.output
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(content[:2000] + bytes([content[2000] ^ 1]) + content[2001:])
    result = runner.invoke(["verify", str(bad)])
    assert result.exit_code == 1
    assert "DOES NOT MATCH" in result.output
