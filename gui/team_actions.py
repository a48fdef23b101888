"""The coding window's part in team work: following what the team changes (the poller, who else
is connected, telling the coder what the lead changed), blind mode, and opening the agreement
and team-progress windows (assigning articles is done from the progress window).

`TeamActions` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.poller, window.team_label and window.progress_window stay where they were. Its strings
are translated in the context "TeamActions" (PySide's tr() tries each class of the window in
turn).

The agreement and progress windows (with the agreement statistics and their numbers) are
imported when one is opened, not with the coding window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from coding.following import SharedState
from gui.team_poller import TeamPoller
from models.journal import Changes


class TeamActions:
    """Following the team, blind mode, agreement and progress."""

    def _follow_team(self) -> None:
        # Follow what the team changes (codebook, my assignments, blind mode, who is here).
        self.team_label = QLabel()
        self.statusBar().addPermanentWidget(self.team_label)
        self.write_locked_polls = 0  # polls in a row that found another program writing
        self.poller = TeamPoller(self.workspace, parent=self)
        self.poller.state_ready.connect(self._on_team_state)
        self.poller.failed.connect(self._on_team_poll_failed)
        self.poller.start()

    def _on_team_state(self, polled: tuple[SharedState, tuple[str, ...]]) -> None:
        state, connected = polled
        self.workspace.apply_shared_state(state)
        others = [name for name in connected if name != self.workspace.coder.name]
        self.team_label.setText(
            self.tr("Also connected: %1").replace("%1", "、".join(others)) if others else ""
        )
        self.team_label.setToolTip("")
        self.write_locked_polls = self.write_locked_polls + 1 if state.write_locked else 0
        if self.write_locked_polls >= 2:  # about ten seconds: an import or a merge, not a save
            self.statusBar().showMessage(
                self.tr(
                    "Another program is writing to this project (an import or a merge?); "
                    "your next change waits until it has finished."
                ),
                6000,
            )

    def _on_team_poll_failed(self, message: str) -> None:
        # The database's own words (often English) go in the tooltip; the label stays readable.
        self.team_label.setText(self.tr("Cannot reach the project; trying again…"))
        self.team_label.setToolTip(message)

    def _tell_team_changes(self, changes: Changes) -> None:
        if changes.codebook:
            message = self.tr("The codebook was changed by the lead; it is up to date.")
        elif changes.assignments:
            message = self.tr("Your assignments were changed; the article list is up to date.")
        elif self.blind_action.isChecked() != self.workspace.blind:
            message = self.tr("Blind mode was changed by the lead.")
            self.blind_action.blockSignals(True)
            self.blind_action.setChecked(self.workspace.blind)
            self.blind_action.blockSignals(False)
        else:  # work stored by another program: a command-line import, a merge, a window
            message = self.tr(
                "Work saved in another window or program is now shown; everything is up to date."
            )
        self.statusBar().showMessage(message, 10000)

    def _toggle_blind(self) -> None:
        self.workspace.set_blind(self.blind_action.isChecked())

    def open_agreement(self) -> None:
        """Open the agreement report and disagreement browser (it shares this undo stack)."""
        from gui.agreement_window import AgreementWindow

        # In blind mode only the lead sees everyone's coding: a coder is told why instead.
        self.agreement_window = AgreementWindow.open_for(self.workspace, self)

    def open_progress(self) -> None:
        """Open the team's progress: each coder's totals and the work by day."""
        from gui.progress_window import ProgressWindow

        self.progress_window = ProgressWindow(self.workspace, self)
        self.progress_window.show()
        self.progress_window.refresh()
