"""Review texts from the command line: `python -m openbilan.plain_language [--kind item|label|prompt] TEXT...`.

Prints each text's measures and problems; exits with status 1 when one text has a problem."""

import argparse
import sys

from openbilan.plain_language.readability import measure
from openbilan.plain_language.review import KINDS, review


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m openbilan.plain_language", description=__doc__)
    parser.add_argument("--kind", choices=KINDS, default="prompt")
    parser.add_argument("texts", nargs="+")
    args = parser.parse_args(argv)
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
