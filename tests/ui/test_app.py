"""Starting the window: the check for the system libraries Qt's xcb plugin needs."""

from __future__ import annotations

from reader.app import XCB_PACKAGES, missing_xcb_packages, platform_is_xcb, xcb_problem


def test_which_platform_is_xcb():
    assert platform_is_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not platform_is_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not platform_is_xcb({"QT_QPA_PLATFORM": "wayland;xcb"})
    assert platform_is_xcb({"DISPLAY": ":0"}, platform="linux")
    assert not platform_is_xcb({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux")
    assert not platform_is_xcb({}, platform="darwin")


def test_missing_libraries_are_named_with_the_apt_command():
    def find(name):
        return None if name in ("xcb-cursor", "xkbcommon-x11") else f"lib{name}.so"

    assert missing_xcb_packages(find) == ["libxcb-cursor0", "libxkbcommon-x11-0"]
    message = xcb_problem({"QT_QPA_PLATFORM": "xcb"}, find)
    assert "libxcb-cursor0, libxkbcommon-x11-0" in message
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in message


def test_no_message_when_all_is_there_or_xcb_is_not_used():
    assert xcb_problem({"QT_QPA_PLATFORM": "xcb"}, lambda name: "found") == ""
    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, lambda name: None) == ""
    assert len(XCB_PACKAGES) == 9
