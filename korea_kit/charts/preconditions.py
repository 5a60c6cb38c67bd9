"""The chart of lesson 07: the stated preconditions for talks, met or not, by the side that set them.

:func:`preconditions_figure` draws one row per side and one square per
precondition, filled in its topic's colour when met and hatched white when
not; :func:`describe_preconditions` is its alt text and
:func:`preconditions_chart` the two together as a
:class:`~korea_kit.charts.style.Chart`. Which preconditions each side set and
which the chosen moves meet are the lesson's verdict
(:func:`korea_kit.lessons.roleplay.verdict`); this module only draws it.

``sides`` is a list of ``(side_id, name, squares)``, one per row, where
``squares`` lists the side's preconditions as ``(demand_id, topic, met)``.

>>> sides = [("dprk", "North Korea", [("stop-rhetoric", "threats", False), ("withdraw-sanctions", "sanctions", True)]),
...          ("ban", "UN Secretary-General (Ban Ki-moon)", [])]
>>> print(describe_preconditions(sides, "Talks cannot start yet."))  # doctest: +NORMALIZE_WHITESPACE
Chart of the stated preconditions for talks, one row per side and one square per precondition, filled when met
and hatched when not. North Korea: 1 of 2 met (Sanctions). UN Secretary-General (Ban Ki-moon): no precondition
on record. Talks cannot start yet.
>>> [t.get_text() for t in preconditions_figure(sides).axes[0].get_yticklabels()]
['North Korea', 'UN Secretary-General (Ban Ki-moon)']
"""
from __future__ import annotations

from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from korea_kit.charts.style import INK, LABEL_PT, TOPIC_COLOURS, TOPIC_LABELS, TOPIC_MARKERS, TOPICS, Chart, new_figure, plain_text, set_title
from korea_kit.text import join_words

__all__ = ["preconditions_figure", "describe_preconditions", "preconditions_chart"]


@plain_text
def preconditions_figure(sides, *, width: float = 8.0):
    """One row per side, one square per stated precondition: filled when met, hatched white when not.

    Each square has the colour and marker of its topic. Artists carry ids:
    ``square:<demand_id>``, ``marker:<demand_id>`` and ``tally:<side>``.
    """
    most = max(len(squares) for _, _, squares in sides)
    height = 2.35 + 0.55 * len(sides)
    fig = new_figure(width, height)
    set_title(fig, "Stated preconditions met, by the side that set them", height)
    left = 2.75
    ax = fig.add_axes((left / width, 1.15 / height, 1 - (left + 0.2) / width, 1 - 1.75 / height))
    topics = []
    for row, (side, _, squares) in enumerate(sides):
        for k, (demand_id, topic, met) in enumerate(squares):
            topics.append(topic)
            colour = TOPIC_COLOURS[topic]
            ax.add_patch(Rectangle((k + 0.08, row - 0.36), 0.84, 0.72, facecolor=colour if met else "white",
                                   edgecolor=INK, hatch="" if met else "///", linewidth=0.8,
                                   gid=f"square:{demand_id}"))
            ax.plot([k + 0.5], [row], linestyle="none", marker=TOPIC_MARKERS[topic], markersize=8,
                    markerfacecolor=colour if not met else "white", markeredgecolor=INK, markeredgewidth=0.8,
                    gid=f"marker:{demand_id}")
        total = len(squares)
        tally = f"{sum(met for _, _, met in squares)} of {total} met" if total else "no precondition on record"
        ax.annotate(tally, (total, row), xytext=(6, 0), textcoords="offset points", va="center", fontsize=LABEL_PT,
                    color=INK, gid=f"tally:{side}")
    ax.set_xlim(0, most + 1.6)
    ax.set_ylim(len(sides) - 0.5, -0.5)
    ax.set_yticks(range(len(sides)), [name for _, name, _ in sides])
    ax.set_xticks([])
    ax.tick_params(labelsize=LABEL_PT, colors=INK, length=0)
    for name in ("top", "right", "bottom"):
        ax.spines[name].set_visible(False)
    shown = [t for t in TOPICS if t in topics]
    fills = [Patch(facecolor="#777777", edgecolor=INK, linewidth=0.8, label="met (filled in the topic's colour)"),
             Patch(facecolor="white", edgecolor=INK, hatch="///", linewidth=0.8, label="not met (hatched)")]
    marks = [Line2D([], [], linestyle="none", marker=TOPIC_MARKERS[t], markersize=7, markerfacecolor=TOPIC_COLOURS[t],
                    markeredgecolor=INK, markeredgewidth=0.8, label=TOPIC_LABELS[t]) for t in shown]
    fig.legend(handles=fills, loc="lower center", ncol=2, fontsize=LABEL_PT, frameon=False,
               bbox_to_anchor=(0.5, 0.34 / height))
    fig.legend(handles=marks, loc="lower center", ncol=len(marks), fontsize=LABEL_PT, frameon=False,
               bbox_to_anchor=(0.5, 0.02 / height), handletextpad=0.2, columnspacing=1.2)
    return fig


def describe_preconditions(sides, conclusion) -> str:
    """Alt text for :func:`preconditions_figure` with the same ``sides``, ending with ``conclusion``
    (the lesson's sentence on whether talks could start)."""
    parts = ["Chart of the stated preconditions for talks, one row per side and one square per precondition, "
             "filled when met and hatched when not."]
    for _, name, squares in sides:
        total = len(squares)
        if not total:
            parts.append(f"{name}: no precondition on record.")
            continue
        met = [topic for _, topic, done in squares if done]
        topics = join_words([TOPIC_LABELS[t] for t in met]) if met else ""
        parts.append(f"{name}: {len(met)} of {total} met" + (f" ({topics})." if topics else "."))
    parts.append(conclusion)
    return " ".join(parts)


def preconditions_chart(sides, conclusion, caption=None, *, width: float = 8.0) -> Chart:
    """:func:`preconditions_figure` and :func:`describe_preconditions` together, as a
    :class:`~korea_kit.charts.style.Chart`."""
    return Chart(preconditions_figure(sides, width=width), describe_preconditions(sides, conclusion), caption)
