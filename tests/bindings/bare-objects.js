// bare-objects.js: Gossl objects made by GJS's plain constructor
// (`new Gossl.X()`, a bare g_object_new()) either work as empty objects or
// throw GLib.Error; the process never crashes and prints no critical.
//
// Usage: gjs -m bare-objects.js CASE (one case per run, so that a crash
// fails one meson test)
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

function assert(condition, what) {
    if (!condition)
        throw new Error(`assertion failed: ${what}`);
}

function throwsGError(what, call) {
    try {
        call();
    } catch (e) {
        if (e instanceof GLib.Error)
            return e;
        throw e;
    }
    throw new Error(`${what} did not throw`);
}

function memoryIOStream() {
    return Gio.SimpleIOStream.new(Gio.MemoryInputStream.new(),
        Gio.MemoryOutputStream.new_resizable());
}

function handshakeAsync(tls) {
    const loop = new GLib.MainLoop(null, false);
    let result = null;
    tls.handshake_async(GLib.PRIORITY_DEFAULT, null, (source, res) => {
        result = res;
        loop.quit();
    });
    GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 10, () => {
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
    loop.run();
    assert(result !== null, 'handshake_async called back');
    return tls.handshake_finish(result);
}

function unusableStream(tls) {
    assert(tls.get_connection() === null, 'get_connection() is null');
    throwsGError('handshake()', () => tls.handshake(null));
    throwsGError('handshake_async()', () => handshakeAsync(tls));
    throwsGError('reading', () => tls.get_input_stream().read_bytes(16, null));
    throwsGError('writing', () => tls.get_output_stream().write_bytes(new GLib.Bytes([1]), null));
    throwsGError('close()', () => tls.close(null));
}

// GInitables made without their constructor and not initialized: GIO's
// calls on them fail with NOT_INITIALIZED.
function uninitializedTlsConnection(tls, base) {
    assert(tls.get_context() === null, 'get_context() is null');
    for (const [what, call] of [
        ['handshake()', () => Gio.TlsConnection.prototype.handshake.call(tls, null)],
        ['handshake_async()', () => handshakeAsync(tls)],
        ['reading', () => tls.get_input_stream().read_bytes(16, null)],
        ['writing', () => tls.get_output_stream().write_bytes(new GLib.Bytes([1]), null)],
        ['close()', () => tls.close(null)],
    ]) {
        const e = throwsGError(what, call);
        assert(e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_INITIALIZED), `${what}: ${e.message}`);
    }
    if (base)
        assert(!base.is_closed(), 'the base stream is left open');
}

const cases = {
    session() {
        const session = new Gossl.Session();
        assert(session.is_resumable() === false, 'is_resumable() is false');
        assert(session.get_id().length === 0, 'get_id() is empty');
        assert(session.get_protocol_version() === 0, 'get_protocol_version() is 0');
        const conn = Gossl.Connection.new_memory(Gossl.Context.new(Gossl.Method.TLS));
        assert(conn.set_session(session), 'set_session() takes it');
    },
    // GJS's `new` initializes (GInitable, introspection/gjs/overrides):
    // without their parts these throw instead of making unusable objects.
    'tls-stream'() {
        throwsGError('new Gossl.TlsStream()', () => new Gossl.TlsStream());
    },
    'tls-stream-base'() {
        const base = memoryIOStream();
        throwsGError('new Gossl.TlsStream({base_io_stream})',
            () => new Gossl.TlsStream({base_io_stream: base}));
        assert(!base.is_closed(), 'the base stream is left open');
    },
    'tls-client-connection'() {
        uninitializedTlsConnection(new Gossl.TlsClientConnection(), null);
        const base = memoryIOStream();
        uninitializedTlsConnection(new Gossl.TlsClientConnection({base_io_stream: base}), base);
    },
    'tls-server-connection'() {
        uninitializedTlsConnection(new Gossl.TlsServerConnection(), null);
        const base = memoryIOStream();
        uninitializedTlsConnection(new Gossl.TlsServerConnection({base_io_stream: base}), base);
    },
    connection() {
        throwsGError('new Gossl.Connection()', () => new Gossl.Connection());
    },
    context() {
        const ctx = new Gossl.Context();
        assert(ctx.set_cipher_list('HIGH'), 'set_cipher_list() works');
        assert(Gossl.Connection.new_memory(ctx) !== null, 'a connection can be made');
    },
    crypto() {
        const cert = new Gossl.X509();
        assert(cert.get_subject().get_entry('CN') === null, 'no CN');
        throwsGError('X509.sign()', () => cert.sign(new Gossl.PKey(), 'sha256'));
        throwsGError('X509Store.verify_certificate()',
            () => new Gossl.X509Store().verify_certificate(cert));
        assert(new Gossl.PKey().is_initialized() === false, 'empty key');
        assert(new Gossl.PKCS7().type_is_signed() === false, 'empty PKCS7');
        assert(new Gossl.PKCS12().get_certificate() === null, 'empty PKCS12');
        assert(new Gossl.X509Extension().get_critical() === false, 'empty extension');
        assert(new Gossl.X509Req().get_version() === 0, 'empty request');
    },
};

const [name] = ARGV;
if (!(name in cases)) {
    printerr(`Usage: gjs -m bare-objects.js ${Object.keys(cases).join('|')}`);
    system.exit(2);
}
cases[name]();
// Disposing what was made must be quiet too.
system.gc();
print(`bare ${name}: ok`);
