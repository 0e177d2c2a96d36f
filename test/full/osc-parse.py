"""Runs argv lists through the real OpenStack client's parser, and only its parser.

Reads a JSON list of argv lists (without the leading "openstack") on stdin and prints a JSON
list of {"ok": bool, "message": str}, one per argv. Each argv goes through the steps of
cliff's App.run and App.run_subcommand (cliff/app.py) up to cmd_parser.parse_args and stops
there: the global options, the command lookup (osc-lib's CommandManager with every installed
plugin, python3-octaviaclient's `loadbalancer` commands included), then the command's own
argparse parser. Authentication is off (--os-auth-type none) and the endpoint is a dead
port; on top of that every socket connect is refused, so nothing is ever contacted.
"""

import contextlib
import inspect
import io
import json
import socket
import sys


def _refuse(*_args, **_kwargs):
    raise OSError("network access refused: only the parser may run here")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse

from openstackclient import shell as osc_shell  # noqa: E402

GLOBAL = ["--os-auth-type", "none", "--os-endpoint", "http://127.0.0.1:9"]


def parse(args):
    """The client's verdict on one argv: (True, "") or (False, what it printed)."""
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            app = osc_shell.OpenStackShell()
            app.stdout, app.stderr = out, err
            app.command_options = GLOBAL + args
            app.options, remainder = app.parser.parse_known_args(GLOBAL + args)
            app.configure_logging()
            app.interactive_mode = not remainder
            app.initialize_app(remainder)
            try:
                factory, name, sub_argv = app.command_manager.find_command(remainder)
            except ValueError as e:
                return False, "openstack: %s" % e
            kwargs = {}
            if "cmd_name" in inspect.getfullargspec(factory.__init__).args:
                kwargs["cmd_name"] = name
            cmd = factory(app, app.options, **kwargs)
            cmd.get_parser("openstack " + name).parse_args(sub_argv)
        except SystemExit as e:
            text = (err.getvalue() + out.getvalue()).strip()
            return False, text or "exit %s" % e.code
    return True, ""


def main():
    verdicts = []
    for args in json.load(sys.stdin):
        ok, message = parse(args)
        verdicts.append({"ok": ok, "message": message})
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main()
