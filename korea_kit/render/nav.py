"""The navigation at the end of every lesson, generated from ``notebooks/toc.json`` (:func:`korea_kit.data.toc.toc`)."""

from __future__ import annotations

import html
from pathlib import Path

from korea_kit.data.toc import toc
from korea_kit.render.views import HTMLView

__all__ = ["lesson_nav"]


def lesson_nav(current: str, folder: str | Path | None = None) -> HTMLView:
    """Links to the previous and next lessons and the list of all lessons, ``current`` marked.

    >>> print(lesson_nav("00-start-here").text.splitlines()[0])
    Lesson 1 of ...
    """
    lessons = toc(folder)
    names = [lesson.name for lesson in lessons]
    if current not in names:
        raise KeyError(f"{current!r} is not in notebooks/toc.json; the lessons are {', '.join(names)}")
    index = names.index(current)
    prev_lesson = lessons[index - 1] if index > 0 else None
    next_lesson = lessons[index + 1] if index + 1 < len(lessons) else None
    text = [f"Lesson {index + 1} of {len(lessons)}: {lessons[index].title}"]
    links = []
    if prev_lesson:
        text.append(f"Previous: {prev_lesson.title} ({prev_lesson.file})")
        links.append(f'<a href="{html.escape(prev_lesson.file)}" rel="prev">← Previous: {html.escape(prev_lesson.title)}</a>')
    if next_lesson:
        text.append(f"Next: {next_lesson.title} ({next_lesson.file})")
        links.append(f'<a href="{html.escape(next_lesson.file)}" rel="next">Next: {html.escape(next_lesson.title)} →</a>')
    else:
        text.append("This is the last lesson.")
    items = []
    for i, lesson in enumerate(lessons):
        minutes = f" ({lesson.minutes} min)" if lesson.minutes else ""
        label = html.escape(lesson.title) + minutes
        if i == index:
            items.append(f'<li aria-current="page"><strong>{label}</strong> (you are here)</li>')
        else:
            items.append(f'<li><a href="{html.escape(lesson.file)}">{label}</a></li>')
    body = (
        '<nav class="kk-nav" aria-label="Lessons">'
        f"<p>{' | '.join(links) if links else 'This is the only lesson so far.'}</p>"
        f"<ol>{''.join(items)}</ol></nav>"
    )
    return HTMLView(body, "\n".join(text))
