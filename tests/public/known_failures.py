KNOWN_FIXED: dict[str, str] = {}
KNOWN_DRAWN: dict[str, str] = {}
