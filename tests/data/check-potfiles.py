#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists every file with translatable
# strings, lists only files that exist, and extracts cleanly.
#
# Usage: check-potfiles.py SOURCE_ROOT
#
# Fails when a C file under src/ uses a gettext marker (_("…"), N_, C_, NC_,
# ngettext, g_dngettext, …), a .ui file under ui/ has translatable="yes", or a
# desktop/metainfo/schema/MIME file under data/ exists, but the file is not in
# POTFILES.in; when a listed file is missing or listed twice; and (when
# xgettext is installed) when xgettext fails on the list or a listed file
# yields no message at all.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# The keywords of meson's i18n 'glib' preset (see po/meson.build).
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
]

C_MARKER = re.compile(
    r'(?:^|[^A-Za-z0-9_])'
    r'(?:(?:N|C|NC|Q)?_|ngettext|g_dngettext|g_dcgettext|g_dpgettext2|g_dgettext)'
    r'\s*\(\s*(?:"|[A-Za-z_][A-Za-z0-9_]*\s*,\s*")')
UI_MARKER = re.compile(r'translatable\s*=\s*["\']yes["\']')
DATA_PATTERNS = ['*.desktop.in', '*.metainfo.xml.in', '*.appdata.xml.in',
                 '*.gschema.xml', '*.mime.xml']


def read_potfiles(path):
    entries = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if not line or line.startswith('#') or line.startswith('['):
            continue
        entries.append(line)
    return entries


def strip_c_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def needs_translation(root):
    wanted = set()
    for f in sorted((root / 'src').rglob('*.[ch]')):
        if C_MARKER.search(strip_c_comments(f.read_text(encoding='utf-8', errors='replace'))):
            wanted.add(f.relative_to(root).as_posix())
    if (root / 'ui').is_dir():
        for f in sorted((root / 'ui').rglob('*.ui')):
            if UI_MARKER.search(f.read_text(encoding='utf-8', errors='replace')):
                wanted.add(f.relative_to(root).as_posix())
    for pattern in DATA_PATTERNS:
        for f in sorted((root / 'data').glob(pattern)):
            wanted.add(f.relative_to(root).as_posix())
    return wanted


def main():
    if len(sys.argv) != 2:
        print('usage: check-potfiles.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    potfiles = root / 'po' / 'POTFILES.in'
    listed = read_potfiles(potfiles)
    errors = []

    seen = set()
    for entry in listed:
        if entry in seen:
            errors.append(f'po/POTFILES.in lists {entry} twice')
        seen.add(entry)
        if not (root / entry).is_file():
            errors.append(f'po/POTFILES.in lists {entry}, which does not exist')

    wanted = needs_translation(root)
    for entry in sorted(wanted - seen):
        errors.append(f'{entry} has translatable strings but is missing from po/POTFILES.in')
    print(f'{len(wanted)} files with translatable strings, {len(seen)} listed')

    xgettext = shutil.which('xgettext')
    existing = [e for e in listed if (root / e).is_file()]
    if xgettext is None:
        print('xgettext not found: extraction not checked')
    elif existing:
        with tempfile.TemporaryDirectory() as tmp:
            pot = pathlib.Path(tmp) / 'lrlab.pot'
            proc = subprocess.run([xgettext, *XGETTEXT_ARGS, '--package-name=lrlab',
                                   '-D', str(root), '-o', str(pot), *existing],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                errors.append(f'xgettext failed ({proc.returncode}):\n{proc.stderr.strip()}')
            elif not pot.is_file():
                errors.append('xgettext found no translatable string at all')
            else:
                if proc.stderr.strip():
                    print(proc.stderr.strip())
                text = pot.read_text(encoding='utf-8')
                refs = set(re.findall(r'^#: (.*)$', text, flags=re.M))
                files = set()
                for ref in refs:
                    for item in ref.split():
                        files.add(item.rsplit(':', 1)[0])
                for entry in existing:
                    if entry not in files:
                        errors.append(f'po/POTFILES.in lists {entry}, but xgettext extracts no message from it')
                n = len(re.findall(r'^msgid ', text, flags=re.M)) - 1
                print(f'xgettext: {n} messages from {len(files)} files')

    for e in errors:
        print(f'error: {e}', file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
