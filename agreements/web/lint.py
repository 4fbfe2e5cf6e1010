"""What the agreement page's partials ask of the text: the lint findings, whether a model text exists."""

from __future__ import annotations

from ..services import lint, model_texts
from . import bp


@bp.app_template_global("text_lint")
def text_lint(agreement) -> list[lint.Finding]:
    """Binding wording in the current text of a non-binding agreement ([] for binding ones)."""
    return lint.lint_text(agreement, agreement.current_version)


@bp.app_template_global("has_model_text")
def has_model_text(agreement) -> bool:
    """Whether the agreement's type ships a model text to start from."""
    return model_texts.has_model(agreement)
