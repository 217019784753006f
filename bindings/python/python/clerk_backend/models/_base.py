"""Response models: thin views over the decoded JSON.

A model keeps the response's dict as it came and wraps nested objects only
when they are read, so a 100-user page costs one dict per user, not one model
tree per user. Attributes are the wire field names; a field the spec knows but
the response left out reads as ``None``; fields the spec does not know are
kept and readable too.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from typing import Any, ClassVar, Dict, FrozenSet, Optional, Tuple

from .._generated.schemas import SCHEMAS

_classes: Dict[str, type] = {}


class Model:
    __slots__ = ("_data", "_wrapped")
    _fields: ClassVar[Tuple[str, ...]] = ()
    _fieldset: ClassVar[FrozenSet[str]] = frozenset()
    _nested: ClassVar[Dict[str, Any]] = {}

    def __init__(self, data: Optional[Dict[str, Any]] = None, **fields: Any) -> None:
        if data is None:
            data = {}
        elif isinstance(data, Model):
            data = data.to_dict()
        elif not isinstance(data, dict):
            raise TypeError(f"{type(self).__name__}() takes a dict, got {type(data).__name__}")
        if fields:
            # A nested model given as a field is kept as its dict, so `to_dict()` stays plain JSON.
            data = {
                **data,
                **{
                    (k.rstrip("_") if k.rstrip("_") in self._fieldset else k): (v.to_dict() if isinstance(v, Model) else v)
                    for k, v in fields.items()
                },
            }
        self._data = data
        self._wrapped: Optional[Dict[str, Any]] = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        wrapped = self._wrapped
        if wrapped is not None and name in wrapped:
            return wrapped[name]
        data = self._data
        if name in data:
            value = data[name]
        elif name.endswith("_") and name[:-1] in data:  # `type_`, `from_` as the official SDK spells them
            name = name[:-1]
            value = data[name]
        elif name in self._fieldset or (name.endswith("_") and name[:-1] in self._fieldset):
            return None
        else:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        desc = self._nested.get(name)
        if desc is None or value is None:
            return value
        value = wrap(value, desc)
        if wrapped is None:
            self._wrapped = wrapped = {}
        wrapped[name] = value
        return value

    def __getitem__(self, key: str) -> Any:
        return self.__getattr__(key)

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        try:
            value = self.__getattr__(key)
        except AttributeError:
            return default
        return default if value is None else value

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as received (a deep copy), unknown fields included."""
        out: Dict[str, Any] = _copy(self._data)
        return out

    # The official models are pydantic; these two keep `model_dump()` users working.
    def model_dump(self, **_: Any) -> Dict[str, Any]:
        return self.to_dict()

    def model_dump_json(self, **_: Any) -> str:
        import json

        return json.dumps(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Model):
            return type(self) is type(other) and self._data == other._data
        return NotImplemented

    def __hash__(self) -> int:  # mutable view: like a dict, not hashable
        raise TypeError(f"unhashable type: {type(self).__name__!r}")

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={self.__getattr__(k)!r}" for k in self._data)
        return f"{type(self).__name__}({parts})"

    def __dir__(self) -> Any:
        return sorted(set(self._fields) | set(self._data) | set(dir(type(self))))

    def __reduce__(self) -> Any:
        return (_restore, (type(self).__name__, self._data))


def _copy(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    return v


def _restore(name: str, data: Dict[str, Any]) -> Model:
    cls = model_class(name) or Model
    obj: Model = cls(data)
    return obj


def model_class(name: str) -> Optional[type]:
    """The model class for a schema name, built on first use."""
    cls = _classes.get(name)
    if cls is not None:
        return cls
    spec = SCHEMAS.get(name)
    if spec is None:
        return None
    fields, nested, union = spec
    if union is not None:
        return None
    cls = type(
        name,
        (Model,),
        {
            "__slots__": (),
            "__module__": "clerk_backend.models",
            "_fields": fields,
            "_fieldset": frozenset(fields),
            "_nested": nested,
        },
    )
    _classes[name] = cls
    return cls


_new = object.__new__


def _raw(cls: Any, data: Dict[str, Any]) -> Model:
    obj: Model = _new(cls)
    obj._data = data
    obj._wrapped = None
    return obj


def _plain_model(desc: Any) -> Optional[type]:
    """The model class of a schema name that is an object (not a union)."""
    if not isinstance(desc, str):
        return None
    return _classes.get(desc) or model_class(desc)


def wrap(value: Any, desc: Any) -> Any:
    """Wraps decoded JSON by a descriptor: a schema name, ``[desc]`` for a list,
    ``{"*": desc}`` for a map."""
    if value is None:
        return None
    if isinstance(desc, str):
        if not isinstance(value, dict):
            return value
        spec = SCHEMAS.get(desc)
        if spec is not None and spec[2] is not None:
            disc, variants = spec[2]
            target = variants.get(value.get(disc, "")) if disc else None
            if target is None:
                return Model(value)
            desc = target
        cls = _classes.get(desc) or model_class(desc) or Model
        return cls(value)
    if isinstance(desc, list):
        if not isinstance(value, list):
            return value
        inner = desc[0]
        cls = _plain_model(inner)
        if cls is not None:
            # The common case (a page of users): skip the per-item checks of `wrap` and `__init__`.
            return [_raw(cls, v) if type(v) is dict else v for v in value]
        return [wrap(v, inner) for v in value]
    if isinstance(desc, dict):
        if not isinstance(value, dict):
            return value
        inner = desc["*"]
        return {k: wrap(v, inner) for k, v in value.items()}
    return value
