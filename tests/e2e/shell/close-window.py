"""Ask a window to close as a window manager does when a person clicks its
close button: an X11 ClientMessage WM_PROTOCOLS / WM_DELETE_WINDOW sent to
the window. GTK turns it into a delete event, which Tauri reports as
CloseRequested, so this goes through the same path as a real close (unlike
WebDriver's "close window", which destroys the web view behind Tauri's back).

Usage: python3 close-window.py TITLE [PID]
Finds the mapped top-level window titled TITLE (and, when given, owned by
process PID), sends the request and prints "<window id> <owning pid>".
Needs only libX11 (present wherever GTK is); DISPLAY must be set.
"""

import ctypes
import ctypes.util
import sys

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")

Window = ctypes.c_ulong
Atom = ctypes.c_ulong

x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = Window
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XInternAtom.restype = Atom
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XQueryTree.argtypes = [
    ctypes.c_void_p,
    Window,
    ctypes.POINTER(Window),
    ctypes.POINTER(Window),
    ctypes.POINTER(ctypes.POINTER(Window)),
    ctypes.POINTER(ctypes.c_uint),
]
x11.XGetWindowProperty.argtypes = [
    ctypes.c_void_p,
    Window,
    Atom,
    ctypes.c_long,
    ctypes.c_long,
    ctypes.c_int,
    Atom,
    ctypes.POINTER(Atom),
    ctypes.POINTER(ctypes.c_int),
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_void_p),
]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]


class WindowAttributes(ctypes.Structure):
    # Only map_state is read; the rest is there for the layout.
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", Window),
        ("c_class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(WindowAttributes)]


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


CLIENT_MESSAGE = 33
IS_VIEWABLE = 2


def prop(dpy, win, name, kind):
    """The property's bytes (8-bit) or first item (32-bit), or None."""
    actual, fmt = Atom(), ctypes.c_int()
    count, after = ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.c_void_p()
    atom = x11.XInternAtom(dpy, name, 0)
    if x11.XGetWindowProperty(dpy, win, atom, 0, 1024, 0, kind, ctypes.byref(actual), ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after), ctypes.byref(data)) != 0 or not data.value:
        return None
    try:
        if count.value == 0:
            return None
        if fmt.value == 8:
            return ctypes.string_at(data.value, count.value)
        if fmt.value == 32:
            return ctypes.cast(data.value, ctypes.POINTER(ctypes.c_ulong))[0]
        return None
    finally:
        x11.XFree(data)


def main():
    title = sys.argv[1].encode()
    want_pid = int(sys.argv[2]) if len(sys.argv) > 2 else None
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        sys.exit("cannot open the X display")
    root = x11.XDefaultRootWindow(dpy)
    root_ret, parent = Window(), Window()
    children, n = ctypes.POINTER(Window)(), ctypes.c_uint()
    x11.XQueryTree(dpy, root, ctypes.byref(root_ret), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n))
    windows = [children[i] for i in range(n.value)]
    if children:
        x11.XFree(children)
    utf8 = x11.XInternAtom(dpy, b"UTF8_STRING", 0)
    found = []
    for w in windows:
        attrs = WindowAttributes()
        if not x11.XGetWindowAttributes(dpy, w, ctypes.byref(attrs)) or attrs.map_state != IS_VIEWABLE:
            continue
        name = prop(dpy, w, b"_NET_WM_NAME", utf8) or prop(dpy, w, b"WM_NAME", 0)
        pid = prop(dpy, w, b"_NET_WM_PID", 6)  # XA_CARDINAL
        if name == title and (want_pid is None or pid == want_pid):
            found.append((w, pid))
    if len(found) != 1:
        sys.exit(f"expected one window titled {title.decode()!r}, found {len(found)}")
    w, pid = found[0]
    ev = XEvent()
    ev.xclient.type = CLIENT_MESSAGE
    ev.xclient.window = w
    ev.xclient.message_type = x11.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
    ev.xclient.format = 32
    ev.xclient.data[0] = x11.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
    ev.xclient.data[1] = 0  # CurrentTime
    if not x11.XSendEvent(dpy, w, 0, 0, ctypes.byref(ev)):
        sys.exit("the close request could not be sent")
    x11.XFlush(dpy)
    x11.XCloseDisplay(dpy)
    print(w, pid)


main()
