"""A headset's media buttons on Linux: trackcue as an MPRIS media player on the D-Bus session bus.

Desktops (GNOME, KDE, and ``playerctld``/``mpris-proxy`` elsewhere) route the play/pause, next and
stop of a Bluetooth headset, a remote or a keyboard's media keys to the MPRIS player that played
last. While a workout plays, trackcue is one: ``org.mpris.MediaPlayer2.trackcue`` (or
``…trackcue.instance<pid>`` when another trackcue has that name), object ``/org/mpris/MediaPlayer2``,
with the root and ``Player`` interfaces of the MPRIS 2.2 specification. A button call becomes a
``RemoteCommand`` (``buttons.command_for``) handed to ``on_command``.

Everything runs on threads of its own — jeepney's receiver and one handler — so neither the
engine nor the UI thread ever waits for D-Bus; ``on_command`` is called on the handler thread and
must only post the command (the screen's ``call_from_thread``, the headless loop's queue). With
no session bus, or without jeepney (MIT, pure Python), the service is off and ``status`` says why.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from trackcue.handsfree.buttons import BUTTON_CALLS, ButtonCall, PlaybackStatus, RemoteCommand, command_for

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.threading import DBusConnection, DBusRouter

BUS_NAME = "org.mpris.MediaPlayer2.trackcue"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
STEP_PATH = "/org/trackcue/step"  # + a number: the track id of the step being played

ButtonsState = Literal["starting", "on", "off"]
OnCommand = Callable[[RemoteCommand], None]
Variant = tuple[str, object]  # (D-Bus signature, value), as jeepney writes a variant

_REQUEST_NAME_DO_NOT_QUEUE = 4
_PRIMARY_OWNER, _ALREADY_OWNER = 1, 4
_CONNECT_S = 2.0
_OTHER_PLAYER_CALLS = ("Seek", "SetPosition", "OpenUri")  # accepted; no effect (CanSeek is false)
_CHANGING = ("PlaybackStatus", "Metadata", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause")

_INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node name="{OBJECT_PATH}">
 <interface name="{INTROSPECTABLE}">
  <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
 </interface>
 <interface name="{PEER}">
  <method name="Ping"/>
 </interface>
 <interface name="{PROPERTIES}">
  <method name="Get"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/>
   <arg name="value" type="v" direction="out"/></method>
  <method name="GetAll"><arg name="interface" type="s" direction="in"/>
   <arg name="properties" type="a{{sv}}" direction="out"/></method>
  <method name="Set"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/>
   <arg name="value" type="v" direction="in"/></method>
  <signal name="PropertiesChanged"><arg name="interface" type="s"/><arg name="changed" type="a{{sv}}"/>
   <arg name="invalidated" type="as"/></signal>
 </interface>
 <interface name="{ROOT}">
  <method name="Raise"/>
  <method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
 </interface>
 <interface name="{PLAYER}">
  <method name="Next"/>
  <method name="Previous"/>
  <method name="Pause"/>
  <method name="PlayPause"/>
  <method name="Stop"/>
  <method name="Play"/>
  <method name="Seek"><arg name="offset" type="x" direction="in"/></method>
  <method name="SetPosition"><arg name="track" type="o" direction="in"/><arg name="position" type="x" direction="in"/></method>
  <method name="OpenUri"><arg name="uri" type="s" direction="in"/></method>
  <signal name="Seeked"><arg name="position" type="x"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="read"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="read"/>
  <property name="Position" type="x" access="read"/>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
 </interface>
</node>
"""


class _Changed:
    """Put on the service's queue: the player's state changed, signal it."""


_CHANGED = _Changed()


class _Off(Exception):
    """The service cannot run here; the message says why in a few words."""


class _DBusError(Exception):
    """A call answered with a D-Bus error ``name`` and a message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def session_bus_address(env: Mapping[str, str]) -> str | None:
    """The session bus: ``$DBUS_SESSION_BUS_ADDRESS``, else systemd's ``$XDG_RUNTIME_DIR/bus``; None if neither."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={os.path.join(runtime, 'bus')}"
    return None


class MediaButtons:
    """The MPRIS service for one session: ``start``, ``set_playback`` as the workout goes, ``close``.

    ``address`` is a D-Bus address (``unix:path=…``); default: the session bus. Never raises: a
    service that cannot run is ``state == "off"`` with ``why`` saying why.
    """

    def __init__(self, on_command: OnCommand, *, identity: str = "trackcue", address: str | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self.identity = identity
        self.bus_name: str | None = None
        self._on_command = on_command
        self._address = address
        self._env = os.environ if env is None else env
        self._state: ButtonsState = "starting"
        self._why = ""
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._calls: queue.Queue[Message | _Changed | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._status: PlaybackStatus = "Stopped"
        self._title: str | None = None
        self._track = 0

    # ----- life ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Connect and take the name on a thread of its own; returns at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="trackcue-mpris", daemon=True)
            self._thread.start()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the service is on or known to be off; True if it is on."""
        self._ready.wait(timeout)
        return self._state == "on"

    def close(self) -> None:
        """Leave the bus (the name goes with the connection). Safe to call twice, or before ``start``."""
        self._calls.put(None)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    @property
    def state(self) -> ButtonsState:
        return self._state

    @property
    def why(self) -> str:
        """Why the service is off ("" while it starts or is on)."""
        return self._why

    @property
    def status(self) -> str:
        """``media buttons: on (org.mpris.MediaPlayer2.trackcue)`` or ``… off (why)``."""
        if self._state == "on":
            return f"media buttons: on ({self.bus_name})"
        if self._state == "off":
            return f"media buttons: off ({self._why})"
        return "media buttons: starting"

    # ----- what the workout is doing -------------------------------------------------------------

    def set_playback(self, status: PlaybackStatus, title: str | None = None) -> None:
        """Say the workout is playing, paused or stopped, and what step it plays (any thread).

        Players that route media keys follow ``PlaybackStatus``: the last one to start playing
        gets the buttons. Signalled (``PropertiesChanged``) from the service's thread when it is on;
        this only takes a lock and queues.
        """
        with self._lock:
            if status == self._status and title == self._title:
                return
            if title != self._title:
                self._track += 1
            self._status, self._title = status, title
            if self._state == "on":
                self._calls.put(_CHANGED)  # signalled from the service's thread: the caller never waits

    # ----- the service thread ----------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            conn, router = self._connect()
        except _Off as off:
            self._why = str(off)
            self._state = "off"
            self._ready.set()
            return
        try:
            with self._lock:
                self._state = "on"
            self._ready.set()
            while True:
                msg = self._calls.get()
                if msg is None:
                    return
                if isinstance(msg, _Changed):
                    self._emit(router)
                else:
                    self._handle(router, msg)
        finally:
            with self._lock:
                self._state, self._why = "off", "closed"
            router.close()
            conn.close()

    def _connect(self) -> tuple[DBusConnection, DBusRouter]:
        address = self._address or session_bus_address(self._env)
        if address is None:
            raise _Off("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set")
        try:
            from jeepney import MatchRule, message_bus
            from jeepney.io.threading import DBusRouter, Proxy, open_dbus_connection
        except ImportError:
            raise _Off("jeepney is not installed (pip install jeepney)") from None
        try:
            conn = open_dbus_connection(bus=address, auth_timeout=_CONNECT_S)
        except Exception as exc:  # noqa: BLE001 — any failure to reach the bus means: off, and why
            raise _Off(f"no D-Bus session bus at {address} ({type(exc).__name__}: {exc})") from None
        router = DBusRouter(conn)
        router.filter(MatchRule(type="method_call"), queue=self._calls)  # unbounded: no call is dropped
        try:
            bus = Proxy(message_bus, router, timeout=_CONNECT_S)
            for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
                (code,) = bus.RequestName(name, _REQUEST_NAME_DO_NOT_QUEUE)
                if code in (_PRIMARY_OWNER, _ALREADY_OWNER):
                    self.bus_name = name
                    return conn, router
        except Exception as exc:  # noqa: BLE001
            router.close()
            conn.close()
            raise _Off(f"the bus refused the player's name ({type(exc).__name__}: {exc})") from None
        router.close()
        conn.close()
        raise _Off(f"{BUS_NAME} and its instance name are taken")

    def _handle(self, router: DBusRouter, msg: Message) -> None:
        from jeepney import HeaderFields, MessageFlag, new_error, new_method_return

        fields = msg.header.fields
        iface, member = fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
        try:
            if fields.get(HeaderFields.path) != OBJECT_PATH and iface != PEER:
                raise _DBusError("org.freedesktop.DBus.Error.UnknownObject", f"no object {fields.get(HeaderFields.path)}")
            signature, body = self._answer(iface, str(member), tuple(msg.body))
            reply = new_method_return(msg, signature, body)
        except _DBusError as err:
            reply = new_error(msg, err.name, "s", (str(err),))
        except Exception as exc:  # noqa: BLE001 — a bug answers this call with an error, the service stays
            reply = new_error(msg, "org.freedesktop.DBus.Error.Failed", "s", (f"{type(exc).__name__}: {exc}",))
        if msg.header.flags & MessageFlag.no_reply_expected:
            return
        try:
            router.send(reply)
        except OSError:
            pass  # the caller is gone; the next call will find out if the bus is

    def _answer(self, iface: str | None, member: str, args: tuple[object, ...]) -> tuple[str | None, tuple[object, ...]]:
        """The reply (signature, body) to ``iface.member(*args)``; raises ``_DBusError``."""
        if iface is None:  # D-Bus allows a call without an interface: find the member
            iface = PLAYER if member in (*BUTTON_CALLS, *_OTHER_PLAYER_CALLS) else ROOT
        if iface == INTROSPECTABLE and member == "Introspect":
            return "s", (_INTROSPECTION,)
        if iface == PEER and member == "Ping":
            return None, ()
        if iface == PROPERTIES:
            return self._properties(member, args)
        if iface == ROOT and member in ("Raise", "Quit"):
            return None, ()  # CanRaise and CanQuit are false: no effect
        if iface == PLAYER and member in BUTTON_CALLS:
            self._press(_as_call(member))
            return None, ()
        if iface == PLAYER and member in _OTHER_PLAYER_CALLS:
            return None, ()
        raise _DBusError("org.freedesktop.DBus.Error.UnknownMethod", f"no method {iface}.{member}")

    def _properties(self, member: str, args: tuple[object, ...]) -> tuple[str | None, tuple[object, ...]]:
        interface = str(args[0]) if args else ""
        with self._lock:
            props = self._root_props() if interface == ROOT else self._player_props() if interface == PLAYER else None
        if props is None:
            raise _DBusError("org.freedesktop.DBus.Error.UnknownInterface", f"no interface {interface}")
        if member == "GetAll":
            return "a{sv}", (props,)
        name = str(args[1]) if len(args) > 1 else ""
        if name not in props:
            raise _DBusError("org.freedesktop.DBus.Error.UnknownProperty", f"no property {interface}.{name}")
        if member == "Get":
            return "v", (props[name],)
        if member == "Set":
            raise _DBusError("org.freedesktop.DBus.Error.PropertyReadOnly", f"{name} is read-only")
        raise _DBusError("org.freedesktop.DBus.Error.UnknownMethod", f"no method {PROPERTIES}.{member}")

    def _press(self, call: ButtonCall) -> None:
        with self._lock:
            status = self._status
        command = command_for(call, status)
        if command is None:
            return
        try:
            self._on_command(command)
        except Exception:  # noqa: BLE001 — a failing receiver must not stop the buttons
            pass

    def _root_props(self) -> dict[str, Variant]:
        return {
            "CanQuit": ("b", False), "CanRaise": ("b", False), "HasTrackList": ("b", False),
            "Identity": ("s", self.identity), "SupportedUriSchemes": ("as", []), "SupportedMimeTypes": ("as", []),
        }

    def _player_props(self) -> dict[str, Variant]:
        metadata: dict[str, Variant] = {"mpris:trackid": ("o", NO_TRACK)}
        if self._title is not None:
            metadata = {"mpris:trackid": ("o", f"{STEP_PATH}/{self._track}"), "xesam:title": ("s", self._title),
                        "xesam:artist": ("as", [self.identity])}
        playing = self._status != "Stopped"
        return {
            "PlaybackStatus": ("s", self._status), "Rate": ("d", 1.0), "Metadata": ("a{sv}", metadata),
            "Volume": ("d", 1.0), "Position": ("x", 0), "MinimumRate": ("d", 1.0), "MaximumRate": ("d", 1.0),
            "CanGoNext": ("b", playing), "CanGoPrevious": ("b", playing), "CanPlay": ("b", playing),
            "CanPause": ("b", playing), "CanSeek": ("b", False), "CanControl": ("b", True),
        }

    def _emit(self, router: DBusRouter) -> None:
        from jeepney import DBusAddress, new_signal

        with self._lock:
            props = self._player_props()
        changed = {name: props[name] for name in _CHANGING}

        emitter = DBusAddress(OBJECT_PATH, interface=PROPERTIES)
        try:
            router.send(new_signal(emitter, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, [])))
        except OSError:
            pass


def _as_call(member: str) -> ButtonCall:
    for call in BUTTON_CALLS:
        if call == member:
            return call
    raise ValueError(member)
