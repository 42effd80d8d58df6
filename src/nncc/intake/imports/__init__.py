"""Bulk intake: files of seizure rows imported through the same services as the forms.

``service.import_file`` is the one entry point; the CLI (and later the web UI and the API) call
it.
"""
