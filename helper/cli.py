"""`saring`: serve the helper, check drafts, lint the rule pack, evaluate it on a corpus."""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from helper.api import MAX_TEXT_CHARS, CheckRequest, CheckResponse, check
from helper.engine import Engine
from helper.rulepack import STRICTNESS_LEVELS, RulePackError, load_rule_pack

DEFAULT_PORT = 8765
BUNDLED_RULES = Path(__file__).resolve().parent.parent / "rules"


def default_rules() -> Path:
    return Path(os.environ.get("SARING_RULES", BUNDLED_RULES))


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except RulePackError as exc:
        print("The rule pack has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saring", description="Saring sebelum sharing.")
    sub = parser.add_subparsers(metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the local helper for the browser extension")
    serve.add_argument("--config", type=Path, default=os.environ.get("SARING_CONFIG"),
                       help="TOML file with host, port, rules, allow_extensions (flags win)")
    serve.add_argument("--host", default=None, help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help=f"default {DEFAULT_PORT}")
    serve.add_argument("--rules", type=Path, default=None, help="rule pack directory")
    serve.add_argument("--allow-extension", action="append", default=[], metavar="ID",
                       help="only this extension id may call (repeatable); default: any extension")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow --host to be a non-loopback address (not recommended)")
    serve.add_argument("--no-watch", action="store_true", help="do not reload rules when files change")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.set_defaults(func=_serve)

    chk = sub.add_parser("check", help="check a draft (TEXT, or - for stdin, or --jsonl FILE)")
    chk.add_argument("text", nargs="?")
    chk.add_argument("--strictness", choices=STRICTNESS_LEVELS, default="standard")
    chk.add_argument("--format", choices=["text", "json"], default="text")
    chk.add_argument("--locale", choices=["id", "en"], default="id")
    chk.add_argument("--jsonl", type=Path, metavar="FILE", help="batch: one JSON object per line ('-': stdin)")
    chk.add_argument("--rules", type=Path, default=None)
    chk.set_defaults(func=_check)

    rules = sub.add_parser("rules", help="work on the rule pack")
    rules_sub = rules.add_subparsers(metavar="ACTION")
    lint = rules_sub.add_parser("lint", help="validate a rule pack and run all its examples")
    lint.add_argument("dir", nargs="?", type=Path, default=None)
    lint.set_defaults(func=_lint)

    ev = sub.add_parser("eval", help="precision/recall of the rules on labelled corpus files")
    ev.add_argument("files", nargs="+", type=Path)
    ev.add_argument("--rules", type=Path, default=None)
    ev.add_argument("--min-recall", type=float, default=0.95)
    ev.add_argument("--max-false-alarms", type=float, default=0.02)
    ev.add_argument("--show-errors", action="store_true", help="list the posts missed or wrongly flagged")
    ev.add_argument("--report-only", action="store_true",
                    help="print the figures but exit 0 below thresholds (for a held-out corpus)")
    ev.set_defaults(func=_eval)
    return parser


# ---------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from helper.server import Settings, create_app
    from helper.store import RuleStore

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        _apply_config(args)
    except (OSError, ValueError) as exc:
        print(f"Cannot use the config file {args.config}: {exc}", file=sys.stderr)
        return 2
    loopback = args.host in ("127.0.0.1", "localhost", "::1")
    if not loopback and not args.allow_remote:
        print(f"Refusing to listen on {args.host}: other machines could reach the helper. "
              "Use --allow-remote if you really mean it.", file=sys.stderr)
        return 2
    if not loopback:
        print(f"WARNING: listening on {args.host}; other machines on the network can reach it.",
              file=sys.stderr)
    port_problem = _port_unavailable(args.host, args.port)
    if port_problem:
        print(f"Cannot listen on {args.host}:{args.port}: {port_problem}. Is another helper "
              f"running? Stop it or choose another --port.", file=sys.stderr)
        return 3
    store = RuleStore(args.rules or default_rules())
    extra_hosts = frozenset() if loopback else frozenset({args.host})
    settings = Settings(
        allowed_extension_ids=frozenset(args.allow_extension),
        extra_hosts=extra_hosts,
        watch_interval=None if args.no_watch else 1.0,
    )
    app = create_app(store, settings)

    def ready(_: object) -> None:
        pack = store.engine.pack
        print(f"Saring helper on http://{args.host}:{args.port} — rules {pack.meta.version} "
              f"({len(pack.rules)} rules). Ctrl+C to stop.", flush=True)

    try:
        web.run_app(app, host=args.host, port=args.port, print=ready, access_log=None,
                    shutdown_timeout=5.0)
    except OSError as exc:
        print(f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 3
    return 0


def _apply_config(args: argparse.Namespace) -> None:
    """Settings from a TOML file fill what the command line left out."""
    config: dict[str, Any] = {}
    if args.config:
        with Path(args.config).open("rb") as f:
            config = tomllib.load(f)
        unknown = set(config) - {"host", "port", "rules", "allow_extensions"}
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    args.host = args.host or config.get("host", "127.0.0.1")
    args.port = args.port or int(config.get("port", DEFAULT_PORT))
    if args.rules is None and "rules" in config:
        args.rules = Path(args.config).parent / config["rules"]
    extensions = config.get("allow_extensions", [])
    if not isinstance(extensions, list) or not all(isinstance(x, str) for x in extensions):
        raise ValueError("allow_extensions must be a list of extension ids")
    args.allow_extension = [*args.allow_extension, *extensions]


def _port_unavailable(host: str, port: int) -> str | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as aiohttp does: a port left in TIME_WAIT is free to use
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _engine(rules: Path | None) -> Engine:
    return Engine(load_rule_pack(rules or default_rules()))


def _check(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        return _check_batch(args)
    if args.text is None:
        print("saring check: give TEXT, - for standard input, or --jsonl FILE", file=sys.stderr)
        return 2
    text = sys.stdin.read() if args.text == "-" else args.text
    if len(text) > MAX_TEXT_CHARS:
        print(f"saring check: text longer than {MAX_TEXT_CHARS} characters", file=sys.stderr)
        return 2
    engine = _engine(args.rules)
    result = check(engine, CheckRequest(text=text, strictness=args.strictness, locale=args.locale))
    if args.format == "json":
        print(result.model_dump_json(indent=2))
    else:
        _print_text(text, result, args.locale, sys.stdout)
    return 1 if result.findings else 0


def _print_text(text: str, result: CheckResponse, locale: str, out: TextIO) -> None:
    en = locale == "en"
    if not result.findings:
        out.write("No problems found.\n" if en else "Tidak ada masalah ditemukan.\n")
    # Offsets in the response are UTF-16; the terminal wants code points.
    utf16_to_cp = _utf16_index(text)
    for finding in result.findings:
        start, end = utf16_to_cp[finding.start], utf16_to_cp[finding.end]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        before = text[max(line_start, start - 40):start]
        after = text[end:min(line_end, end + 40)]
        out.write(f"{finding.clause.id} · {finding.category_label} ({finding.category}) · {finding.severity}\n")
        out.write(f"  …{before}»{text[start:end]}«{after}…\n")
        out.write(f"  {'Clause' if en else 'Pasal'} {finding.clause.id}: {finding.clause.text}\n")
        out.write(f"  {finding.message}\n")
        if finding.suggestion:
            out.write(f"  {'Suggestion' if en else 'Saran'}: {finding.suggestion}\n")
        out.write("\n")
    for affirmation in result.affirmations:
        out.write(f"✓ {affirmation.clause.id}: {affirmation.message}\n")


def _utf16_index(text: str) -> dict[int, int]:
    index = {0: 0}
    units = 0
    for cp, char in enumerate(text, 1):
        units += 2 if ord(char) > 0xFFFF else 1
        index[units] = cp
    return index


def _check_batch(args: argparse.Namespace) -> int:
    engine = _engine(args.rules)
    source = sys.stdin if str(args.jsonl) == "-" else args.jsonl.open(encoding="utf-8")
    out = sys.stdout
    with source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            item_id: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("a line must be a JSON object")
                item_id = item.get("id")
                request = CheckRequest.model_validate(
                    {"strictness": args.strictness, "locale": args.locale, **item})
                if len(request.text) > MAX_TEXT_CHARS:
                    raise ValueError(f"text longer than {MAX_TEXT_CHARS} characters")
                answer = check(engine, request).model_dump_json()
            except ValidationError as exc:
                reasons = (f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
                payload = _line_error(number, "invalid_request", "; ".join(reasons))
            except ValueError as exc:
                payload = _line_error(number, "invalid_line", str(exc).splitlines()[0][:200])
            else:
                # pydantic writes the answer's JSON itself, at a fifth of the cost of
                # model_dump() and json.dumps; the id goes in front of it.
                if item_id is not None:
                    answer = '{"id":' + json.dumps(item_id, ensure_ascii=False) + "," + answer[1:]
                out.write(answer + "\n")
                continue
            if item_id is not None:
                payload = {"id": item_id, **payload}
            out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    return 0


def _line_error(number: int, code: str, message: str) -> dict[str, Any]:
    return {"line": number, "error": {"code": code, "message": message}}


def _lint(args: argparse.Namespace) -> int:
    from helper.examples import check_examples

    root = args.dir or default_rules()
    try:
        engine = Engine(load_rule_pack(root))
    except RulePackError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    problems = check_examples(engine)
    for problem in problems:
        print(problem)
    examples = sum(len(r.examples) for r in engine.pack.rules)
    if problems:
        print(f"{len(problems)} problem(s) in {len(engine.pack.rules)} rules.")
        return 1
    model = engine.pack.model
    trained = (f", a trained recognizer for {len(model.weights.categories)} categories"
               f" ({len(model.weights.weights):,} features)" if model else "")
    print(f"OK: {len(engine.pack.rules)} rules, {examples} examples, {len(engine.pack.lists)} word lists{trained}.")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from helper.evaluate import evaluate, gate, load_corpus, report

    engine = _engine(args.rules)
    posts = load_corpus(args.files)
    scores = evaluate(engine, posts)
    categories = list(engine.pack.categories)
    print(f"{len(posts)} posts, {sum(p.clean for p in posts)} clean")
    print(report(scores, categories))
    if args.show_errors:
        for level in STRICTNESS_LEVELS:
            s = scores[level]
            for post_id, category in s.misses:
                print(f"MISS  {level:8} {category:20} {post_id}")
            for post_id, category in s.wrong:
                print(f"WRONG {level:8} {category:20} {post_id}")
    failures = gate(scores, categories, args.min_recall, args.max_false_alarms)
    for failure in failures:
        print(f"BELOW THRESHOLD: {failure}")
    return 1 if failures and not args.report_only else 0
