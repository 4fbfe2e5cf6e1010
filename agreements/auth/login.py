"""flask-login wiring: sessions that end everywhere when the user's session generation moves on."""

from __future__ import annotations

from flask_login import LoginManager

from ..services.users import user_for_session

login_manager = LoginManager()
login_manager.login_view = "web.login"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(session_id: str):
    return user_for_session(session_id)
