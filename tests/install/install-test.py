#!/usr/bin/env python3
"""Install gossl into a temporary prefix and use it the way each ecosystem does.

  install-test.py --meson MESON --source SRC --python PY [--gjs GJS] [--valac VALAC]

1. A separate build of SRC (`meson setup --prefix=TMP/prefix -Dpython_package=true`,
   g-ir-scanner warnings fatal), `meson install`, then the build directory is
   deleted: nothing can load from it any more.
2. The layout is checked: soname and no RUNPATH, exactly the GIR's gossl_*
   functions exported (hidden visibility), headers under include/gossl-1/gossl/ behind one umbrella header,
   gossl-1.pc with OpenSSL in Requires.private only, GIR and typelib, the VAPI
   and its .deps, the Python package; no installed file names the source or
   build tree.
3. With GI_TYPELIB_PATH, LD_LIBRARY_PATH, PYTHONPATH and PKG_CONFIG_PATH
   pointing into the prefix alone, no GJS_PATH, and the prefix's share/ first
   in XDG_DATA_DIRS (where GJS looks for the installed overrides/Gossl.js),
   the C examples are compiled with `pkg-config gossl-1`, the Vala examples
   with `valac --fatal-warnings --pkg gossl-1 --vapidir PREFIX/...`, and every
   example (C, Python, GJS, Vala) runs through tests/bindings/run-example.py,
   and https-get (GJS, Vala, Python) through run-https-get.py, against its
   real peer. Each language also proves that the gossl it loaded is the
   installed one (GJS: its override too).

The temporary directory is removed on success and kept (its path printed) on
failure.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The checks of tests/bindings/run-example.py for each example, and those
# only the GNOME face (not Python's pyOpenSSL API) passes.
EXAMPLES = {
    'print-cert': ['print-cert'],
    'make-cert': ['make-cert'],
    'tls-client': ['tls-client', 'tls-client-untrusted'],
    'echo-server': ['echo-server'],
}
GNOME_FACE_CHECKS = {
    'tls-client': ['tls-client-wrong-name'],
}
# https-get: GJS, Vala and Python, checked by tests/bindings/run-https-get.py.
HTTPS_GET_CHECKS = ['https-get', 'https-get-wrong-name']
# Variables through which a program finds libraries, typelibs, modules or
# .pc files: in the test, these may name the prefix and nothing else.
SEARCH_VARS = ('GI_TYPELIB_PATH', 'LD_LIBRARY_PATH', 'PYTHONPATH', 'PKG_CONFIG_PATH')
# Where the build tree's tests find GJS overrides: not the installed copy's.
DROPPED_VARS = ('GJS_PATH',)
TIMEOUT = 300

failures = []


def step(title):
    print(f'\n== {title}', flush=True)


def check(ok, what):
    print(f'{"ok  " if ok else "FAIL"} {what}', flush=True)
    if not ok:
        failures.append(what)
    return ok


def run(command, env=None, cwd=None, check_status=True, quiet=False):
    print('$', ' '.join(command), flush=True)
    result = subprocess.run(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=TIMEOUT)
    if result.stdout and not quiet:
        print(result.stdout, end='' if result.stdout.endswith('\n') else '\n')
    if result.stderr:
        print(result.stderr, end='' if result.stderr.endswith('\n') else '\n', file=sys.stderr)
    if check_status and result.returncode != 0:
        raise SystemExit(f'install-test: {command[0]} exited with {result.returncode}')
    return result


def clean_environment():
    """The caller's environment without anything that points at a gossl build."""
    env = {k: v for k, v in os.environ.items()
           if k not in SEARCH_VARS + DROPPED_VARS
           and not k.startswith(('GOSSL_', 'MESON_', 'G_TEST_'))}
    env['LC_ALL'] = 'C.UTF-8'
    return env


def build_and_install(args, tmp):
    build, prefix = os.path.join(tmp, 'build'), os.path.join(tmp, 'prefix')
    env = clean_environment()
    step('build and install into a temporary prefix')
    run([args.meson, 'setup', build, args.source, f'--prefix={prefix}',
         '-Dpython_package=true', '-Dtests=false', '-Ddocs=false',
         '-Dintrospection=true', '-Dvapi=true', '-Dgir_fatal_warnings=true'], env=env)
    run([args.meson, 'compile', '-C', build], env=env)
    run([args.meson, 'install', '-C', build, '--no-rebuild', '--quiet'], env=env)
    with open(os.path.join(build, 'meson-info', 'intro-installed.json')) as f:
        installed = sorted(json.load(f).values())
    return build, prefix, installed


def find_installed(installed, suffix):
    matches = [p for p in installed if p.endswith(suffix)]
    if not check(len(matches) == 1, f'installed exactly one .../{suffix}'):
        raise SystemExit(f'install-test: cannot go on without {suffix}')
    return matches[0]


def check_layout(prefix, installed, source, build):
    step('installed layout')
    for path in installed:
        if not os.path.lexists(path):
            check(False, f'{path} exists')
    check(all(p.startswith(prefix + os.sep) for p in installed), 'every file is inside the prefix')

    library = find_installed(installed, '/libgossl-1.so.0.0.0')
    libdir = os.path.dirname(library)
    check(os.readlink(os.path.join(libdir, 'libgossl-1.so.0')) == 'libgossl-1.so.0.0.0',
          'libgossl-1.so.0 -> libgossl-1.so.0.0.0')
    check(os.readlink(os.path.join(libdir, 'libgossl-1.so')) == 'libgossl-1.so.0',
          'libgossl-1.so -> libgossl-1.so.0 (the development link)')
    dynamic = run(['readelf', '-d', library], quiet=True).stdout
    check('Library soname: [libgossl-1.so.0]' in dynamic, 'soname libgossl-1.so.0')
    check('RUNPATH' not in dynamic and 'RPATH' not in dynamic, 'no RUNPATH/RPATH in the library')

    symbols = run(['nm', '-D', '--defined-only', library], quiet=True).stdout.split('\n')
    exported = sorted({line.split()[-1] for line in symbols if line.strip()})
    stray = [s for s in exported if not s.startswith('gossl_')]
    check(len(exported) > 100 and not stray,
          f'{len(exported)} exported symbols, all gossl_* (hidden visibility){": " + str(stray) if stray else ""}')

    includedir = os.path.join(prefix, 'include', 'gossl-1', 'gossl')
    for header in ('gossl.h', 'gossl-version.h', 'gossl-enum-types.h', 'gossl-x509.h',
                   'gossl-context.h', 'gossl-connection.h'):
        check(os.path.exists(os.path.join(includedir, header)), f'include/gossl-1/gossl/{header}')
    check(not any('private' in os.path.basename(p) for p in installed), 'no private header installed')

    pc = find_installed(installed, '/pkgconfig/gossl-1.pc')
    with open(pc) as f:
        fields = dict(line.split(':', 1) for line in f.read().splitlines() if ': ' in line)
    check('openssl' in fields.get('Requires.private', ''), 'gossl-1.pc: openssl in Requires.private')
    check('openssl' not in fields.get('Requires', ''), 'gossl-1.pc: openssl not in Requires')
    check(fields.get('Cflags', '').strip() == '-I${includedir}/gossl-1', 'gossl-1.pc: Cflags -I${includedir}/gossl-1')

    gir = find_installed(installed, '/share/gir-1.0/Gossl-1.0.gir')
    typelib = find_installed(installed, '/girepository-1.0/Gossl-1.0.typelib')
    with open(gir) as f:
        gir_text = f.read()
    check('shared-library="libgossl-1.so.0"' in gir_text, 'GIR names the soname, not a path')
    check('<c:include name="gossl/gossl.h"/>' in gir_text, 'GIR includes gossl/gossl.h')
    check('<package name="gossl-1"/>' in gir_text, 'GIR names the pkg-config package gossl-1')
    # Exported and introspected are the same set: nothing public is missing
    # from the library, nothing private leaks out of it.
    callables = set(re.findall(r'<(?:function|method|constructor)\s[^>]*?c:identifier="(gossl_\w+)"', gir_text))
    type_funcs = set(re.findall(r'glib:get-type="(gossl_\w+)"', gir_text))
    check(callables and callables <= set(exported),
          f'every function of the GIR is exported {sorted(callables - set(exported)) or ""}')
    check(set(exported) <= callables | type_funcs,
          f'every exported symbol is in the GIR {sorted(set(exported) - callables - type_funcs) or ""}')
    vapi = find_installed(installed, '/share/vala/vapi/gossl-1.vapi')
    deps = find_installed(installed, '/share/vala/vapi/gossl-1.deps')
    with open(deps) as f:
        check(set(f.read().split()) >= {'gio-2.0', 'gobject-2.0', 'glib-2.0'},
              'gossl-1.deps names glib-2.0, gobject-2.0, gio-2.0')
    package = os.path.dirname(find_installed(installed, '/OpenSSL/__init__.py'))
    for module in ('crypto.py', 'rand.py', 'SSL.py', '_gossl.py', 'debug.py'):
        check(os.path.exists(os.path.join(package, module)), f'Python package OpenSSL/{module}')

    # No installed file may send a program back to the trees it was built
    # from. The library's only search path is its RUNPATH, checked above; its
    # debug information and assertion messages name source files, which is
    # what they are for.
    trees = [t.encode() for t in (os.path.realpath(source), os.path.realpath(build))]
    leaking = []
    for path in installed:
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, 'rb') as f:
                data = f.read()
            if not data.startswith(b'\x7fELF') and any(t in data for t in trees):
                leaking.append(path)
    check(not leaking, f'no installed .pc, header, GIR, VAPI or Python file names the source or build tree {leaking or ""}')

    return {
        'libdir': libdir,
        'typelibdir': os.path.dirname(typelib),
        'pkgconfigdir': os.path.dirname(pc),
        'vapidir': os.path.dirname(vapi),
        'pythondir': os.path.dirname(package),
        'includedir': includedir,
        'datadir': os.path.join(prefix, 'share'),
    }


def installed_environment(prefix, dirs, source):
    env = clean_environment()
    env['GI_TYPELIB_PATH'] = dirs['typelibdir']
    env['LD_LIBRARY_PATH'] = dirs['libdir']
    env['PYTHONPATH'] = dirs['pythondir']
    env['PKG_CONFIG_PATH'] = dirs['pkgconfigdir']
    # GJS loads overrides/Gossl.js from gjs-1.0/ of the data directories: the
    # prefix's first, then the system's (the XDG default when unset).
    env['XDG_DATA_DIRS'] = os.pathsep.join(
        [dirs['datadir'], os.environ.get('XDG_DATA_DIRS') or '/usr/local/share:/usr/share'])
    # Fixtures are data, not code: the source tree's are fine.
    env['GOSSL_TEST_FILES'] = os.path.join(source, 'tests', 'files')
    step('search paths point into the prefix only')
    for var in SEARCH_VARS:
        entries = [e for e in env[var].split(os.pathsep) if e]
        check(bool(entries) and all(os.path.realpath(e).startswith(os.path.realpath(prefix) + os.sep)
                                    for e in entries), f'{var}={env[var]}')
    return env


def compile_c(args, env, source, bindir):
    step('C: compile against the installed gossl-1.pc')
    cflags = run(['pkg-config', '--cflags', 'gossl-1'], env=env).stdout.split()
    libs = run(['pkg-config', '--libs', 'gossl-1'], env=env).stdout.split()
    programs = {}
    for name in EXAMPLES:
        out = os.path.join(bindir, name)
        run([args.cc, '-std=gnu11', '-Wall', '-Werror', '-o', out,
             os.path.join(source, 'examples', name + '.c'), *cflags, *libs], env=env)
        programs[name] = [out]

    # The version API, and the umbrella-header rule, as an application sees them.
    probe = os.path.join(bindir, 'version-probe.c')
    with open(probe, 'w') as f:
        f.write('''#include <gossl/gossl.h>
#include <stdio.h>
#if !GOSSL_CHECK_VERSION (0, 1, 0)
#error "GOSSL_CHECK_VERSION (0, 1, 0) is false"
#endif
int main (void) {
  if (gossl_check_version (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION, GOSSL_MICRO_VERSION) != NULL)
    return 1;
  if (gossl_check_version (GOSSL_MAJOR_VERSION + 1, 0, 0) == NULL)
    return 2;
  printf ("gossl %s (headers %s), %s\\n", GOSSL_VERSION_S, GOSSL_VERSION_S,
          gossl_get_openssl_version ());
  return 0;
}
''')
    run([args.cc, '-std=gnu11', '-Wall', '-Werror', '-o', probe[:-2], probe, *cflags, *libs], env=env)
    check(run([probe[:-2]], env=env, check_status=False).returncode == 0,
          'GOSSL_CHECK_VERSION and gossl_check_version() agree with the installed library')
    direct = os.path.join(bindir, 'direct-include.c')
    with open(direct, 'w') as f:
        f.write('#include <gossl/gossl-x509.h>\nint main (void) { return 0; }\n')
    result = run([args.cc, '-c', '-o', os.devnull, direct, *cflags], env=env, check_status=False)
    check(result.returncode != 0 and 'Only <gossl/gossl.h>' in result.stderr,
          'including a single header directly is refused')

    for name, (program,) in programs.items():
        ldd = run(['ldd', program], env=env, quiet=True).stdout
        line = next((l for l in ldd.splitlines() if 'libgossl-1.so.0' in l), '')
        check(f'=> {env["LD_LIBRARY_PATH"]}/libgossl-1.so.0' in line,
              f'{name} loads the installed libgossl-1.so.0 ({line.strip()})')
    return programs


def compile_vala(args, env, dirs, source, bindir):
    step('Vala: compile with --pkg gossl-1 and the installed VAPI')
    programs = {}
    for name in [*EXAMPLES, 'https-get']:
        out = os.path.join(bindir, name + '-vala')
        # Only gossl-1: its .deps must bring in GLib, GObject and GIO.
        run([args.valac, '--fatal-warnings', '--vapidir', dirs['vapidir'], '--pkg', 'gossl-1',
             '--directory', os.path.join(bindir, name + '-vala.c'), '-X', '-w',
             '-o', out, os.path.join(source, 'examples', name + '.vala')], env=env)
        programs[name] = [out]
    return programs


PYTHON_PROBE = '''
import gi, OpenSSL
gi.require_version('GIRepository', '2.0')
from gi.repository import GIRepository
from OpenSSL import SSL, crypto, rand
typelib = GIRepository.Repository.get_default().get_typelib_path('Gossl')
with open('/proc/self/maps') as f:
    library = next(l.split()[-1] for l in f if 'libgossl-1.so' in l)
print(OpenSSL.__file__)
print(typelib)
print(library)
'''

GJS_PROBE = '''
imports.gi.versions.Gossl = '1.0';
imports.gi.versions.GIRepository = '2.0';
const Gossl = imports.gi.Gossl;
Gossl.get_major_version();  // the library is loaded on first call
print(imports.gi.GIRepository.Repository.get_default().get_typelib_path('Gossl'));
// The override that makes `new Gossl.Context({...})` initialize (GInitable).
print(imports.overrides.Gossl.__file__);
const maps = new TextDecoder().decode(imports.gi.GLib.file_get_contents('/proc/self/maps')[1]);
print(maps.split('\\n').find(l => l.includes('libgossl-1.so')).split(/\\s+/).pop());
'''


def example_checks(source, name, lang):
    """The runner of each check of example NAME in LANG, and its arguments."""
    bindings = os.path.join(source, 'tests', 'bindings')
    if name == 'https-get':
        return [(os.path.join(bindings, 'run-https-get.py'), [check]) for check in HTTPS_GET_CHECKS]
    checks = EXAMPLES[name] + (GNOME_FACE_CHECKS.get(name, []) if lang != 'python' else [])
    return [(os.path.join(bindings, 'run-example.py'), ['--lang', lang, check]) for check in checks]


def check_loaded(what, paths, prefix):
    prefix = os.path.realpath(prefix) + os.sep
    for path in paths:
        check(os.path.realpath(path).startswith(prefix), f'{what} loads {path}')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--meson', required=True)
    parser.add_argument('--source', required=True)
    parser.add_argument('--python', required=True)
    parser.add_argument('--cc', default='cc')
    parser.add_argument('--gjs')
    parser.add_argument('--valac')
    args = parser.parse_args()
    source = os.path.realpath(args.source)

    tmp = tempfile.mkdtemp(prefix='gossl-install-test-')
    try:
        build, prefix, installed = build_and_install(args, tmp)
        dirs = check_layout(prefix, installed, source, build)
        # From here on nothing can come from the build directory.
        shutil.rmtree(build)
        env = installed_environment(prefix, dirs, source)
        bindir = os.path.join(tmp, 'bin')
        os.mkdir(bindir)

        commands = {'c': compile_c(args, env, source, bindir)}

        step('Python: the installed OpenSSL package over the installed typelib')
        out = run([args.python, '-c', PYTHON_PROBE], env=env, cwd=tmp).stdout.split()
        check_loaded('Python', out, prefix)
        commands['python'] = {n: [args.python, os.path.join(source, 'examples', n + '.py')]
                              for n in [*EXAMPLES, 'https-get']}

        if args.gjs:
            step('GJS: the installed typelib and override')
            out = run([args.gjs, '-c', GJS_PROBE], env=env, cwd=tmp).stdout.split()
            check_loaded('GJS', out, prefix)
            commands['gjs'] = {n: [args.gjs, '-m', os.path.join(source, 'examples', n + '.js')]
                               for n in [*EXAMPLES, 'https-get']}
        else:
            print('\n(gjs not found: GJS examples not run)')

        if args.valac:
            commands['vala'] = compile_vala(args, env, dirs, source, bindir)
        else:
            print('\n(valac not found: Vala examples not run)')

        for lang, programs in commands.items():
            for name, command in programs.items():
                for script, check_args in example_checks(source, name, lang):
                    program = check_args[-1]
                    step(f'{program} ({lang}) against the installed copy')
                    result = run([sys.executable, script, *check_args, '--', *command],
                                 env=env, cwd=tmp, check_status=False)
                    check(result.returncode == 0, f'{program}-{lang}')
    except BaseException:
        print(f'\ninstall-test: kept {tmp} for inspection', flush=True)
        raise
    step('summary')
    if failures:
        print(f'{len(failures)} checks failed: {failures}\ninstall-test: kept {tmp} for inspection')
        sys.exit(1)
    shutil.rmtree(tmp)
    print('every check passed')


if __name__ == '__main__':
    main()
