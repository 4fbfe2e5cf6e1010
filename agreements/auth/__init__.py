"""Signing in: flask-login for pages, bearer tokens for the API; ``policy`` says who may do what."""
