"""Before the window opens on Linux, missing xcb libraries get one message with the packages
to install (instead of Qt's abort). Tested without Qt: the library listing is simulated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from articoder import cli


def test_every_library_present_passes() -> None:
    everything = {soname for soname, _, _ in cli.QT_XCB_LIBRARIES}
    assert cli.missing_qt_libraries(everything) == []


def test_no_listing_is_no_alarm() -> None:
    assert cli.missing_qt_libraries(set()) == []


def test_message_names_the_packages_of_the_missing_libraries() -> None:
    present = {soname for soname, _, _ in cli.QT_XCB_LIBRARIES}
    present -= {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"}
    message = cli.missing_libraries_message(cli.missing_qt_libraries(present))
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms\n" in message
    assert "libxcb-icccm.so.4" in message


def test_the_real_machine_listing_is_read() -> None:
    # ldconfig knows libc on any glibc Linux: the listing is parsed into sonames.
    listing = cli.system_libraries()
    if not listing:
        pytest.skip("no ldconfig on this machine")
    assert any(name.startswith("libc.so") for name in listing)


@pytest.mark.parametrize("platform", [None, "xcb"])
def test_window_refused_with_the_install_command(
    platform: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli.sys, "platform", "linux")
    if platform is None:
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    else:
        monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setenv("DISPLAY", ":0")
    known = {soname for soname, _, _ in cli.QT_XCB_LIBRARIES} - {"libxcb-keysyms.so.1"}
    monkeypatch.setattr(cli, "system_libraries", lambda: known | {"libc.so.6"})
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["open", "missing.articoder"])
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert "apt-get install libxcb-keysyms1\n" in error
    assert "Traceback" not in error


@pytest.mark.parametrize("platform", ["offscreen", "wayland", "minimal"])
def test_other_platforms_need_no_xcb(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setattr(cli, "system_libraries", lambda: {"libc.so.6"})
    cli.check_window_libraries()  # returns: nothing is checked


def test_no_display_is_named_instead_of_qt_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.check_window_libraries()
    assert exit_info.value.code == 1
    assert "no display to open the window on (DISPLAY is not set)" in capsys.readouterr().err


def test_not_checked_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.sys, "platform", "win32")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(cli, "system_libraries", lambda: {"libc.so.6"})
    cli.check_window_libraries()


def test_libraries_on_ld_library_path_count(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    known = {soname for soname, _, _ in cli.QT_XCB_LIBRARIES} - {"libxcb-icccm.so.4"}
    monkeypatch.setattr(cli, "system_libraries", lambda: known | {"libc.so.6"})
    (tmp_path / "libxcb-icccm.so.4").write_bytes(b"")
    monkeypatch.setenv("LD_LIBRARY_PATH", f"/no/such/folder:{tmp_path}")
    cli.check_window_libraries()  # returns instead of exiting: the library is there
    monkeypatch.setenv("LD_LIBRARY_PATH", "/no/such/folder")
    with pytest.raises(SystemExit):
        cli.check_window_libraries()


def test_the_command_stops_before_qt_with_a_real_listing(tmp_path: Path) -> None:
    """`articoder open` in a fresh process, with an `ldconfig` whose cache lacks two libraries."""
    present = [
        soname
        for soname, _, _ in cli.QT_XCB_LIBRARIES
        if soname not in {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    ]
    listing = "\n".join(
        [f"{len(present) + 1} libs found in cache `/etc/ld.so.cache'"]
        + [f"\t{name} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{name}" for name in present]
        + ["\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6"]
    )
    (tmp_path / "listing.txt").write_text(listing + "\n", encoding="utf-8")
    fake = tmp_path / "ldconfig"
    fake.write_text(f"#!/bin/sh\ncat '{tmp_path / 'listing.txt'}'\n", encoding="utf-8")
    fake.chmod(0o755)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "LD_LIBRARY_PATH"}
    }
    environment.update(
        PATH=f"{tmp_path}:{os.environ['PATH']}",
        DISPLAY=":99",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    probe = (
        "import sys\nfrom articoder.cli import main\n"
        "try:\n    main(['open', 'project.articoder'])\n"
        "except SystemExit as exit:\n"
        "    print('PySide6' in sys.modules)\n    sys.exit(exit.code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip() == "False"  # Qt was never loaded
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in result.stderr
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms\n" in result.stderr
