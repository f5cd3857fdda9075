"""Renderers: one module per output format; none of them builds content."""
