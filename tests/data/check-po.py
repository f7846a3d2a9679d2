#!/usr/bin/env python3
# check-po.py: every catalogue in po/ is complete, valid and current.
#
# Usage: check-po.py SOURCE_ROOT
#
# For each language in po/LINGUAS (and each po/*.po, which must be listed
# there): `msgfmt --check --statistics` must succeed and report no fuzzy and
# no untranslated message; every message that xgettext extracts from the
# files in po/POTFILES.in today must be in the catalogue (otherwise run
# `meson compile -C BUILDDIR lrlab-update-po` and translate the new entries);
# and a message with a mnemonic (“_Open”) must keep exactly one in its
# translation.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
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

# msgfmt --statistics, e.g. "318 translated messages, 1 fuzzy translation,
# 1 untranslated message." (English, since LC_ALL=C is forced below).
STAT_RE = re.compile(r'(\d+) (translated|fuzzy|untranslated) (?:messages?|translations?)')

# A mnemonic: an underscore before a letter or digit, not part of a word
# joined by underscores (such as a settings key).
MNEMONIC_RE = re.compile(r'_(?=\w)')


def read_list(path):
    items = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.split('#', 1)[0].strip()
        if line and not line.startswith('['):
            items.extend(line.split())
    return items


def unquote(lines):
    out = []
    for line in lines:
        body = line[line.index('"') + 1:line.rindex('"')]
        out.append(re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), body))
    return ''.join(out)


def parse_po(path):
    """Returns {(msgctxt, msgid): (msgstr, flags)} of the live entries."""
    entries = {}
    for block in re.split(r'\n\s*\n', path.read_text(encoding='utf-8')):
        fields = {}
        flags = set()
        current = None
        for line in block.splitlines():
            if line.startswith('#~'):
                fields = {}
                break
            if line.startswith('#,'):
                flags.update(f.strip() for f in line[2:].split(','))
            elif line.startswith('#'):
                continue
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s', line)
                if m:
                    current = m.group(1)
                    fields[current] = [line[m.end():]]
                elif line.startswith('"') and current:
                    fields[current].append(line)
        if 'msgid' not in fields:
            continue
        msgid = unquote(fields['msgid'])
        if msgid == '':
            continue
        ctx = unquote(fields['msgctxt']) if 'msgctxt' in fields else None
        strs = [unquote(v) for k, v in sorted(fields.items()) if k.startswith('msgstr')]
        entries[(ctx, msgid)] = (strs, flags)
    return entries


def extract(root):
    """Messages xgettext extracts from po/POTFILES.in now, or None."""
    xgettext = shutil.which('xgettext')
    if xgettext is None:
        print('xgettext not found: catalogues not compared with the sources')
        return None
    files = [f for f in read_list(root / 'po' / 'POTFILES.in') if (root / f).is_file()]
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / 'lrlab.pot'
        proc = subprocess.run([xgettext, *XGETTEXT_ARGS, '--package-name=lrlab',
                               '-D', str(root), '-o', str(pot), *files],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not pot.is_file():
            raise SystemExit(f'xgettext failed ({proc.returncode}):\n{proc.stderr.strip()}')
        return set(parse_po(pot))


def describe(key):
    ctx, msgid = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + '…'
    return f'“{text}”' + (f' (context “{ctx}”)' if ctx else '')


def main():
    if len(sys.argv) != 2:
        print('usage: check-po.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    po_dir = root / 'po'
    errors = []

    langs = read_list(po_dir / 'LINGUAS')
    for lang in sorted(set(langs)):
        if langs.count(lang) > 1:
            errors.append(f'po/LINGUAS lists {lang} twice')
    for po in sorted(po_dir.glob('*.po')):
        if po.stem not in langs:
            errors.append(f'{po.relative_to(root)} exists but {po.stem} is not in po/LINGUAS')

    msgfmt = shutil.which('msgfmt')
    if msgfmt is None:
        print('error: msgfmt not found (install gettext)', file=sys.stderr)
        return 1
    current = extract(root)

    for lang in langs:
        po = po_dir / f'{lang}.po'
        if not po.is_file():
            errors.append(f'po/LINGUAS lists {lang}, but po/{lang}.po does not exist')
            continue
        proc = subprocess.run([msgfmt, '--check', '--statistics', '-o', '/dev/null', str(po)],
                              capture_output=True, text=True,
                              env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
        stats = {kind: int(n) for n, kind in STAT_RE.findall(proc.stderr)}
        if proc.returncode != 0:
            errors.append(f'po/{lang}.po: msgfmt --check failed:\n{proc.stderr.strip()}')
        elif 'translated' not in stats:
            errors.append(f'po/{lang}.po: no statistics line from msgfmt:\n{proc.stderr.strip()}')
        print(f'{lang}: {proc.stderr.strip()}')
        if stats.get('fuzzy', 0):
            errors.append(f'po/{lang}.po: {stats["fuzzy"]} fuzzy translations')
        if stats.get('untranslated', 0):
            errors.append(f'po/{lang}.po: {stats["untranslated"]} untranslated messages')

        entries = parse_po(po)
        for key, (strs, flags) in entries.items():
            if 'fuzzy' in flags or any(s == '' for s in strs):
                errors.append(f'po/{lang}.po: {describe(key)} is ' +
                              ('fuzzy' if 'fuzzy' in flags else 'untranslated'))
                continue
            if len(MNEMONIC_RE.findall(key[1])) == 1:
                for s in strs:
                    if len(MNEMONIC_RE.findall(s)) != 1:
                        errors.append(f'po/{lang}.po: {describe(key)} has a mnemonic, '
                                      f'its translation “{s}” needs exactly one “_”')
        if current is not None:
            missing = sorted(current - set(entries), key=lambda k: (k[1], k[0] or ''))
            for key in missing:
                errors.append(f'po/{lang}.po: {describe(key)} from the sources is missing '
                              f'(run meson compile lrlab-update-po, then translate)')

    for e in errors:
        print(f'error: {e}', file=sys.stderr)
    print(f'{len(langs)} languages checked, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
