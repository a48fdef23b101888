"""articoder: the command line and the application entry point, above every other package."""

__version__ = "0.1.0"
