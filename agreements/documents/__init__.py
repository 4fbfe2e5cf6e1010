"""Documents: a frozen snapshot of an agreement, rendered to PDF with a locked-down fetcher, sealed and checked."""
