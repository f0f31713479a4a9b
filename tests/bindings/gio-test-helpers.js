// gio-test-helpers.js: what the GJS test programs of the GLib face share:
// ok/not ok reporting, tests/files, GIO's asynchronous calls by class, and
// running the tests on a main loop.
import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import system from 'system';

export const files = GLib.getenv('GOSSL_TEST_FILES');
let failed = 0;

export function check(ok, what) {
    print(`${ok ? 'ok' : 'not ok'} - ${what}`);
    if (!ok)
        failed++;
}

export function equal(got, expected, what) {
    check(got === expected, `${what}: ${JSON.stringify(got)} === ${JSON.stringify(expected)}`);
}

export function throwsMatching(fn, domain, code, what) {
    try {
        fn();
        check(false, `${what}: no error`);
    } catch (e) {
        check(e instanceof GLib.Error && e.matches(domain, code), `${what}: ${e.message}`);
    }
}

export function loadBytes(name) {
    const [bytes] = Gio.File.new_for_path(`${files}/${name}`).load_bytes(null);
    return bytes;
}

// glib-networking's TLS connections implement Gio.DtlsConnection too, and
// GJS picks its handshake_async() and close_async() over the stream's: call
// those by class.
export function callAsync(klass, name, object, ...args) {
    return new Promise((resolve, reject) => {
        klass.prototype[`${name}_async`].call(object, ...args, (_, result) => {
            try {
                resolve(klass.prototype[`${name}_finish`].call(object, result));
            } catch (e) {
                reject(e);
            }
        });
    });
}

export const handshake = tls => callAsync(Gio.TlsConnection, 'handshake', tls, GLib.PRIORITY_DEFAULT, null);
// After a refused handshake, or once the peer is gone, closing may fail
// too: nothing to check there.
export const closeTls = tls => callAsync(Gio.IOStream, 'close', tls, GLib.PRIORITY_DEFAULT, null).catch(() => {});

// Runs each test (a function, maybe async) in turn on a main loop, then
// exits 1 when any check failed.
export function runTests(tests) {
    const loop = new GLib.MainLoop(null, false);
    (async () => {
        for (const test of tests) {
            try {
                await test();
            } catch (e) {
                check(false, `${test.name}: ${e}\n${e.stack}`);
            }
        }
        loop.quit();
    })();
    loop.run();
    system.exit(failed > 0 ? 1 : 0);
}
