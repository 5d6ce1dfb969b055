"""Figures drawn by the command line, shown inline by Jupyter."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union


class Figure:
    """An SVG figure drawn by ``sparselaw`` (``fit --svg``, ``plan --svg``, ``contours --svg``).

    Jupyter shows it below the cell through ``_repr_svg_``; ``save`` writes it to a file.

    Parameters
    ----------
    svg : str
        The SVG document, as the tool wrote it.
    kind : str
        What it shows: ``"fit"``, ``"plan"`` or ``"contours"``.
    """

    def __init__(self, svg: str, kind: str) -> None:
        self.svg = svg
        self.kind = kind

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<sparselaw.Figure {self.kind}: {len(self.svg)} bytes of SVG>"

    def save(self, path: Union[str, "os.PathLike[str]"]) -> Path:
        """Writes the SVG to ``path`` and returns it.

        Parameters
        ----------
        path : str or path-like
            The file to write; its name must end in ``.svg`` (the figure is SVG; headless
            Chromium or any browser turns it into PNG).

        Returns
        -------
        pathlib.Path
            The path written.
        """
        target = Path(path)
        if target.suffix.lower() != ".svg":
            raise ValueError(f"{target}: a figure is saved as SVG; give a name ending in .svg")
        target.write_text(self.svg, encoding="utf-8")
        return target
