"""Problems of this part of the project."""

__all__: list[str] = []
