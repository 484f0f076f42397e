"""What the public sees of nominees: profiles, search and ranking, and share posters.

- profiles.py: public fields only, search, filters and sorting, the published story;
- leaderboard.py: the like ranking a page at a time, as public cards (places from likes/ranking.py);
- poster.py: a share poster (PNG) with the nominee's photo, likes and place or title, and a QR code to the page;
- share_card.py: the 5:4 picture of a nominee shared to a chat.
"""
