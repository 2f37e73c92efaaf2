"""Thin function views by entity: each reads a request, calls the getters in ``access`` and a
service, and renders; no rule is decided here (``permissions``, ``services``, ``limits`` do)."""
