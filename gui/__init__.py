"""The only package that imports Qt: windows, views, item models, dialogs, the task runner."""
