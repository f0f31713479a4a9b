// tls-gio-connection.js: Gossl.TlsClientConnection and
// Gossl.TlsServerConnection as a GJS program uses a Gio.TlsConnection, on
// one main loop, against GIO's own TLS server and client (glib-networking)
// on 127.0.0.1.
//
// Usage: gjs -m tls-gio-connection.js   (GOSSL_TEST_FILES names tests/files)
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Gossl from 'gi://Gossl?version=1.0';
import {check, closeTls, equal, files, handshake, runTests} from './gio-test-helpers.js';

Gio._promisify(Gio.SocketListener.prototype, 'accept_async');
Gio._promisify(Gio.SocketClient.prototype, 'connect_async');
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async');
Gio._promisify(Gio.OutputStream.prototype, 'write_bytes_async');

const text = bytes => new TextDecoder().decode(bytes.toArray());
const served = () => Gio.TlsCertificate.new_from_files(`${files}/server.pem`, `${files}/server.key`);
const database = name => Gio.TlsFileDatabase.new(`${files}/${name}`);

// A listener on 127.0.0.1 and a client connected to it: [server side, client side].
async function socketPair() {
    const listener = new Gio.SocketListener();
    const [, address] = listener.add_address(Gio.InetSocketAddress.new_from_string('127.0.0.1', 0),
        Gio.SocketType.STREAM, Gio.SocketProtocol.TCP, null);
    const accepted = listener.accept_async(null);
    const client = new Gio.SocketClient({enable_proxy: false});
    const clientSide = await client.connect_async(address, null);
    const [serverSide] = await accepted;
    listener.close();
    return [serverSide, clientSide];
}

// Either server: handshake, send a line, close; resolves to its error, if any.
async function serveOne(tls) {
    try {
        await handshake(tls);
        await tls.get_output_stream().write_bytes_async(new GLib.Bytes(new TextEncoder().encode('hello\n')),
            GLib.PRIORITY_DEFAULT, null);
        return null;
    } catch (e) {
        return e;
    } finally {
        await closeTls(tls);
    }
}

// A gossl client, trusting `ca`, to GIO's own server.
async function clientToGio(ca, name, setUp) {
    const [serverSide, clientSide] = await socketPair();
    const server = serveOne(Gio.TlsServerConnection.new(serverSide, served()));
    const tls = Gossl.TlsClientConnection.new(clientSide, Gio.NetworkAddress.new(name, 443));
    tls.set_database(database(ca));
    const notified = [];
    tls.connect('notify', (_, pspec) => notified.push(pspec.get_name()));
    setUp?.(tls);
    let error = null;
    try {
        await handshake(tls);
        const line = await tls.get_input_stream().read_bytes_async(6, GLib.PRIORITY_DEFAULT, null);
        equal(text(line), 'hello\n', 'what GIO\'s server sent');
    } catch (e) {
        error = e;
    }
    await closeTls(tls);
    await server;
    return {tls, error, notified};
}

async function testVerified() {
    const {tls, error, notified} = await clientToGio('ca.pem', 'localhost');
    check(error === null, `verified against the test CA: ${error?.message ?? 'no error'}`);
    check(tls.get_peer_certificate().is_same(served()), 'peer-certificate is the one served');
    equal(tls.peer_certificate_errors, 0, 'no peer-certificate-errors');
    equal(tls.protocol_version, Gio.TlsProtocolVersion.TLS_1_3, 'protocol-version');
    check(tls.get_ciphersuite_name()?.startsWith('TLS_'), `ciphersuite-name ${tls.ciphersuite_name}`);
    for (const name of ['peer-certificate', 'peer-certificate-errors', 'protocol-version', 'ciphersuite-name'])
        equal(notified.filter(n => n === name).length, 1, `notify::${name} once`);
}

async function testRefused() {
    for (const [ca, name, flag] of [['ca2.pem', 'localhost', Gio.TlsCertificateFlags.UNKNOWN_CA],
        ['ca.pem', 'wrong.example', Gio.TlsCertificateFlags.BAD_IDENTITY]]) {
        let asked = 0;
        const {tls, error} = await clientToGio(ca, name, t => t.connect('accept-certificate', () => {
            asked++;
            return false;
        }));
        check(error?.matches(Gio.TlsError, Gio.TlsError.BAD_CERTIFICATE), `${ca}, ${name}: ${error?.message ?? 'no error'}`);
        equal(tls.peer_certificate_errors, flag, `${ca}, ${name}: peer-certificate-errors`);
        equal(asked, 1, `${ca}, ${name}: accept-certificate asked once`);
    }
}

async function testAccepted() {
    let seen = 0;
    const {tls, error} = await clientToGio('ca2.pem', 'localhost', t => t.connect('accept-certificate',
        (_, peer, errors) => {
            seen = errors;
            return true;
        }));
    check(error === null, `an accept-certificate handler accepts: ${error?.message ?? 'no error'}`);
    equal(seen, Gio.TlsCertificateFlags.UNKNOWN_CA, 'the handler saw UNKNOWN_CA');
    equal(tls.peer_certificate_errors, Gio.TlsCertificateFlags.UNKNOWN_CA, 'which stays in peer-certificate-errors');
}

// gossl's server, on this main loop, serves GIO's own client, which
// verifies it and gets the protocol both want.
async function testServer() {
    const [serverSide, clientSide] = await socketPair();
    const ours = Gossl.TlsServerConnection.new(serverSide, served());
    ours.set_advertised_protocols(['h2', 'http/1.1']);
    const server = serveOne(ours);
    const tls = Gio.TlsClientConnection.new(clientSide, Gio.NetworkAddress.new('localhost', 443));
    tls.set_database(database('ca.pem'));
    tls.set_advertised_protocols(['http/1.1']);
    try {
        await handshake(tls);
        const line = await tls.get_input_stream().read_bytes_async(6, GLib.PRIORITY_DEFAULT, null);
        equal(text(line), 'hello\n', 'GIO\'s client read what gossl\'s server sent');
        equal(tls.peer_certificate_errors, 0, 'GIO\'s client verified gossl\'s server');
        equal(tls.get_negotiated_protocol(), 'http/1.1', 'GIO\'s client negotiated-protocol');
    } catch (e) {
        check(false, `GIO's client: ${e.message}`);
    }
    await closeTls(tls);
    const error = await server;
    check(error === null, `gossl's server: ${error?.message ?? 'no error'}`);
    equal(ours.get_negotiated_protocol(), 'http/1.1', 'gossl\'s server negotiated-protocol');
    equal(ours.protocol_version, tls.protocol_version, 'both sides\' protocol-version');
}

function testTypes() {
    const client = Gossl.TlsClientConnection.$gtype;
    const server = Gossl.TlsServerConnection.$gtype;
    check(GObject.type_is_a(client, Gio.TlsConnection.$gtype), 'the client is a Gio.TlsConnection');
    check(GObject.type_is_a(client, Gio.TlsClientConnection.$gtype), 'the client is a Gio.TlsClientConnection');
    check(!GObject.type_is_a(server, Gio.TlsClientConnection.$gtype), 'the server is not a Gio.TlsClientConnection');
    check(GObject.type_is_a(server, Gio.TlsServerConnection.$gtype), 'the server is a Gio.TlsServerConnection');
    check(GObject.type_is_a(server, Gio.Initable.$gtype), 'the server is a Gio.Initable');
}

runTests([testTypes, testVerified, testRefused, testAccepted, testServer]);
