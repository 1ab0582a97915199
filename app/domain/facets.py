"""The facets a claims list can be counted by: asked for by `schemas.facets`, counted by
`services.facets`."""

from typing import Literal

FacetName = Literal["topic", "expert", "outcome", "kind", "year"]
FACETS: tuple[FacetName, ...] = ("topic", "expert", "outcome", "kind", "year")
