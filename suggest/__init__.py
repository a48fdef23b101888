"""Assisted coding: per-code classifiers learned from the project's own human coding.

`units` reads the human coding into units (articles or sentences) with labels per coder and a
consensus; `features` turns unit texts into jieba words and character bigrams; `training`
validates by grouped k-fold and fits the models; `store` keeps models and suggestions in the
project, applies them to uncoded articles and records a coder's accept or reject; `active`
orders the uncoded articles by what coding them would teach the weak codes. Nothing here
imports Qt; the window's panel is gui/suggestions_panel.py and the command line
articoder/cli_suggest.py.
"""
