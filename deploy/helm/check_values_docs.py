"""Checks that every value of the chart is commented in values.yaml and listed in the chart's README.

A value is commented when a comment block with a line that starts with "# --" stands right above its key, or above the key of a
map it is in. The five service blocks take the same keys: a key of a service is commented when the same key is
commented under policyService, and the README lists it as <service>.<key>. The README lists a value as `path` (in
backticks). Usage: python check_values_docs.py values.yaml README.md; exits 1 naming every value that is missing.
"""
import re
import sys

import yaml

SERVICES = ("policyService", "schedulerService", "backupWorker", "retentionService", "operationsService")
KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_.\-]+):(?:\s|$)")


def commented_paths(text, values):
    """The key paths (tuples) with a "# --" comment right above them that are keys of maps in values."""
    paths = set()
    stack = []  # (indent, key)
    comment = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped)
            continue
        if not stripped:
            comment = []
            continue
        match = KEY_LINE.match(line)
        if match is None:  # a list item or a continuation
            comment = []
            continue
        indent = len(match.group("indent"))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group("key")))
        path = tuple(key for _, key in stack)
        if any(c.startswith("# --") for c in comment) and is_map_key(values, path):
            paths.add(path)
        comment = []
    return paths


def is_map_key(values, path):
    node = values
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def leaves(node, path=()):
    """Every value that is not a non-empty map: scalars, lists and empty maps."""
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from leaves(value, path + (key,))
    else:
        yield path


def normalized(path):
    return ("<service>",) + path[1:] if path and path[0] in SERVICES else path


def main(values_file, readme_file):
    with open(values_file) as f:
        text = f.read()
    values = yaml.safe_load(text)
    with open(readme_file) as f:
        readme = f.read()

    commented = commented_paths(text, values)
    commented_normalized = {normalized(path) for path in commented}
    problems = []
    for leaf in leaves(values):
        prefixes = [leaf[:n] for n in range(len(leaf), 0, -1)]
        if not any(p in commented or normalized(p) in commented_normalized for p in prefixes):
            problems.append("not commented in values.yaml (no '# --' above it or a map it is in): " + ".".join(leaf))
    for path in sorted({".".join(normalized(p)) for p in commented}):
        if "`" + path + "`" not in readme:
            problems.append("not in README.md's table of values: `" + path + "`")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"values documented: {len(commented_normalized)} values commented in values.yaml and listed in README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
