"""Promotion articles (技能推介) about the finalists: written in the console, published on the mini-program.

What it decides: which nominees may have articles (finalists and later), what an article's rich text may
contain (paragraphs, headings, bold, lists, pictures, links; sanitized with nh3), when an article is public
(published, or scheduled and its time has come), that publishing waits for the promotion stage and passes
the content check, and who is told when it goes public (the nominee and their organization's
representatives, once).

Entry points:
- editing.create / editing.update / editing.for_console: drafts and changes, by organizers;
- images.upload / images.open_image: the cover and pictures in the body, re-encoded with a thumbnail;
- publishing.publish / publishing.unpublish / publishing.publish_due: publishing now or on schedule,
  taking down, and the worker's due check (job `articles.publish_due`);
- public.search / public.get: what the public API shows;
- sanitize.clean: the allowed HTML.
"""
