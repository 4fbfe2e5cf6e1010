"""Domain errors as pages."""


def register(app):
    """Install the pages' error handlers."""
