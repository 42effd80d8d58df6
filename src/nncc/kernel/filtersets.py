from __future__ import annotations

from typing import Any

import django_filters

from nncc.kernel.forms import style_widgets


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form carries the house style (small Bootstrap controls)."""

    @property
    def form(self) -> Any:
        form = super().form
        if not getattr(form, "_nncc_styled", False):
            style_widgets(form, small=True)
            form._nncc_styled = True
        return form
