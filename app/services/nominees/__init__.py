"""What the public sees of nominees: profiles, search and ranking, and share posters.

- profiles.py: public fields only, search, filters and sorting, the published story;
- poster.py: a share poster (PNG) with the nominee's photo, likes and place or title, and a QR code to the page;
- share_card.py: the 5:4 picture of a nominee shared to a chat.
"""
