"""Uploaded materials (ID photo, work photos, certificates, sealed letters): checked, stored, served.

- uploads.py: attach to a nomination, remove, and hand out only to those allowed (signed links);
- file_checks.py: what a file really is (by its bytes), re-encoded clean; bombs and polyglots refused;
- documents.py: documents organizers file (minutes, confirmations): PDF, image or a plain .docx;
- storage.py: where the bytes live (a local folder behind a small interface).
"""
