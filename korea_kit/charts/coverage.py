"""The chart of lesson 06: what each article reports, its sentences counted by topic.

:func:`coverage_figure` draws, for each topic, one bar per article (solid for
the first, hatched for the second) whose length is the number of its
sentences citing a record of that topic; :func:`describe_coverage` is its alt
text and :func:`coverage_chart` the two together as a
:class:`~korea_kit.charts.style.Chart`. The counts are the lesson's
(:mod:`korea_kit.lessons.reading` reads them from the articles and the
citations); this module only draws them.

``counts`` maps each article's source id to ``{topic: sentences}``, for every
topic of :data:`~korea_kit.charts.style.TOPICS`; ``totals`` maps it to
``(sentences, sentences without a topic)``; ``names`` maps it to its short
name, in the order the bars are drawn.

>>> names = {"a": "IBTimes", "b": "RT"}
>>> counts = {"a": {t: 0 for t in TOPICS} | {"demands": 5, "drills": 2}, "b": {t: 0 for t in TOPICS} | {"demands": 3}}
>>> print(describe_coverage(counts, {"a": (9, 2), "b": (6, 1)}, names))  # doctest: +NORMALIZE_WHITESPACE
Bar chart of the sentences of the two articles by topic, counting a sentence once for each topic of the records
that cite it; the RT file's page chrome is left out. IBTimes has 9 sentences; most are on Demands (5), and 2 cite
no record with a topic. RT has 6 sentences; most are on Demands (3), and 1 cites no record with a topic. By
topic: Drills, IBTimes 2 and RT 0; Demands, IBTimes 5 and RT 3.
>>> coverage_figure(counts, names).get_suptitle()
'What each article reports: its sentences by topic'
"""
from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from korea_kit.charts.style import INK, LABEL_PT, TOPIC_COLOURS, TOPIC_LABELS, TOPIC_MARKERS, TOPICS, Chart, new_figure, plain_text, set_title
from korea_kit.text import join_words, plural

__all__ = ["coverage_figure", "describe_coverage", "coverage_chart"]

_HATCHES = ("", "////")  # the first article's bars plain, the second's hatched


def _topics(counts, names):
    """The topics some article has a sentence on, in the order of :data:`TOPICS`."""
    return [t for t in TOPICS if any(counts[s][t] for s in names)]


@plain_text
def coverage_figure(counts, names, *, width: float = 8.0):
    """Bars of the sentences of each article by topic: solid for the first article, hatched for the second.

    Artists carry ids: ``bar:<topic>:<source_id>`` for the bars,
    ``marker:<topic>:<source_id>`` for the topic's marker at each bar's end and
    ``count:<topic>:<source_id>`` for the numbers.
    """
    topics = _topics(counts, names)
    height = 1.5 + 0.62 * len(topics)
    fig = new_figure(width, height)
    set_title(fig, "What each article reports: its sentences by topic", height)
    ax = fig.add_axes((1.25 / width, 0.75 / height, 1 - 1.6 / width, 1 - 1.35 / height))
    most = max(max(counts[s].values()) for s in names)
    for row, topic in enumerate(topics):
        for k, source_id in enumerate(names):
            y, n, colour = row + (k - 0.5) * 0.38, counts[source_id][topic], TOPIC_COLOURS[topic]
            fill = to_rgba(colour, 0.35) if _HATCHES[k % len(_HATCHES)] else colour
            ax.barh(y, n, height=0.36, color=fill, edgecolor=INK, hatch=_HATCHES[k % len(_HATCHES)], linewidth=0.8,
                    gid=f"bar:{topic}:{source_id}")
            ax.plot([n], [y], linestyle="none", marker=TOPIC_MARKERS[topic], markersize=7, markerfacecolor=colour,
                    markeredgecolor=INK, markeredgewidth=0.8, gid=f"marker:{topic}:{source_id}")
            ax.annotate(f"{names[source_id]} {n}", (n, y), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=LABEL_PT, color=INK, gid=f"count:{topic}:{source_id}")
    ax.set_yticks(range(len(topics)), [TOPIC_LABELS[t] for t in topics])
    ax.set_ylim(len(topics) - 0.4, -0.6)
    ax.set_xlim(0, most + 2.5)
    ax.set_xlabel("Sentences citing a record of the topic", fontsize=LABEL_PT, color=INK)
    ax.tick_params(labelsize=LABEL_PT, colors=INK)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for name in ("top", "right"):
        ax.spines[name].set_visible(False)
    solid, hatched = list(names.values())[:2]
    ax.legend(handles=[Patch(facecolor="#777777", edgecolor=INK, linewidth=0.8, label=f"{solid} (solid)"),
                       Patch(facecolor=to_rgba("#777777", 0.35), edgecolor=INK, linewidth=0.8, hatch="////",
                             label=f"{hatched} (hatched)")],
              loc="lower right", fontsize=LABEL_PT, frameon=False)
    return fig


def describe_coverage(counts, totals, names) -> str:
    """Alt text for :func:`coverage_figure`: one paragraph from the same counts."""
    topics = _topics(counts, names)
    parts = ["Bar chart of the sentences of the two articles by topic, counting a sentence once for each topic "
             "of the records that cite it; the RT file's page chrome is left out."]
    for source_id, name in names.items():
        total, none = totals[source_id]
        top = max(counts[source_id].values())
        lead = [TOPIC_LABELS[t] for t in topics if counts[source_id][t] == top]
        parts.append(f"{name} has {plural(total, 'sentence')}; most are on {join_words(lead)} ({top}), and "
                     f"{none} cite{'s' if none == 1 else ''} no record with a topic.")
    parts.append("By topic: " + "; ".join(
        f"{TOPIC_LABELS[t]}, " + " and ".join(f"{names[s]} {counts[s][t]}" for s in names)
        for t in topics) + ".")
    return " ".join(parts)


def coverage_chart(counts, totals, names, caption=None, *, width: float = 8.0) -> Chart:
    """:func:`coverage_figure` and :func:`describe_coverage` together, as a :class:`~korea_kit.charts.style.Chart`."""
    return Chart(coverage_figure(counts, names, width=width), describe_coverage(counts, totals, names), caption)
