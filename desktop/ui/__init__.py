"""The Qt user interface (PySide6): widgets, dialogs and models over desktop.core's services.

Entry point: `desktop.ui.app.run_gui`. Nothing in desktop.core imports this package.
"""
