"""Rich tables the CLI prints: the scorecard, with every number the API gives."""

from typing import Any

from rich.table import Table


def _number(value: Any, digits: int = 4) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def scorecard_table(name: str, card: dict[str, Any]) -> Table:
    """The scorecard as a two-column table: counts first, then the scores."""
    counts = card["counts"]
    title = f"Scorecard: {name}" + (f" (as of {card['as_of']})" if card["as_of"] else "")
    table = Table("", "", title=title, show_header=False)
    table.add_row("published claims", str(card["claims"]))
    table.add_row("forecasts without a probability", str(card["forecasts_without_probability"]))
    for key in ("forecasts", "resolved", "scored", "partly", "unresolvable", "open", "overdue"):
        table.add_row(f"forecasts {key}" if key != "forecasts" else "forecasts", str(counts[key]))
    table.add_row("Brier score", _number(card["brier"]))
    if card["brier_range"]:
        low, high = card["brier_range"]
        table.add_row("Brier range over the bands", f"{_number(low)} – {_number(high)}")
    table.add_row("log score", _number(card["log_score"]))
    if card["log_range"]:
        low, high = card["log_range"]
        table.add_row("log score range over the bands", f"{_number(low)} – {_number(high)}")
    hit = card["hit_rate"]
    if hit:
        table.add_row(
            "hit rate",
            f"{hit['hits']}/{hit['calls']} = {_number(hit['rate'], 2)} "
            f"(95% {_number(hit['low'], 2)}–{_number(hit['high'], 2)})",
        )
    murphy = card["murphy"]
    if murphy:
        table.add_row(
            "reliability / resolution / uncertainty",
            " / ".join(_number(murphy[k]) for k in ("reliability", "resolution", "uncertainty")),
        )
    for low, count, mean in (
        (b["lower"], b["count"], b["mean_forecast"]) for b in card["calibration"] if b["count"]
    ):
        table.add_row(
            f"calibration {low:.1f}–{low + 0.1:.1f}",
            f"{count} forecast(s), mean {_number(mean, 2)}",
        )
    for group in ("by_topic", "by_horizon"):
        for name, part in card[group].items():
            c = part["counts"]
            table.add_row(
                f"{group.removeprefix('by_')}: {name}",
                f"{c['forecasts']} forecasts, {c['scored']} scored, {c['open']} open; "
                f"Brier {_number(part['brier'])}",
            )
    return table
