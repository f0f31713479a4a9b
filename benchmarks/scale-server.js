// scale-server.js: the scale benchmark's echo server with gossl from GJS
// (Gossl.TlsService handing over Gossl.TlsStreams), one thread, one main
// loop.
//
//   gjs -m scale-server.js CERT.pem KEY.pem
//
// Prints "listening PORT"; a 10 ms timer records the longest gap between
// its ticks: SIGUSR1 forgets it, SIGUSR2 prints "gap_ms X".
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const BACKLOG = 1024;
const SIGUSR1 = 10, SIGUSR2 = 12; // Linux

// GJS's garbage collector does not count the memory behind the
// GLib.Bytes each message comes in, so by itself it lets them pile up
// (about 200 bytes a round trip, for good); collecting every 20,000
// messages keeps the server's memory flat at a cost too small to measure.
const MESSAGES_PER_GC = 20000;
let messages = 0;

function echo(tls) {
    // One handler for the connection's life: no callback, promise or
    // Gio.AsyncResult per message for the garbage collector to find.
    tls.connect('received', (stream, bytes) => {
        if (++messages % MESSAGES_PER_GC === 0)
            system.gc();
        if (bytes.get_size() === 0)
            stream.close_async(GLib.PRIORITY_DEFAULT, null, null);
        else
            stream.send_bytes(bytes);
    });
    tls.connect('error', stream => stream.close_async(GLib.PRIORITY_DEFAULT, null, null));
    // The stream reads from now on, and keeps itself until its client goes.
    tls.receiving = true;
}

// The accept part, all of it: a Gossl.TlsService accepts a batch of
// connections per main-loop dispatch, runs their handshakes and hands over
// each stream. Returns the port.
function startAccepting(context) {
    const service = Gossl.TlsService.new(context);
    service.set_backlog(BACKLOG);
    const address = new Gio.InetSocketAddress({
        address: Gio.InetAddress.new_loopback(Gio.SocketFamily.IPV4),
        port: 0,
    });
    const [, bound] = service.add_address(address, Gio.SocketType.STREAM,
        Gio.SocketProtocol.TCP, null);
    service.connect('incoming', (_service, stream) => echo(stream));
    service.start();
    return [service, bound.get_port()];
}

const [certFile, keyFile] = ARGV;
if (!keyFile) {
    printerr('Usage: gjs -m scale-server.js CERT.pem KEY.pem');
    system.exit(2);
}
const context = Gossl.Context.new(Gossl.Method.TLS_SERVER);
context.use_certificate_file(certFile, Gossl.Filetype.PEM);
context.use_privatekey_file(keyFile, Gossl.Filetype.PEM);
// The service stays referenced from here for as long as the loop runs.
const [service, port] = startAccepting(context);

let lastTick = GLib.get_monotonic_time(), longestGap = 0;
const tick = () => {
    const t = GLib.get_monotonic_time();
    longestGap = Math.max(longestGap, t - lastTick);
    lastTick = t;
    return GLib.SOURCE_CONTINUE;
};
GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, tick);
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, SIGUSR1, () => {
    longestGap = 0;
    lastTick = GLib.get_monotonic_time();
    return GLib.SOURCE_CONTINUE;
});
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, SIGUSR2, () => {
    tick(); // a gap still open counts too
    print(`gap_ms ${(longestGap / 1000).toFixed(3)}`);
    return GLib.SOURCE_CONTINUE;
});
print(`listening ${port}`);
new GLib.MainLoop(null, false).run();
