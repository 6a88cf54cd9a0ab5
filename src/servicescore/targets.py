"""The ``--target`` values of ``plan`` (SPEC 8), read against the continuum planned on.

``--target STAGE`` is the target of every component not named otherwise, and
``--target COMPONENT=STAGE`` one component's (by the continuum's component id); a
component named by neither keeps its current stage. Each value a continuum cannot take
is a usage error of one line naming it: a stage that is not a whole number from 1 to
the top, an unknown component (with a suggestion where one is close), a component or
the plain stage given twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from servicescore.model import Continuum
from servicescore.problems import UsageError

# What --target takes, in the messages that say it was not given or not understood.
FORMS = "--target STAGE or --target COMPONENT=STAGE"


def no_target() -> UsageError:
    """The one check that ``--target`` was given: the CLI's, before any file is read."""
    return UsageError(f"plan needs at least one {FORMS}")


def resolve_targets(values: Sequence[str], continuum: Continuum) -> dict[str, int]:
    """The target stages the ``--target`` values ask for, in component order: each named
    component's own, else the plain stage. A component named by neither (when there is
    no plain stage) is left out: :func:`servicescore.planning.plan` keeps its stage."""
    plain: tuple[str, int] | None = None
    named: dict[str, tuple[str, int]] = {}
    for value in values:
        component, equals, stage_text = value.rpartition("=")
        stage = _stage(value, stage_text, continuum)
        if not equals:
            if plain is not None:
                raise UsageError(f"--target {plain[0]} and --target {value}: one plain STAGE only")
            plain = (value, stage)
            continue
        _known(value, component, continuum)
        if component in named:
            first = named[component][0]
            raise UsageError(
                f"--target {first} and --target {value}: the component '{component}' twice"
            )
        named[component] = (value, stage)
    ids = [component.id for component in continuum.components]
    if plain is None:
        return {ident: named[ident][1] for ident in ids if ident in named}
    return {ident: named[ident][1] if ident in named else plain[1] for ident in ids}


def _stage(value: str, text: str, continuum: Continuum) -> int:
    """The stage of a ``--target`` value: a whole number from 1 to the continuum's top."""
    # ASCII digits only: int() would take "٣" and " 3 " too; and few of them, as int()
    # refuses a string of thousands of digits with an error of its own.
    digits = text.isascii() and text.isdigit() and len(text) <= 9
    stage = int(text) if digits else 0
    if not 1 <= stage <= continuum.top:
        component = "=" not in value and any(one.id == value for one in continuum.components)
        hint = f" (for the component, --target {value}=STAGE)" if component else ""
        raise UsageError(
            f"--target {value}: STAGE must be a whole number from 1 to {continuum.top}, "
            f"a stage of the continuum '{continuum.title}'{hint}"
        )
    return stage


def _known(value: str, component: str, continuum: Continuum) -> None:
    """Refuse a component the continuum does not have, with the one it may mean."""
    ids = [one.id for one in continuum.components]
    if component in ids:
        return
    from servicescore.fields import quoted_list, suggest

    hint = suggest(component, ids) or f" (its components: {quoted_list(ids, 'and')})"
    raise UsageError(
        f"--target {value}: no component '{component}' in the continuum '{continuum.title}'{hint}"
    )
