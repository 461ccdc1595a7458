"""``python -m genie_sdk.simulator``: run the Genie simulator in the foreground."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from genie_sdk.simulator.domain.settings import LOOPBACK_HOSTS, SimulatorSettings

__all__ = ["main"]


def _limit(value: str) -> int | None:
    return None if value.lower() in ("none", "off", "0") else int(value)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse command-line options and serve."""
    parser = argparse.ArgumentParser(
        prog="python -m genie_sdk.simulator", description="Run the embedded Genie simulator."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests addressed to NAME (repeatable; '*': any name); "
        "needed when --host is not a loopback interface",
    )
    parser.add_argument("--token", help="personal access token to accept (default: random)")
    parser.add_argument("--seed", type=int, default=42, help="demo dataset seed")
    parser.add_argument(
        "--rate-limit",
        type=_limit,
        default=5,
        help="POSTs per minute per workspace; 'none' disables (default 5)",
    )
    parser.add_argument(
        "--advance",
        choices=["poll", "time"],
        default="time",
        help="messages advance with time (default) or one step per poll",
    )
    parser.add_argument(
        "--stage-seconds",
        type=float,
        default=SimulatorSettings.stage_seconds,
        help=f"seconds per message stage in time mode (default {SimulatorSettings.stage_seconds})",
    )
    parser.add_argument(
        "--show-oauth",
        action="store_true",
        help="also print service principal credentials and the browser login code",
    )
    parser.add_argument(
        "--download-format",
        choices=["JSON_ARRAY", "CSV", "ARROW_STREAM"],
        default="JSON_ARRAY",
        help="format of full-result downloads",
    )
    parser.add_argument(
        "--row-format",
        choices=["data_array", "data_typed_array"],
        default="data_array",
        help="shape of inline result rows",
    )
    parser.add_argument(
        "--workspace",
        choices=["demo", "large"],
        default="demo",
        help="demo spaces and dashboards, or thousands of each to crawl (default demo)",
    )
    args = parser.parse_args(argv)
    try:
        # Imported here so that Ctrl+C while the server loads also exits quietly.
        from genie_sdk.simulator import serve  # names the extra when a dependency is missing

        serve(
            args.host,
            args.port,
            token=args.token,
            allowed_hosts=(*LOOPBACK_HOSTS, *args.allow_host),
            seed=args.seed,
            rate_limit=args.rate_limit,
            advance=args.advance,
            stage_seconds=args.stage_seconds,
            download_format=args.download_format,
            row_format=args.row_format,
            show_oauth=args.show_oauth,
            workspace=args.workspace,
        )
    except KeyboardInterrupt:
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
