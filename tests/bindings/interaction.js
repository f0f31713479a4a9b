// interaction.js: passphrases asked through a Gio.TlsInteraction written in
// JavaScript, as a GNOME application has one: Gossl.Context:interaction for
// use_privatekey_file(), and the key and PKCS#12 loaders that take one.
//
// Usage: gjs -m interaction.js   (GOSSL_TEST_FILES names tests/files; every
// passphrase there is "secret")
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Gossl from 'gi://Gossl?version=1.0';
import {check, equal, files, loadBytes, runTests, throwsMatching} from './gio-test-helpers.js';

// reply: 'answer' (with this.answer), 'unhandled', or 'cancel' (throws
// G_IO_ERROR_CANCELLED, as a dialog's Cancel button would).
const TestInteraction = GObject.registerClass(
class TestInteraction extends Gio.TlsInteraction {
    vfunc_ask_password(password, _cancellable) {
        this.calls = (this.calls ?? 0) + 1;
        this.description = password.get_description();
        this.flags = password.get_flags();
        switch (this.reply) {
        case 'answer':
            password.set_value(new TextEncoder().encode(this.answer));
            return Gio.TlsInteractionResult.HANDLED;
        case 'cancel':
            throw new GLib.Error(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED, 'The user cancelled');
        default:
            return Gio.TlsInteractionResult.UNHANDLED;
        }
    }
});

function interaction(reply, answer = null) {
    const result = new TestInteraction();
    result.reply = reply;
    result.answer = answer;
    result.calls = 0;
    return result;
}

const encKey = `${files}/server-enc.key`;

function contextWith(asker) {
    const ctx = Gossl.Context.new(Gossl.Method.TLS_SERVER);
    ctx.interaction = asker;
    return ctx;
}

function testProperty() {
    const ctx = Gossl.Context.new(Gossl.Method.TLS_SERVER);
    const asker = interaction('unhandled');
    let notified = 0;
    equal(ctx.interaction, null, 'Context:interaction is null by default');
    ctx.connect('notify::interaction', () => notified++);
    ctx.set_interaction(asker);
    check(ctx.get_interaction() === asker && ctx.interaction === asker, 'set_interaction() sets the property');
    ctx.interaction = asker;
    ctx.interaction = null;
    equal(notified, 2, 'notify::interaction once per change');
}

function testContext() {
    const right = interaction('answer', 'secret');
    const ctx = contextWith(right);
    check(ctx.use_privatekey_file(encKey, Gossl.Filetype.PEM), 'right passphrase: the key loads');
    equal(right.calls, 1, 'the interaction was asked once');
    check(right.description.includes('server-enc.key'), `the description names the file: ${right.description}`);
    check(!(right.flags & Gio.TlsPasswordFlags.RETRY), 'no RETRY on the first attempt');
    ctx.use_certificate_file(`${files}/server.pem`, Gossl.Filetype.PEM);
    check(ctx.check_privatekey(), 'the key decrypted is the certificate\'s');

    const wrong = interaction('answer', 'wrong');
    const wrongCtx = contextWith(wrong);
    throwsMatching(() => wrongCtx.use_privatekey_file(encKey, Gossl.Filetype.PEM),
        Gossl.SslError, Gossl.SslError.FAILED, 'wrong passphrase: the bad-passphrase error');
    throwsMatching(() => wrongCtx.use_privatekey_file(encKey, Gossl.Filetype.PEM),
        Gossl.SslError, Gossl.SslError.FAILED, 'wrong passphrase again');
    check(wrong.calls === 2 && (wrong.flags & Gio.TlsPasswordFlags.RETRY) !== 0,
        'the second attempt is flagged RETRY');

    const unhandled = interaction('unhandled');
    try {
        contextWith(unhandled).use_privatekey_file(encKey, Gossl.Filetype.PEM);
        check(false, 'unhandled: no error');
    } catch (e) {
        check(e.matches(Gossl.SslError, Gossl.SslError.FAILED) && e.message.includes('no passphrase'),
            `unhandled: the passphrase-required error: ${e.message}`);
    }

    const cancel = interaction('cancel');
    throwsMatching(() => contextWith(cancel).use_privatekey_file(encKey, Gossl.Filetype.PEM),
        Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED, 'an exception in the interaction is the load\'s error');

    // pyOpenSSL's set_passwd_cb() is the passwd signal: it comes first.
    const ignored = interaction('answer', 'wrong');
    const withHandler = contextWith(ignored);
    withHandler.connect('passwd', () => GLib.Bytes.new(new TextEncoder().encode('secret')));
    check(withHandler.use_privatekey_file(encKey, Gossl.Filetype.PEM), 'a passwd handler wins');
    equal(ignored.calls, 0, 'the interaction was not asked');

    const notAsked = interaction('answer', 'secret');
    check(contextWith(notAsked).use_privatekey_file(`${files}/server.key`, Gossl.Filetype.PEM) &&
        notAsked.calls === 0, 'an unencrypted key does not ask');
}

function testLoaders() {
    const right = interaction('answer', 'secret');
    const key = Gossl.PKey.new_from_bytes_with_interaction(Gossl.Filetype.PEM, loadBytes('server-enc.key'),
        right, 'The key of example.org', null);
    check(key.has_private(), 'PKey.new_from_bytes_with_interaction');
    equal(right.description, 'The key of example.org', 'the description given');
    const p12 = Gossl.PKCS12.new_from_bytes_with_interaction(loadBytes('server.p12'), right, null, null);
    equal(p12.get_certificate().get_subject_common_name(), 'localhost', 'PKCS12.new_from_bytes_with_interaction');
    equal(right.calls, 2, 'each asked once');

    Gossl.PKCS12.new_from_bytes_with_interaction(loadBytes('server-nopass.p12'), right, null, null);
    Gossl.PKey.new_from_bytes_with_interaction(Gossl.Filetype.PEM, loadBytes('server.key'), right, null, null);
    equal(right.calls, 2, 'data without a passphrase does not ask');

    const wrong = interaction('answer', 'wrong');
    throwsMatching(() => Gossl.PKey.new_from_bytes_with_interaction(Gossl.Filetype.PEM,
        loadBytes('server-enc.key'), wrong, null, null),
    Gossl.CryptoError, Gossl.CryptoError.BAD_PASSPHRASE, 'PKey: wrong passphrase');
    throwsMatching(() => Gossl.PKCS12.new_from_bytes_with_interaction(loadBytes('server.p12'), wrong, null, null),
        Gossl.CryptoError, Gossl.CryptoError.BAD_PASSPHRASE, 'PKCS12: wrong passphrase');

    const unhandled = interaction('unhandled');
    throwsMatching(() => Gossl.PKey.new_from_bytes_with_interaction(Gossl.Filetype.PEM,
        loadBytes('server-enc.key'), unhandled, null, null),
    Gossl.CryptoError, Gossl.CryptoError.PASSPHRASE_REQUIRED, 'PKey: unhandled');
    throwsMatching(() => Gossl.PKCS12.new_from_bytes_with_interaction(loadBytes('server.p12'), unhandled,
        null, null), Gossl.CryptoError, Gossl.CryptoError.PASSPHRASE_REQUIRED, 'PKCS12: unhandled');

    const cancel = interaction('cancel');
    throwsMatching(() => Gossl.PKey.new_from_bytes_with_interaction(Gossl.Filetype.PEM,
        loadBytes('server-enc.key'), cancel, null, null),
    Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED, 'PKey: cancelled');
}

runTests([testProperty, testContext, testLoaders]);
