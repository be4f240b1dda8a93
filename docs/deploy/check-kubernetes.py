#!/usr/bin/python3
"""Checks a Kubernetes Job manifest against the Kubernetes API's schema as Debian ships it: the
models of python3-kubernetes (generated from the API's OpenAPI description) read the manifest and
write it back; a key the schema does not know, a value of the wrong type or a missing required
field is reported. (kubeconform and kubeval are not in Debian; kubectl validates only against a
cluster.)

usage: python3 docs/deploy/check-kubernetes.py docs/deploy/kubernetes-job.yaml
"""
import json
import sys

import yaml
from kubernetes.client import ApiClient


class Response:
    """What ApiClient.deserialize reads: a body of JSON."""

    def __init__(self, doc):
        self.data = json.dumps(doc)


def differences(given, read, path=""):
    """Where the manifest as read back differs from the manifest as written."""
    if isinstance(given, dict):
        for key, value in given.items():
            if not isinstance(read, dict) or key not in read:
                yield f"{path}.{key}: not in the schema"
            else:
                yield from differences(value, read[key], f"{path}.{key}")
    elif isinstance(given, list):
        for i, (a, b) in enumerate(zip(given, read)):
            yield from differences(a, b, f"{path}[{i}]")
    elif given != read:
        yield f"{path}: {given!r} reads as {read!r}"


def main(path):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    kind = f"V1{doc.get('kind', '')}"
    api = ApiClient()
    try:
        model = api.deserialize(Response(doc), kind)
    except (ValueError, TypeError, AttributeError) as e:
        print(f"{path}: {e}")
        return 1
    problems = list(differences(doc, api.sanitize_for_serialization(model)))
    for p in problems:
        print(f"{path}: {p}")
    if not problems:
        print(f"{path}: a valid {doc['apiVersion']} {doc['kind']}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
