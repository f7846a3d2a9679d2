#!/usr/bin/env python3
# check-flatpak-manifest.py: the Flatpak manifest parses and says what the
# project promises: the app ID, the GNOME runtime, the lrlab command, exactly
# the finish-args ipc/fallback-x11/wayland/dri, git sources pinned to a tag
# and commit for every dependency, translations inside the app, and the app
# itself built last by meson from the source tree.
#
# Usage: check-flatpak-manifest.py MANIFEST
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.lrlab.LearningRateLab'
FINISH_ARGS = ['--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def check_source(module, source):
    # Every source but the tree itself is a git source pinned to a tag and
    # the full commit that tag names: flatpak-builder checks the two agree,
    # and anyone can check them against upstream (a checksum of an archive
    # cannot be checked without downloading it).
    name = module.get('name')
    kind = source.get('type')
    check(kind == 'git', f'module {name}: {kind} source, expected git with tag and commit')
    if kind == 'git':
        check(re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')),
              f'module {name}: git source without a full commit')
        check(source.get('tag'), f'module {name}: git source without a tag')
        check('branch' not in source, f'module {name}: git source follows a branch')
        check(source.get('url', '').startswith('https://'),
              f'module {name}: git source not fetched over https')


def main():
    if len(sys.argv) != 2:
        print('usage: check-flatpak-manifest.py MANIFEST', file=sys.stderr)
        return 2
    path = pathlib.Path(sys.argv[1])
    check(path.name == APP_ID + '.json', f'manifest file name {path.name} is not {APP_ID}.json')

    builder = shutil.which('flatpak-builder')
    if builder:
        # flatpak-builder leaves a .flatpak-builder state directory in its cwd.
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([builder, '--show-manifest', str(path.resolve())],
                                  capture_output=True, text=True, cwd=tmp)
        check(proc.returncode == 0, f'flatpak-builder --show-manifest failed: {proc.stderr.strip()}')
        print('flatpak-builder --show-manifest: ' + ('ok' if proc.returncode == 0 else 'failed'))
    else:
        print('flatpak-builder not installed: checked with json only')

    try:
        with open(path, encoding='utf-8') as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        print(f'error: cannot read {path}: {e}', file=sys.stderr)
        return 1

    check(m.get('id') == APP_ID, f'id is {m.get("id")!r}')
    check('app-id' not in m, 'uses the old key app-id')
    check(m.get('runtime') == 'org.gnome.Platform', f'runtime is {m.get("runtime")!r}')
    check(m.get('sdk') == 'org.gnome.Sdk', f'sdk is {m.get("sdk")!r}')
    check(re.fullmatch(r'\d+', str(m.get('runtime-version', ''))),
          f'runtime-version {m.get("runtime-version")!r} is not a stable GNOME branch')
    check('branch' not in m, 'top-level branch set')
    check(m.get('command') == 'lrlab', f'command is {m.get("command")!r}')
    check(m.get('finish-args') == FINISH_ARGS,
          f'finish-args are {m.get("finish-args")}, expected exactly {FINISH_ARGS}')
    check('--share=network' not in m.get('build-options', {}).get('build-args', []),
          'build has network access')
    check(all('debug' not in c for c in m.get('cleanup', [])), 'cleanup removes debug data')
    # A single-file bundle does not carry the .Locale extension.
    check(m.get('separate-locales') is False,
          'separate-locales is not false: a bundle would carry no translations')

    modules = m.get('modules', [])
    check(modules, 'no modules')
    for module in modules[:-1]:
        check(isinstance(module, dict), 'modules must be inline objects')
        if isinstance(module, dict):
            for source in module.get('sources', []):
                check(source.get('type') != 'dir', f'module {module.get("name")}: dir source')
                check_source(module, source)
    if modules and isinstance(modules[-1], dict):
        app = modules[-1]
        check(app.get('buildsystem') == 'meson', f'app module buildsystem is {app.get("buildsystem")!r}')
        check(app.get('run-tests') is True, 'app module does not run the tests')
        env = app.get('build-options', {}).get('env', {})
        check(env.get('GSETTINGS_BACKEND') == 'memory', 'app module tests do not use GSETTINGS_BACKEND=memory')
        sources = app.get('sources', [])
        check(sources and sources[-1].get('type') == 'dir' and sources[-1].get('path') == '..',
              f'app module source is {sources[-1] if sources else None}, expected type dir, path ..')
        if sources and sources[-1].get('type') == 'dir':
            top = (path.parent / sources[-1].get('path', '')).resolve()
            check((top / 'meson.build').is_file(), f'{top} holds no meson.build')

    for e in errors:
        print(f'error: {e}', file=sys.stderr)
    if not errors:
        print(f'{path.name}: {len(modules)} modules, runtime {m["runtime"]}//{m["runtime-version"]}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
