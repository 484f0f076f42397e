"""Files organizers and representatives download; they carry personal data, so every download is logged.

- forms.py: the notice's two forms (attachment 1 .docx, attachment 2 .xlsx), pure builders;
- form_downloads.py: who may download a form, and the record of it;
- workbook.py: every nomination of a campaign (or those a filter matches) as one .xlsx;
- filtered.py: the organizers' filtered list as .xlsx, at once, logged;
- queued.py: exports too long for a request: queued, built by the worker, kept for download.
"""
