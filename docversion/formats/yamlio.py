"""The one YAML parser and emitter: safe, C-accelerated when libyaml is present, strict.

Canonical files must not depend on YAML's surprises, so this module refuses duplicate keys
(PyYAML keeps the last one silently) and aliases (the "billion laughs" bomb and any shared
node), and it reports the line of every value so that a model error names where to look.
"""

from __future__ import annotations

from typing import Any

import yaml

from docversion.errors import CanonicalFormError
from docversion.i18n import _

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

Lines = dict[tuple[str | int, ...], int]
"""Maps a path into the loaded data (keys and indexes) to the 1-based line of its value."""


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise CanonicalFormError(
                    _("key {key!r} is not a string").format(key=key),
                    line=key_node.start_mark.line + 1,
                    hint=_("write every key as a plain name"),
                )
            if key in seen:
                raise CanonicalFormError(
                    _("duplicate key {key!r} (first on line {line})").format(key=key, line=seen[key]),
                    line=key_node.start_mark.line + 1,
                    hint=_("keep one of the two entries"),
                )
            seen[key] = key_node.start_mark.line + 1
        return dict(super().construct_mapping(node, deep=deep))


def _refuse_aliases(root: yaml.Node, text: str) -> None:
    """Raise when any node is reached twice: that only happens through an alias (``*name``)."""
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise CanonicalFormError(
                _("YAML aliases (*name) are not allowed in canonical files"),
                line=_first_alias_line(text),
                hint=_("write the value out in full"),
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias event; only called once an alias is known to exist."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1
    return None


def _bad_scalar_line(loader: yaml.SafeLoader, root: yaml.Node) -> int | None:
    """The line of the first scalar that cannot be constructed (a date such as 2018-02-30)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except ValueError:
                return int(node.start_mark.line) + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _value_lines(root: yaml.Node) -> Lines:
    lines: Lines = {(): root.start_mark.line + 1}
    stack: list[tuple[tuple[str | int, ...], yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                lines[child] = value.start_mark.line + 1
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                lines[(*path, index)] = value.start_mark.line + 1
                stack.append(((*path, index), value))
    return lines


class _LinesOnDemand(dict[tuple[str | int, ...], int]):
    """The line map, worked out only when an error needs a line: parsing the text again then
    costs nothing on the path every valid file takes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            loader = _BaseLoader(text)
            try:
                node = loader.get_single_node()
                if node is not None:
                    self.update(_value_lines(node))
            finally:
                loader.dispose()

    def get(self, key: Any, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key: Any) -> int:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)


_TAG = "tag:yaml.org,2002:"
_SCALARS = frozenset(_TAG + name for name in ("int", "float", "bool", "null", "timestamp"))


class _Unusual(Exception):
    """A node the fast path leaves to PyYAML's constructor: another tag, a merge, a duplicate."""


def _build(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The value of ``node`` as PyYAML's safe constructor builds it, for the plain mappings,
    sequences and scalars canonical files hold, without its per-node machinery."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TAG + "str":
            return node.value
        if node.tag in _SCALARS:
            return loader.construct_object(node, deep=True)
    elif isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader) if key_node.tag == _TAG + "str" else None
            if not isinstance(key, str) or key in result:
                raise _Unusual  # a merge (<<), a key of another type, a duplicate: the full path says
            result[key] = _build(value_node, loader)
        return result
    elif isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
        return [_build(item, loader) for item in node.value]
    raise _Unusual


def _construct(root: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The document's data: built directly when it holds only what canonical files hold (two to
    three times faster), otherwise by PyYAML's constructor with the strict loader's checks."""
    try:
        return _build(root, loader)
    except _Unusual:
        return loader.construct_document(root)


def load_yaml(text: str, source: str) -> tuple[Any, Lines]:
    """Parse one YAML document; return the data and the line of every value in it."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CanonicalFormError(_("the file is empty"), source=source, hint=_("write the YAML mapping"))
        if "*" in text:  # an alias is written *name: without one, no node can be reached twice
            _refuse_aliases(node, text)
        try:
            data = _construct(node, loader)
        except ValueError as exc:  # PyYAML lets a bad date or number escape as ValueError
            loader.constructed_objects, loader.recursive_objects = {}, {}  # what the failed run left
            raise CanonicalFormError(_("invalid value: {error}").format(error=exc), line=_bad_scalar_line(loader, node),
                                     hint=_("write real dates as YYYY-MM-DD")) from exc
        return data, _LinesOnDemand(text)
    except CanonicalFormError as exc:
        raise CanonicalFormError(
            exc.message, source=source, line=exc.line, field=exc.field, hint=exc.hint
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CanonicalFormError(
            _("YAML syntax error: {problem}").format(problem=exc.problem or exc.context),
            source=source,
            line=mark.line + 1 if mark else None,
            hint=_("indent with spaces, not tabs, and quote text that holds ': ' or '#'"),
        ) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise CanonicalFormError(_("unreadable YAML: {error}").format(error=exc), source=source) from exc
    finally:
        loader.dispose()


class _NoAliasDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """The safe dumper that writes a value seen twice (one date object in two places) twice,
    never as an alias: the loader refuses aliases, so the dumper must never make one."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """Emit ``data`` (dicts, lists, str, int, date, None) as block-style YAML, keys in order."""
    text: str = yaml.dump(
        data,
        Dumper=_NoAliasDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1 << 30,
        indent=2,
        line_break="\n",
        explicit_start=False,
    )
    return text
