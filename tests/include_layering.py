#!/usr/bin/env python3
"""The include rule of ARCHITECTURE.md, as a test.

ARCHITECTURE.md lists the project's folders in pipeline order (the fenced
block under "## Folders"). A source file may include a header of its own
folder or of a folder earlier in that list, never a later one; a header named
*_private.h may be included only from its own folder. Every source file must
be in a listed folder, and every quoted include must name a file of the
project. Prints each breach as file:line and exits 1; exits 0 when there is
none.

  include_layering.py ROOT         check the tree at ROOT
  include_layering.py --self-test  check that a wrong include is caught
"""
import contextlib
import io
import os
import re
import sys
import tempfile

SOURCE_ENDINGS = ('.h', '.hpp', '.c', '.cc', '.cpp')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_layers(root):
    """[(folder, rank)] from ARCHITECTURE.md; folders on one line share a rank."""
    text = open(os.path.join(root, 'ARCHITECTURE.md'), encoding='utf-8').read()
    section = text.split('\n## Folders', 1)
    if len(section) < 2 or '```' not in section[1]:
        sys.exit('ARCHITECTURE.md: no "## Folders" section with a fenced list of folders')
    block = section[1].split('```')[1]
    layers = []
    for rank, line in enumerate(l for l in block.split('\n') if l.strip()):
        for word in line.split():
            if not word.endswith('/'):
                break
            layers.append((word.rstrip('/'), rank))
    return layers


def layer_of(path, layers):
    """The rank of the longest listed folder holding `path`, or None."""
    best = None
    for folder, rank in layers:
        if path.startswith(folder + '/') and (best is None or len(folder) > len(best[0])):
            best = (folder, rank)
    return best


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith('.') and
                       not os.path.exists(os.path.join(dirpath, d, 'CMakeCache.txt'))]
        for f in filenames:
            if f.endswith(SOURCE_ENDINGS):
                yield os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, '/')


def resolve(root, including, name):
    """The project path a quoted include names: beside the file, from the
    root, or from include/ (the public headers); None when it names nothing."""
    for candidate in (os.path.join(os.path.dirname(including), name), name, os.path.join('include', name)):
        candidate = os.path.normpath(candidate).replace(os.sep, '/')
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate
    return None


def check(root):
    layers = read_layers(root)
    breaches = []
    for path in sorted(source_files(root)):
        own = layer_of(path, layers)
        if own is None:
            breaches.append(f'{path}: in no folder of ARCHITECTURE.md\'s list')
            continue
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(root, path, m.group(1))
                where = f'{path}:{number}: #include "{m.group(1)}"'
                if target is None:
                    breaches.append(f'{where} names no file of the project')
                    continue
                theirs = layer_of(target, layers)
                if theirs is None:
                    breaches.append(f'{where}: {target} is in no listed folder')
                elif theirs[1] > own[1]:
                    breaches.append(f'{where} points to {theirs[0]}/, which comes after {own[0]}/')
                elif target.endswith('_private.h') and os.path.dirname(target) != os.path.dirname(path):
                    breaches.append(f'{where}: a private header is for its own folder only')
    for b in breaches:
        print(b)
    return 1 if breaches else 0


def self_test():
    """A tree that obeys the rule passes; the same tree with one wrong include fails."""
    with tempfile.TemporaryDirectory() as root:
        def write(path, text):
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), 'w') as f:
                f.write(text)
        write('ARCHITECTURE.md', '# A\n\n## Folders\n\n```\nbase/  helpers\ndsl/   front end\n'
                                 'cli/ api/  programs\n```\n')
        write('base/exact.h', '#pragma once\n')
        write('dsl/model.h', '#include "base/exact.h"\n')
        write('dsl/check/checker_private.h', '#include "dsl/model.h"\n')
        write('dsl/check/rules.cpp', '#include "dsl/check/checker_private.h"\n')
        write('cli/main.cpp', '#include "dsl/model.h"\n#include "base/exact.h"\n')
        write('api/api.cpp', '#include "dsl/model.h"\n')
        if check(root) != 0:
            print('self-test: a tree that obeys the rule was refused')
            return 1
        failures = 0
        for path, text, expect in [
                ('base/date.h', '#include "dsl/model.h"\n', 'points to dsl/'),
                ('dsl/loader.cpp', '#include "dsl/check/checker_private.h"\n', 'private header'),
                ('cli/run.cpp', '#include "api/api.h"\n', 'names no file'),
                ('interpreter/x.cpp', '#include "base/exact.h"\n', 'in no folder')]:
            write(path, text)
            print(f'self-test: expecting a breach from {path}:')
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = check(root)
            print(out.getvalue(), end='')
            if code != 1 or path not in out.getvalue() or expect not in out.getvalue():
                print(f'self-test: {path} ({text.strip()}) was not caught as "{expect}"')
                failures += 1
            os.remove(os.path.join(root, path))
        return 1 if failures else 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(check(sys.argv[1]))
