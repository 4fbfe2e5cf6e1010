"""The service layer: verbs shared by the web pages, the API and the command line; they flush, never commit."""
