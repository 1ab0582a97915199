"""Help text in a user's words: value names as in any Unix tool (`TEXT`, `PATH...`, `table|json`).

Typer 0.29 labels values with Python annotations (`<list[Path]>`, `<str>`, `<bool>` on flags)
and required arguments as `{paths}...`. `install()` replaces those two labels for this process;
everything else about Typer's help stays as it is (a test reads every command's help).
"""

from typing import Any

from typer.core import TyperArgument, TyperOption

NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH", "path": "PATH"}


def value_name(label: str | None) -> str | None:
    """`<list[Path]>` → `PATH`, `<str>` → `TEXT`, `<table|json>` → `table|json`."""
    if not label:
        return None
    inner = label.strip("<>").removeprefix("list[").removesuffix("]")
    return NAMES.get(inner, inner if "|" in inner else inner.upper())


def _option_type(self: TyperOption, ctx: Any) -> str | None:
    if self.metavar is not None:
        return self.metavar
    return None if self.is_flag else value_name(self.display_type(ctx))


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    return None  # the argument's name (its metavar) already says what it takes


def _argument_usage(self: TyperArgument) -> str:
    name = (self.metavar or self.name or "").upper()
    shown = name if self.required else f"[{name}]"
    return shown + ("..." if self.nargs != 1 else "")


def install() -> None:
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]
    TyperArgument._usage_display_name = _argument_usage  # type: ignore[method-assign]
