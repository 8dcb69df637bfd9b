"""The Qt-free core: domain rules, storage, services. Never imports PySide6."""
