#!/usr/bin/env python3
# check-install.py: installs the build into a staging root and checks the
# installed tree: the expected files, AppStream's validate-tree, the
# cross-references between desktop entry, metainfo, icons, binaries and MIME
# type, the GSettings schema, the MIME database and (when appstream-compose is
# installed; otherwise it prints that it skipped it) the AppStream catalogue
# that Flatpak would generate.
#
# Usage: check-install.py BUILDDIR [MESON]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = 'io.github.lrlab.LearningRateLab'
GETTEXT_PACKAGE = 'lrlab'

# Files the installed tree must hold, relative to the prefix.  {bindir},
# {datadir} and {localedir} are the meson options.
EXPECTED_FILES = [
    '{datadir}/applications/' + APP_ID + '.desktop',
    '{datadir}/metainfo/' + APP_ID + '.metainfo.xml',
    '{datadir}/glib-2.0/schemas/' + APP_ID + '.gschema.xml',
    '{datadir}/icons/hicolor/scalable/apps/' + APP_ID + '.svg',
    '{datadir}/icons/hicolor/symbolic/apps/' + APP_ID + '-symbolic.svg',
    '{datadir}/mime/packages/' + APP_ID + '.xml',
]

# Executables: meson target name -> installed path.  Checked (present and
# executable) whenever the build defines the target.
EXPECTED_PROGRAMS = {
    'lrlab': '{bindir}/lrlab',
    'lrlab-cli': '{bindir}/lrlab-cli',
}

# One catalogue per language in po/LINGUAS.
LOCALE_FILE = '{localedir}/{lang}/LC_MESSAGES/' + GETTEXT_PACKAGE + '.mo'

# Same severities as the validate-metainfo test (data/meson.build).
APPSTREAM_OVERRIDES = '--override=' + ','.join(t + '=error' for t in [
    'category-invalid', 'cid-desktopapp-is-not-rdns', 'cid-has-number-prefix',
    'cid-missing-affiliation-gnome', 'content-rating-missing',
    'desktop-app-launchable-omitted', 'desktop-file-not-found',
    'invalid-child-tag-name', 'metainfo-filename-cid-mismatch',
    'metainfo-legacy-path', 'name-has-dot-suffix', 'releases-info-missing',
])

errors = []


def error(msg):
    errors.append(msg)
    print(f'error: {msg}', file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def introspect(meson, builddir, what):
    proc = run([*meson, 'introspect', f'--{what}', builddir])
    if proc.returncode != 0:
        raise SystemExit(f'meson introspect --{what} failed:\n{proc.stderr}')
    return json.loads(proc.stdout)


def read_linguas(srcdir):
    path = srcdir / 'po' / 'LINGUAS'
    langs = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.split('#', 1)[0].strip()
        langs.extend(line.split())
    return langs


def desktop_entry(path):
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding='utf-8')
    return parser['Desktop Entry']


def main():
    if len(sys.argv) not in (2, 3):
        print('usage: check-install.py BUILDDIR [MESON]', file=sys.stderr)
        return 2
    builddir = pathlib.Path(sys.argv[1]).resolve()
    meson = sys.argv[2].split() if len(sys.argv) == 3 else ['meson']

    options = {o['name']: o['value'] for o in introspect(meson, builddir, 'buildoptions')}
    info = introspect(meson, builddir, 'projectinfo')
    with open(builddir / 'meson-info' / 'meson-info.json', encoding='utf-8') as f:
        srcdir = pathlib.Path(json.load(f)['directories']['source'])
    targets = {t['name'] for t in introspect(meson, builddir, 'targets')}
    installed = introspect(meson, builddir, 'installed')
    print(f"{info['descriptive_name']} {info['version']}: prefix {options['prefix']}")

    dirs = {k: options[k] for k in ('bindir', 'datadir', 'localedir')}
    prefix = pathlib.PurePosixPath(options['prefix'])
    stage = builddir / 'install-check'
    if stage.exists():
        shutil.rmtree(stage)
    proc = run([*meson, 'install', '-C', builddir, '--no-rebuild', '--destdir', stage])
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep='\n', file=sys.stderr)
        raise SystemExit('meson install failed')
    root = stage / prefix.relative_to(prefix.anchor)

    def path(template, **extra):
        return root / template.format(**dirs, **extra)

    # Everything meson says it installs is there.
    for dest in installed.values():
        p = pathlib.PurePosixPath(dest)
        if not (stage / p.relative_to(p.anchor)).exists():
            error(f'{dest} was not installed')

    # The expected files.
    for template in EXPECTED_FILES:
        if not path(template).is_file():
            error(f'missing {template.format(**dirs)}')
    programs = {}
    for target, template in EXPECTED_PROGRAMS.items():
        if target not in targets:
            print(f'note: target {target} is not defined in this build; not checked')
            continue
        p = path(template)
        if not p.is_file() or not os.access(p, os.X_OK):
            error(f'missing executable {template.format(**dirs)}')
        programs[p.name] = p
    langs = read_linguas(srcdir)
    for lang in langs:
        if not path(LOCALE_FILE, lang=lang).is_file():
            error(f'missing {LOCALE_FILE.format(**dirs, lang=lang)}')
    print(f'{len(EXPECTED_FILES)} data files, {len(programs)} programs, {len(langs)} catalogues checked')

    # AppStream on the installed tree.
    appstreamcli = shutil.which('appstreamcli')
    if appstreamcli:
        proc = run([appstreamcli, 'validate-tree', '--no-net', '--explain', APPSTREAM_OVERRIDES, root])
        print(proc.stdout.strip())
        if proc.returncode != 0:
            error(f'appstreamcli validate-tree failed:\n{proc.stderr}')

    # Cross-references.
    datadir = root / dirs['datadir']
    desktop_path = datadir / 'applications' / (APP_ID + '.desktop')
    metainfo_path = datadir / 'metainfo' / (APP_ID + '.metainfo.xml')
    mime_path = datadir / 'mime' / 'packages' / (APP_ID + '.xml')
    mime_types = set()
    if mime_path.is_file():
        ns = '{http://www.freedesktop.org/standards/shared-mime-info}'
        for mt in ET.parse(mime_path).getroot().iter(ns + 'mime-type'):
            mime_types.add(mt.get('type'))
    if desktop_path.is_file():
        entry = desktop_entry(desktop_path)
        icon = entry.get('Icon', '')
        if icon != APP_ID:
            error(f'desktop entry: Icon={icon}, expected {APP_ID}')
        exe = entry.get('Exec', '').split()[0] if entry.get('Exec') else ''
        if 'lrlab' in programs and exe != 'lrlab':
            error(f'desktop entry: Exec starts with {exe!r}, expected lrlab')
        if exe and programs and exe not in programs:
            error(f'desktop entry: Exec={exe} is not an installed program')
        # GTK names the X11 window class after the program (g_get_prgname: the
        # binary's name); without StartupWMClass desktops other than GNOME
        # cannot match the window to this entry and its icon.
        if exe and entry.get('StartupWMClass') != exe:
            error(f'desktop entry: StartupWMClass={entry.get("StartupWMClass")}, expected {exe} (the window class)')
        declared = {t for t in entry.get('MimeType', '').split(';') if t}
        if declared != mime_types:
            error(f'desktop entry: MimeType {sorted(declared)} but the MIME package defines {sorted(mime_types)}')
    if metainfo_path.is_file():
        component = ET.parse(metainfo_path).getroot()
        if component.findtext('id') != APP_ID:
            error(f'metainfo: <id> is {component.findtext("id")}')
        for launchable in component.iter('launchable'):
            if not (datadir / 'applications' / launchable.text).is_file():
                error(f'metainfo: launchable {launchable.text} is not installed')
        for binary in component.iter('binary'):
            if binary.text not in EXPECTED_PROGRAMS:
                error(f'metainfo: provided binary {binary.text} is not a program of this project')
            elif binary.text in targets and binary.text not in programs:
                error(f'metainfo: provided binary {binary.text} is not installed')
        for mediatype in component.iter('mediatype'):
            if mediatype.text not in mime_types:
                error(f'metainfo: mediatype {mediatype.text} is not defined by the MIME package')

    # The installed schema compiles and carries the defaults.
    schemas = datadir / 'glib-2.0' / 'schemas'
    compile_schemas = shutil.which('glib-compile-schemas')
    gsettings = shutil.which('gsettings')
    if compile_schemas and schemas.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            proc = run([compile_schemas, '--strict', '--targetdir', tmp, schemas])
            if proc.returncode != 0:
                error(f'glib-compile-schemas failed:\n{proc.stderr}')
            elif gsettings:
                env = dict(os.environ, GSETTINGS_BACKEND='memory')
                proc = run([gsettings, '--schemadir', tmp, 'get', APP_ID, 'window-width'], env=env)
                if proc.returncode != 0 or proc.stdout.strip() != '1280':
                    error(f'gsettings get window-width: {proc.stdout.strip()} {proc.stderr.strip()}')

    # The MIME database maps *.lrlab to the experiment type.
    update_mime = shutil.which('update-mime-database')
    if update_mime and mime_path.is_file():
        proc = run([update_mime, datadir / 'mime'])
        globs = datadir / 'mime' / 'globs2'
        if proc.returncode != 0 or not globs.is_file():
            error(f'update-mime-database failed:\n{proc.stderr}')
        elif 'application/x-lrlab-experiment:*.lrlab' not in globs.read_text(encoding='utf-8'):
            error('update-mime-database: *.lrlab is not mapped to application/x-lrlab-experiment')

    # The catalogue flatpak-builder would compose (package appstream-compose).
    # A machine without it skips this check and says so.
    if not appstreamcli:
        print('SKIPPED: appstreamcli compose (appstreamcli is not installed)')
    elif run([appstreamcli, 'compose', '--help']).returncode != 0:
        print('SKIPPED: appstreamcli compose (install the package appstream-compose to run it)')
    else:
        with tempfile.TemporaryDirectory() as tmp:
            hints_dir = pathlib.Path(tmp) / 'hints'
            proc = run([appstreamcli, 'compose', '--no-net', '--no-color', f'--prefix={prefix}',
                        '--origin=lrlab', f'--result-root={tmp}', f'--hints-dir={hints_dir}', stage])
            print(proc.stdout.strip())
            if proc.returncode != 0:
                error(f'appstreamcli compose failed:\n{proc.stderr}')
            else:
                # The hints file: tag definitions with severities, then the tags raised.
                for hints in hints_dir.glob('*.hints.yaml'):
                    text = hints.read_text(encoding='utf-8')
                    severity = dict(re.findall(r'^- Tag: (\S+)\n  Severity: (\w+)', text, flags=re.M))
                    for tag in re.findall(r'^\s+- tag: (\S+)', text, flags=re.M):
                        print(f'compose hint: {tag} ({severity.get(tag, "?")})')
                        if severity.get(tag) == 'error':
                            error(f'appstreamcli compose: {tag}')
                icons = sorted(p.relative_to(tmp).as_posix() for p in pathlib.Path(tmp).rglob('*.png'))
                for size in ('64x64', '128x128'):
                    if not any(f'/{size}/' in i and APP_ID in i for i in icons):
                        error(f'appstreamcli compose generated no {size} icon (got {icons})')
                catalogs = list(pathlib.Path(tmp).rglob('*.xml.gz'))
                if not catalogs:
                    error('appstreamcli compose wrote no catalogue')

    # The installed programs run from the staged prefix.
    if 'lrlab-cli' in programs:
        proc = run([programs['lrlab-cli'], 'surfaces'])
        if proc.returncode != 0 or 'rosenbrock' not in proc.stdout:
            error(f'installed lrlab-cli surfaces failed: {proc.returncode} {proc.stderr.strip()}')
        proc = run([programs['lrlab-cli'], 'train', '--optimizer', 'adam', '--epochs', '1'])
        if proc.returncode != 0 or not proc.stdout.startswith('epoch,lr,'):
            error(f'installed lrlab-cli train (built-in digits) failed: {proc.stderr.strip()}')
    if 'lrlab' in programs and compile_schemas and schemas.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            run([compile_schemas, '--targetdir', tmp, schemas])
            env = dict(os.environ, GSETTINGS_BACKEND='memory', GSETTINGS_SCHEMA_DIR=tmp,
                       XDG_DATA_DIRS=f'{datadir}:/usr/share', GTK_A11Y='none', NO_AT_BRIDGE='1',
                       GSK_RENDERER='cairo')
            proc = run([programs['lrlab'], '--version'], env=env)
            if proc.returncode != 0 or not proc.stdout.startswith('lrlab '):
                error(f'installed lrlab --version failed: {proc.stderr.strip()}')
            if os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY'):
                # The window opens on a scene and lives without criticals: with
                # the cairo renderer, and with the one the app picks itself.
                own_choice = {k: v for k, v in env.items() if k != 'GSK_RENDERER'}
                for how, app_env in (('cairo renderer', env), ('its own renderer', own_choice)):
                    try:
                        proc = run([programs['lrlab'], '--scene', 'momentum'], env=app_env, timeout=4)
                        error(f'installed lrlab ({how}) exited early ({proc.returncode}): '
                              f'{proc.stderr.strip()}')
                    except subprocess.TimeoutExpired as e:
                        err = (e.stderr or b'').decode() if isinstance(e.stderr, bytes) else (e.stderr or '')
                        # Without a session bus GTK warns once; nothing else may.
                        bad = [line for line in err.splitlines()
                               if ('CRITICAL' in line or 'WARNING' in line) and 'session bus' not in line]
                        if bad:
                            error(f'installed lrlab ({how}) printed: ' + '\n'.join(bad))

    if errors:
        print(f'{len(errors)} problems; staged tree left in {stage}', file=sys.stderr)
        return 1
    shutil.rmtree(stage)
    print('installed tree OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
