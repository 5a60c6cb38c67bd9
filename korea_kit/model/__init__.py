"""The kit's models: pure functions from the data to what a game or a what-if gives, with no views.

:mod:`~korea_kit.model.negotiation` is lesson 07's negotiation of April 2013: the sides, their moves,
the rules of a round, the outcome, each side's score against its own interests, the computer's
answers in solo play and the what-if cards. A model module may import the base (``korea_kit.errors``,
``dates``, ``text``, ``progress``) and :mod:`korea_kit.data`; the views that show a model's results live
in :mod:`korea_kit.render`, which may import this layer.

>>> from korea_kit.model import negotiation
>>> negotiation.OUTCOMES["none"]
'No talks'
"""

__all__ = ["negotiation"]
