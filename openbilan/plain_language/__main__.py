"""Review texts from the command line: `python -m openbilan.plain_language [--kind item|label|prompt] TEXT...`,
or check the typography of files: `python -m openbilan.plain_language --typography FILE...` (templates, .py).

Prints each text's measures and problems, or each file's typography problems; exits with status 1 when there is one."""

import argparse
import sys
from pathlib import Path

from openbilan.plain_language.readability import measure
from openbilan.plain_language.review import KINDS, review
from openbilan.plain_language.typography import python_problems, template_problems


def typography(paths: list[str]) -> int:
    failed = False
    for name in paths:
        source = Path(name).read_text(encoding="utf-8")
        found = python_problems(source) if name.endswith(".py") else template_problems(source)
        for item in found:
            failed = True
            print(f"{name}:{item.line}: {item.problem}")
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m openbilan.plain_language", description=__doc__)
    parser.add_argument("--kind", choices=KINDS, default="prompt")
    parser.add_argument("--typography", action="store_true", help="the arguments are files: check their typography")
    parser.add_argument("texts", nargs="+")
    args = parser.parse_args(argv)
    if args.typography:
        return typography(args.texts)
    failed = False
    for text in args.texts:
        measures, problems = measure(text), review(text, args.kind)
        failed = failed or bool(problems)
        print(
            f"{'ok  ' if not problems else 'FAIL'} score {measures.score:.0f}, {measures.words} words, "
            f"{measures.sentences} sentence(s), longest {measures.longest_sentence} words: {text}"
        )
        for problem in problems:
            print(f"     - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
