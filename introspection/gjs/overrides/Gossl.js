// SPDX-License-Identifier: Apache-2.0
//
// GJS overrides of the Gossl namespace, loaded by GJS when the namespace is
// imported (`import Gossl from 'gi://Gossl'` or `imports.gi.Gossl`), from
// the `overrides` directory of a GJS search path.
//
// The classes whose construction can fail implement Gio.Initable. GJS's
// `new` does not initialize such objects (it calls g_object_new() only):
// here it does, so that `new Gossl.Context({method: Gossl.Method.SSLV3})`
// throws, as `Gossl.Context.new()` does, instead of giving an object whose
// every call fails.

function _init() {
    const Gossl = this;

    for (const klass of [Gossl.Context, Gossl.Connection, Gossl.TlsStream]) {
        const construct = klass.prototype._init;

        klass.prototype._init = function (...args) {
            construct.apply(this, args);
            this.init(null);
        };
    }
}
