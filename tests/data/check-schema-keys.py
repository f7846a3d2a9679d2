#!/usr/bin/env python3
# check-schema-keys.py: every GSettings key the C sources use exists in the
# schema, with the type the accessor expects.  GSettings aborts on an unknown
# key at run time; this finds the typo at test time.
#
# Usage: check-schema-keys.py SOURCE_ROOT
#
# Looks at g_settings_get_* / set_* / bind* / create_action / reset / … calls
# and "changed::KEY" signal names with a literal key in src/**/*.c.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

APP_ID = 'io.github.lrlab.LearningRateLab'

# Accessor suffix -> GVariant type of the key it accepts (None: any type).
ACCESSOR_TYPES = {
    'get_boolean': 'b', 'set_boolean': 'b',
    'get_int': 'i', 'set_int': 'i',
    'get_uint': 'u', 'set_uint': 'u',
    'get_int64': 'x', 'set_int64': 'x',
    'get_uint64': 't', 'set_uint64': 't',
    'get_double': 'd', 'set_double': 'd',
    'get_string': 's', 'set_string': 's',
    'get_strv': 'as', 'set_strv': 'as',
    'get_enum': 's', 'set_enum': 's',
    'get_flags': 'as', 'set_flags': 'as',
}
CALL = re.compile(r'\bg_settings_(\w+)\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*"([^"]+)"')
SIGNAL = re.compile(r'"changed::([^"]+)"')
KEYED_CALLS = {'bind', 'bind_with_mapping', 'bind_writable', 'create_action', 'reset',
               'get_value', 'set_value', 'get', 'set', 'get_default_value', 'get_user_value',
               'is_writable', 'get_mapped', 'get_range', 'range_check'} | set(ACCESSOR_TYPES)


def main():
    if len(sys.argv) != 2:
        print('usage: check-schema-keys.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    schema = ET.parse(root / 'data' / (APP_ID + '.gschema.xml')).getroot()
    keys = {}
    for s in schema.iter('schema'):
        if s.get('id') == APP_ID:
            keys = {k.get('name'): k.get('type') for k in s.iter('key')}
    if not keys:
        print(f'error: schema {APP_ID} has no keys', file=sys.stderr)
        return 1

    errors = []
    used = set()
    for f in sorted((root / 'src').rglob('*.c')):
        text = re.sub(r'/\*.*?\*/', ' ', f.read_text(encoding='utf-8', errors='replace'), flags=re.S)
        rel = f.relative_to(root).as_posix()
        for m in CALL.finditer(text):
            func, key = m.group(1), m.group(2)
            if func not in KEYED_CALLS:
                continue
            line = text.count('\n', 0, m.start()) + 1
            used.add(key)
            if key not in keys:
                errors.append(f'{rel}:{line}: g_settings_{func}: no key "{key}" in the schema')
            elif func in ACCESSOR_TYPES and keys[key] != ACCESSOR_TYPES[func]:
                errors.append(f'{rel}:{line}: g_settings_{func} on "{key}" of type {keys[key]}')
        if 'g_settings' in text or 'GSettings' in text:
            for m in SIGNAL.finditer(text):
                key = m.group(1)
                used.add(key)
                if key not in keys:
                    line = text.count('\n', 0, m.start()) + 1
                    errors.append(f'{rel}:{line}: "changed::{key}": no such key in the schema')

    print(f'{len(keys)} schema keys; the sources use {len(used)}: {", ".join(sorted(used))}')
    unused = sorted(set(keys) - used)
    if unused:
        print(f'not (yet) used by the sources: {", ".join(unused)}')
    for e in errors:
        print(f'error: {e}', file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
