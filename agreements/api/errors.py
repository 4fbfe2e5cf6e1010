"""Domain errors as problem+json."""


def register(app):
    """Install the API's error handlers."""
