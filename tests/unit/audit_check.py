#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""audit_check.py SCHEMA [FILE...]: every line of the files (stdin without
one) is a kmemstat audit document valid against SCHEMA (JSON Schema 2020-12,
python3-jsonschema). Prints each error with its line; exit 1 on any."""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sys.argv[2:] or ["-"]
    bad = n = 0
    for name in files:
        f = sys.stdin if name == "-" else open(name, encoding="utf-8")
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            n += 1
            try:
                doc = json.loads(line)
            except ValueError as e:
                print("%s:%d: not JSON: %s" % (name, i, e))
                bad += 1
                continue
            for e in validator.iter_errors(doc):
                print("%s:%d: %s at %s" % (name, i, e.message[:200], "/".join(map(str, e.absolute_path))))
                bad += 1
    print("%d document(s), %d error(s)" % (n, bad))
    return 1 if bad or not n else 0


sys.exit(main())
