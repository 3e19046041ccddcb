"""Figures: pictures made from data files (docs/includes/figures/<id>.yml), one file per figure,
placed on a page by a line `<!-- figure: <id> -->` (scripts/hooks/figures.py).

- data.py       reads and checks the files, remembering the line of every value;
- agreement.py  checks that the text beside a results figure states its numbers and cites its source;
- render.py     writes a figure's HTML; style.css is its stylesheet.
"""
