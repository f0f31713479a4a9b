/* gossl-context.c: a TLS context (SSL_CTX)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"

#include <string.h>

#include <openssl/dh.h>
#include <openssl/ec.h>

/* File names in error messages: they need not be UTF-8, and a GError
 * message that is not cannot be converted by the bindings. */
static char *
display_name (const char *path)
{
  return path != NULL ? g_filename_display_name (path) : g_strdup ("");
}

/**
 * GosslContext:
 *
 * The settings shared by TLS connections: protocol versions, certificate and
 * key, trusted CAs, verification mode, ciphers and session parameters.
 *
 * OpenSSL's verification, information and passphrase callbacks are the
 * signals [signal@Gossl.Context::verify], [signal@Gossl.Context::info] and
 * [signal@Gossl.Context::passwd]. They are emitted on the thread that runs the
 * OpenSSL call which needs them (a handshake, a key load), synchronously,
 * before that call returns. Without a [signal@Gossl.Context::passwd] handler, the
 * passphrase of an encrypted key comes from [property@Gossl.Context:interaction], a
 * [class@Gio.TlsInteraction] as GIO's TLS code uses.
 *
 * A context may be shared by connections used on several threads; changing
 * its settings while a handshake uses it is not safe.
 *
 * A client verifies the server by default: a connection that is a client
 * (of a %GOSSL_METHOD_TLS_CLIENT context, or of another method with
 * [method@Gossl.Connection.set_connect_state]) uses %GOSSL_VERIFY_PEER unless
 * [method@Gossl.Context.set_verify] was called, and fails the handshake with
 * %GOSSL_SSL_ERROR_BAD_CERTIFICATE on a certificate that cannot be
 * verified, or that is not for the name given to
 * [method@Gossl.Connection.set_verify_hostname] (or as the server identity of
 * [ctor@Gossl.TlsStream.new_client]). `gossl_context_set_verify (context,
 * GOSSL_VERIFY_NONE)` turns verification off.
 *
 * The certificates trusted are the system's (OpenSSL's default CA file and
 * directory) unless the context was given its own with
 * [method@Gossl.Context.load_verify_locations] or through
 * [method@Gossl.Context.get_cert_store], or [property@Gossl.Context:use-system-certdb] is
 * %FALSE. The context loads them once, the first time one of its
 * connections verifies a peer with %GOSSL_VERIFY_PEER, so a server that
 * does not ask for client certificates never pays for them.
 *
 * A context is a [iface@Gio.Initable]: make it with [ctor@Gossl.Context.new] or
 * g_initable_new(). One made by [ctor@GObject.Object.new] and never initialized fails
 * every call (with %G_IO_ERROR_NOT_INITIALIZED where the call takes a
 * [struct@GLib.Error]).
 *
 * Code ported from pyOpenSSL finds the counterpart of each of its `Context`
 * methods in the [migration table](migration.html).
 *
 * Since: 0.1
 */
struct _GosslContext
{
  GObject parent_instance;

  SSL_CTX     *ctx;
  GosslMethod  method;

  /* What the passwd callback saw during the key load in progress, to say
   * why it failed. Loading keys into one context from two threads at once
   * would mix these up (OpenSSL's own state is no safer there). */
  gboolean     passwd_requested;
  gboolean     passwd_supplied;
  gboolean     passwd_too_long;
  /* The interaction's side of it: set during the load (NULL otherwise). */
  GosslPassphrase *asking;

  GTlsInteraction *interaction;
  /* The file whose last load failed on the interaction's passphrase: asking
   * again for it is a retry (G_TLS_PASSWORD_RETRY). */
  char        *retry_path;

  /* OpenSSL silently stops using the private key when a certificate that
   * does not match it is set after it; remembered until a key is set again,
   * so that gossl_context_check_privatekey() can say why there is no key. */
  gboolean     key_dropped;

  /* OpenSSL's keylog callback is installed (gossl_context_arm_keylog()). */
  gint         keylog_armed;

  /* The ALPN list given to gossl_context_set_alpn_protos(), in wire
   * format: a server with no #GosslContext::alpn-select handler picks from
   * it. NULL when none was given. */
  GBytes      *alpn_wire;

  /* gossl_context_set_verify() was called: no default for clients. */
  gboolean     verify_explicit;
  /* The caller chose the trusted CAs: the system's are not added. */
  gboolean     trust_configured;
  gboolean     use_system_certdb;
  /* g_once guard: the system's CAs were added to the store. */
  gsize        system_trust_loaded;
};

static void gossl_context_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GosslContext, gossl_context, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      gossl_context_initable_iface_init))

enum {
  PROP_0,
  PROP_METHOD,
  PROP_USE_SYSTEM_CERTDB,
  PROP_INTERACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_VERIFY,
  SIGNAL_INFO,
  SIGNAL_PASSWD,
  SIGNAL_SERVERNAME,
  SIGNAL_ALPN_SELECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* OCSP stapling, key logging and DTLS cookies: at the end of the file. */
static void install_extension_callbacks (GosslContext *self);
static void class_init_extension_signals (GObjectClass *object_class);

/* SSL_CTX ex_data slot holding the GosslContext (borrowed: the SSL_CTX dies
 * with it). Made once in class_init. */
static int context_ex_index = -1;

static int
verify_cb (int preverify_ok, X509_STORE_CTX *store_ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  GosslConnection *connection;
  GosslContext *self;
  X509 *x509;
  g_autoptr(GosslX509) cert = NULL;
  gboolean ok = FALSE;
  gboolean handled;
  GosslHandler previous;
  gboolean own;

  if (ssl == NULL)
    return preverify_ok;
  connection = gossl_connection_from_ssl (ssl);
  if (connection == NULL)
    return preverify_ok;
  self = gossl_connection_get_context (connection);
  own = gossl_connection_has_verify_handler (connection);
  handled = own || g_signal_has_handler_pending (self, signals[SIGNAL_VERIFY], 0, FALSE);
  if (!preverify_ok)
    {
      int problem = X509_STORE_CTX_get_error (store_ctx);

      /* Without a handler, verification goes on down the chain past a
       * problem, so that every problem is recorded, and fails at its end
       * (cert_verify_cb()). */
      if (gossl_connection_note_verify_error (connection, problem, !handled) && !handled)
        return 1;
    }
  if (!handled)
    return preverify_ok;

  x509 = X509_STORE_CTX_get_current_cert (store_ctx);
  if (x509 == NULL)
    return preverify_ok;
  X509_up_ref (x509);
  cert = gossl_x509_new_from_native (x509);

  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_VERIFY);
  if (own)
    ok = gossl_connection_emit_verify (connection, cert,
                                       X509_STORE_CTX_get_error (store_ctx),
                                       X509_STORE_CTX_get_error_depth (store_ctx),
                                       preverify_ok != 0);
  else
    g_signal_emit (self, signals[SIGNAL_VERIFY], 0,
                   connection, cert,
                   X509_STORE_CTX_get_error (store_ctx),
                   X509_STORE_CTX_get_error_depth (store_ctx),
                   preverify_ok != 0,
                   &ok);
  gossl_connection_leave_handler (connection, previous);

  /* An accepted certificate must not leave its error behind, or OpenSSL
   * would still fail the chain at the end (pyOpenSSL does the same). A
   * refusal with no error set ends as X509_V_ERR_UNSPECIFIED, so the
   * handshake fails with "certificate verify failed". */
  if (ok)
    {
      X509_STORE_CTX_set_error (store_ctx, X509_V_OK);
      return 1;
    }
  if (X509_STORE_CTX_get_error (store_ctx) == X509_V_OK)
    X509_STORE_CTX_set_error (store_ctx, X509_V_ERR_APPLICATION_VERIFICATION);
  return 0;
}

/* Adds the system's CAs to the context's store, once, unless the caller
 * chose the trusted CAs: on the first verification that needs them, not
 * when the context is made, since loading them takes milliseconds and
 * hundreds of kilobytes that most servers never use. */
static void
load_system_trust (GosslContext *self)
{
  if (!self->use_system_certdb || self->trust_configured)
    return;
  if (g_once_init_enter (&self->system_trust_loaded))
    {
      /* A missing CA file or directory is no error: nothing is trusted. */
      SSL_CTX_set_default_verify_paths (self->ctx);
      ERR_clear_error ();
      g_once_init_leave (&self->system_trust_loaded, 1);
    }
}

/* OpenSSL's verification of the peer's chain (X509_verify_cert()), with
 * the system's CAs loaded first when the peer must be verified, and with
 * the problems that verify_cb() let pass failing it at the end. @arg is
 * the GosslContext, cleared when it is finalized. */
static int
cert_verify_cb (X509_STORE_CTX *store_ctx, void *arg)
{
  GosslContext *self = arg;
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  int ret, deferred;

  if (self != NULL && ssl != NULL && (SSL_get_verify_mode (ssl) & SSL_VERIFY_PEER))
    load_system_trust (self);
  if (connection == NULL)
    return X509_verify_cert (store_ctx);

  gossl_connection_begin_verify (connection);
  ret = X509_verify_cert (store_ctx);
  deferred = gossl_connection_end_verify (connection);
  if (ret > 0 && deferred != X509_V_OK)
    {
      /* What SSL_get_verify_result() reports. */
      X509_STORE_CTX_set_error (store_ctx, deferred);
      return 0;
    }
  return ret;
}

static void
info_cb (const SSL *ssl, int where, int ret)
{
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  GosslContext *self;
  GosslHandler previous;

  if (connection == NULL)
    return;
  if (where & SSL_CB_HANDSHAKE_DONE)
    gossl_connection_handshake_done (connection);
  self = gossl_connection_get_context (connection);
  if (where & SSL_CB_HANDSHAKE_START)
    gossl_context_arm_keylog (self);
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_INFO], 0, FALSE))
    return;
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_INFO);
  g_signal_emit (self, signals[SIGNAL_INFO], 0, connection, where, ret);
  gossl_connection_leave_handler (connection, previous);
}

static int
passwd_cb (char *buf, int size, int rwflag, void *userdata)
{
  GosslContext *self = userdata;
  GosslPassphrase *asking = self != NULL ? self->asking : NULL;
  g_autoptr(GBytes) passphrase = NULL;
  const guint8 *data;
  gsize len = 0;

  if (self == NULL || size <= 0)
    return -1;
  self->passwd_requested = TRUE;
  if (g_signal_has_handler_pending (self, signals[SIGNAL_PASSWD], 0, FALSE))
    {
      g_signal_emit (self, signals[SIGNAL_PASSWD], 0, rwflag != 0, size, &passphrase);
      if (passphrase == NULL)
        return -1;
      data = g_bytes_get_data (passphrase, &len);
    }
  /* Never fall back to OpenSSL's terminal prompt: the interaction asks, if
   * there is one. */
  else if (asking != NULL && gossl_passphrase_ask (asking))
    {
      data = asking->data;
      len = asking->len;
    }
  else
    return -1;
  if (len == 0)
    return -1;
  self->passwd_supplied = TRUE;
  if (len > (gsize) size)
    {
      self->passwd_too_long = TRUE;
      return -1;
    }
  memcpy (buf, data, len);
  return (int) len;
}

/* The server-name callback of the context the handshake started with
 * (OpenSSL calls the initial context's, whatever gossl_connection_set_context()
 * did since). @arg is the GosslContext, cleared when it is finalized. */
static int
servername_cb (SSL *ssl, int *alert, void *arg)
{
  GosslContext *self = arg;
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  gboolean ok = FALSE;
  GosslHandler previous;

  if (self == NULL || connection == NULL ||
      !g_signal_has_handler_pending (self, signals[SIGNAL_SERVERNAME], 0, FALSE))
    return SSL_TLSEXT_ERR_OK;

  /* A handler that switches the connection to another context drops the
   * connection's reference to this one. */
  g_object_ref (self);
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_SERVERNAME);
  g_signal_emit (self, signals[SIGNAL_SERVERNAME], 0, connection, &ok);
  gossl_connection_leave_handler (connection, previous);
  g_object_unref (self);
  if (ok)
    return SSL_TLSEXT_ERR_OK;
  *alert = SSL_AD_UNRECOGNIZED_NAME;
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* The protocols of an ALPN wire-format list that can be strings: names
 * with a NUL or not in UTF-8 cannot be chosen through the string API, so
 * handlers never see them. */
static GStrv
alpn_decode (const unsigned char *wire, unsigned int len)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  unsigned int i = 0;

  while (i < len)
    {
      unsigned int n = wire[i++];

      if (n > len - i)
        break;
      if (n > 0 && memchr (wire + i, 0, n) == NULL &&
          g_utf8_validate ((const char *) wire + i, n, NULL))
        {
          g_autofree char *name = g_strndup ((const char *) wire + i, n);

          g_strv_builder_add (builder, name);
        }
      i += n;
    }
  return g_strv_builder_end (builder);
}

/* Where @name is in the wire-format list @wire (pointing into it, as
 * OpenSSL wants the selection to outlive the callback), or NULL. */
static const unsigned char *
alpn_find (const unsigned char *wire, unsigned int len, const char *name)
{
  size_t name_len = strlen (name);
  unsigned int i = 0;

  while (i < len)
    {
      unsigned int n = wire[i++];

      if (n > len - i)
        break;
      if (n == name_len && memcmp (wire + i, name, n) == 0)
        return wire + i;
      i += n;
    }
  return NULL;
}

static int
alpn_select_cb (SSL                  *ssl,
                const unsigned char **out,
                unsigned char        *outlen,
                const unsigned char  *in,
                unsigned int          inlen,
                void                 *arg)
{
  GosslContext *self = arg;
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  g_auto(GStrv) offered = NULL;
  g_autofree char *chosen = NULL;
  const unsigned char *found;
  GosslHandler previous;

  if (self == NULL || connection == NULL)
    return SSL_TLSEXT_ERR_NOACK;

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_ALPN_SELECT], 0, FALSE))
    {
      const unsigned char *ours;
      gsize ours_len = 0;
      unsigned char *selected = NULL;

      if (self->alpn_wire == NULL)
        return SSL_TLSEXT_ERR_NOACK;
      /* The server's own list, in its order of preference; no common
       * protocol is the fatal no_application_protocol alert of RFC 7301. */
      ours = g_bytes_get_data (self->alpn_wire, &ours_len);
      if (SSL_select_next_proto (&selected, outlen, ours, (unsigned int) ours_len,
                                 in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
      *out = selected;
      return SSL_TLSEXT_ERR_OK;
    }

  offered = alpn_decode (in, inlen);
  g_object_ref (self);
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_ALPN_SELECT);
  g_signal_emit (self, signals[SIGNAL_ALPN_SELECT], 0, connection, offered, &chosen);
  gossl_connection_leave_handler (connection, previous);
  g_object_unref (self);
  if (chosen == NULL)
    return SSL_TLSEXT_ERR_NOACK;
  found = *chosen != '\0' ? alpn_find (in, inlen, chosen) : NULL;
  if (found == NULL)
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  *out = found;
  *outlen = (unsigned char) strlen (chosen);
  return SSL_TLSEXT_ERR_OK;
}

static gboolean
unknown_method (int method, GError **error)
{
  gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                   "No such protocol method: %d", method);
  return FALSE;
}

static gboolean
gossl_context_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  GosslContext *self = GOSSL_CONTEXT (initable);
  const SSL_METHOD *method = TLS_method ();
  int version = 0;

  if (self->ctx != NULL)
    return TRUE;

  switch (self->method)
    {
    case GOSSL_METHOD_TLSV1:
      version = TLS1_VERSION;
      break;
    case GOSSL_METHOD_TLSV1_1:
      version = TLS1_1_VERSION;
      break;
    case GOSSL_METHOD_TLSV1_2:
      version = TLS1_2_VERSION;
      break;
    case GOSSL_METHOD_TLS_SERVER:
      method = TLS_server_method ();
      break;
    case GOSSL_METHOD_TLS_CLIENT:
      method = TLS_client_method ();
      break;
    case GOSSL_METHOD_SSLV23:
    case GOSSL_METHOD_TLS:
      break;
    case GOSSL_METHOD_DTLS:
      method = DTLS_method ();
      break;
    case GOSSL_METHOD_DTLS_SERVER:
      method = DTLS_server_method ();
      break;
    case GOSSL_METHOD_DTLS_CLIENT:
      method = DTLS_client_method ();
      break;
    default:
      return unknown_method ((int) self->method, error);
    }

  ERR_clear_error ();
  self->ctx = SSL_CTX_new (method);
  if (self->ctx == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not create the TLS context");
      return FALSE;
    }

  SSL_CTX_set_ex_data (self->ctx, context_ex_index, self);
  if (version != 0)
    {
      SSL_CTX_set_min_proto_version (self->ctx, version);
      SSL_CTX_set_max_proto_version (self->ctx, version);
    }

  /* The manual's default; OpenSSL's own is 7200 s for TLS. */
  SSL_CTX_set_timeout (self->ctx, 300);

  /* send() returns what was written, as pyOpenSSL's does; a retry after
   * WANT_WRITE may come with another buffer object holding the same bytes
   * (Python bytes vs bytearray), which OpenSSL would otherwise refuse. */
  SSL_CTX_set_mode (self->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                               SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                               SSL_MODE_AUTO_RETRY);

  /* The callbacks are always installed: without a handler they keep
   * OpenSSL's decision (verify), do nothing (info) or fail without
   * prompting (passwd). A client-only context verifies the server; other
   * methods leave that to the connections that become clients
   * (gossl_connection_set_connect_state()), since a server asks for client
   * certificates when it verifies. */
  SSL_CTX_set_verify (self->ctx,
                      self->method == GOSSL_METHOD_TLS_CLIENT ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                      verify_cb);
  SSL_CTX_set_cert_verify_callback (self->ctx, cert_verify_cb, self);
  SSL_CTX_set_info_callback (self->ctx, info_cb);
  SSL_CTX_set_default_passwd_cb (self->ctx, passwd_cb);
  SSL_CTX_set_default_passwd_cb_userdata (self->ctx, self);
  SSL_CTX_set_tlsext_servername_callback (self->ctx, servername_cb);
  SSL_CTX_set_tlsext_servername_arg (self->ctx, self);
  SSL_CTX_set_alpn_select_cb (self->ctx, alpn_select_cb, self);
  install_extension_callbacks (self);
  return TRUE;
}

static void
gossl_context_initable_iface_init (GInitableIface *iface)
{
  iface->init = gossl_context_initable_init;
}

/* The check every call makes first: a context made by g_object_new() and
 * never initialized has no SSL_CTX. */
gboolean
gossl_context_check_usable (GosslContext  *self,
                            GError       **error)
{
  if (G_LIKELY (self->ctx != NULL))
    return TRUE;
  gossl_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The TLS context was not initialized: make it with gossl_context_new() "
                   "or g_initable_new()");
  return FALSE;
}

static void
gossl_context_finalize (GObject *object)
{
  GosslContext *self = GOSSL_CONTEXT (object);

  if (self->ctx != NULL)
    {
      SSL_CTX_set_ex_data (self->ctx, context_ex_index, NULL);
      SSL_CTX_set_default_passwd_cb_userdata (self->ctx, NULL);
      /* Connections switched to another context keep this SSL_CTX alive
       * as their initial one: its callbacks must not find us. */
      SSL_CTX_set_tlsext_servername_arg (self->ctx, NULL);
      SSL_CTX_set_alpn_select_cb (self->ctx, alpn_select_cb, NULL);
      SSL_CTX_set_cert_verify_callback (self->ctx, cert_verify_cb, NULL);
      SSL_CTX_set_tlsext_status_arg (self->ctx, NULL);
      SSL_CTX_free (self->ctx);
    }
  g_clear_pointer (&self->alpn_wire, g_bytes_unref);
  g_clear_object (&self->interaction);
  g_free (self->retry_path);
  G_OBJECT_CLASS (gossl_context_parent_class)->finalize (object);
}

static void
gossl_context_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GosslContext *self = GOSSL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_USE_SYSTEM_CERTDB:
      g_value_set_boolean (value, self->use_system_certdb);
      break;
    case PROP_INTERACTION:
      g_value_set_object (value, self->interaction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_context_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GosslContext *self = GOSSL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      self->method = g_value_get_enum (value);
      break;
    case PROP_USE_SYSTEM_CERTDB:
      gossl_context_set_use_system_certdb (self, g_value_get_boolean (value));
      break;
    case PROP_INTERACTION:
      gossl_context_set_interaction (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_context_class_init (GosslContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gossl_context_finalize;
  object_class->get_property = gossl_context_get_property;
  object_class->set_property = gossl_context_set_property;

  gossl_ensure_initialized ();
  context_ex_index = SSL_CTX_get_ex_new_index (0, (void *) "GosslContext", NULL, NULL, NULL);
  class_init_extension_signals (object_class);

  /**
   * GosslContext:method:
   *
   * The protocol method the context was made for. Initializing a context
   * ([ctor@Gossl.Context.new], g_initable_new()) fails for the methods OpenSSL 3
   * lacks.
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       GOSSL_TYPE_METHOD, GOSSL_METHOD_SSLV23,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslContext:use-system-certdb: (getter get_use_system_certdb) (setter set_use_system_certdb)
   *
   * Whether the context trusts the system's CA certificates when it was
   * given none of its own (see [class@Gossl.Context]). They are loaded the first
   * time a connection verifies a peer with %GOSSL_VERIFY_PEER; changing
   * this afterwards does not unload them. %TRUE by default.
   *
   * Since: 0.2
   */
  properties[PROP_USE_SYSTEM_CERTDB] =
    g_param_spec_boolean ("use-system-certdb", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * GosslContext:interaction: (getter get_interaction) (setter set_interaction)
   *
   * What asks the user for the passphrase of an encrypted private key that
   * [method@Gossl.Context.use_privatekey_file] loads, when no
   * [signal@Gossl.Context::passwd] handler is connected (a handler, as pyOpenSSL's
   * `set_passwd_cb()` connects, always comes first). It is asked once per
   * load, with [method@Gio.TlsInteraction.invoke_ask_password], for a
   * [class@Gio.TlsPassword] whose description names the file; the password
   * carries %G_TLS_PASSWORD_RETRY when the previous load of the same file
   * failed on the passphrase the interaction gave.
   *
   * %NULL by default: an encrypted key then fails to load, as it does when
   * the interaction gives no passphrase. Client certificates are asked for
   * by the interaction of the GIO-compatible connections
   * ([property@Gio.TlsConnection:interaction] of
   * [class@Gossl.TlsClientConnection]), not by this one.
   *
   * Since: 0.2
   */
  properties[PROP_INTERACTION] =
    g_param_spec_object ("interaction", NULL, NULL,
                         G_TYPE_TLS_INTERACTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GosslContext::verify:
   * @self: the context
   * @connection: the connection whose handshake checks the certificate
   * @certificate: the certificate being checked (a new reference to it)
   * @errnum: OpenSSL's verification result for it,
   *   %GOSSL_VERIFY_RESULT_OK when it passed
   * @depth: its depth in the chain: 0 for the peer's own certificate
   * @ok: whether OpenSSL accepts it
   *
   * OpenSSL's certificate verification callback (`SSL_CTX_set_verify()`),
   * called once for each certificate of the peer's chain, from the top down,
   * during the handshake and on the thread that runs it. The first handler
   * connected decides; with none connected, OpenSSL's own decision (@ok)
   * stands (and every certificate of the chain is checked, so that
   * [method@Gossl.Connection.get_peer_certificate_errors] lists every problem).
   *
   * Connections take the context's verification mode and this callback
   * when they are made, as in OpenSSL. A handler that raises an exception in
   * a binding returns %FALSE, which fails the handshake with
   * %GOSSL_SSL_ERROR_BAD_CERTIFICATE ("certificate verify failed"): bindings
   * that want the exception itself must keep it and raise it after the I/O
   * call.
   *
   * Returns: %TRUE to accept the certificate, %FALSE to fail the handshake
   */
  signals[SIGNAL_VERIFY] =
    g_signal_new ("verify",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BOOLEAN,
                  5,
                  GOSSL_TYPE_CONNECTION,
                  GOSSL_TYPE_X509,
                  GOSSL_TYPE_VERIFY_RESULT,
                  G_TYPE_INT,
                  G_TYPE_BOOLEAN);

  /**
   * GosslContext::info:
   * @self: the context
   * @connection: the connection the event belongs to
   * @where: what happened: OpenSSL's `SSL_CB_*` bits
   * @ret: the return code of the step (for an alert, its type and
   *   description)
   *
   * OpenSSL's information callback (`SSL_CTX_set_info_callback()`), emitted
   * at each step of a handshake on the thread that runs it.
   * [method@Gossl.Connection.state_string] tells the state reached.
   */
  signals[SIGNAL_INFO] =
    g_signal_new ("info",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE,
                  3,
                  GOSSL_TYPE_CONNECTION,
                  GOSSL_TYPE_INFO_WHERE,
                  G_TYPE_INT);

  /**
   * GosslContext::passwd:
   * @self: the context
   * @repeat: %TRUE when the passphrase is for writing (encrypting), so a
   *   user should be asked twice
   * @maxlen: the longest passphrase OpenSSL accepts, in bytes
   *
   * OpenSSL's passphrase callback (`SSL_CTX_set_default_passwd_cb()`),
   * emitted when [method@Gossl.Context.use_privatekey_file] meets an encrypted key.
   * The first handler connected decides. With no handler, or a %NULL or
   * empty result, the key is not decrypted and the load fails; the terminal
   * is never asked. A passphrase longer than @maxlen fails the load too.
   *
   * The passphrase is a [struct@GLib.Bytes], not a string: it is arbitrary bytes.
   *
   * Returns: (transfer full) (nullable): the passphrase, or %NULL to refuse
   */
  signals[SIGNAL_PASSWD] =
    g_signal_new ("passwd",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BYTES,
                  2,
                  G_TYPE_BOOLEAN,
                  G_TYPE_INT);

  /**
   * GosslContext::servername:
   * @self: the context
   * @connection: the server connection whose handshake is under way
   *
   * OpenSSL's server-name (SNI) callback
   * (`SSL_CTX_set_tlsext_servername_callback()`), emitted on a server's
   * handshake once the client's hello is read, whether or not it named a
   * server: [method@Gossl.Connection.get_servername] tells the name. A handler may
   * switch the connection to another context, with another certificate, with
   * [method@Gossl.Connection.set_context]. It is emitted on the context the
   * connection was made from, on the thread that runs the handshake. The
   * first handler connected decides.
   *
   * Returns: %TRUE to go on with the handshake, %FALSE to fail it with an
   *   unrecognized_name alert
   */
  signals[SIGNAL_SERVERNAME] =
    g_signal_new ("servername",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BOOLEAN,
                  1,
                  GOSSL_TYPE_CONNECTION);

  /**
   * GosslContext::alpn-select:
   * @self: the context
   * @connection: the server connection whose handshake is under way
   * @offered: (array zero-terminated=1): the protocols the client offers
   *   (RFC 7301 ALPN), in its order of preference; names that are not
   *   UTF-8 text are left out
   *
   * OpenSSL's ALPN selection callback (`SSL_CTX_set_alpn_select_cb()`),
   * emitted on a server's handshake when the client offers protocols, on the
   * thread that runs it. The first handler connected decides.
   *
   * With no handler connected, a server that was given a list with
   * [method@Gossl.Context.set_alpn_protos] picks the first protocol of its own
   * list that the client offers, and fails the handshake with the
   * no_application_protocol alert when there is none; a server without a
   * list ignores ALPN.
   *
   * Returns: (transfer full) (nullable): one of @offered; %NULL to go on
   *   without ALPN; anything else (the empty string, say) fails the
   *   handshake with the no_application_protocol alert
   */
  signals[SIGNAL_ALPN_SELECT] =
    g_signal_new ("alpn-select",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_STRING,
                  2,
                  GOSSL_TYPE_CONNECTION,
                  G_TYPE_STRV);
}

static void
gossl_context_init (GosslContext *self)
{
  self->use_system_certdb = TRUE;
}

SSL_CTX *
gossl_context_get_native (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), NULL);
  return self->ctx;
}

gboolean
gossl_context_get_verify_explicit (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  return self->verify_explicit;
}

/**
 * gossl_context_new:
 * @method: the protocol method
 * @error: return location for a [struct@GLib.Error]
 *
 * A new context for @method: the same as g_initable_new() with
 * [property@Gossl.Context:method]. A value that is not a [enum@Gossl.Method] fails with
 * %GOSSL_SSL_ERROR_INVALID_ARGUMENT (OpenSSL 3 has no SSL 2.0 or 3.0
 * method). The single-version methods (%GOSSL_METHOD_TLSV1 ...) pin the
 * context to that version; at OpenSSL 3's default security level (see
 * [enum@Gossl.Method]) handshakes below TLS 1.2 are refused, so TLS 1.0 and 1.1
 * contexts can be made but not used. Sessions time out after 300 seconds.
 * Its client connections verify the server against the system's CAs until
 * [method@Gossl.Context.set_verify] or [method@Gossl.Context.load_verify_locations] says
 * otherwise (see [class@Gossl.Context]); its server connections ask for no client
 * certificate.
 *
 * Returns: (transfer full): the context, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslContext *
gossl_context_new (GosslMethod   method,
                   GError      **error)
{
  GEnumClass *methods;
  gboolean known;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* g_object_new() would warn about a value outside the enumeration and
   * make a context of the default method. */
  methods = g_type_class_ref (GOSSL_TYPE_METHOD);
  known = g_enum_get_value (methods, (int) method) != NULL;
  g_type_class_unref (methods);
  if (!known)
    {
      unknown_method ((int) method, error);
      return NULL;
    }
  gossl_ensure_initialized ();
  return g_initable_new (GOSSL_TYPE_CONTEXT, NULL, error, "method", method, NULL);
}

static gboolean
has_private_key (GosslContext *self)
{
  return SSL_CTX_get0_privatekey (self->ctx) != NULL;
}

/* After a certificate was set: the key set before it is gone when they do
 * not match (for a key of another type, it is no longer the one used). */
static void
note_certificate_set (GosslContext *self, gboolean key_before)
{
  if (key_before && !has_private_key (self))
    self->key_dropped = TRUE;
}

/* Whether a failed SSL_CTX_use_PrivateKey*() refused a key that does not
 * belong to the certificate already set: X509_check_private_key()'s
 * reasons. */
static gboolean
queue_holds_key_mismatch (void)
{
  unsigned long code = ERR_peek_last_error ();

  return ERR_GET_LIB (code) == ERR_LIB_X509 &&
         (ERR_GET_REASON (code) == X509_R_KEY_VALUES_MISMATCH ||
          ERR_GET_REASON (code) == X509_R_KEY_TYPE_MISMATCH);
}

#define KEY_MISMATCH "it does not match the certificate set in the context"

static gboolean
check_ssl_filetype (GosslFiletype type, GError **error)
{
  if (type == GOSSL_FILETYPE_PEM || type == GOSSL_FILETYPE_ASN1)
    return TRUE;
  gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                   "type argument must be FILETYPE_PEM or FILETYPE_ASN1, not %d", (int) type);
  return FALSE;
}

/**
 * gossl_context_use_certificate:
 * @self: a [class@Gossl.Context]
 * @cert: the certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses @cert as this side's certificate. The context keeps its own reference
 * to the certificate data.
 *
 * When a private key is already set and @cert does not match it, the call
 * still succeeds, as in OpenSSL, but the context no longer uses that key:
 * [method@Gossl.Context.check_privatekey] then fails and says so. Set the
 * certificate first and the key after it to have a mismatch refused at once
 * (see [method@Gossl.Context.use_privatekey]).
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses the certificate
 *
 * Since: 0.1
 */
gboolean
gossl_context_use_certificate (GosslContext  *self,
                               GosslX509     *cert,
                               GError       **error)
{
  X509 *x509;
  gboolean key_before;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  x509 = gossl_x509_get_native (cert);
  key_before = has_private_key (self);
  ERR_clear_error ();
  if (x509 == NULL || SSL_CTX_use_certificate (self->ctx, x509) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate");
      return FALSE;
    }
  note_certificate_set (self, key_before);
  return TRUE;
}

/**
 * gossl_context_use_certificate_file:
 * @self: a [class@Gossl.Context]
 * @path: (type filename): the file
 * @type: the encoding of the file
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses the first certificate in @path as this side's certificate. A
 * certificate that does not match the private key set before it is taken as
 * by [method@Gossl.Context.use_certificate]: the context stops using the key.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when the file
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_SSL_ERROR_FAILED when it holds no
 *   certificate of @type
 *
 * Since: 0.1
 */
gboolean
gossl_context_use_certificate_file (GosslContext   *self,
                                    const char     *path,
                                    GosslFiletype   type,
                                    GError        **error)
{
  g_autofree char *shown = NULL;
  gboolean key_before;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  if (!check_ssl_filetype (type, error))
    return FALSE;
  if (!gossl_file_check (path, GOSSL_FILE_READ, GOSSL_SSL_ERROR, "the certificate file", error))
    return FALSE;
  key_before = has_private_key (self);
  ERR_clear_error ();
  if (SSL_CTX_use_certificate_file (self->ctx, path, type) != 1)
    {
      shown = display_name (path);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate file %s", shown);
      return FALSE;
    }
  note_certificate_set (self, key_before);
  return TRUE;
}

/**
 * gossl_context_use_certificate_chain_file:
 * @self: a [class@Gossl.Context]
 * @path: (type filename): a PEM file: this side's certificate, then the
 *   intermediate CA certificates up to (not necessarily including) the root
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses the certificate chain in @path. A certificate that does not match the
 * private key set before it is taken as by [method@Gossl.Context.use_certificate]:
 * the context stops using the key.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when the file
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_SSL_ERROR_FAILED when it holds no
 *   PEM certificate
 *
 * Since: 0.1
 */
gboolean
gossl_context_use_certificate_chain_file (GosslContext  *self,
                                          const char    *path,
                                          GError       **error)
{
  g_autofree char *shown = NULL;
  gboolean key_before;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;
  if (!gossl_file_check (path, GOSSL_FILE_READ, GOSSL_SSL_ERROR, "the certificate chain file", error))
    return FALSE;
  key_before = has_private_key (self);
  ERR_clear_error ();
  if (SSL_CTX_use_certificate_chain_file (self->ctx, path) != 1)
    {
      shown = display_name (path);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate chain file %s", shown);
      return FALSE;
    }
  note_certificate_set (self, key_before);
  return TRUE;
}

/**
 * gossl_context_use_privatekey:
 * @self: a [class@Gossl.Context]
 * @pkey: the private key
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses @pkey as this side's private key.
 *
 * When a certificate is already set, @pkey must be its key: a key that does
 * not match it is refused ("it does not match the certificate set in the
 * context", with OpenSSL's "key values mismatch"), and the context keeps
 * the key it had. (A certificate set after the key is not refused: see
 * [method@Gossl.Context.use_certificate].)
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for an empty key object, or %GOSSL_SSL_ERROR_FAILED when @pkey does not
 *   match the certificate or OpenSSL refuses it
 *
 * Since: 0.1
 */
gboolean
gossl_context_use_privatekey (GosslContext  *self,
                              GosslPKey     *pkey,
                              GError       **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  native = gossl_pkey_get_native (pkey);
  if (native == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "The key object holds no key");
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_CTX_use_PrivateKey (self->ctx, native) != 1)
    {
      if (queue_holds_key_mismatch ())
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "Could not use the private key: " KEY_MISMATCH);
      else
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "Could not use the private key");
      return FALSE;
    }
  self->key_dropped = FALSE;
  return TRUE;
}

/**
 * gossl_context_use_privatekey_file:
 * @self: a [class@Gossl.Context]
 * @path: (type filename): the file
 * @type: the encoding of the file
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses the first private key in @path. An encrypted PEM key is decrypted
 * with the passphrase a [signal@Gossl.Context::passwd] handler returns, or, with no
 * handler connected, the one [property@Gossl.Context:interaction] gives; without
 * either the load fails (no terminal prompt). As with
 * [method@Gossl.Context.use_privatekey], a key that does not match the certificate
 * already set is refused.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when the file
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), %GOSSL_SSL_ERROR_FAILED when it holds no
 *   key of @type, the key cannot be decrypted (no passphrase given, or a
 *   wrong one), or it does not match the certificate, or the error the
 *   interaction set (%G_IO_ERROR_CANCELLED when the user cancelled), after
 *   the file's name
 *
 * Since: 0.1
 */
gboolean
gossl_context_use_privatekey_file (GosslContext   *self,
                                   const char     *path,
                                   GosslFiletype   type,
                                   GError        **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *description = NULL;
  g_auto(GosslPassphrase) asking = { NULL };
  GosslPassphrase *outer;
  gboolean mismatch;
  int ret;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  if (!check_ssl_filetype (type, error))
    return FALSE;
  if (!gossl_file_check (path, GOSSL_FILE_READ, GOSSL_SSL_ERROR, "the private key file", error))
    return FALSE;

  shown = display_name (path);
  description = g_strdup_printf ("Private key file %s", shown);
  asking.interaction = self->interaction;
  asking.description = description;
  if (self->retry_path != NULL && strcmp (self->retry_path, path) == 0)
    asking.flags = G_TLS_PASSWORD_RETRY;
  g_clear_pointer (&self->retry_path, g_free);

  self->passwd_requested = FALSE;
  self->passwd_supplied = FALSE;
  self->passwd_too_long = FALSE;
  /* An interaction may load another key into the context while it asks. */
  outer = self->asking;
  self->asking = &asking;
  ERR_clear_error ();
  ret = SSL_CTX_use_PrivateKey_file (self->ctx, path, type);
  self->asking = outer;
  if (ret == 1)
    {
      self->key_dropped = FALSE;
      return TRUE;
    }

  /* A key that decrypted may still not match the certificate: that comes
   * before what the passphrase says. */
  mismatch = queue_holds_key_mismatch ();
  /* The interaction's passphrase did not decrypt the key: asking for the
   * same file again is a retry. */
  if (asking.password != NULL && self->passwd_supplied && !mismatch)
    self->retry_path = g_strdup (path);

  if (asking.error != NULL)
    gossl_propagate_error (error, g_steal_pointer (&asking.error),
                           "Could not use the private key file %s: ", shown);
  else if (mismatch)
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s: " KEY_MISMATCH, shown);
  else if (self->passwd_too_long)
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s: the passphrase "
                                  "%s is too long", shown,
                                  asking.password != NULL ? "the interaction gave"
                                                          : "returned by the passwd handler");
  else if (self->passwd_requested && !self->passwd_supplied)
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s: the key is "
                                  "encrypted and no passphrase was given", shown);
  else if (self->passwd_requested)
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s: the passphrase "
                                  "does not decrypt the key", shown);
  else
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s", shown);
  return FALSE;
}

/**
 * gossl_context_check_privatekey:
 * @self: a [class@Gossl.Context]
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks that the private key matches the certificate.
 *
 * The message of the error says what is wrong:
 * - "The context has neither a certificate nor a private key";
 * - "The context has a private key but no certificate";
 * - "The context has a certificate but no private key";
 * - "The private key does not match the certificate", when a certificate
 *   that does not match the key was set after it (the context stopped using
 *   the key then, see [method@Gossl.Context.use_certificate]), or when OpenSSL
 *   finds that they do not match (its reasons follow).
 *
 * A key set after the certificate never gets here unmatched:
 * [method@Gossl.Context.use_privatekey] refuses it.
 *
 * Returns: %TRUE when they match; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   they do not, or when either is missing
 *
 * Since: 0.1
 */
gboolean
gossl_context_check_privatekey (GosslContext  *self,
                                GError       **error)
{
  gboolean have_cert, have_key;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;
  /* OpenSSL's own reasons ("no certificate assigned") say neither which one
   * is missing when both are, nor why a key set earlier is gone. */
  have_cert = SSL_CTX_get0_certificate (self->ctx) != NULL;
  have_key = has_private_key (self);
  if (have_cert && !have_key && self->key_dropped)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "The private key does not match the certificate: the certificate "
                       "was set after the key and does not belong to it, so the context "
                       "no longer uses the key");
      return FALSE;
    }
  if (!have_cert || !have_key)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED, "The context has %s",
                       have_cert ? "a certificate but no private key"
                       : have_key ? "a private key but no certificate"
                       : "neither a certificate nor a private key");
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_CTX_check_private_key (self->ctx) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "The private key does not match the certificate");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_load_verify_locations:
 * @self: a [class@Gossl.Context]
 * @cafile: (type filename) (nullable): a PEM file of trusted CA
 *   certificates, or %NULL
 * @capath: (type filename) (nullable): a directory of trusted CA
 *   certificates named by subject hash (`openssl rehash`), or %NULL
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds trusted CA certificates for verifying peers. The directory is read
 * lazily, during verification: it is not checked here, and a missing one
 * adds no certificates (as in OpenSSL). The context no longer trusts the
 * system's CAs by default: [method@Gossl.Context.set_default_verify_paths] adds
 * them too.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when @cafile
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_SSL_ERROR_FAILED when it holds
 *   no certificate or CRL, or when neither argument is given
 *
 * Since: 0.1
 */
gboolean
gossl_context_load_verify_locations (GosslContext  *self,
                                     const char    *cafile,
                                     const char    *capath,
                                     GError       **error)
{
  g_autofree char *shown_file = NULL;
  g_autofree char *shown_dir = NULL;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  if (cafile == NULL && capath == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "Neither a CA file nor a CA directory was given");
      return FALSE;
    }
  if (cafile != NULL &&
      !gossl_file_check (cafile, GOSSL_FILE_READ, GOSSL_SSL_ERROR, "the CA file", error))
    return FALSE;
  ERR_clear_error ();
  if (SSL_CTX_load_verify_locations (self->ctx, cafile, capath) != 1)
    {
      shown_file = display_name (cafile);
      shown_dir = display_name (capath);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not load the verify locations %s%s%s",
                                    shown_file, cafile && capath ? ", " : "", shown_dir);
      return FALSE;
    }
  self->trust_configured = TRUE;
  return TRUE;
}

/**
 * gossl_context_set_default_verify_paths:
 * @self: a [class@Gossl.Context]
 * @error: return location for a [struct@GLib.Error]
 *
 * Trusts the system's CA certificates (OpenSSL's default file and directory,
 * or `SSL_CERT_FILE`/`SSL_CERT_DIR`) now rather than when a peer is first
 * verified (see [property@Gossl.Context:use-system-certdb]).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_default_verify_paths (GosslContext  *self,
                                        GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  ERR_clear_error ();
  if (SSL_CTX_set_default_verify_paths (self->ctx) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the default verify paths");
      return FALSE;
    }
  self->trust_configured = TRUE;
  return TRUE;
}

/**
 * gossl_context_load_client_ca:
 * @self: a [class@Gossl.Context]
 * @cafile: (type filename): a PEM file of CA certificates
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the CA names a server sends when it asks for a client certificate to
 * the subjects of the certificates in @cafile. It does not make them
 * trusted: see [method@Gossl.Context.load_verify_locations].
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when the file
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_SSL_ERROR_FAILED when it holds no
 *   PEM certificate
 *
 * Since: 0.1
 */
gboolean
gossl_context_load_client_ca (GosslContext  *self,
                              const char    *cafile,
                              GError       **error)
{
  g_autofree char *shown = NULL;
  STACK_OF (X509_NAME) *names;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (cafile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;
  if (!gossl_file_check (cafile, GOSSL_FILE_READ, GOSSL_SSL_ERROR, "the CA file", error))
    return FALSE;
  ERR_clear_error ();
  names = SSL_load_client_CA_file (cafile);
  if (names == NULL)
    {
      shown = display_name (cafile);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not read any CA certificate from %s", shown);
      return FALSE;
    }
  SSL_CTX_set_client_CA_list (self->ctx, names);
  return TRUE;
}

/* OpenSSL's minimum security bits for each security level (SSL_CTX_set_security_level(3)). */
static int
security_bits_for_level (int level)
{
  static const int bits[] = { 0, 80, 112, 128, 192, 256 };

  if (level <= 0)
    return 0;
  return bits[MIN (level, (int) G_N_ELEMENTS (bits) - 1)];
}

/**
 * gossl_context_load_tmp_dh:
 * @self: a [class@Gossl.Context]
 * @dhfile: (type filename): a PEM file of Diffie-Hellman parameters
 *   (`openssl dhparam`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Uses the Diffie-Hellman parameters in @dhfile for ephemeral DH key
 * exchange (TLS 1.2 DHE cipher suites). Parameters too small for the
 * context's security level (1024 bits at level 2 and above) are refused.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_IO when the file
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_SSL_ERROR_FAILED when it holds no
 *   DH parameters, or they are too small
 *
 * Since: 0.1
 */
gboolean
gossl_context_load_tmp_dh (GosslContext  *self,
                           const char    *dhfile,
                           GError       **error)
{
  const char *what = "the DH parameters file";
  g_autofree char *shown = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(EVP_PKEY) params = NULL;
  int level, needed, have;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (dhfile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;
  if (!gossl_file_check (dhfile, GOSSL_FILE_READ, GOSSL_SSL_ERROR, what, error))
    return FALSE;
  shown = display_name (dhfile);
  ERR_clear_error ();
  bio = BIO_new_file (dhfile, "r");
  if (bio == NULL)
    {
      /* the file went away since the check */
      gossl_file_set_error (error, GOSSL_SSL_ERROR, GOSSL_FILE_READ, 0, what, dhfile);
      return FALSE;
    }
  params = PEM_read_bio_Parameters (bio, NULL);
  if (params == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not read DH parameters from %s", shown);
      return FALSE;
    }
  if (!EVP_PKEY_is_a (params, "DH") && !EVP_PKEY_is_a (params, "DHX"))
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "%s holds %s parameters, not Diffie-Hellman parameters",
                       shown, EVP_PKEY_get0_type_name (params));
      return FALSE;
    }

  /* OpenSSL refuses parameters too weak for the security level, with a
   * bare "dh key too small": say what the rule is, and keep its queue. */
  level = SSL_CTX_get_security_level (self->ctx);
  needed = security_bits_for_level (level);
  have = EVP_PKEY_get_security_bits (params);
  ERR_clear_error ();
  if (SSL_CTX_set0_tmp_dh_pkey (self->ctx, params) != 1)
    {
      if (have < needed)
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "DH parameters too small for the security level: "
                                      "%s has %d bits (%d bits of security), security "
                                      "level %d needs %d bits of security",
                                      shown, EVP_PKEY_get_bits (params), have, level, needed);
      else
        gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                      "Could not use the DH parameters from %s", shown);
      return FALSE;
    }
  params = NULL; /* the context owns it now */
  return TRUE;
}

/**
 * gossl_context_get_cert_store:
 * @self: a [class@Gossl.Context]
 *
 * The store of trusted certificates the context verifies peers with.
 * Certificates added to it are trusted by connections made from the context.
 * The store object holds its own reference, so it stays valid after the
 * context is gone. Whoever asks for the store chooses the trusted CAs: the
 * context no longer adds the system's by default.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL for a context
 *   made by [ctor@GObject.Object.new] for a method OpenSSL 3 lacks
 *
 * Since: 0.1
 */
GosslX509Store *
gossl_context_get_cert_store (GosslContext *self)
{
  X509_STORE *store;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), NULL);
  if (!gossl_context_check_usable (self, NULL))
    return NULL;

  self->trust_configured = TRUE;
  store = SSL_CTX_get_cert_store (self->ctx);
  if (store == NULL || X509_STORE_up_ref (store) != 1)
    return NULL;
  return gossl_x509_store_new_from_native (store);
}

/**
 * gossl_context_set_cipher_list:
 * @self: a [class@Gossl.Context]
 * @ciphers: an OpenSSL cipher list, such as "HIGH:!aNULL" (see ciphers(1))
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the cipher suites for TLS 1.2 and below. TLS 1.3 suites are not
 * affected, as in OpenSSL.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED ("no cipher
 *   match") when @ciphers selects no cipher
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_cipher_list (GosslContext  *self,
                               const char    *ciphers,
                               GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (ciphers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  ERR_clear_error ();
  if (SSL_CTX_set_cipher_list (self->ctx, ciphers) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the cipher list \"%s\"", ciphers);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_set_options:
 * @self: a [class@Gossl.Context]
 * @options: `GOSSL_OP_*` options (OpenSSL's `SSL_OP_*` values) to add
 *
 * Adds options. Options set before stay set.
 *
 * Returns: the new option mask
 *
 * Since: 0.1
 */
guint64
gossl_context_set_options (GosslContext *self,
                           guint64       options)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_set_options (self->ctx, (uint64_t) options);
}

/**
 * gossl_context_get_options:
 * @self: a [class@Gossl.Context]
 *
 * The option mask: OpenSSL's defaults and what [method@Gossl.Context.set_options]
 * added.
 *
 * Returns: the option mask
 *
 * Since: 0.1
 */
guint64
gossl_context_get_options (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_get_options (self->ctx);
}

/**
 * gossl_context_set_verify:
 * @self: a [class@Gossl.Context]
 * @mode: the verification flags
 *
 * Sets how peers are verified; the verification callback is the
 * [signal@Gossl.Context::verify] signal. %GOSSL_VERIFY_PEER makes a server ask for a
 * client certificate and a client fail on a server certificate it cannot
 * verify; it may be combined with %GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT and
 * %GOSSL_VERIFY_CLIENT_ONCE. Connections made later use the new mode.
 *
 * Once called, the mode is what @mode says for clients too: before, client
 * connections verify the server (%GOSSL_VERIFY_PEER) by default.
 * `gossl_context_set_verify (context, GOSSL_VERIFY_NONE)` is the way to
 * turn verification off; [method@Gossl.Connection.get_peer_certificate_errors]
 * still tells what is wrong with the certificate a peer sent.
 *
 * Since: 0.1
 */
void
gossl_context_set_verify (GosslContext    *self,
                          GosslVerifyMode  mode)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  if (!gossl_context_check_usable (self, NULL))
    return;

  self->verify_explicit = TRUE;
  SSL_CTX_set_verify (self->ctx, (int) mode, verify_cb);
}

/**
 * gossl_context_get_verify_mode:
 * @self: a [class@Gossl.Context]
 *
 * The verification flags [method@Gossl.Context.set_verify] set.
 *
 * Returns: the verification flags
 *
 * Since: 0.1
 */
GosslVerifyMode
gossl_context_get_verify_mode (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), GOSSL_VERIFY_NONE);
  if (!gossl_context_check_usable (self, NULL))
    return GOSSL_VERIFY_NONE;

  return (GosslVerifyMode) SSL_CTX_get_verify_mode (self->ctx);
}

/**
 * gossl_context_set_verify_depth:
 * @self: a [class@Gossl.Context]
 * @depth: the longest certificate chain accepted, not counting the peer's
 *   own certificate
 *
 * Limits the length of peer certificate chains.
 *
 * Since: 0.1
 */
void
gossl_context_set_verify_depth (GosslContext *self,
                                int           depth)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  if (!gossl_context_check_usable (self, NULL))
    return;

  SSL_CTX_set_verify_depth (self->ctx, depth);
}

/**
 * gossl_context_get_verify_depth:
 * @self: a [class@Gossl.Context]
 *
 * The verify depth [method@Gossl.Context.set_verify_depth] set (-1, unlimited, by
 * default).
 *
 * Returns: the verify depth
 *
 * Since: 0.1
 */
int
gossl_context_get_verify_depth (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_get_verify_depth (self->ctx);
}

/**
 * gossl_context_set_timeout:
 * @self: a [class@Gossl.Context]
 * @seconds: the lifetime of new sessions, in seconds
 *
 * Sets how long new sessions may be resumed.
 *
 * Since: 0.1
 */
void
gossl_context_set_timeout (GosslContext *self,
                           glong         seconds)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  if (!gossl_context_check_usable (self, NULL))
    return;

  SSL_CTX_set_timeout (self->ctx, seconds);
}

/**
 * gossl_context_get_timeout:
 * @self: a [class@Gossl.Context]
 *
 * The session lifetime: 300 seconds unless [method@Gossl.Context.set_timeout]
 * changed it.
 *
 * Returns: the session lifetime in seconds
 *
 * Since: 0.1
 */
glong
gossl_context_get_timeout (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_get_timeout (self->ctx);
}

/**
 * gossl_context_set_session_id:
 * @self: a [class@Gossl.Context]
 * @id: (array length=len) (element-type guint8): the session ID context:
 *   any bytes, at most 32
 * @len: the length of @id
 * @error: return location for a [struct@GLib.Error]
 *
 * Names the context within which sessions may be resumed. A server that asks
 * for client certificates needs one for session resumption.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when @id
 *   is longer than 32 bytes
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_session_id (GosslContext  *self,
                              const guint8  *id,
                              gsize          len,
                              GError       **error)
{
  static const guint8 empty[1] = { 0 };

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (id != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  if (len > SSL_MAX_SID_CTX_LENGTH)
    {
      /* Let OpenSSL refuse it, so the error carries its reason too. */
      ERR_clear_error ();
      SSL_CTX_set_session_id_context (self->ctx, id, (unsigned int) MIN (len, G_MAXUINT));
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "The session ID context is %" G_GSIZE_FORMAT
                                    " bytes long, more than %d", len, SSL_MAX_SID_CTX_LENGTH);
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_CTX_set_session_id_context (self->ctx, id != NULL ? id : empty, (unsigned int) len) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the session ID context");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_proto_version (int version, GError **error)
{
  switch (version)
    {
    case 0:
    case SSL3_VERSION:
    case TLS1_VERSION:
    case TLS1_1_VERSION:
    case TLS1_2_VERSION:
    case TLS1_3_VERSION:
      return TRUE;
    default:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "0x%04x is not a TLS protocol version", (unsigned int) version);
      return FALSE;
    }
}

/* SSL_CTX_set_min/max_proto_version(), which are SSL_CTX_ctrl() with @ctrl. */
static gboolean
set_proto_bound (GosslContext  *self,
                 int            ctrl,
                 const char    *bound,
                 int            version,
                 GError       **error)
{
  if (!check_proto_version (version, error))
    return FALSE;
  ERR_clear_error ();
  if (SSL_CTX_ctrl (self->ctx, ctrl, version, NULL) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the %s protocol version 0x%04x",
                                    bound, (unsigned int) version);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_set_min_proto_version:
 * @self: a [class@Gossl.Context]
 * @version: the lowest protocol version to negotiate: %GOSSL_TLS1_2_VERSION
 *   and the like, or 0 for the lowest the library supports
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the lowest protocol version connections negotiate. Connections made
 * later use it. At OpenSSL 3's default security level (see [enum@Gossl.Method])
 * versions below TLS 1.2 are refused, whatever this says.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a number that is no protocol version, %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses it for this context's method
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_min_proto_version (GosslContext  *self,
                                     int            version,
                                     GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  return set_proto_bound (self, SSL_CTRL_SET_MIN_PROTO_VERSION, "minimum", version, error);
}

/**
 * gossl_context_set_max_proto_version:
 * @self: a [class@Gossl.Context]
 * @version: the highest protocol version to negotiate: %GOSSL_TLS1_3_VERSION
 *   and the like, or 0 for the highest the library supports
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the highest protocol version connections negotiate. Connections made
 * later use it.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a number that is no protocol version, %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses it for this context's method
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_max_proto_version (GosslContext  *self,
                                     int            version,
                                     GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  return set_proto_bound (self, SSL_CTRL_SET_MAX_PROTO_VERSION, "maximum", version, error);
}

/**
 * gossl_context_get_min_proto_version:
 * @self: a [class@Gossl.Context]
 *
 * The lowest protocol version connections negotiate, as
 * [method@Gossl.Context.set_min_proto_version] or the method set it.
 *
 * Returns: the version (%GOSSL_TLS1_2_VERSION and the like), or 0 for the
 *   lowest the library supports
 *
 * Since: 0.1
 */
int
gossl_context_get_min_proto_version (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_get_min_proto_version (self->ctx);
}

/**
 * gossl_context_get_max_proto_version:
 * @self: a [class@Gossl.Context]
 *
 * The highest protocol version connections negotiate, as
 * [method@Gossl.Context.set_max_proto_version] or the method set it.
 *
 * Returns: the version (%GOSSL_TLS1_3_VERSION and the like), or 0 for the
 *   highest the library supports
 *
 * Since: 0.1
 */
int
gossl_context_get_max_proto_version (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return SSL_CTX_get_max_proto_version (self->ctx);
}

/**
 * gossl_context_set_use_system_certdb: (set-property use-system-certdb)
 * @self: a [class@Gossl.Context]
 * @use_system_certdb: whether to trust the system's CAs by default
 *
 * Sets [property@Gossl.Context:use-system-certdb]. %FALSE makes a context that was
 * given no CAs of its own trust nothing.
 *
 * Since: 0.2
 */
void
gossl_context_set_use_system_certdb (GosslContext *self,
                                     gboolean      use_system_certdb)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));

  use_system_certdb = !!use_system_certdb;
  if (self->use_system_certdb == use_system_certdb)
    return;
  self->use_system_certdb = use_system_certdb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_SYSTEM_CERTDB]);
}

/**
 * gossl_context_set_interaction: (set-property interaction)
 * @self: a [class@Gossl.Context]
 * @interaction: (nullable): the interaction, or %NULL for none
 *
 * Sets [property@Gossl.Context:interaction], which asks the user for the passphrases
 * of encrypted private keys when no [signal@Gossl.Context::passwd] handler is
 * connected.
 *
 * Since: 0.2
 */
void
gossl_context_set_interaction (GosslContext    *self,
                               GTlsInteraction *interaction)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  g_return_if_fail (interaction == NULL || G_IS_TLS_INTERACTION (interaction));

  if (g_set_object (&self->interaction, interaction))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERACTION]);
}

/**
 * gossl_context_get_interaction: (get-property interaction)
 * @self: a [class@Gossl.Context]
 *
 * The interaction that asks for passphrases
 * ([property@Gossl.Context:interaction]).
 *
 * Returns: (transfer none) (nullable): the interaction, or %NULL
 *
 * Since: 0.2
 */
GTlsInteraction *
gossl_context_get_interaction (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), NULL);
  return self->interaction;
}

/**
 * gossl_context_get_use_system_certdb: (get-property use-system-certdb)
 * @self: a [class@Gossl.Context]
 *
 * Whether the context trusts the system's CAs when it was given none
 * ([property@Gossl.Context:use-system-certdb]).
 *
 * Returns: %TRUE when it does
 *
 * Since: 0.2
 */
gboolean
gossl_context_get_use_system_certdb (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  return self->use_system_certdb;
}

int
gossl_protocol_version_to_native (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
      return 0;
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      return SSL3_VERSION;
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      return TLS1_VERSION;
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      return TLS1_1_VERSION;
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return TLS1_2_VERSION;
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return TLS1_3_VERSION;
    default:
      return -1;
    }
}

GTlsProtocolVersion
gossl_protocol_version_from_native (int version)
{
  switch (version)
    {
    case SSL3_VERSION:
      return G_TLS_PROTOCOL_VERSION_SSL_3_0;
    case TLS1_VERSION:
      return G_TLS_PROTOCOL_VERSION_TLS_1_0;
    case TLS1_1_VERSION:
      return G_TLS_PROTOCOL_VERSION_TLS_1_1;
    case TLS1_2_VERSION:
      return G_TLS_PROTOCOL_VERSION_TLS_1_2;
    case TLS1_3_VERSION:
      return G_TLS_PROTOCOL_VERSION_TLS_1_3;
    default:
      return G_TLS_PROTOCOL_VERSION_UNKNOWN;
    }
}

static gboolean
set_protocol_bound (GosslContext         *self,
                    int                   ctrl,
                    const char           *bound,
                    GTlsProtocolVersion   version,
                    GError              **error)
{
  int native = gossl_protocol_version_to_native (version);

  if (native < 0)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "%d is not a TLS protocol version (DTLS is not supported)", (int) version);
      return FALSE;
    }
  return set_proto_bound (self, ctrl, bound, native, error);
}

/**
 * gossl_context_set_min_protocol_version:
 * @self: a [class@Gossl.Context]
 * @version: the lowest protocol version to negotiate, or
 *   %G_TLS_PROTOCOL_VERSION_UNKNOWN for the lowest the library supports
 * @error: return location for a [struct@GLib.Error]
 *
 * [method@Gossl.Context.set_min_proto_version] with GIO's protocol versions.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a DTLS version, %GOSSL_SSL_ERROR_FAILED when OpenSSL refuses it
 *   for this context's method
 *
 * Since: 0.2
 */
gboolean
gossl_context_set_min_protocol_version (GosslContext         *self,
                                        GTlsProtocolVersion   version,
                                        GError              **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  return set_protocol_bound (self, SSL_CTRL_SET_MIN_PROTO_VERSION, "minimum", version, error);
}

/**
 * gossl_context_set_max_protocol_version:
 * @self: a [class@Gossl.Context]
 * @version: the highest protocol version to negotiate, or
 *   %G_TLS_PROTOCOL_VERSION_UNKNOWN for the highest the library supports
 * @error: return location for a [struct@GLib.Error]
 *
 * [method@Gossl.Context.set_max_proto_version] with GIO's protocol versions.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a DTLS version, %GOSSL_SSL_ERROR_FAILED when OpenSSL refuses it
 *   for this context's method
 *
 * Since: 0.2
 */
gboolean
gossl_context_set_max_protocol_version (GosslContext         *self,
                                        GTlsProtocolVersion   version,
                                        GError              **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  return set_protocol_bound (self, SSL_CTRL_SET_MAX_PROTO_VERSION, "maximum", version, error);
}

/**
 * gossl_context_get_min_protocol_version:
 * @self: a [class@Gossl.Context]
 *
 * [method@Gossl.Context.get_min_proto_version] as one of GIO's protocol versions.
 *
 * Returns: the version, or %G_TLS_PROTOCOL_VERSION_UNKNOWN for the lowest
 *   the library supports
 *
 * Since: 0.2
 */
GTlsProtocolVersion
gossl_context_get_min_protocol_version (GosslContext *self)
{
  return gossl_protocol_version_from_native (gossl_context_get_min_proto_version (self));
}

/**
 * gossl_context_get_max_protocol_version:
 * @self: a [class@Gossl.Context]
 *
 * [method@Gossl.Context.get_max_proto_version] as one of GIO's protocol versions.
 *
 * Returns: the version, or %G_TLS_PROTOCOL_VERSION_UNKNOWN for the highest
 *   the library supports
 *
 * Since: 0.2
 */
GTlsProtocolVersion
gossl_context_get_max_protocol_version (GosslContext *self)
{
  return gossl_protocol_version_from_native (gossl_context_get_max_proto_version (self));
}

GBytes *
gossl_alpn_encode (const char * const  *protocols,
                   GError             **error)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  for (gsize i = 0; protocols != NULL && protocols[i] != NULL; i++)
    {
      size_t len = strlen (protocols[i]);
      guint8 prefix = (guint8) len;

      if (len == 0 || len > 255)
        {
          gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                           "An ALPN protocol name must be 1 to 255 bytes long, "
                           "not %" G_GSIZE_FORMAT, (gsize) len);
          return NULL;
        }
      g_byte_array_append (wire, &prefix, 1);
      g_byte_array_append (wire, (const guint8 *) protocols[i], (guint) len);
    }
  if (wire->len == 0)
    return g_bytes_new (NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&wire));
}

/**
 * gossl_context_set_alpn_protos:
 * @self: a [class@Gossl.Context]
 * @protocols: (array zero-terminated=1) (nullable): the application
 *   protocols (RFC 7301 ALPN), such as "h2" and "http/1.1", in order of
 *   preference; %NULL or empty for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the protocols connections offer (client) or accept (server). A client
 * offers them in its hello; a server with no [signal@Gossl.Context::alpn-select]
 * handler picks the first of them that the client offers. Connections made
 * later use the list; [method@Gossl.Connection.get_alpn_proto_negotiated] tells the
 * outcome.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for an empty name or one longer than 255 bytes
 *
 * Since: 0.1
 */
gboolean
gossl_context_set_alpn_protos (GosslContext        *self,
                               const char * const  *protocols,
                               GError             **error)
{
  g_autoptr(GBytes) wire = NULL;
  const guint8 *data;
  gsize len = 0;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  wire = gossl_alpn_encode (protocols, error);
  if (wire == NULL)
    return FALSE;
  data = g_bytes_get_data (wire, &len);
  ERR_clear_error ();
  /* 0 is success here. */
  if (SSL_CTX_set_alpn_protos (self->ctx, len > 0 ? data : NULL, (unsigned int) len) != 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the ALPN protocols");
      return FALSE;
    }
  g_clear_pointer (&self->alpn_wire, g_bytes_unref);
  if (len > 0)
    self->alpn_wire = g_steal_pointer (&wire);
  return TRUE;
}

/**
 * gossl_context_set_mode:
 * @self: a [class@Gossl.Context]
 * @mode: mode flags to add
 *
 * Adds mode flags (`SSL_CTX_set_mode()`); flags set before stay
 * set. %GOSSL_MODE_RELEASE_BUFFERS saves memory on servers with many idle
 * connections.
 *
 * Returns: the new mode
 *
 * Since: 0.2
 */
GosslMode
gossl_context_set_mode (GosslContext *self,
                        GosslMode     mode)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return (GosslMode) SSL_CTX_set_mode (self->ctx, (long) mode);
}

/**
 * gossl_context_get_mode:
 * @self: a [class@Gossl.Context]
 *
 * The mode flags: the ones gossl always sets (see [flags@Gossl.Mode]) and
 * what [method@Gossl.Context.set_mode] added.
 *
 * Returns: the mode
 *
 * Since: 0.2
 */
GosslMode
gossl_context_get_mode (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return (GosslMode) SSL_CTX_get_mode (self->ctx);
}

/**
 * gossl_context_set_session_cache_mode:
 * @self: a [class@Gossl.Context]
 * @mode: how sessions are cached
 *
 * Sets how the context caches sessions
 * (`SSL_CTX_set_session_cache_mode()`). Connections made later use it.
 *
 * Returns: the mode before the call
 *
 * Since: 0.2
 */
GosslSessionCacheMode
gossl_context_set_session_cache_mode (GosslContext          *self,
                                      GosslSessionCacheMode  mode)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return (GosslSessionCacheMode) SSL_CTX_set_session_cache_mode (self->ctx, (long) mode);
}

/**
 * gossl_context_get_session_cache_mode:
 * @self: a [class@Gossl.Context]
 *
 * How the context caches sessions: %GOSSL_SESSION_CACHE_SERVER until
 * [method@Gossl.Context.set_session_cache_mode] changes it.
 *
 * Returns: the session cache mode
 *
 * Since: 0.2
 */
GosslSessionCacheMode
gossl_context_get_session_cache_mode (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  if (!gossl_context_check_usable (self, NULL))
    return 0;

  return (GosslSessionCacheMode) SSL_CTX_get_session_cache_mode (self->ctx);
}

/**
 * gossl_context_add_extra_chain_cert:
 * @self: a [class@Gossl.Context]
 * @cert: an intermediate certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds @cert to the chain this side sends after its own certificate,
 * as `SSL_CTX_add_extra_chain_cert()` does. The context keeps a copy:
 * changing @cert later does not change the chain.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses the certificate
 *
 * Since: 0.2
 */
gboolean
gossl_context_add_extra_chain_cert (GosslContext  *self,
                                    GosslX509     *cert,
                                    GError       **error)
{
  X509 *copy;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  ERR_clear_error ();
  copy = gossl_x509_get_native (cert) ? X509_dup (gossl_x509_get_native (cert)) : NULL;
  /* On success the context owns the copy. */
  if (copy == NULL || SSL_CTX_add_extra_chain_cert (self->ctx, copy) != 1)
    {
      X509_free (copy);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not add the certificate to the chain");
      return FALSE;
    }
  return TRUE;
}

/* --- Client CA names and SRTP --------------------------------------------- */

/**
 * gossl_context_set_client_ca_list:
 * @self: a [class@Gossl.Context]
 * @names: (array length=n_names): the CA names
 * @n_names: the number of @names
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the CA names a server sends when it asks for a client certificate
 * (`SSL_CTX_set_client_CA_list()`), replacing those set before; the context
 * keeps copies, so changing @names afterwards changes nothing. An empty
 * list sends none. It does not make the CAs trusted: see
 * [method@Gossl.Context.load_verify_locations].
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   when an element of @names is %NULL
 *
 * Since: 0.2
 */
gboolean
gossl_context_set_client_ca_list (GosslContext          *self,
                                  GosslX509Name * const *names,
                                  guint                  n_names,
                                  GError               **error)
{
  STACK_OF (X509_NAME) *stack;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (names != NULL || n_names == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  stack = gossl_x509_name_stack_new (names, n_names, error);
  if (stack == NULL)
    return FALSE;
  SSL_CTX_set_client_CA_list (self->ctx, stack);
  return TRUE;
}

/**
 * gossl_context_add_client_ca:
 * @self: a [class@Gossl.Context]
 * @cert: a CA certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds the subject of @cert to the CA names a server sends when it asks for
 * a client certificate (`SSL_CTX_add_client_CA()`), after those set with
 * [method@Gossl.Context.set_client_ca_list] or
 * [method@Gossl.Context.load_client_ca].
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when @cert
 *   holds no certificate
 *
 * Since: 0.2
 */
gboolean
gossl_context_add_client_ca (GosslContext  *self,
                             GosslX509     *cert,
                             GError       **error)
{
  X509 *x509;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  x509 = gossl_x509_get_native (cert);
  ERR_clear_error ();
  if (x509 == NULL || SSL_CTX_add_client_CA (self->ctx, x509) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not add the CA name");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_set_tlsext_use_srtp:
 * @self: a [class@Gossl.Context]
 * @profiles: the SRTP protection profiles to offer or accept, separated by
 *   colons (`"SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM"`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Enables the negotiation of SRTP keying material (RFC 5764, DTLS-SRTP)
 * with @profiles (`SSL_CTX_set_tlsext_use_srtp()`).
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when a
 *   profile is unknown
 *
 * Since: 0.2
 */
gboolean
gossl_context_set_tlsext_use_srtp (GosslContext  *self,
                                   const char    *profiles,
                                   GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (profiles != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  ERR_clear_error ();
  /* Unlike most of OpenSSL, 0 is success here. */
  if (SSL_CTX_set_tlsext_use_srtp (self->ctx, profiles) != 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the SRTP profiles \"%s\"", profiles);
      return FALSE;
    }
  return TRUE;
}

/* --- OCSP stapling, key logging, DTLS cookies --------------------------------
 *
 * Signals, as for the callbacks above, so that any binding (PyGObject, GJS,
 * Vala) connects a handler; no vfuncs. OpenSSL's callbacks are installed on
 * every context and do what OpenSSL does without one while no handler is
 * connected. */

enum {
  EXT_SIGNAL_OCSP_STATUS_REQUEST,
  EXT_SIGNAL_OCSP_STATUS_RESPONSE,
  EXT_SIGNAL_KEYLOG,
  EXT_SIGNAL_GENERATE_COOKIE,
  EXT_SIGNAL_VERIFY_COOKIE,
  N_EXT_SIGNALS
};

static guint ext_signals[N_EXT_SIGNALS];

/* The context whose settings an SSL uses now (after
 * gossl_connection_set_context(), the new one), for the callbacks OpenSSL
 * gives no argument to. */
static GosslContext *
current_context (const SSL *ssl)
{
  return SSL_CTX_get_ex_data (SSL_get_SSL_CTX (ssl), context_ex_index);
}

/* One callback for both roles, as OpenSSL has: a server hands the response
 * to staple (SSL_TLSEXT_ERR_* results), a client judges the one it got
 * (1 accept, 0 refuse). Called only when the client asked for a status
 * (gossl_connection_request_ocsp()). */
static int
ocsp_status_cb (SSL *ssl, void *arg)
{
  GosslContext *self = arg;
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  GosslHandler previous;

  if (SSL_is_server (ssl))
    {
      g_autoptr(GBytes) response = NULL;
      const guint8 *data;
      gsize len = 0;
      unsigned char *copy;

      if (self == NULL || connection == NULL ||
          !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_OCSP_STATUS_REQUEST], 0, FALSE))
        return SSL_TLSEXT_ERR_NOACK;
      g_object_ref (self);
      previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_OCSP_STATUS_REQUEST);
      g_signal_emit (self, ext_signals[EXT_SIGNAL_OCSP_STATUS_REQUEST], 0, connection, &response);
      gossl_connection_leave_handler (connection, previous);
      g_object_unref (self);
      if (response == NULL)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
      data = g_bytes_get_data (response, &len);
      if (len == 0)
        return SSL_TLSEXT_ERR_NOACK;
      if (len > G_MAXINT)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
      /* OpenSSL frees it with OPENSSL_free(). */
      copy = OPENSSL_memdup (data, len);
      if (copy == NULL)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
      SSL_set_tlsext_status_ocsp_resp (ssl, copy, (long) len);
      return SSL_TLSEXT_ERR_OK;
    }
  else
    {
      g_autoptr(GBytes) response = NULL;
      const unsigned char *data = NULL;
      long len;
      gboolean ok = FALSE;

      if (self == NULL || connection == NULL ||
          !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_OCSP_STATUS_RESPONSE], 0, FALSE))
        return 1;
      len = SSL_get_tlsext_status_ocsp_resp (ssl, &data);
      response = len > 0 && data != NULL ? g_bytes_new (data, (gsize) len) : g_bytes_new (NULL, 0);
      g_object_ref (self);
      previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_OCSP_STATUS_RESPONSE);
      g_signal_emit (self, ext_signals[EXT_SIGNAL_OCSP_STATUS_RESPONSE], 0, connection, response, &ok);
      gossl_connection_leave_handler (connection, previous);
      g_object_unref (self);
      return ok ? 1 : 0;
    }
}

static void
keylog_cb (const SSL *ssl, const char *line)
{
  GosslContext *self = current_context (ssl);
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  GosslHandler previous;

  if (self == NULL || connection == NULL ||
      !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_KEYLOG], 0, FALSE))
    return;
  g_object_ref (self);
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_KEYLOG);
  g_signal_emit (self, ext_signals[EXT_SIGNAL_KEYLOG], 0, connection, line);
  gossl_connection_leave_handler (connection, previous);
  g_object_unref (self);
}

/* OpenSSL's buffer holds DTLS1_COOKIE_LENGTH (255) bytes; 0 fails the
 * handshake, or DTLSv1_listen(). */
static int
generate_cookie_cb (SSL *ssl, unsigned char *cookie, unsigned int *cookie_len)
{
  GosslContext *self = current_context (ssl);
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  g_autoptr(GBytes) generated = NULL;
  GosslHandler previous;
  const guint8 *data;
  gsize len = 0;

  if (self == NULL || connection == NULL ||
      !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_GENERATE_COOKIE], 0, FALSE))
    return 0;
  g_object_ref (self);
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_GENERATE_COOKIE);
  g_signal_emit (self, ext_signals[EXT_SIGNAL_GENERATE_COOKIE], 0, connection, &generated);
  gossl_connection_leave_handler (connection, previous);
  g_object_unref (self);
  if (generated == NULL)
    return 0;
  data = g_bytes_get_data (generated, &len);
  if (len == 0 || len > 255)
    return 0;
  memcpy (cookie, data, len);
  *cookie_len = (unsigned int) len;
  return 1;
}

static int
verify_cookie_cb (SSL *ssl, const unsigned char *cookie, unsigned int cookie_len)
{
  GosslContext *self = current_context (ssl);
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  g_autoptr(GBytes) received = NULL;
  GosslHandler previous;
  gboolean ok = FALSE;

  if (self == NULL || connection == NULL ||
      !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_VERIFY_COOKIE], 0, FALSE))
    return 0;
  received = g_bytes_new (cookie, cookie_len);
  g_object_ref (self);
  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_VERIFY_COOKIE);
  g_signal_emit (self, ext_signals[EXT_SIGNAL_VERIFY_COOKIE], 0, connection, received, &ok);
  gossl_connection_leave_handler (connection, previous);
  g_object_unref (self);
  return ok ? 1 : 0;
}

/* With a keylog callback installed, OpenSSL formats every secret of
 * every handshake into a key log line, a sprintf() per byte: 5 % of a
 * server's CPU per TLS 1.3 handshake (scale benchmark), for nobody when
 * no handler listens. So it is installed only once a handshake starts
 * (or a server-name handler switches to this context) with a handler of
 * ::keylog there, and then stays. OpenSSL reads the pointer without a
 * lock: it changes once, from NULL, on the thread of the handshake that
 * needs it; a handshake on another thread at that moment logs or not. */
void
gossl_context_arm_keylog (GosslContext *self)
{
  if (g_atomic_int_get (&self->keylog_armed) ||
      !g_signal_has_handler_pending (self, ext_signals[EXT_SIGNAL_KEYLOG], 0, FALSE))
    return;
  if (g_atomic_int_compare_and_exchange (&self->keylog_armed, FALSE, TRUE))
    SSL_CTX_set_keylog_callback (self->ctx, keylog_cb);
}

static void
install_extension_callbacks (GosslContext *self)
{
  SSL_CTX_set_tlsext_status_cb (self->ctx, ocsp_status_cb);
  SSL_CTX_set_tlsext_status_arg (self->ctx, self);
  SSL_CTX_set_cookie_generate_cb (self->ctx, generate_cookie_cb);
  SSL_CTX_set_cookie_verify_cb (self->ctx, verify_cookie_cb);
}

static void
class_init_extension_signals (GObjectClass *object_class)
{
  /**
   * GosslContext::ocsp-status-request:
   * @self: the context
   * @connection: the server connection whose handshake is under way
   *
   * Emitted on a server's handshake when the client asked for the
   * certificate's status (OCSP stapling, RFC 6066; a client asks with
   * [method@Gossl.Connection.request_ocsp]), on the thread that runs it.
   * The first handler connected decides. With no handler connected the
   * server staples nothing.
   *
   * Returns: (transfer full) (nullable): the DER-encoded OCSP response to
   *   staple, empty bytes to staple none, or %NULL to fail the handshake
   *   (an internal_error alert)
   *
   * Since: 0.2
   */
  ext_signals[EXT_SIGNAL_OCSP_STATUS_REQUEST] =
    g_signal_new ("ocsp-status-request",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BYTES,
                  1,
                  GOSSL_TYPE_CONNECTION);

  /**
   * GosslContext::ocsp-status-response:
   * @self: the context
   * @connection: the client connection whose handshake is under way
   * @response: the OCSP response the server stapled, DER-encoded; empty
   *   when it stapled none
   *
   * Emitted on a client's handshake that asked for the certificate's status
   * ([method@Gossl.Connection.request_ocsp]) once the server's certificate
   * is read, whether or not the server stapled a response. Checking the
   * response is the handler's job. The first handler connected decides;
   * with none connected the handshake goes on.
   *
   * Returns: %TRUE to go on with the handshake, %FALSE to fail it (a
   *   bad_certificate_status_response alert)
   *
   * Since: 0.2
   */
  ext_signals[EXT_SIGNAL_OCSP_STATUS_RESPONSE] =
    g_signal_new ("ocsp-status-response",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BOOLEAN,
                  2,
                  GOSSL_TYPE_CONNECTION,
                  G_TYPE_BYTES);

  /**
   * GosslContext::keylog:
   * @self: the context
   * @connection: the connection whose handshake is under way
   * @line: one line of the NSS key log format (what `SSLKEYLOGFILE` files
   *   hold), without its newline: a label such as
   *   `CLIENT_HANDSHAKE_TRAFFIC_SECRET`, the client random and the secret,
   *   in hexadecimal
   *
   * Emitted for each secret a handshake makes, so that a debugging tool
   * (Wireshark) can decrypt the traffic; on the thread that runs the
   * handshake. Anyone who gets these lines can read the connection.
   * Connect the handler before the handshakes whose lines it wants
   * start: until a handshake starts with a handler there, OpenSSL is not
   * asked to make the lines.
   *
   * Since: 0.2
   */
  ext_signals[EXT_SIGNAL_KEYLOG] =
    g_signal_new ("keylog",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE,
                  2,
                  GOSSL_TYPE_CONNECTION,
                  G_TYPE_STRING);

  /**
   * GosslContext::generate-cookie:
   * @self: the context
   * @connection: the DTLS server connection
   *
   * Emitted when a DTLS server sends a HelloVerifyRequest
   * ([method@Gossl.Connection.dtls_listen], or a handshake with
   * OpenSSL's `SSL_OP_COOKIE_EXCHANGE` option set), for the cookie the client must send
   * back: something only this server can make for this client (a MAC of its
   * address, say). The first handler connected decides; with none
   * connected, DTLS cookie exchange fails.
   *
   * Returns: (transfer full) (nullable): the cookie, 1 to 255 bytes;
   *   %NULL (or any other length) fails the call
   *
   * Since: 0.2
   */
  ext_signals[EXT_SIGNAL_GENERATE_COOKIE] =
    g_signal_new ("generate-cookie",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BYTES,
                  1,
                  GOSSL_TYPE_CONNECTION);

  /**
   * GosslContext::verify-cookie:
   * @self: the context
   * @connection: the DTLS server connection
   * @cookie: the cookie the client sent back
   *
   * Emitted when a DTLS client answers a HelloVerifyRequest, to check the
   * cookie it returned (see [signal@Gossl.Context::generate-cookie]). The
   * first handler connected decides; with none connected every cookie is
   * refused.
   *
   * Returns: %TRUE to accept the cookie
   *
   * Since: 0.2
   */
  ext_signals[EXT_SIGNAL_VERIFY_COOKIE] =
    g_signal_new ("verify-cookie",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_first_wins, NULL,
                  NULL,
                  G_TYPE_BOOLEAN,
                  2,
                  GOSSL_TYPE_CONNECTION,
                  G_TYPE_BYTES);
}

/**
 * gossl_context_set_ecdh_curve:
 * @self: a [class@Gossl.Context]
 * @curve: a curve name from [func@Gossl.get_elliptic_curves], such as
 *   "prime256v1"
 * @error: return location for a [struct@GLib.Error]
 *
 * Limits the key exchange groups of connections made afterwards to the one
 * elliptic curve @curve (ECDHE). Not every named curve has a TLS group:
 * "secp112r1" and the other small or binary-field curves fail with
 * %GOSSL_SSL_ERROR_NOT_SUPPORTED and leave the context as it was.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   when @curve names no elliptic curve
 *
 * Since: 0.2
 */
gboolean
gossl_context_set_ecdh_curve (GosslContext  *self,
                              const char    *curve,
                              GError       **error)
{
  EC_GROUP *group;
  int nid;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (curve != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!gossl_context_check_usable (self, error))
    return FALSE;

  ERR_set_mark ();
  nid = OBJ_sn2nid (curve);
  /* Only a curve name may pass: "sha256" is a known object as well. */
  group = nid != NID_undef ? EC_GROUP_new_by_curve_name (nid) : NULL;
  ERR_pop_to_mark ();
  if (group != NULL)
    EC_GROUP_free (group);
  else
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "Unknown elliptic curve: %s", curve);
      return FALSE;
    }
  ERR_clear_error ();
  if (SSL_CTX_set1_groups (self->ctx, &nid, 1) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_SUPPORTED,
                                    "The elliptic curve %s cannot be used in TLS", curve);
      return FALSE;
    }
  return TRUE;
}
