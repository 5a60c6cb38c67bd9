"""One module per lesson: the selections, views, charts and widgets one notebook shows.

==============  ==========================================
``background``  01, before April 2013: the background
``sanctions``   02, UN sanctions on North Korea
``drills``      03, the spring drills
``kaesong``     04, the Kaesong industrial zone
``demands``     05, the exchange of demands
``reading``     06, reading the sources
``roleplay``    07, the negotiation role-play
``guide``       the teacher's guide
==============  ==========================================

A lesson module may import every layer below it (the base, :mod:`korea_kit.data`,
:mod:`korea_kit.render`, :mod:`korea_kit.charts`, :mod:`korea_kit.widgets`), never
another lesson module: what two lessons share lives in :mod:`korea_kit.render.records`.
The modules are imported on first use (``kk.sanctions``), not by this package.

>>> import korea_kit as kk
>>> kk.sanctions.__name__
'korea_kit.lessons.sanctions'
"""

__all__ = ["background", "sanctions", "drills", "kaesong", "demands", "reading", "roleplay", "guide"]
