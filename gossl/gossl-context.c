/* gossl-context.c: a TLS context (SSL_CTX)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-tls-private.h"

#include <string.h>

#include <openssl/dh.h>

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
 * pyOpenSSL's `SSL.Context`.
 *
 * The callbacks of pyOpenSSL's `set_verify()`, `set_info_callback()` and
 * `set_passwd_cb()` are the signals #GosslContext::verify,
 * #GosslContext::info and #GosslContext::passwd. They are emitted on the
 * thread that runs the OpenSSL call which needs them (a handshake, a key
 * load), synchronously, before that call returns.
 *
 * A context may be shared by connections used on several threads; changing
 * its settings while a handshake uses it is not safe.
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

  /* The ALPN list given to gossl_context_set_alpn_protos(), in wire
   * format: a server with no #GosslContext::alpn-select handler picks from
   * it. NULL when none was given. */
  GBytes      *alpn_wire;
};

G_DEFINE_FINAL_TYPE (GosslContext, gossl_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METHOD,
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
  GosslHandler previous;

  if (ssl == NULL)
    return preverify_ok;
  connection = gossl_connection_from_ssl (ssl);
  if (connection == NULL)
    return preverify_ok;
  self = gossl_connection_get_context (connection);
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_VERIFY], 0, FALSE))
    return preverify_ok;

  x509 = X509_STORE_CTX_get_current_cert (store_ctx);
  if (x509 == NULL)
    return preverify_ok;
  X509_up_ref (x509);
  cert = gossl_x509_new_from_native (x509);

  previous = gossl_connection_enter_handler (connection, GOSSL_HANDLER_VERIFY);
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

static void
info_cb (const SSL *ssl, int where, int ret)
{
  GosslConnection *connection = gossl_connection_from_ssl (ssl);
  GosslContext *self;
  GosslHandler previous;

  if (connection == NULL)
    return;
  self = gossl_connection_get_context (connection);
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
  g_autoptr(GBytes) passphrase = NULL;
  const guint8 *data;
  gsize len = 0;

  if (self == NULL || size <= 0)
    return -1;
  self->passwd_requested = TRUE;
  /* Never fall back to OpenSSL's terminal prompt. */
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_PASSWD], 0, FALSE))
    return -1;

  g_signal_emit (self, signals[SIGNAL_PASSWD], 0, rwflag != 0, size, &passphrase);
  if (passphrase == NULL)
    return -1;
  data = g_bytes_get_data (passphrase, &len);
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

static void
gossl_context_constructed (GObject *object)
{
  GosslContext *self = GOSSL_CONTEXT (object);
  const SSL_METHOD *method = TLS_method ();
  int version = 0;

  G_OBJECT_CLASS (gossl_context_parent_class)->constructed (object);

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
    default:
      /* gossl_context_new() refuses these with an error; g_object_new()
       * cannot report one. */
      g_critical ("GosslContext: method %d is not supported by OpenSSL 3; "
                  "use gossl_context_new() to get an error instead", self->method);
      self->method = GOSSL_METHOD_TLS;
      break;
    }

  ERR_clear_error ();
  self->ctx = SSL_CTX_new (method);
  if (self->ctx == NULL)
    return; /* gossl_context_new() reports it */

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
   * prompting (passwd). */
  SSL_CTX_set_verify (self->ctx, SSL_VERIFY_NONE, verify_cb);
  SSL_CTX_set_info_callback (self->ctx, info_cb);
  SSL_CTX_set_default_passwd_cb (self->ctx, passwd_cb);
  SSL_CTX_set_default_passwd_cb_userdata (self->ctx, self);
  SSL_CTX_set_tlsext_servername_callback (self->ctx, servername_cb);
  SSL_CTX_set_tlsext_servername_arg (self->ctx, self);
  SSL_CTX_set_alpn_select_cb (self->ctx, alpn_select_cb, self);
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
      SSL_CTX_free (self->ctx);
    }
  g_clear_pointer (&self->alpn_wire, g_bytes_unref);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_context_class_init (GosslContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gossl_context_constructed;
  object_class->finalize = gossl_context_finalize;
  object_class->get_property = gossl_context_get_property;
  object_class->set_property = gossl_context_set_property;

  gossl_ensure_initialized ();
  context_ex_index = SSL_CTX_get_ex_new_index (0, (void *) "GosslContext", NULL, NULL, NULL);

  /**
   * GosslContext:method:
   *
   * The protocol method the context was made for. Make contexts with
   * gossl_context_new(), which refuses the methods OpenSSL 3 lacks.
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       GOSSL_TYPE_METHOD, GOSSL_METHOD_SSLV23,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GosslContext::verify:
   * @self: the context
   * @connection: the connection whose handshake checks the certificate
   * @certificate: the certificate being checked (a new reference to it)
   * @errnum: OpenSSL's verification error for it (`X509_V_ERR_*`, 0 when
   *   none)
   * @depth: its depth in the chain: 0 for the peer's own certificate
   * @ok: whether OpenSSL accepts it
   *
   * The certificate verification callback of pyOpenSSL's
   * `Context.set_verify(mode, callback)`, called once for each certificate
   * of the peer's chain, from the top down, during the handshake and on the
   * thread that runs it. The first handler connected decides; with none
   * connected, OpenSSL's own decision (@ok) stands.
   *
   * Connections take the context's verification mode and this callback
   * when they are made, as in OpenSSL. A handler that raises an exception in
   * a binding returns %FALSE, which fails the handshake with
   * %GOSSL_SSL_ERROR_FAILED ("certificate verify failed"): bindings that
   * want the exception itself must keep it and raise it after the I/O call.
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
                  G_TYPE_INT,
                  G_TYPE_INT,
                  G_TYPE_BOOLEAN);

  /**
   * GosslContext::info:
   * @self: the context
   * @connection: the connection the event belongs to
   * @where: what happened: a bit mask of OpenSSL's `SSL_CB_*` values
   *   (`SSL_CB_HANDSHAKE_START` 0x10, `SSL_CB_HANDSHAKE_DONE` 0x20,
   *   `SSL_CB_LOOP` 0x01, `SSL_CB_EXIT` 0x02, `SSL_CB_READ` 0x04,
   *   `SSL_CB_WRITE` 0x08, `SSL_CB_ALERT` 0x4000, with `SSL_ST_CONNECT`
   *   0x1000 and `SSL_ST_ACCEPT` 0x2000)
   * @ret: the return code of the step (for an alert, its type and
   *   description)
   *
   * The information callback of pyOpenSSL's
   * `Context.set_info_callback(callback)`, emitted at each step of a
   * handshake on the thread that runs it. gossl_connection_state_string()
   * tells the state reached.
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
                  G_TYPE_INT,
                  G_TYPE_INT);

  /**
   * GosslContext::passwd:
   * @self: the context
   * @repeat: %TRUE when the passphrase is for writing (encrypting), so a
   *   user should be asked twice
   * @maxlen: the longest passphrase OpenSSL accepts, in bytes
   *
   * The passphrase callback of pyOpenSSL's `Context.set_passwd_cb()`,
   * emitted when gossl_context_use_privatekey_file() meets an encrypted key.
   * The first handler connected decides. With no handler, or a %NULL or
   * empty result, the key is not decrypted and the load fails; the terminal
   * is never asked. A passphrase longer than @maxlen fails the load too.
   *
   * The passphrase is a #GBytes, not a string: it is arbitrary bytes.
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
   * The server-name (SNI) callback of pyOpenSSL's
   * `Context.set_tlsext_servername_callback(callback)`, emitted on a
   * server's handshake once the client's hello is read, whether or not it
   * named a server: gossl_connection_get_servername() tells the name. A
   * handler may switch the connection to another context, with another
   * certificate, with gossl_connection_set_context(). It is emitted on the
   * context the connection was made from, on the thread that runs the
   * handshake. The first handler connected decides.
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
   * The ALPN selection callback of pyOpenSSL's
   * `Context.set_alpn_select_callback(callback)`, emitted on a server's
   * handshake when the client offers protocols, on the thread that runs
   * it. The first handler connected decides.
   *
   * With no handler connected, a server that was given a list with
   * gossl_context_set_alpn_protos() picks the first protocol of its own
   * list that the client offers, and fails the handshake with the
   * no_application_protocol alert when there is none; a server without a
   * list ignores ALPN.
   *
   * Returns: (transfer full) (nullable): one of @offered; %NULL to go on
   *   without ALPN (pyOpenSSL's `NO_OVERLAPPING_PROTOCOLS`); anything
   *   else (the empty string, say) fails the handshake with the
   *   no_application_protocol alert
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
}

SSL_CTX *
gossl_context_get_native (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), NULL);
  return self->ctx;
}

/**
 * gossl_context_new:
 * @method: the protocol method
 * @error: return location for a #GError
 *
 * A new context for @method, pyOpenSSL's `SSL.Context(method)`.
 * %GOSSL_METHOD_SSLV2 and %GOSSL_METHOD_SSLV3 fail with
 * %GOSSL_SSL_ERROR_NOT_SUPPORTED: OpenSSL 3 has neither. The single-version
 * methods (%GOSSL_METHOD_TLSV1 ...) pin the context to that version; Debian's
 * default security level refuses handshakes below TLS 1.2, so TLS 1.0 and
 * 1.1 contexts can be made but not used. Sessions time out after 300
 * seconds; no peer verification is done until gossl_context_set_verify().
 *
 * Returns: (transfer full): the context, or %NULL with @error set
 */
GosslContext *
gossl_context_new (GosslMethod   method,
                   GError      **error)
{
  GosslContext *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch ((int) method)
    {
    case GOSSL_METHOD_SSLV2:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_SUPPORTED,
                       "SSLv2 is not supported by OpenSSL 3");
      return NULL;
    case GOSSL_METHOD_SSLV3:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_SUPPORTED,
                       "SSLv3 is not supported by OpenSSL 3");
      return NULL;
    case GOSSL_METHOD_SSLV23:
    case GOSSL_METHOD_TLSV1:
    case GOSSL_METHOD_TLSV1_1:
    case GOSSL_METHOD_TLSV1_2:
    case GOSSL_METHOD_TLS:
    case GOSSL_METHOD_TLS_SERVER:
    case GOSSL_METHOD_TLS_CLIENT:
      break;
    default:
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                       "No such protocol method: %d", (int) method);
      return NULL;
    }

  gossl_ensure_initialized ();
  self = g_object_new (GOSSL_TYPE_CONTEXT, "method", method, NULL);
  if (self->ctx == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not create the TLS context");
      g_object_unref (self);
      return NULL;
    }
  return self;
}

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
 * @self: a #GosslContext
 * @cert: the certificate
 * @error: return location for a #GError
 *
 * Uses @cert as this side's certificate, pyOpenSSL's
 * `Context.use_certificate()`. The context keeps its own reference to the
 * certificate data.
 *
 * Returns: %TRUE on success
 */
gboolean
gossl_context_use_certificate (GosslContext  *self,
                               GosslX509     *cert,
                               GError       **error)
{
  X509 *x509;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  x509 = gossl_x509_get_native (cert);
  ERR_clear_error ();
  if (x509 == NULL || SSL_CTX_use_certificate (self->ctx, x509) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_use_certificate_file:
 * @self: a #GosslContext
 * @path: (type filename): the file
 * @type: the encoding of the file
 * @error: return location for a #GError
 *
 * Uses the first certificate in @path as this side's certificate,
 * pyOpenSSL's `Context.use_certificate_file()`.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when the
 *   file cannot be read or holds no certificate
 */
gboolean
gossl_context_use_certificate_file (GosslContext   *self,
                                    const char     *path,
                                    GosslFiletype   type,
                                    GError        **error)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_ssl_filetype (type, error))
    return FALSE;
  ERR_clear_error ();
  if (SSL_CTX_use_certificate_file (self->ctx, path, type) != 1)
    {
      shown = display_name (path);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate file %s", shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_use_certificate_chain_file:
 * @self: a #GosslContext
 * @path: (type filename): a PEM file: this side's certificate, then the
 *   intermediate CA certificates up to (not necessarily including) the root
 * @error: return location for a #GError
 *
 * Uses the certificate chain in @path, pyOpenSSL's
 * `Context.use_certificate_chain_file()`.
 *
 * Returns: %TRUE on success
 */
gboolean
gossl_context_use_certificate_chain_file (GosslContext  *self,
                                          const char    *path,
                                          GError       **error)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (SSL_CTX_use_certificate_chain_file (self->ctx, path) != 1)
    {
      shown = display_name (path);
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the certificate chain file %s", shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_use_privatekey:
 * @self: a #GosslContext
 * @pkey: the private key
 * @error: return location for a #GError
 *
 * Uses @pkey as this side's private key, pyOpenSSL's
 * `Context.use_privatekey()`.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for an empty key object
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
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not use the private key");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_use_privatekey_file:
 * @self: a #GosslContext
 * @path: (type filename): the file
 * @type: the encoding of the file
 * @error: return location for a #GError
 *
 * Uses the first private key in @path, pyOpenSSL's
 * `Context.use_privatekey_file()`. An encrypted PEM key is decrypted with
 * the passphrase a #GosslContext::passwd handler returns; without one the
 * load fails (no terminal prompt).
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when the
 *   file cannot be read, holds no key, or cannot be decrypted
 */
gboolean
gossl_context_use_privatekey_file (GosslContext   *self,
                                   const char     *path,
                                   GosslFiletype   type,
                                   GError        **error)
{
  g_autofree char *shown = NULL;
  int ret;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_ssl_filetype (type, error))
    return FALSE;

  self->passwd_requested = FALSE;
  self->passwd_supplied = FALSE;
  self->passwd_too_long = FALSE;
  ERR_clear_error ();
  ret = SSL_CTX_use_PrivateKey_file (self->ctx, path, type);
  if (ret == 1)
    return TRUE;

  shown = display_name (path);
  if (self->passwd_too_long)
    gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                  "Could not use the private key file %s: the passphrase "
                                  "returned by the passwd handler is too long", shown);
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
 * @self: a #GosslContext
 * @error: return location for a #GError
 *
 * Checks that the private key matches the certificate, pyOpenSSL's
 * `Context.check_privatekey()` (which returns true or false).
 *
 * Returns: %TRUE when they match; %FALSE with %GOSSL_SSL_ERROR_FAILED when
 *   they do not, or when either is missing
 */
gboolean
gossl_context_check_privatekey (GosslContext  *self,
                                GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
 * @self: a #GosslContext
 * @cafile: (type filename) (nullable): a PEM file of trusted CA
 *   certificates, or %NULL
 * @capath: (type filename) (nullable): a directory of trusted CA
 *   certificates named by subject hash (`openssl rehash`), or %NULL
 * @error: return location for a #GError
 *
 * Adds trusted CA certificates for verifying peers, pyOpenSSL's
 * `Context.load_verify_locations(cafile, capath=None)`. The directory is
 * read lazily, during verification.
 *
 * Returns: %TRUE on success
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

  if (cafile == NULL && capath == NULL)
    {
      gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                       "Neither a CA file nor a CA directory was given");
      return FALSE;
    }
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
  return TRUE;
}

/**
 * gossl_context_set_default_verify_paths:
 * @self: a #GosslContext
 * @error: return location for a #GError
 *
 * Trusts the system's CA certificates (OpenSSL's default file and
 * directory, or `SSL_CERT_FILE`/`SSL_CERT_DIR`), pyOpenSSL's
 * `Context.set_default_verify_paths()`.
 *
 * Returns: %TRUE on success
 */
gboolean
gossl_context_set_default_verify_paths (GosslContext  *self,
                                        GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (SSL_CTX_set_default_verify_paths (self->ctx) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not set the default verify paths");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_context_load_client_ca:
 * @self: a #GosslContext
 * @cafile: (type filename): a PEM file of CA certificates
 * @error: return location for a #GError
 *
 * Sets the CA names a server sends when it asks for a client certificate
 * to the subjects of the certificates in @cafile, pyOpenSSL's
 * `Context.load_client_ca()`. It does not make them trusted: see
 * gossl_context_load_verify_locations().
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when the
 *   file cannot be read or holds no certificate
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
 * @self: a #GosslContext
 * @dhfile: (type filename): a PEM file of Diffie-Hellman parameters
 *   (`openssl dhparam`)
 * @error: return location for a #GError
 *
 * Uses the Diffie-Hellman parameters in @dhfile for ephemeral DH key
 * exchange (TLS 1.2 DHE cipher suites), pyOpenSSL's `Context.load_tmp_dh()`.
 * Parameters too small for the context's security level (1024 bits at
 * Debian's level 2) are refused.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when the
 *   file cannot be read, holds no DH parameters, or they are too small
 */
gboolean
gossl_context_load_tmp_dh (GosslContext  *self,
                           const char    *dhfile,
                           GError       **error)
{
  g_autofree char *shown = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(EVP_PKEY) params = NULL;
  int level, needed, have;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (dhfile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  shown = display_name (dhfile);
  ERR_clear_error ();
  bio = BIO_new_file (dhfile, "r");
  if (bio == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED,
                                    "Could not open the DH parameters file %s", shown);
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
 * @self: a #GosslContext
 *
 * The store of trusted certificates the context verifies peers with,
 * pyOpenSSL's `Context.get_cert_store()`. Certificates added to it are
 * trusted by connections made from the context. The store object holds its
 * own reference, so it stays valid after the context is gone.
 *
 * Returns: (transfer full): the store
 */
GosslX509Store *
gossl_context_get_cert_store (GosslContext *self)
{
  X509_STORE *store;

  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), NULL);

  store = SSL_CTX_get_cert_store (self->ctx);
  if (store == NULL || X509_STORE_up_ref (store) != 1)
    return NULL;
  return gossl_x509_store_new_from_native (store);
}

/**
 * gossl_context_set_cipher_list:
 * @self: a #GosslContext
 * @ciphers: an OpenSSL cipher list, such as "HIGH:!aNULL" (see ciphers(1))
 * @error: return location for a #GError
 *
 * Sets the cipher suites for TLS 1.2 and below, pyOpenSSL's
 * `Context.set_cipher_list()`. TLS 1.3 suites are not affected, as in
 * OpenSSL.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED ("no cipher
 *   match") when @ciphers selects no cipher
 */
gboolean
gossl_context_set_cipher_list (GosslContext  *self,
                               const char    *ciphers,
                               GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (ciphers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
 * @self: a #GosslContext
 * @options: `GOSSL_OP_*` options (OpenSSL's `SSL_OP_*` values) to add
 *
 * Adds options, pyOpenSSL's `Context.set_options()`. Options set before
 * stay set.
 *
 * Returns: the new option mask
 */
guint64
gossl_context_set_options (GosslContext *self,
                           guint64       options)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_set_options (self->ctx, (uint64_t) options);
}

/**
 * gossl_context_get_options:
 * @self: a #GosslContext
 *
 * The option mask: OpenSSL's defaults and what gossl_context_set_options()
 * added.
 *
 * Returns: the option mask
 */
guint64
gossl_context_get_options (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_get_options (self->ctx);
}

/**
 * gossl_context_set_verify:
 * @self: a #GosslContext
 * @mode: the verification flags
 *
 * Sets how peers are verified, pyOpenSSL's `Context.set_verify(mode,
 * callback)`; the callback is the #GosslContext::verify signal.
 * %GOSSL_VERIFY_PEER makes a server ask for a client certificate and a
 * client fail on a server certificate it cannot verify; it may be combined
 * with %GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT and %GOSSL_VERIFY_CLIENT_ONCE.
 * Connections made later use the new mode.
 */
void
gossl_context_set_verify (GosslContext    *self,
                          GosslVerifyMode  mode)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  SSL_CTX_set_verify (self->ctx, (int) mode, verify_cb);
}

/**
 * gossl_context_get_verify_mode:
 * @self: a #GosslContext
 *
 * The verification flags gossl_context_set_verify() set, pyOpenSSL's
 * `Context.get_verify_mode()`.
 *
 * Returns: the verification flags
 */
GosslVerifyMode
gossl_context_get_verify_mode (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), GOSSL_VERIFY_NONE);
  return (GosslVerifyMode) SSL_CTX_get_verify_mode (self->ctx);
}

/**
 * gossl_context_set_verify_depth:
 * @self: a #GosslContext
 * @depth: the longest certificate chain accepted, not counting the peer's
 *   own certificate
 *
 * Limits the length of peer certificate chains, pyOpenSSL's
 * `Context.set_verify_depth()`.
 */
void
gossl_context_set_verify_depth (GosslContext *self,
                                int           depth)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  SSL_CTX_set_verify_depth (self->ctx, depth);
}

/**
 * gossl_context_get_verify_depth:
 * @self: a #GosslContext
 *
 * The verify depth gossl_context_set_verify_depth() set (-1, unlimited,
 * by default), pyOpenSSL's `Context.get_verify_depth()`.
 *
 * Returns: the verify depth
 */
int
gossl_context_get_verify_depth (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_get_verify_depth (self->ctx);
}

/**
 * gossl_context_set_timeout:
 * @self: a #GosslContext
 * @seconds: the lifetime of new sessions, in seconds
 *
 * Sets how long new sessions may be resumed, pyOpenSSL's
 * `Context.set_timeout()`.
 */
void
gossl_context_set_timeout (GosslContext *self,
                           glong         seconds)
{
  g_return_if_fail (GOSSL_IS_CONTEXT (self));
  SSL_CTX_set_timeout (self->ctx, seconds);
}

/**
 * gossl_context_get_timeout:
 * @self: a #GosslContext
 *
 * The session lifetime, pyOpenSSL's `Context.get_timeout()`: 300 seconds
 * unless gossl_context_set_timeout() changed it.
 *
 * Returns: the session lifetime in seconds
 */
glong
gossl_context_get_timeout (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_get_timeout (self->ctx);
}

/**
 * gossl_context_set_session_id:
 * @self: a #GosslContext
 * @id: (array length=len) (element-type guint8): the session ID context:
 *   any bytes, at most 32
 * @len: the length of @id
 * @error: return location for a #GError
 *
 * Names the context within which sessions may be resumed, pyOpenSSL's
 * `Context.set_session_id()`. A server that asks for client certificates
 * needs one for session resumption.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_FAILED when @id
 *   is longer than 32 bytes
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
 * @self: a #GosslContext
 * @version: the lowest protocol version to negotiate: %GOSSL_TLS1_2_VERSION
 *   and the like, or 0 for the lowest the library supports
 * @error: return location for a #GError
 *
 * Sets the lowest protocol version connections negotiate, pyOpenSSL's
 * `Context.set_min_proto_version()`. Connections made later use it. Debian
 * refuses versions below TLS 1.2 at its default security level, whatever
 * this says.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a number that is no protocol version, %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses it for this context's method
 */
gboolean
gossl_context_set_min_proto_version (GosslContext  *self,
                                     int            version,
                                     GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_proto_bound (self, SSL_CTRL_SET_MIN_PROTO_VERSION, "minimum", version, error);
}

/**
 * gossl_context_set_max_proto_version:
 * @self: a #GosslContext
 * @version: the highest protocol version to negotiate: %GOSSL_TLS1_3_VERSION
 *   and the like, or 0 for the highest the library supports
 * @error: return location for a #GError
 *
 * Sets the highest protocol version connections negotiate, pyOpenSSL's
 * `Context.set_max_proto_version()`. Connections made later use it.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for a number that is no protocol version, %GOSSL_SSL_ERROR_FAILED when
 *   OpenSSL refuses it for this context's method
 */
gboolean
gossl_context_set_max_proto_version (GosslContext  *self,
                                     int            version,
                                     GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_proto_bound (self, SSL_CTRL_SET_MAX_PROTO_VERSION, "maximum", version, error);
}

/**
 * gossl_context_get_min_proto_version:
 * @self: a #GosslContext
 *
 * The lowest protocol version connections negotiate, as
 * gossl_context_set_min_proto_version() or the method set it.
 *
 * Returns: the version (%GOSSL_TLS1_2_VERSION and the like), or 0 for the
 *   lowest the library supports
 */
int
gossl_context_get_min_proto_version (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_get_min_proto_version (self->ctx);
}

/**
 * gossl_context_get_max_proto_version:
 * @self: a #GosslContext
 *
 * The highest protocol version connections negotiate, as
 * gossl_context_set_max_proto_version() or the method set it.
 *
 * Returns: the version (%GOSSL_TLS1_3_VERSION and the like), or 0 for the
 *   highest the library supports
 */
int
gossl_context_get_max_proto_version (GosslContext *self)
{
  g_return_val_if_fail (GOSSL_IS_CONTEXT (self), 0);
  return SSL_CTX_get_max_proto_version (self->ctx);
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
 * @self: a #GosslContext
 * @protocols: (array zero-terminated=1) (nullable): the application
 *   protocols (RFC 7301 ALPN), such as "h2" and "http/1.1", in order of
 *   preference; %NULL or empty for none
 * @error: return location for a #GError
 *
 * Sets the protocols connections offer (client) or accept (server),
 * pyOpenSSL's `Context.set_alpn_protos()`. A client offers them in its
 * hello; a server with no #GosslContext::alpn-select handler picks the
 * first of them that the client offers. Connections made later use the
 * list; gossl_connection_get_alpn_proto_negotiated() tells the outcome.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_SSL_ERROR_INVALID_ARGUMENT
 *   for an empty name or one longer than 255 bytes
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
